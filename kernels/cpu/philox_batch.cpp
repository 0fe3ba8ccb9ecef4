// The vector passes of philox4x32_10_batch. Each 32-bit lane holds one word of
// one block; a round's two 32x32->64 products come from vpmuludq on the even
// lanes and on the odd lanes shifted down, and blends put their high and low
// halves back into 32-bit lanes. The round is kernels/philox.hpp's, word for
// word.
#include "kernels/cpu/philox_batch.hpp"

#include "kernels/philox.hpp"

// The vector passes are x86's; elsewhere (e.g. aarch64 hosts) the scalar port runs.
#if defined(__x86_64__) || defined(__i386__)
#define CHOKEPOINT_X86_VECTORS 1
#include <immintrin.h>
#endif

namespace chokepoint {

namespace {

using philox_detail::kM0;
using philox_detail::kM1;
using philox_detail::kW0;
using philox_detail::kW1;

void batch_scalar(PhiloxLanes lanes, int32_t n, uint32_t k0, uint32_t k1) {
  const uint32_t key[2] = {k0, k1};
  for (int32_t j = 0; j < n; ++j) {
    const uint32_t ctr[4] = {lanes.c[0][j], lanes.c[1][j], lanes.c[2][j], lanes.c[3][j]};
    const Philox4x32 b = philox4x32_10_host(ctr, key);
    for (int w = 0; w < 4; ++w) lanes.c[w][j] = b.v[w];
  }
}

#if defined(CHOKEPOINT_X86_VECTORS)
__attribute__((target("avx2"))) void batch_avx2(PhiloxLanes lanes, int32_t n, uint32_t k0,
                                                uint32_t k1) {
  const __m256i m0 = _mm256_set1_epi64x(kM0);
  const __m256i m1 = _mm256_set1_epi64x(kM1);
  for (int32_t j = 0; j < n; j += 8) {
    auto* p0 = reinterpret_cast<__m256i*>(lanes.c[0] + j);
    auto* p1 = reinterpret_cast<__m256i*>(lanes.c[1] + j);
    auto* p2 = reinterpret_cast<__m256i*>(lanes.c[2] + j);
    auto* p3 = reinterpret_cast<__m256i*>(lanes.c[3] + j);
    __m256i x0 = _mm256_loadu_si256(p0), x1 = _mm256_loadu_si256(p1);
    __m256i x2 = _mm256_loadu_si256(p2), x3 = _mm256_loadu_si256(p3);
    uint32_t key0 = k0, key1 = k1;
    for (int r = 0; r < 10; ++r) {
      const __m256i even0 = _mm256_mul_epu32(x0, m0);
      const __m256i odd0 = _mm256_mul_epu32(_mm256_srli_epi64(x0, 32), m0);
      const __m256i even1 = _mm256_mul_epu32(x2, m1);
      const __m256i odd1 = _mm256_mul_epu32(_mm256_srli_epi64(x2, 32), m1);
      const __m256i hi0 = _mm256_blend_epi32(_mm256_srli_epi64(even0, 32), odd0, 0xAA);
      const __m256i lo0 = _mm256_blend_epi32(even0, _mm256_slli_epi64(odd0, 32), 0xAA);
      const __m256i hi1 = _mm256_blend_epi32(_mm256_srli_epi64(even1, 32), odd1, 0xAA);
      const __m256i lo1 = _mm256_blend_epi32(even1, _mm256_slli_epi64(odd1, 32), 0xAA);
      const __m256i kk0 = _mm256_set1_epi32(static_cast<int>(key0));
      const __m256i kk1 = _mm256_set1_epi32(static_cast<int>(key1));
      x0 = _mm256_xor_si256(_mm256_xor_si256(hi1, x1), kk0);
      x1 = lo1;
      x2 = _mm256_xor_si256(_mm256_xor_si256(hi0, x3), kk1);
      x3 = lo0;
      key0 += kW0;
      key1 += kW1;
    }
    _mm256_storeu_si256(p0, x0);
    _mm256_storeu_si256(p1, x1);
    _mm256_storeu_si256(p2, x2);
    _mm256_storeu_si256(p3, x3);
  }
}

// GCC 12 reports the operands of its own AVX-512 intrinsics (avx512fintrin.h:
// the masked builtins behind _mm512_mul_epu32 and the shifts) as "may be used
// uninitialized" at -O3; every operand here is loaded or computed first.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
__attribute__((target("avx512f"))) void batch_avx512(PhiloxLanes lanes, int32_t n, uint32_t k0,
                                                     uint32_t k1) {
  const __m512i m0 = _mm512_set1_epi64(kM0);
  const __m512i m1 = _mm512_set1_epi64(kM1);
  constexpr __mmask16 kOdd = 0xAAAA;
  for (int32_t j = 0; j < n; j += 16) {
    __m512i x0 = _mm512_loadu_si512(lanes.c[0] + j), x1 = _mm512_loadu_si512(lanes.c[1] + j);
    __m512i x2 = _mm512_loadu_si512(lanes.c[2] + j), x3 = _mm512_loadu_si512(lanes.c[3] + j);
    uint32_t key0 = k0, key1 = k1;
    for (int r = 0; r < 10; ++r) {
      const __m512i even0 = _mm512_mul_epu32(x0, m0);
      const __m512i odd0 = _mm512_mul_epu32(_mm512_srli_epi64(x0, 32), m0);
      const __m512i even1 = _mm512_mul_epu32(x2, m1);
      const __m512i odd1 = _mm512_mul_epu32(_mm512_srli_epi64(x2, 32), m1);
      const __m512i hi0 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(even0, 32), odd0);
      const __m512i lo0 = _mm512_mask_blend_epi32(kOdd, even0, _mm512_slli_epi64(odd0, 32));
      const __m512i hi1 = _mm512_mask_blend_epi32(kOdd, _mm512_srli_epi64(even1, 32), odd1);
      const __m512i lo1 = _mm512_mask_blend_epi32(kOdd, even1, _mm512_slli_epi64(odd1, 32));
      // 0x96: a ^ b ^ c.
      x0 = _mm512_ternarylogic_epi32(hi1, x1, _mm512_set1_epi32(static_cast<int>(key0)), 0x96);
      x1 = lo1;
      x2 = _mm512_ternarylogic_epi32(hi0, x3, _mm512_set1_epi32(static_cast<int>(key1)), 0x96);
      x3 = lo0;
      key0 += kW0;
      key1 += kW1;
    }
    _mm512_storeu_si512(lanes.c[0] + j, x0);
    _mm512_storeu_si512(lanes.c[1] + j, x1);
    _mm512_storeu_si512(lanes.c[2] + j, x2);
    _mm512_storeu_si512(lanes.c[3] + j, x3);
  }
}
#pragma GCC diagnostic pop
#endif  // CHOKEPOINT_X86_VECTORS

SimdLevel detect_level() {
#if defined(CHOKEPOINT_X86_VECTORS)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return SimdLevel::kAvx512;
  if (__builtin_cpu_supports("avx2")) return SimdLevel::kAvx2;
#endif
  return SimdLevel::kScalar;
}

}  // namespace

