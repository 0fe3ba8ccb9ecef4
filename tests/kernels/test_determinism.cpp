// docs/model.md, "Randomness and determinism": the same scenario, seed and path count give
// identical per-path outputs whatever the thread count, batch size or path range split.
#include <gtest/gtest.h>

#include <vector>

#include "host/model/model.hpp"
#include "kernels/buyer_model.hpp"
#include "kernels/path_environment.hpp"
#include "kernels/path_model.hpp"
#include "tests/support/model_fixtures.hpp"

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

// The GPU interleaves the scratch of its threads (BuyerScratch::stride > 1)
// and draws each licence block where it is used; the CPU gives each thread its
// own block and draws a buyer's licence blocks 16 reviews at a time, with the
// vector units; the GPU's default kernel keeps a buyer's per-material state in
// registers (BuyerSimulation's object slots). Every buyer must give the same
// daily shortfall in every form.
TEST(Determinism, InterleavedBuyerScratchChangesNothing) {
  const Model model(rich_scenario());
  const ModelView& m = model.view();
  const int64_t threads = 5;
  const BuyerScratchSize size = buyer_scratch_size(m);
  // One block of every array for `copies` interleaved scratches.
  struct Arrays {
    std::vector<int64_t> inflow, on_order, arrivals, denials;
    std::vector<uint64_t> arrival_days;
    std::vector<int32_t> outage_cursor;
    Arrays(const BuyerScratchSize& n, int64_t copies)
        : inflow(static_cast<size_t>(n.inflow * copies)),
          on_order(static_cast<size_t>(n.on_order * copies)),
          arrivals(static_cast<size_t>(n.arrivals * copies)),
          denials(static_cast<size_t>(n.denials * copies)),
          arrival_days(static_cast<size_t>(n.arrival_days * copies)),
          outage_cursor(static_cast<size_t>(n.outage_cursor * copies)) {}
    BuyerScratch at(int64_t slot, int64_t stride) {
      return BuyerScratch{inflow.data() + slot,
                          on_order.data() + slot,
                          arrivals.data() + slot,
                          arrival_days.data() + slot,
                          denials.data() + slot,
                          outage_cursor.data() + slot,
                          stride};
    }
  } shared(size, threads), own(size, 1);
  std::vector<int32_t> spell_start(static_cast<size_t>(m.regime_capacity));
  std::vector<uint8_t> spell_regime(spell_start.size());
  std::vector<int32_t> outage_start(static_cast<size_t>(m.materials) * m.outage_capacity);
  std::vector<int32_t> outage_end(outage_start.size()), outages(static_cast<size_t>(m.materials));
  std::vector<int32_t> regime_days(static_cast<size_t>(m.regimes));
  PathEnvironment env{spell_start.data(), spell_regime.data(), outage_start.data(),
                      outage_end.data(),  outages.data(),      0,
                      m.outage_capacity};
  std::vector<uint32_t> licence_lanes(4 * static_cast<size_t>(licence_lane_words(m.materials)));
  int64_t short_days = 0, object_buyers = 0;
  for (uint64_t path = 0; path < 40; ++path) {
    simulate_path_environment(m, path, &env, regime_days.data());
    for (int32_t i = 0; i < m.industries; ++i) {
      for (int32_t b = 0; b < m.buyers[i]; ++b) {
        const int64_t slot = static_cast<int64_t>(path + static_cast<uint64_t>(b)) % threads;
        std::vector<uint64_t> expected(static_cast<size_t>(m.horizon) + 1, 0), actual = expected,
                                                                               batched = expected;
        // The GPU's form: a runtime stride, each licence block drawn where it is used.
        BuyerSimulation<>(m, path, i, b, env, shared.at(slot, threads))
            .run(0, DayTotals{actual.data(), 1});
        BuyerSimulation<true>(m, path, i, b, env, own.at(0, 1))
            .run(0, DayTotals{expected.data(), 1});
        // The CPU backend's form: unit stride, licence blocks drawn 16 reviews at a time.
        BuyerScratch with_lanes = own.at(0, 1);
        with_lanes.licence_lanes = licence_lanes.data();
        with_lanes.licence_lane_words = licence_lane_words(m.materials);
        BuyerSimulation<true>(m, path, i, b, env, with_lanes).run(0, DayTotals{batched.data(), 1});
        ASSERT_EQ(expected, actual) << "path " << path << " industry " << i << " buyer " << b;
        ASSERT_EQ(expected, batched) << "path " << path << " industry " << i << " buyer " << b;
        // The GPU's register form: the per-material state in the object (4 or
        // 8 slots, whichever hold the industry's needed materials).
        if (m.needed_count[i] <= kLargeSlots) {
          std::vector<uint64_t> in_object(expected.size(), 0);
          BuyerSimulation<false, kLargeSlots>(m, path, i, b, env, shared.at(slot, threads))
              .run(0, DayTotals{in_object.data(), 1});
          ASSERT_EQ(expected, in_object) << "path " << path << " industry " << i << " buyer " << b;
          ++object_buyers;
        }
        if (m.needed_count[i] <= kSmallSlots) {
          std::vector<uint64_t> in_object(expected.size(), 0);
          BuyerSimulation<true, kSmallSlots>(m, path, i, b, env, with_lanes)
              .run(0, DayTotals{in_object.data(), 1});
          ASSERT_EQ(expected, in_object) << "path " << path << " industry " << i << " buyer " << b;
        }
        for (uint64_t q : actual) short_days += q > 0;
      }
    }
  }
  EXPECT_GT(short_days, 0);
  EXPECT_GT(object_buyers, 0);
}

}  // namespace
}  // namespace chokepoint
