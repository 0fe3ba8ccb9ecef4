// Sampling a whole-day distribution by inverse CDF from its table.
#pragma once

#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"

namespace chokepoint {

//! The smallest value whose cumulative probability exceeds u (u in (0, 1)).
CHOKEPOINT_HD int32_t sample_days(const DayTable& table, const double* cdf_pool, double u) {
  const double* cdf = cdf_pool + table.start;
  int32_t lo = 0, hi = table.size - 1;  // cdf[hi] == 1 > u always
  while (lo < hi) {
    const int32_t mid = (lo + hi) / 2;
    if (u < cdf[mid]) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return table.offset + lo;
}

//! The same value as sample_days, found from a guide: guide_pool[table.start + j]
//! is a first guess for the uniforms in [j / size, (j + 1) / size) (the index
//! of the first cdf entry above j / size), corrected in both directions, so the
//! result never depends on the guess, only the number of comparisons (one or
//! two on average instead of log2(size)).
CHOKEPOINT_HD int32_t sample_days_guided(const DayTable& table, const double* cdf_pool,
                                         const int32_t* guide_pool, double u) {
  const double* cdf = cdf_pool + table.start;
  int32_t j = static_cast<int32_t>(u * table.size);
  if (j > table.size - 1) j = table.size - 1;
  int32_t k = guide_pool[table.start + j];
  while (k > 0 && u < cdf[k - 1]) --k;
  while (!(u < cdf[k])) ++k;  // cdf[size - 1] == 1 > u ends it
  return table.offset + k;
}

//! Picks index k of a cumulative distribution of n entries (cdf[n - 1] == 1).
CHOKEPOINT_HD int32_t pick_index(const double* cdf, int32_t n, double u) {
  for (int32_t k = 0; k < n - 1; ++k) {
    if (u < cdf[k]) return k;
  }
  return n - 1;
}

}  // namespace chokepoint