SimdLevel simd_level() {
  static const SimdLevel level = detect_level();
  return level;
}

const char* simd_level_name(SimdLevel level) {
  switch (level) {
    case SimdLevel::kAvx512:
      return "avx512";
    case SimdLevel::kAvx2:
      return "avx2";
    case SimdLevel::kScalar:
      break;
  }
  return "scalar";
}

void philox4x32_10_batch(PhiloxLanes lanes, int32_t n, uint64_t seed, SimdLevel level) {
  const auto k0 = static_cast<uint32_t>(seed), k1 = static_cast<uint32_t>(seed >> 32);
#if defined(CHOKEPOINT_X86_VECTORS)
  switch (level) {
    case SimdLevel::kAvx512:
      batch_avx512(lanes, n, k0, k1);
      return;
    case SimdLevel::kAvx2:
      batch_avx2(lanes, n, k0, k1);
      return;
    case SimdLevel::kScalar:
      break;
  }
#else
  (void)level;  // only the scalar port exists here
#endif
  batch_scalar(lanes, n, k0, k1);
}

void philox4x32_10_batch(PhiloxLanes lanes, int32_t n, uint64_t seed) {
  static const SimdLevel level = simd_level();
  philox4x32_10_batch(lanes, n, seed, level);
}

}  // namespace chokepoint
