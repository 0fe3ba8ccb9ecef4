// Each stockpile's holding at the end of day T-1 on every path of a point,
// for its exact quantiles (stockpiles/remaining_quantiles): 8 bytes per path
// and stockpile, kept in host memory (counted by the memory check) and
// gathered from every MPI rank.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "host/reduction/combiner.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

class StockpileColumns {
 public:
  explicit StockpileColumns(const ModelView& m)
      : stockpiles_(m.stockpiles),
        intervals_(m.intervals),
        values_(static_cast<std::size_t>(m.stockpiles)) {}

  //! Whether the model has stockpiles (then the run needs the rows).
  bool wanted() const { return stockpiles_ > 0; }
  //! Appends rows 0 .. count - 1.
  void add(const PathOutputs& rows, int64_t count);
  //! Every rank's values (a collective: every rank calls it), emptied here.
  std::vector<std::vector<int64_t>> finish(Combiner& ranks);

 private:
  int32_t stockpiles_, intervals_;
  std::vector<std::vector<int64_t>> values_;
};

}  // namespace chokepoint
