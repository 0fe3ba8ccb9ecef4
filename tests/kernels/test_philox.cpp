// Philox4x32-10 against the published known-answer vectors (Random123's
// kat_vectors), and the stream layout's basic promises.
#include <gtest/gtest.h>

#include <set>

#include "kernels/philox.hpp"
#include "kernels/rng_streams.hpp"

namespace chokepoint {
namespace {

struct KnownAnswer {
  uint32_t ctr[4];
  uint32_t key[2];
  uint32_t expected[4];
};

TEST(Philox, KnownAnswerVectors) {
  const KnownAnswer cases[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
       {0xffffffff, 0xffffffff},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
       {0xa4093822, 0x299f31d0},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const auto& c : cases) {
    const Philox4x32 out = philox4x32_10(c.ctr, c.key);
    for (int k = 0; k < 4; ++k) EXPECT_EQ(out.v[k], c.expected[k]) << "word " << k;
  }
}

TEST(Streams, UniformsAreStrictlyInsideUnitInterval) {
  EXPECT_GT(to_unit(0), 0.0);
  EXPECT_LT(to_unit(0xffffffffu), 1.0);
  EXPECT_EQ(to_unit(0), 0x1p-33);
}

TEST(Streams, DrawsDependOnEveryPartOfTheKey) {
  const Uniform4 base = draw(7, 11, Stream::kLicence, 3, 5);
  const Uniform4 variants[] = {
      draw(8, 11, Stream::kLicence, 3, 5), draw(7, 12, Stream::kLicence, 3, 5),
      draw(7, 11, Stream::kOutage, 3, 5),  draw(7, 11, Stream::kLicence, 4, 5),
      draw(7, 11, Stream::kLicence, 3, 6), draw(7, 11ull | (1ull << 40), Stream::kLicence, 3, 5)};
  for (const auto& v : variants) EXPECT_NE(v.x, base.x);
  const Uniform4 again = draw(7, 11, Stream::kLicence, 3, 5);
  EXPECT_EQ(again.x, base.x);
  EXPECT_EQ(again.w, base.w);
}

TEST(Streams, EntityKeysAreDistinct) {
  std::set<uint32_t> keys;
  for (uint32_t i = 0; i < 4; ++i) {
    for (uint32_t b = 0; b < 4096; b += 511) {
      for (uint32_t m = 0; m < 256; m += 85) keys.insert(buyer_material_key(i, b, m));
    }
  }
  EXPECT_EQ(keys.size(), 4u * 9u * 4u);
}

// Uniformity of to_unit(philox) over many counters: a chi-square test with 20
// bins and 200000 draws; the 99.9% critical value of chi2(19) is 43.8.
TEST(Streams, UniformsPassChiSquare) {
  constexpr int kBins = 20, kDraws = 200000;
  int counts[kBins] = {};
  for (uint32_t day = 0; day < kDraws / 4; ++day) {
    const Uniform4 u = draw(20251218, day % 97, Stream::kRegime, 0, day);
    for (double x : {u.x, u.y, u.z, u.w}) ++counts[static_cast<int>(x * kBins)];
  }
  double chi2 = 0;
  const double expected = static_cast<double>(kDraws) / kBins;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 43.8);
}

}  // namespace
}  // namespace chokepoint
