// Scenario loader: defaults, accepted forms (integral floats, dates, byte-order
// marks) and the few lenient rules, on small edits of the base scenario.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/toml_text.hpp"
#include "tests/support/scenario_texts.hpp"

namespace chokepoint {
namespace {

using testing::error_of;
using testing::kBase;
using testing::kRich;
using testing::line_of;
using testing::resolve;
using testing::add;
using testing::with;

TEST(ScenarioValidation, MinimalScenarioGetsEveryDefault) {
  const Scenario s =
      resolve(with(kBase,
                   "id = \"strict\"\nmean_duration_days = 30\nnext = { open = 1.0 }\nlicence = "
                   "\"required\"\napproval_prob = 0.7\nreview_days = 10\n",
                   "id = \"strict\"\n"));
  EXPECT_EQ(s.name, "base");
  EXPECT_FALSE(s.start_date);
  EXPECT_EQ(s.paths, 100000);
  EXPECT_EQ(s.horizon_days, 365);
  EXPECT_EQ(s.seed, 0u);
  ASSERT_EQ(s.initial_regime.size(), 1u);  // the first regime, written out
  EXPECT_EQ(s.initial_regime[0].first, "open");
  EXPECT_EQ(s.initial_regime[0].second, 1.0);
  EXPECT_EQ(s.report_interval_days, 7);
  EXPECT_EQ(s.quantiles, (std::vector<double>{0.5, 0.9, 0.95, 0.99, 0.999}));
  EXPECT_EQ(s.histogram_bins, 100);
  EXPECT_EQ(s.warmup_days, 0);
  EXPECT_EQ(s.shortage_threshold, 0.0);
  for (const Material& m : s.materials) {
    EXPECT_FALSE(m.alt_capacity.is_ramp) << m.id;
    EXPECT_EQ(m.alt_capacity.value, 1.0) << m.id;
  }
  EXPECT_EQ(s.general_licence.grant_prob, 1.0);
  EXPECT_EQ(s.general_licence.review_days.kind, DayDistKind::Fixed);
  EXPECT_EQ(s.general_licence.review_days.value, 0);
  EXPECT_EQ(s.general_licence.validity_days, 365);
  EXPECT_EQ(s.general_licence.renew_before_days, 30);
  EXPECT_EQ(s.general_licence.retry_days, 30);
  ASSERT_EQ(s.regimes.size(), 2u);
  for (const Regime& g : s.regimes) {
    EXPECT_EQ(g.terms.licence, LicenceRule::None) << g.id;
    EXPECT_FALSE(g.mean_duration_days);
    EXPECT_FALSE(g.general_licences);
    EXPECT_EQ(g.inspection_prob, 0.0);
  }
  const Industry& ind = s.industries.at(0);
  EXPECT_EQ(ind.buyers, 1);
  EXPECT_EQ(ind.transit_days, 0);
  EXPECT_EQ(ind.general_licence_adoption, 0.0);
  EXPECT_FALSE(ind.china_share.is_table);
  EXPECT_EQ(ind.china_share.scalar, 1.0);
  ASSERT_TRUE(ind.target_days);  // defaults to inventory_days, written out
  EXPECT_FALSE(ind.target_days->is_table);
  EXPECT_EQ(ind.target_days->scalar, 30.0);
  EXPECT_TRUE(s.events.empty());
  EXPECT_TRUE(s.sweeps.empty());
}

TEST(ScenarioValidation, ReportIntervalDefaultIsCappedAtTheHorizon) {
  EXPECT_EQ(resolve(add("[simulation]\nhorizon_days = 5\n")).report_interval_days, 5);
  EXPECT_EQ(resolve(add("[simulation]\nhorizon_days = 5\nreport_interval_days = 5\n"))
                .report_interval_days,
            5);
}

TEST(ScenarioValidation, IntegralFloatsAreWholeDays) {
  const Scenario s = resolve(
      with(with(kBase, "review_days = 7", "review_days = 7.0\ntransit_days = 2.0"),
           "review_days = 10", "review_days = { dist = \"uniform\", min = 1.0, max = 3e1 }") +
      "[simulation]\nhorizon_days = 30.0\n");
  EXPECT_EQ(s.industries[0].review_days, 7);
  EXPECT_EQ(s.industries[0].transit_days, 2);
  EXPECT_EQ(s.regimes[1].terms.review_days->min, 1);
  EXPECT_EQ(s.regimes[1].terms.review_days->max, 30);
  EXPECT_EQ(s.horizon_days, 30);
}

TEST(ScenarioValidation, FractionalMeanDurationAndAbsorbingNextAreAccepted) {
  const Scenario s =
      resolve(with(with(kBase, "mean_duration_days = 30", "mean_duration_days = 2.5"),
                   "id = \"open\"", "id = \"open\"\nnext = { strict = 1 }"));
  EXPECT_EQ(*s.regimes[1].mean_duration_days, 2.5);
  EXPECT_FALSE(s.regimes[0].mean_duration_days);  // absorbing, but carries a valid next
  ASSERT_EQ(s.regimes[0].next.size(), 1u);
  EXPECT_EQ(s.regimes[0].next[0].first, "strict");
}

TEST(ScenarioValidation, LicenceTermsAreRequiredOnlyWhereTheEffectiveLicenceIsRequired) {
  // The industry override wins over the regime's "required": no approval_prob needed.
  EXPECT_NO_THROW(resolve(with(kBase, "approval_prob = 0.7\nreview_days = 10\n",
                               "[regime.industries.auto]\nlicence = \"banned\"\n")));
  // The material override says "none" for sm, but dy still needs terms.
  EXPECT_NE(
      error_of(with(kBase, "approval_prob = 0.7\n", "[regime.materials.sm]\nlicence = \"none\"\n"))
          .find("missing for industry auto and material dy"),
      std::string::npos);
  // A material with need 0 needs no terms.
  EXPECT_NO_THROW(
      resolve(with(with(kBase, "need = { dy = 1.0, sm = 0.5 }", "need = { dy = 1.0, sm = 0 }"),
                   "review_days = 10\n", "[regime.materials.dy]\nreview_days = 3\n")));
  // Terms merge key by key: approval_prob from the industry, review_days from the material.
  EXPECT_NO_THROW(resolve(with(kBase, "approval_prob = 0.7\nreview_days = 10\n",
                               "[regime.industries.auto]\napproval_prob = 0.5\n"
                               "[regime.materials.dy]\nreview_days = 3\n"
                               "[regime.materials.sm]\nreview_days = 4\n")));
}

TEST(ScenarioValidation, TargetDaysTableFallsBackToInventoryPerMaterial) {
  const Scenario s =
      resolve(with(kBase, "inventory_days = 30",
                   "inventory_days = { dy = 30, sm = 45.5 }\ntarget_days = { dy = 60 }"));
  const PerMaterial& target = *s.industries[0].target_days;
  ASSERT_TRUE(target.is_table);
  ASSERT_EQ(target.entries.size(), 2u);
  EXPECT_EQ(target.entries[0], (std::pair<std::string, double>{"dy", 60}));
  EXPECT_EQ(target.entries[1], (std::pair<std::string, double>{"sm", 45.5}));
}

TEST(ScenarioValidation, DatesAcceptStringsAndTomlDatesAndCountLeapDays) {
  const std::string text = with(kBase, "name = \"base\"", "name = \"b\"\nstart_date = 2024-02-28") +
                           "[[event]]\ndate = \"2024-03-01\"\nto = \"open\"\n";
  const Scenario s = resolve(text);
  EXPECT_EQ(*s.start_date, "2024-02-28");
  EXPECT_EQ(s.events[0].day, 2);  // 2024 is a leap year
  EXPECT_EQ(*s.events[0].date, "2024-03-01");
  EXPECT_NE(error_of(with(kBase, "name = \"base\"", "name = \"b\"\nstart_date = \"2025-02-29\""))
                .find("is not a calendar date"),
            std::string::npos);
}

TEST(ScenarioValidation, SeedCoversTheFull64BitRange) {
  EXPECT_EQ(resolve(add("[simulation]\nseed = 9223372036854775807\n")).seed, 9223372036854775807u);
  EXPECT_EQ(resolve(add("[simulation]\nseed = \"18446744073709551615\"\n")).seed,
            18446744073709551615u);
}

TEST(ScenarioValidation, ByteOrderMarkBeforeAValidDocumentIsAccepted) {
  EXPECT_EQ(resolve("\xEF\xBB\xBF" + kBase).name, "base");
}

TEST(ScenarioValidation, EmpiricalWeightsAreNormalised) {
  const Scenario s = resolve(
      with(kBase, "review_days = 10",
           "review_days = { dist = \"empirical\", values = [5, 10, 20], weights = [1, 2, 1] }"));
  const DayDistribution& d = *s.regimes[1].terms.review_days;
  EXPECT_EQ(d.values, (std::vector<int64_t>{5, 10, 20}));
  EXPECT_EQ(d.weights, (std::vector<double>{0.25, 0.5, 0.25}));
  const Scenario equal = resolve(
      with(kBase, "review_days = 10", "review_days = { dist = \"empirical\", values = [5, 10] }"));
  EXPECT_EQ(equal.regimes[1].terms.review_days->weights, (std::vector<double>{0.5, 0.5}));
}

TEST(ScenarioValidation, MissingFileIsAnInputError) {
  try {
    ScenarioDocument::from_file("/nonexistent/scenario.toml");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/scenario.toml: cannot open"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace chokepoint
