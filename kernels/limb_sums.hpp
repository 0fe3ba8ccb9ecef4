// Exact sums of 64-bit values and of their 128-bit products, in any order, on
// host and device alike: every addend is split into 32-bit limbs and each limb
// is summed in 64 bits, which cannot overflow for fewer than 2^32 addends. The
// host composes the limb sums into wide integers (host/reduction/wide_integer.hpp).
#pragma once

#include <cstdint>

#include "kernels/hostdevice.hpp"

namespace chokepoint {

//! At most this many addends may go into one limb sum.
inline constexpr int64_t kMaxLimbAddends = int64_t{1} << 32;

//! hi:lo = a * b, all 128 bits.
CHOKEPOINT_HD void multiply_wide(uint64_t a, uint64_t b, uint64_t* hi, uint64_t* lo) {
#ifdef __CUDA_ARCH__
  *lo = a * b;
  *hi = __umul64hi(a, b);
#else
  __extension__ typedef unsigned __int128 U128;
  const U128 p = static_cast<U128>(a) * b;
  *lo = static_cast<uint64_t>(p);
  *hi = static_cast<uint64_t>(p >> 64);
#endif
}

//! Σ x as two limb sums: Σ x = limb[0] + 2^32 limb[1].
struct LimbSum2 {
  uint64_t limb[2] = {0, 0};

  CHOKEPOINT_HD void add(uint64_t x) {
    limb[0] += x & 0xffffffffu;
    limb[1] += x >> 32;
  }
  CHOKEPOINT_HD LimbSum2 operator+(const LimbSum2& o) const {
    LimbSum2 s;
    s.limb[0] = limb[0] + o.limb[0];
    s.limb[1] = limb[1] + o.limb[1];
    return s;
  }
};

//! Σ a b as four limb sums: Σ a b = Σ_j 2^(32 j) limb[j].
struct LimbSum4 {
  uint64_t limb[4] = {0, 0, 0, 0};

  CHOKEPOINT_HD void add_product(uint64_t a, uint64_t b) {
    uint64_t hi = 0, lo = 0;
    multiply_wide(a, b, &hi, &lo);
    limb[0] += lo & 0xffffffffu;
    limb[1] += lo >> 32;
    limb[2] += hi & 0xffffffffu;
    limb[3] += hi >> 32;
  }
  CHOKEPOINT_HD LimbSum4 operator+(const LimbSum4& o) const {
    LimbSum4 s;
    for (int j = 0; j < 4; ++j) s.limb[j] = limb[j] + o.limb[j];
    return s;
  }
};

}  // namespace chokepoint
