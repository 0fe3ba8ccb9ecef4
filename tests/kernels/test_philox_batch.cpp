// The vector Philox passes give the scalar port's blocks bit for bit, at every
// level this processor runs (a level it lacks is reported and skipped), for
// counters like the model's (day, stream, entity, path words) and for random
// ones, and for counts that do not fill the last vector.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/cpu/philox_batch.hpp"
#include "kernels/philox.hpp"

namespace chokepoint {
namespace {

bool runs(SimdLevel level) {
  return static_cast<int>(level) <= static_cast<int>(simd_level());
}

void expect_scalar_blocks(SimdLevel level, const std::vector<uint32_t> (&counters)[4], int32_t n,
                          uint64_t seed) {
  const int32_t capacity = philox_batch_capacity(n);
  std::vector<uint32_t> lanes[4];
  for (int w = 0; w < 4; ++w) {
    lanes[w] = counters[w];
    lanes[w].resize(static_cast<size_t>(capacity), 0xdeadbeefu);
  }
  philox4x32_10_batch(
      PhiloxLanes{{lanes[0].data(), lanes[1].data(), lanes[2].data(), lanes[3].data()}}, n, seed,
      level);
  const uint32_t key[2] = {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)};
  for (int32_t j = 0; j < n; ++j) {
    const auto k = static_cast<size_t>(j);
    const uint32_t ctr[4] = {counters[0][k], counters[1][k], counters[2][k], counters[3][k]};
    const Philox4x32 b = philox4x32_10_host(ctr, key);
    for (int w = 0; w < 4; ++w) {
      ASSERT_EQ(lanes[w][k], b.v[w]) << simd_level_name(level) << " block " << j << " word " << w;
    }
  }
}

TEST(PhiloxBatch, EveryLevelGivesTheScalarBlocks) {
  std::mt19937_64 random(20251218);
  for (SimdLevel level : {SimdLevel::kScalar, SimdLevel::kAvx2, SimdLevel::kAvx512}) {
    if (!runs(level)) {
      std::printf("[  SKIPPED ] %s: this processor lacks it\n", simd_level_name(level));
      continue;
    }
    for (int32_t n : {1, 7, 8, 15, 16, 17, 64, 1000}) {
      std::vector<uint32_t> model[4], arbitrary[4];
      for (int32_t j = 0; j < n; ++j) {
        // The licence stream's layout: day field | stream << 16, buyer-material key, path.
        model[0].push_back(static_cast<uint32_t>(j % 400) | (6u << 16));
        model[1].push_back(static_cast<uint32_t>(((3u << 12) | 7u) << 8 | (j % 5)));
        model[2].push_back(static_cast<uint32_t>(12345 + j / 16));
        model[3].push_back(1u);
        for (auto& a : arbitrary) a.push_back(static_cast<uint32_t>(random()));
      }
      expect_scalar_blocks(level, model, n, 42);
      expect_scalar_blocks(level, arbitrary, n, random());
    }
  }
}

// The published known-answer vectors (Salmon et al.), through the batch at
// the processor's own level: counter 0 / key 0, and counter and key all ones.
TEST(PhiloxBatch, KnownAnswers) {
  uint32_t c0[16] = {}, c1[16] = {}, c2[16] = {}, c3[16] = {};
  philox4x32_10_batch(PhiloxLanes{{c0, c1, c2, c3}}, 1, 0);
  EXPECT_EQ(c0[0], 0x6627e8d5u);
  EXPECT_EQ(c1[0], 0xe169c58du);
  EXPECT_EQ(c2[0], 0xbc57ac4cu);
  EXPECT_EQ(c3[0], 0x9b00dbd8u);
  uint32_t d0[16] = {0xffffffffu}, d1[16] = {0xffffffffu}, d2[16] = {0xffffffffu},
           d3[16] = {0xffffffffu};
  philox4x32_10_batch(PhiloxLanes{{d0, d1, d2, d3}}, 1, ~uint64_t{0});
  EXPECT_EQ(d0[0], 0x408f276du);
  EXPECT_EQ(d1[0], 0x41c83b0eu);
  EXPECT_EQ(d2[0], 0xa20bc7c6u);
  EXPECT_EQ(d3[0], 0x6d5451fdu);
}

}  // namespace
}  // namespace chokepoint
