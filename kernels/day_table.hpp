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

//! The same value as sample_days(table, cdf, to_unit(bits)), found from a
//! guide and the draw's bits. The uniforms u in [j / G, (j + 1) / G),
//! G = 2^guide_bits, have their answer between k = guide_pool[guide + j]
//! (the first cdf entry above j / G) and the next bin's. The bin of
//! u = to_unit(bits) is bits >> (32 - guide_bits) (u G, floored: the added
//! half never crosses a bin edge), and u < cdf[k] <=> bits < cdf_bits[k]
//! (kernels/rng_streams.hpp, unit_threshold), so the scan from k ends on the
//! first entry above u: the value of the binary search, with no conversion to
//! double. A bin that lies wholly below cdf[k] is stored as ~k and needs no
//! comparison at all: with G >= 8 times the entries, most bins.
CHOKEPOINT_HD int32_t sample_days_bits(const DayTable& table, const uint64_t* cdf_bits_pool,
                                       const int32_t* guide_pool, uint32_t bits) {
  const uint64_t* cdf_bits = cdf_bits_pool + table.start;
  const auto j = static_cast<int32_t>(bits >> (32 - table.guide_bits));
  int32_t k = guide_pool[table.guide + j];
  if (k < 0) return table.offset + ~k;
  while (!(bits < cdf_bits[k])) ++k;  // cdf_bits[size - 1] == 2^32 > bits ends it
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
