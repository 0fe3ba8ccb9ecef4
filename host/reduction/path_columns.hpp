// A point's per-path values that need every path at once, kept on the host as
// one column per industry: shortfall_total (whose order is L's) and shortage
// days. From them come the exact order statistics (quantiles, confidence
// bounds, CVaR) and the cross products behind variances and correlations.
// The CPU backend keeps them here; the CUDA backend keeps them on the device
// (host/backend/cuda/device_columns.cuh) and falls back to this when they do not fit.
#pragma once

#include <cstdint>
#include <vector>

#include "host/reduction/point_reduction.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

class PathColumns {
 public:
  PathColumns(int32_t industries, int64_t paths);

  //! Appends rows 0 .. count - 1 of `shortfall_total` and `shortage_days` ([count, I]).
  void append(const uint64_t* shortfall_total, const int32_t* shortage_days, int64_t count);

  int64_t size() const { return filled_; }

  //! Cross products, then the order statistics at `ranks` (this reorders the
  //! columns: call once, when every path is in), into `out`; threads <= 0:
  //! OpenMP's default.
  void summarise(const std::vector<int64_t>& ranks, int threads, PointReduction* out);

 private:
  int32_t industries_;
  int64_t paths_;
  int64_t filled_ = 0;
  std::vector<uint64_t> lost_;  // [I][N] shortfall_total
  std::vector<uint32_t> days_;  // [I][N] shortage days (never negative)
};

//! Limb sums of Σ_p a[p] b[p] over n values, added to out[0..3].
void add_cross_products(const uint64_t* a, const uint64_t* b, int64_t n, ExactSum* out);

}  // namespace chokepoint
