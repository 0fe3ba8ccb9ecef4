// A point's order statistics and cross products reduced by the run rather
// than by the backend, from the per-path rows the backend hands back: when
// MPI ranks share the paths (each reduces its own, the exact integers are
// combined across ranks), and when the point's per-path columns would not fit
// in memory. Then the order statistics come from passes over the values
// (host/reduction/rank_selection.hpp): the first during the simulation, the
// others over the columns in memory or over replays of the paths, which
// simulate the same path ids again and so give the same values.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "host/reduction/combiner.hpp"
#include "host/reduction/point_reduction.hpp"
#include "host/reduction/rank_selection.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

enum class ColumnMethod {
  in_memory,  //!< this process keeps its paths' columns (12 bytes per path and industry)
  replay,     //!< counts only; further passes simulate the paths again
};

class SharedReduction {
 public:
  //! `local_paths` of the point's paths are this process's.
  SharedReduction(const ModelView& m, const PointRequest& request, int64_t local_paths,
                  ColumnMethod method, SelectionLimits limits);

  //! Rows 0 .. count - 1 of the simulation of this process's paths (any order).
  void add_rows(const PathOutputs& rows, int64_t count);

  //! Feeds one further pass with this process's rows, in batches: the
  //! callable runs every batch through the argument it is given.
  using Replay = std::function<void(const std::function<void(const PathOutputs&, int64_t)>&)>;

  //! Ends the simulation pass and runs the passes still needed (over the
  //! columns, or through `replay`), combining over `combiner`; fills the order
  //! statistics and cross products of `out` and combines its counters.
  void finish(Combiner& combiner, const Replay& replay, PointReduction* out);

  //! Seconds spent in the passes after the simulation's, outside the replays'
  //! simulation (counting, combining, sorting the kept values).
  double counting_seconds() const { return counting_seconds_; }

  //! Bytes this process holds for a point of `local_paths` paths by `method`,
  //! the selection's passes included.
  static uint64_t bytes(const ModelView& m, const PointRequest& request, int64_t local_paths,
                        ColumnMethod method, SelectionLimits limits);

 private:
  void feed(const PathOutputs& rows, int64_t count);

  int32_t industries_;
  int64_t local_paths_;
  ColumnMethod method_;
  std::vector<RankSelection> lost_, days_;  // [I]
  std::vector<ExactSum> cross_;             // [pairs][4]
  std::vector<uint64_t> lost_column_;       // [I][local paths], in memory only
  std::vector<uint32_t> days_column_;
  int64_t filled_ = 0;
  double counting_seconds_ = 0;
};

}  // namespace chokepoint
