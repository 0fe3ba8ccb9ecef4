// SPEC §4: the same scenario, seed and path count give identical per-path
// outputs whatever the thread count, batch size or path range split.
#include <gtest/gtest.h>

#include "host/model.hpp"
#include "tests/model_fixtures.hpp"

namespace chokepoint {
namespace {

using testing::rich_scenario;
using testing::run_paths;

TEST(Determinism, ThreadCountDoesNotMatter) {
  const Model model(rich_scenario());
  auto one = make_cpu_backend(1);
  auto two = make_cpu_backend(2);
  EXPECT_TRUE(run_paths(*one, model, 0, 300, 300) == run_paths(*two, model, 0, 300, 300));
}

TEST(Determinism, BatchSplitDoesNotMatter) {
  const Model model(rich_scenario());
  auto cpu = make_cpu_backend(2);
  EXPECT_TRUE(run_paths(*cpu, model, 0, 300, 300) == run_paths(*cpu, model, 0, 300, 37));
}

TEST(Determinism, PathsDependOnlyOnTheirIds) {
  const Model model(rich_scenario());
  auto cpu = make_cpu_backend(2);
  const auto all = run_paths(*cpu, model, 0, 200, 200);
  const auto tail = run_paths(*cpu, model, 150, 50, 50);
  const size_t I = 3;
  for (size_t k = 0; k < 50 * I; ++k) {
    EXPECT_EQ(tail.shortfall_total[k], all.shortfall_total[150 * I + k]);
    EXPECT_EQ(tail.first_shortage[k], all.first_shortage[150 * I + k]);
  }
}

// The rich scenario must actually exercise the model: some paths short, some
// not, in every industry but the well-stocked ones, and more than one regime.
TEST(Determinism, RichScenarioIsNotDegenerate) {
  const Model model(rich_scenario());
  auto cpu = make_cpu_backend(2);
  const auto out = run_paths(*cpu, model, 0, 400, 400);
  int short_paths[3] = {0, 0, 0};
  for (int p = 0; p < 400; ++p) {
    for (int i = 0; i < 3; ++i)
      short_paths[i] += out.shortage_days[static_cast<size_t>(p) * 3 + i] > 0;
  }
  EXPECT_GT(short_paths[0], 0);
  EXPECT_LT(short_paths[0], 400);
  EXPECT_GT(short_paths[1], 0);
  int regimes_seen = 0;
  for (int r = 0; r < 3; ++r) {
    int64_t days = 0;
    for (int p = 0; p < 400; ++p) days += out.regime_days[static_cast<size_t>(p) * 3 + r];
    regimes_seen += days > 0;
  }
  EXPECT_EQ(regimes_seen, 3);
}

// 64-bit path ids: paths beyond 2^32 are distinct from their low 32 bits.
TEST(Determinism, PathIdsAreSixtyFourBit) {
  const Model model(rich_scenario());
  auto cpu = make_cpu_backend(1);
  const auto low = run_paths(*cpu, model, 5, 20, 20);
  const auto high = run_paths(*cpu, model, (uint64_t{1} << 32) + 5, 20, 20);
  EXPECT_FALSE(low == high);
}

}  // namespace
}  // namespace chokepoint
