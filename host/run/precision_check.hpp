// The stop rule of a run with precision targets (docs/analysis.md, "Runs that
// stop at a target precision"): per point, exact sums of the targeted figures'
// moments over the paths so far, and at each checkpoint the 95% half-width of
// every target for every industry (material), compared with its target.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/model/model.hpp"
#include "host/reduction/combiner.hpp"
#include "host/reduction/rank_selection.hpp"
#include "host/reduction/wide_integer.hpp"
#include "host/scenario/scenario.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

//! Wilson's score interval at 95% for k events in n: half its width (> 0 for k = 0).
double wilson_half_width(double k, double n);

//! Exact integer sums of one point's paths so far, the same whatever the split of the paths.
class PrecisionSums {
 public:
  explicit PrecisionSums(int32_t industries);
  //! Rows 0 .. count - 1 (count < 2^32).
  void add(const PathOutputs& rows, int64_t count);
  //! Sums over every process (all must call it).
  std::vector<ExactSum> combined(Combiner& combiner) const;

  //! Offsets into the flat sums.
  int32_t industries;
  size_t lost_sum(int32_t i) const { return static_cast<size_t>(i); }
  size_t days_sum(int32_t i) const { return static_cast<size_t>(industries + i); }
  size_t days_square(int32_t i) const { return static_cast<size_t>(2 * industries + i); }
  size_t short_paths(int32_t i) const { return static_cast<size_t>(3 * industries + i); }
  size_t cross(int64_t pair) const { return static_cast<size_t>(4 * industries + 4 * pair); }

 private:
  std::vector<ExactSum> sums_;
};

//! One figure of one target at one industry (or material) and point.
struct PrecisionCell {
  double figure = 0;      //!< the estimate so far
  double half_width = 0;  //!< its 95% half-width
  double target = 0;      //!< the half-width asked for (absolute)
  bool applies = true;    //!< false: a relative target on a figure 0 on every path so far
  bool met() const { return applies && half_width <= target; }
  //! half-width / target, for progress (0 where it does not apply).
  double ratio() const { return applies ? half_width / target : 0.0; }
};

//! Half-widths of every target at a checkpoint, for one point.
struct PointPrecision {
  std::vector<PrecisionCell> industry;  //!< [I, F] (applies false for material targets)
  std::vector<PrecisionCell> material;  //!< [M, F] (applies false for industry targets)
};

//! The order-statistic values of a quantile target at a checkpoint:
//! [I] of (value at rank k, at the lower and at the upper confidence rank).
struct QuantileBounds {
  uint64_t at = 0, low = 0, high = 0;
};

//! Evaluates every target of `targets` for one point at `n` paths from its
//! combined sums and, per quantile target F and industry I, `bounds[f][i]`.
PointPrecision evaluate_precision(const Model& model, const std::vector<PrecisionTarget>& targets,
                                  int64_t n, const std::vector<ExactSum>& sums,
                                  const PrecisionSums& layout,
                                  const std::vector<std::vector<QuantileBounds>>& bounds);

//! The values of ranks `ranks` (1-based, ascending, distinct) of a column of
//! `paths` values over all processes, this process holding `local` of them.
std::vector<uint64_t> select_column_ranks(const uint64_t* local, int64_t local_count,
                                          int64_t stride, int64_t paths,
                                          const std::vector<int64_t>& ranks, uint64_t max_value,
                                          Combiner& combiner);

//! Order statistics of a growing column, kept between checkpoints: the values
//! between two pivots sorted (with their counts), and how many lie below; a
//! checkpoint whose ranks fall inside costs the new values, not the column.
//! One process only (the ranks are global).
class IncrementalRanks {
 public:
  //! The values of `ranks` (1-based, ascending, distinct) among the first `n`
  //! values of `column` (stride `stride`), of which the previous calls saw a
  //! prefix: only the new values are read, unless the kept window misses a rank.
  std::vector<uint64_t> select(const std::vector<int64_t>& ranks, int64_t n, const uint64_t* column,
                               int64_t stride, int64_t margin);
  //! Times the whole column was scanned (for tests and timing).
  int64_t rebuilds() const { return rebuilds_; }

 private:
  int64_t seen_ = 0;
  bool built_ = false;
  uint64_t lo_ = 0, hi_ = 0;                          // window of values [lo, hi]
  int64_t below_ = 0;                                 // values < lo
  std::vector<std::pair<uint64_t, int64_t>> window_;  // sorted distinct values, counts
  int64_t rebuilds_ = 0;
};

}  // namespace chokepoint
