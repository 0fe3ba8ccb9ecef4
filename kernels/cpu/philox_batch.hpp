// Philox4x32-10 for many blocks at once on the host, with the vector units:
// 16 blocks per AVX-512 pass, 8 per AVX2 pass, one at a time otherwise. The
// CPU engine knows many of a path's counters in advance (the licence blocks of
// a buyer's next reviews, the environment's blocks of the next days) and draws
// them here; every level gives the scalar port's blocks bit for bit
// (tests/kernels/test_philox_batch.cpp). The level is chosen once, from what
// the processor supports.
#pragma once

#include <cstdint>

#include "kernels/philox.hpp"

namespace chokepoint {

//! Blocks per call are rounded up to a multiple of this: arrays hold that many.
inline constexpr int32_t kPhiloxBatchLanes = 16;

//! Rounds n up to a multiple of kPhiloxBatchLanes.
inline int32_t philox_batch_capacity(int32_t n) {
  return (n + kPhiloxBatchLanes - 1) / kPhiloxBatchLanes * kPhiloxBatchLanes;
}

enum class SimdLevel { kScalar, kAvx2, kAvx512 };

//! The best level this processor runs.
SimdLevel simd_level();
const char* simd_level_name(SimdLevel level);

//! Counters in structure-of-arrays form: block j has counter
//! (c[0][j], c[1][j], c[2][j], c[3][j]). Each array holds at least
//! philox_batch_capacity(n) words; lanes past n are computed too (garbage in,
//! garbage out).
struct PhiloxLanes {
  uint32_t* c[4];

  //! Four arrays of `words` words each, one after another from `base`.
  static PhiloxLanes over(uint32_t* base, int32_t words) {
    return PhiloxLanes{{base, base + words, base + 2 * words, base + 3 * words}};
  }
  void put(int32_t j, const Philox4x32& counter) const {
    for (int w = 0; w < 4; ++w) c[w][j] = counter.v[w];
  }
  Philox4x32 get(int32_t j) const { return Philox4x32{{c[0][j], c[1][j], c[2][j], c[3][j]}}; }
};

//! Replaces counters 0 .. n-1 of `lanes` by their Philox4x32-10 blocks under
//! the 64-bit key `seed` (low word first, as kernels/rng_streams.hpp keys them).
void philox4x32_10_batch(PhiloxLanes lanes, int32_t n, uint64_t seed);

//! The same at a given level (tests). The caller must not ask for a level
//! simd_level() does not reach: the processor would not run it.
void philox4x32_10_batch(PhiloxLanes lanes, int32_t n, uint64_t seed, SimdLevel level);

}  // namespace chokepoint
