// Host arrays behind a PathOutputs: one batch's per-path outputs.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

struct HostRows {
  std::vector<uint64_t> shortfall_total, interval_total;
  std::vector<int32_t> shortage_days, first_shortage, regime_days;
  std::vector<uint8_t> interval_short;

  //! Room for `rows` paths of model `m`, and the view of it.
  PathOutputs bind(const ModelView& m, int64_t rows) {
    const auto cells = static_cast<size_t>(rows) * m.industries;
    shortfall_total.resize(cells);
    shortage_days.resize(cells);
    first_shortage.resize(cells);
    interval_total.resize(cells * m.intervals);
    interval_short.resize(cells * m.intervals);
    regime_days.resize(static_cast<size_t>(rows) * m.regimes);
    return PathOutputs{shortfall_total.data(), shortage_days.data(),  first_shortage.data(),
                       interval_total.data(),  interval_short.data(), regime_days.data()};
  }
};

}  // namespace chokepoint
