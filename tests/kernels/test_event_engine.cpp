// The event engine against the day-stepped engine it replaced
// (tests/kernels/day_stepped_oracle.hpp). Both draw the same random numbers
// (same streams, same keys; each licence's block is drawn once instead of
// twice, which gives the same values), so on every path they see the same
// regimes, outages, licence outcomes and general licences. They differ only in
// the arithmetic of stocks: doubles in tonnes there, integers in 2^-38 days of
// need here. That difference is below 1e-12 of a day's need per buyer-day, so
// day counts (shortage days, first shortage day) agree exactly unless a stock
// lies within about 1e-12 of the 1e-9 thresholds, and shortfall totals agree
// to within a few units of 2^-38 per buyer-day. The tests check exactly that,
// on every path, rather than a statistical tolerance.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "host/model/model.hpp"
#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"
#include "kernels/path_model.hpp"
#include "tests/kernels/oracle_runner.hpp"
#include "tests/support/model_fixtures.hpp"

namespace chokepoint {
namespace {

using testing::expect_agreement;
using testing::rich_scenario;

Model model_of(const std::string& file) {
  return Model(
      ScenarioDocument::from_file(std::string(CHOKEPOINT_SOURCE_DIR) + "/" + file).resolve());
}

TEST(EventEngine, AgreesWithTheDaySteppedEngineOnTheRichScenario) {
  expect_agreement(Model(rich_scenario()), 400, "rich scenario");
}

TEST(EventEngine, AgreesWithTheDaySteppedEngineOnTheTestScenarios) {
  for (const char* file :
       {"tests/scenarios/binomial_licensing.toml", "tests/scenarios/geometric_ban.toml",
        "tests/scenarios/gl_bypass.toml", "tests/scenarios/gl_expiry.toml",
        "tests/scenarios/gl_none.toml", "tests/scenarios/leontief.toml",
        "tests/scenarios/permanent_ban.toml", "tests/scenarios/scheduled_event.toml"}) {
    expect_agreement(model_of(file), 200, file);
  }
}

TEST(EventEngine, AgreesWithTheDaySteppedEngineOnTheDefaultScenario) {
  expect_agreement(model_of("configs/rare_earths_2026.toml"), 100, "default scenario");
}

TEST(EventEngine, AgreesWithTheDaySteppedEngineOnTheBenchmark) {
  expect_agreement(model_of("bench/bench.toml"), 40, "benchmark");
}

// The arrival calendar and the denial ring are cleared once, when allocated
// (the GPU's scratch too): every buyer must leave them all zero, whatever it
// ordered, including parts due after the horizon and denials after the last
// review. Checked after every buyer of every industry, with a warm-up.
TEST(EventEngine, BuyersLeaveTheirRingsEmpty) {
  for (const char* file : {"bench/bench.toml", "configs/rare_earths_2026.toml"}) {
    const Model model = model_of(file);
    const ModelView& m = model.view();
    const BuyerScratchSize size = buyer_scratch_size(m);
    std::vector<int64_t> inflow(static_cast<size_t>(size.inflow)),
        on_order(static_cast<size_t>(size.on_order)), arrivals(static_cast<size_t>(size.arrivals)),
        denials(static_cast<size_t>(size.denials));
    std::vector<uint64_t> bits(static_cast<size_t>(size.arrival_days));
    std::vector<int32_t> cursor(static_cast<size_t>(size.outage_cursor));
    std::vector<int32_t> spell_start(static_cast<size_t>(m.regime_capacity));
    std::vector<uint8_t> spell_regime(spell_start.size());
    std::vector<int32_t> outage_start(static_cast<size_t>(m.materials) * m.outage_capacity);
    std::vector<int32_t> outage_end(outage_start.size()), outages(static_cast<size_t>(m.materials));
    std::vector<int32_t> regime_days(static_cast<size_t>(m.regimes));
    std::vector<uint64_t> days(static_cast<size_t>(m.horizon) + 1);
    PathEnvironment env{spell_start.data(), spell_regime.data(), outage_start.data(),
                        outage_end.data(),  outages.data(),      0,
                        m.outage_capacity};
    const BuyerScratch scratch{inflow.data(),
                               on_order.data(),
                               arrivals.data(),
                               bits.data(),
                               denials.data(),
                               cursor.data(),
                               1};
    int64_t orders_on_order = 0;
    for (uint64_t path = 0; path < 10; ++path) {
      simulate_path_environment(m, path, &env, regime_days.data());
      for (int32_t i = 0; i < m.industries; ++i) {
        for (int32_t b = 0; b < m.buyers[i]; ++b) {
          BuyerSimulation<>(m, path, i, b, env, scratch)
              .run(-m.warmup_days, DayTotals{days.data(), 1});
          for (int64_t v : arrivals) ASSERT_EQ(v, 0) << file << " path " << path;
          for (uint64_t v : bits) ASSERT_EQ(v, 0u) << file << " path " << path;
          for (int64_t v : denials) ASSERT_EQ(v, 0) << file << " path " << path;
          for (int64_t v : on_order) orders_on_order += v > 0;
        }
      }
    }
    EXPECT_GT(orders_on_order, 0) << file << ": some parts are still on order at the end";
  }
}

// Stocks are 2^-38 days in 64 bits: the model refuses more than 2^24 days of
// stock or target, with a message naming the industry and material.
TEST(EventEngine, RefusesStocksBeyondTheFixedPointRange) {
  Scenario s = testing::single_material_scenario(LicenceRule::None, 0x1p24, 30);
  EXPECT_NO_THROW(Model{s});
  s.industries[0].inventory_days.scalar = 0x1p24 + 1;
  try {
    const Model model(s);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("industry[ind]"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("16777216"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace chokepoint
