// What a backend hands back for one sweep point: exact integer reductions of
// all its paths, from which host/statistics/statistics.cpp computes every dataset of
// docs/results-format.md. Everything here is exact, so it is identical whichever backend,
// thread count or batch size produced it, and so are the statistics.
#pragma once

#include <cstdint>
#include <vector>

#include "host/reduction/wide_integer.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"
#include "kernels/path_reduction.hpp"

namespace chokepoint {

//! What to reduce for a point of `paths` paths.
struct PointRequest {
  int64_t paths = 0;
  int32_t histogram_bins = 1;
  //! 1-based ranks of the order statistics needed (quantiles and their
  //! confidence bounds), ascending and distinct.
  std::vector<int64_t> ranks;
  //! false: the backend reduces only the counters (PointReduction::counters);
  //! the caller reduces the order statistics and cross products from the rows
  //! (host/run/shared_reduction.hpp), as when ranks share the paths.
  bool order_statistics = true;
};

PointRequest make_point_request(int64_t paths, const std::vector<double>& quantiles,
                                int32_t histogram_bins);

//! Order statistics of one column of N per-path values.
struct ColumnSummary {
  std::vector<uint64_t> at_rank;  //!< the value of rank PointRequest::ranks[j]
  std::vector<ExactSum> tail;     //!< Σ of the values of ranks ranks[j] .. N
};

struct PointReduction {
  int64_t paths = 0;
  std::vector<ExactSum> counters;   //!< ReductionLayout's counters over all paths
  std::vector<ColumnSummary> lost;  //!< [I] of shortfall_total (L's order is q's)
  std::vector<ColumnSummary> days;  //!< [I] of shortage days (tails unused)
  //! [pair_index(a, b)][4] limb sums of Σ_paths q_a q_b for a <= b (q = shortfall_total).
  std::vector<ExactSum> cross;
  //! [S][paths] each stockpile's tonnes held at the end of day T-1 (kTonneUnit),
  //! in any order: their exact quantiles (host/run/stockpile_columns.hpp).
  std::vector<std::vector<int64_t>> stockpile_end;
};

//! A point's counters while its batches arrive: one batch's, as a backend
//! fills them (64 bits each), and the exact sums of all batches'.
struct PointCounters {
  PointRequest request;
  ReductionLayout layout;
  std::vector<uint64_t> batch;
  std::vector<ExactSum> totals;

  PointCounters(const ModelView& m, const PointRequest& r);
  //! totals[k] += batch[k] for every counter.
  void add_batch();
};

//! Adds rows 0 .. count - 1 of `rows` into `counters` (zeroed by the caller,
//! layout L), industries spread over `threads` OpenMP threads.
void reduce_rows(const ModelView& m, const ReductionLayout& L, const PathOutputs& rows,
                 int64_t count, int threads, std::vector<uint64_t>* counters);

}  // namespace chokepoint
