// The event engine against the day-stepped engine (tests/kernels/
// day_stepped_oracle.hpp) on scenarios drawn at random from the whole schema
// (tests/support/random_scenario.hpp). Each scenario is checked path by path
// as in test_event_engine.cpp: day counts exact, shortfall totals within
// kPerBuyerDay per buyer-day (below). The scenarios come from a fixed seed, so a failure
// names the scenario and prints its text. CHOKEPOINT_RANDOM_SCENARIOS=N checks
// N of them instead of the default 60.
#include <gtest/gtest.h>

#include <algorithm>

#include <string>

#include "host/model/model.hpp"
#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"
#include "tests/kernels/oracle_runner.hpp"
#include "tests/support/random_scenario.hpp"

namespace chokepoint {
namespace {

// The shortfall's tolerance, per buyer-day. A stock that the two engines'
// roundings put on either side of a 1e-9 rule (a full day, an order) leaves
// their stocks about 1e-9 of a day apart; with caps that bind and reviews
// every day, later partial days carry and can amplify that difference (seen:
// 2e-7 of a day after 1,300 days, 5e-8 per buyer-day over a path). 1e-6 per
// buyer-day still fails any difference of the rules themselves, which moves
// shortfalls by whole fractions of a day.
constexpr double kPerBuyerDay = 1e-6;

TEST(RandomScenarios, EventEngineAgreesWithTheDaySteppedEngine) {
  const int count = testing::random_scenario_count(60);
  int checked = 0;
  for (int k = 0; k < count; ++k) {
    const std::string text = testing::random_scenario_text(k);
    const std::string name = "random scenario " + std::to_string(k);
    Scenario scenario;
    try {
      scenario = ScenarioDocument::from_string(text, name).resolve();
    } catch (const InputError& e) {
      ADD_FAILURE() << name << " was drawn invalid: " << e.what() << "\n" << text;
      continue;
    }
    const Model model(scenario);
    SCOPED_TRACE(name + ":\n" + text);
    testing::expect_agreement(model, 24, name, kPerBuyerDay);
    ++checked;
    if (::testing::Test::HasFailure()) break;  // one scenario's text is enough to read
  }
  EXPECT_EQ(checked, count);
}

// Random scenarios with stockpiles, quotas, priorities and substitution: the
// event engine (speculative pass, then lockstep where a pool falls short)
// against the lockstep day-stepped oracle, path by path. Tolerances: day
// counts, quota flags and switch counts exact; shortfall within 1e-6 per
// buyer-day as above; tonnes within 1e-6 of the largest quantity involved
// (the engine keeps pools in units of 2^-32 t, the oracle in doubles).
TEST(RandomScenarios, EventEngineAgreesWithTheLockstepOracleOnRemedies) {
  const int count = testing::random_scenario_count(40);
  int checked = 0;
  for (int k = 0; k < count; ++k) {
    const std::string text = testing::random_coupled_scenario(k).text;
    const std::string name = "random coupled scenario " + std::to_string(k);
    Scenario scenario;
    try {
      scenario = ScenarioDocument::from_string(text, name).resolve();
    } catch (const InputError& e) {
      ADD_FAILURE() << name << " was drawn invalid: " << e.what() << "\n" << text;
      continue;
    }
    const Model model(scenario);
    const ModelView& m = model.view();
    SCOPED_TRACE(name + ":\n" + text);
    constexpr int64_t kPaths = 24;
    const testing::LockstepOutputs oracle =
        testing::expect_lockstep_agreement(model, m, kPaths, name, kPerBuyerDay);
    auto cpu = make_cpu_backend(1);
    const testing::RunOutputs engine = testing::run_paths(*cpu, model, 0, kPaths, 7);
    const int32_t S = m.stockpiles, K = m.intervals, I = m.industries, M = m.materials;
    double scale = 1;
    for (int32_t s = 0; s < S; ++s)
      scale = std::max(scale, oracle::tonnes_of(m.stockpile_tonnes[s]));
    for (int64_t k2 = 0; k2 < int64_t{I} * M; ++k2) {
      scale = std::max(scale, m.need[k2] * simulated_days(m) * m.buyers[k2 / M]);
    }
    const double tol = 1e-6 * scale;
    for (int64_t p = 0; p < kPaths; ++p) {
      const oracle::RemedyFigures& o = oracle.paths[static_cast<size_t>(p)];
      for (int32_t s = 0; s < S; ++s) {
        for (int32_t kk = 0; kk < K; ++kk) {
          EXPECT_NEAR(oracle::tonnes_of(engine.stockpile_held[(p * S + s) * K + kk]),
                      o.stockpile_held[static_cast<size_t>(s * K + kk)], tol)
              << "path " << p << " stockpile " << s << " interval " << kk;
        }
        for (int32_t i = 0; i < I; ++i) {
          EXPECT_NEAR(oracle::tonnes_of(engine.stockpile_released[(p * S + s) * I + i]),
                      o.released[static_cast<size_t>(s * I + i)], tol)
              << "path " << p << " stockpile " << s << " industry " << i;
        }
      }
      if (m.quotas > 0) {
        for (int32_t mat = 0; mat < M; ++mat) {
          EXPECT_NEAR(oracle::tonnes_of(engine.quota_denied[p * M + mat]),
                      o.quota_denied[static_cast<size_t>(mat)], tol)
              << "path " << p << " material " << mat;
          for (int32_t kk = 0; kk < K; ++kk) {
            EXPECT_EQ(engine.quota_binding[(p * M + mat) * K + kk],
                      o.quota_binding[static_cast<size_t>(mat * K + kk)])
                << "path " << p << " material " << mat << " interval " << kk;
          }
        }
      }
      if (any_substitution(m)) {
        for (int64_t c = 0; c < int64_t{I} * M; ++c) {
          EXPECT_EQ(engine.switched_buyers[p * I * M + c], o.substituted[static_cast<size_t>(c)])
              << "path " << p << " cell " << c;
        }
      }
    }
    ++checked;
    if (::testing::Test::HasFailure()) break;
  }
  EXPECT_EQ(checked, count);
}

}  // namespace
}  // namespace chokepoint
