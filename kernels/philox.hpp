// Philox4x32-10 (Salmon et al., SC'11), the counter-based generator of cuRAND.
// Device code calls cuRAND's own round function; host code runs this port,
// which the tests check against the published known-answer vectors and, on a
// GPU, against cuRAND draw for draw.
#pragma once

#include <cstdint>

#include "kernels/hostdevice.hpp"

#if defined(__CUDACC__)
#include <curand_philox4x32_x.h>
#endif

namespace chokepoint {

struct Philox4x32 {
  uint32_t v[4];
};

namespace philox_detail {

inline constexpr uint32_t kW0 = 0x9E3779B9u;  // golden ratio
inline constexpr uint32_t kW1 = 0xBB67AE85u;  // sqrt(3) - 1
inline constexpr uint32_t kM0 = 0xD2511F53u;
inline constexpr uint32_t kM1 = 0xCD9E8D57u;

CHOKEPOINT_HD void round(uint32_t c[4], uint32_t k0, uint32_t k1) {
  const uint64_t p0 = static_cast<uint64_t>(kM0) * c[0];
  const uint64_t p1 = static_cast<uint64_t>(kM1) * c[2];
  const uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
  const uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
  const uint32_t r0 = hi1 ^ c[1] ^ k0, r2 = hi0 ^ c[3] ^ k1;
  c[0] = r0;
  c[1] = lo1;
  c[2] = r2;
  c[3] = lo0;
}

}  // namespace philox_detail

//! Philox4x32-10 on the host: the 128-bit block for counter `ctr` and key `key`.
inline Philox4x32 philox4x32_10_host(const uint32_t ctr[4], const uint32_t key[2]) {
  uint32_t c[4] = {ctr[0], ctr[1], ctr[2], ctr[3]};
  uint32_t k0 = key[0], k1 = key[1];
  for (int r = 0; r < 9; ++r) {
    philox_detail::round(c, k0, k1);
    k0 += philox_detail::kW0;
    k1 += philox_detail::kW1;
  }
  philox_detail::round(c, k0, k1);
  return Philox4x32{{c[0], c[1], c[2], c[3]}};
}

//! Philox4x32-10 wherever the model runs: cuRAND's implementation on the device.
CHOKEPOINT_HD Philox4x32 philox4x32_10(const uint32_t ctr[4], const uint32_t key[2]) {
#if defined(__CUDA_ARCH__)
  const uint4 out =
      curand_Philox4x32_10(make_uint4(ctr[0], ctr[1], ctr[2], ctr[3]), make_uint2(key[0], key[1]));
  return Philox4x32{{out.x, out.y, out.z, out.w}};
#else
  return philox4x32_10_host(ctr, key);
#endif
}

}  // namespace chokepoint
