// The event engine against the day-stepped engine (tests/kernels/
// day_stepped_oracle.hpp) on scenarios drawn at random from the whole schema
// (tests/support/random_scenario.hpp). Each scenario is checked path by path
// as in test_event_engine.cpp: day counts exact, shortfall totals within
// kPerBuyerDay per buyer-day (below). The scenarios come from a fixed seed, so a failure
// names the scenario and prints its text. CHOKEPOINT_RANDOM_SCENARIOS=N checks
// N of them instead of the default 60.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace chokepoint
