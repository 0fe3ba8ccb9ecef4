// Scenario loader: a scenario that uses every feature resolves to the expected
// structs, field by field.
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
using testing::with;

TEST(ScenarioValidation, RichScenarioResolvesToTheExpectedStructs) {
  const Scenario s = resolve(kRich);
  EXPECT_EQ(s.name, "rich \"quoted\" scenario");
  EXPECT_EQ(*s.start_date, "2025-12-18");
  EXPECT_EQ(s.paths, 5000);
  EXPECT_EQ(s.seed, 20251218u);
  EXPECT_EQ(s.initial_regime,
            (std::vector<std::pair<std::string, double>>{{"truce", 0.8}, {"tightened", 0.2}}));
  EXPECT_EQ(s.report_interval_days, 30);
  EXPECT_EQ(s.quantiles, (std::vector<double>{0.5, 0.9}));
  EXPECT_EQ(s.histogram_bins, 50);
  EXPECT_EQ(s.warmup_days, 180);
  EXPECT_EQ(s.shortage_threshold, 0.05);

  ASSERT_EQ(s.materials.size(), 3u);
  EXPECT_TRUE(s.materials[0].alt_capacity.is_ramp);
  EXPECT_EQ(s.materials[0].alt_capacity.day, (std::vector<int64_t>{-30, 180, 365}));
  EXPECT_EQ(s.materials[0].alt_capacity.factor, (std::vector<double>{1, 1.25, 2.5}));
  EXPECT_EQ(s.materials[0].alt_capacity.at(-100), 1.0);
  EXPECT_EQ(s.materials[0].alt_capacity.at(75), 1.125);  // halfway from -30 to 180
  EXPECT_EQ(s.materials[0].alt_capacity.at(365), 2.5);
  EXPECT_FALSE(s.materials[1].alt_capacity.is_ramp);
  EXPECT_EQ(s.materials[1].alt_capacity.value, std::numeric_limits<double>::infinity());
  EXPECT_FALSE(s.materials[2].alt_capacity.is_ramp);
  EXPECT_EQ(s.materials[2].alt_capacity.value, 1.0);  // the default
  const AltOutage& dy = *s.materials[0].alt_outage;
  EXPECT_EQ(dy.mean_days_between, 730);
  EXPECT_EQ(dy.duration_days.kind, DayDistKind::Uniform);
  EXPECT_EQ(dy.duration_days.min, 14);
  EXPECT_EQ(dy.duration_days.max, 60);
  const AltOutage& tb = *s.materials[1].alt_outage;
  EXPECT_EQ(tb.mean_days_between, 365.5);
  EXPECT_EQ(tb.duration_days.kind, DayDistKind::Lognormal);
  EXPECT_EQ(tb.duration_days.median, 20);
  EXPECT_EQ(tb.duration_days.sigma, 0.5);
  EXPECT_EQ(tb.duration_days.max, 90);
  EXPECT_FALSE(s.materials[2].alt_outage);

  ASSERT_EQ(s.regimes.size(), 3u);
  const Regime& truce = s.regimes[0];
  EXPECT_EQ(*truce.mean_duration_days, 330);
  EXPECT_EQ(truce.next,
            (std::vector<std::pair<std::string, double>>{{"tightened", 0.6}, {"open", 0.4}}));
  EXPECT_EQ(truce.terms.licence, LicenceRule::Required);
  EXPECT_EQ(truce.terms.approval_prob, 0.7);
  EXPECT_EQ(truce.terms.review_days->kind, DayDistKind::Triangular);
  EXPECT_EQ(truce.terms.review_days->min, 20);
  EXPECT_EQ(truce.terms.review_days->mode, 40.5);
  EXPECT_EQ(truce.terms.review_days->max, 90);
  EXPECT_TRUE(truce.general_licences);
  EXPECT_EQ(truce.inspection_prob, 0.2);
  EXPECT_EQ(truce.inspection_days->kind, DayDistKind::Uniform);
  ASSERT_EQ(truce.material_overrides.size(), 1u);
  EXPECT_EQ(truce.material_overrides[0].first, "samarium");
  const LicenceTerms& sm = truce.material_overrides[0].second;
  EXPECT_FALSE(sm.licence);
  EXPECT_EQ(sm.approval_prob, 0.5);
  EXPECT_EQ(sm.review_days->kind, DayDistKind::Empirical);
  EXPECT_EQ(sm.review_days->values, (std::vector<int64_t>{10, 20, 40}));
  EXPECT_EQ(sm.review_days->weights, (std::vector<double>{0.25, 0.25, 0.5}));
  ASSERT_EQ(truce.industry_overrides.size(), 1u);
  EXPECT_EQ(truce.industry_overrides[0].first, "defence");
  EXPECT_EQ(truce.industry_overrides[0].second.licence, LicenceRule::Banned);
  EXPECT_FALSE(truce.industry_overrides[0].second.approval_prob);

  const Regime& tightened = s.regimes[1];
  EXPECT_EQ(*tightened.mean_duration_days, 90.5);
  EXPECT_EQ(tightened.terms.review_days->kind, DayDistKind::Lognormal);
  EXPECT_EQ(tightened.inspection_prob, 0.0);
  EXPECT_EQ(tightened.inspection_days->kind, DayDistKind::Fixed);
  EXPECT_EQ(tightened.inspection_days->value, 3);
  const Regime& open = s.regimes[2];
  EXPECT_FALSE(open.mean_duration_days);
  EXPECT_EQ(open.terms.licence, LicenceRule::None);
  EXPECT_FALSE(open.terms.approval_prob);

  EXPECT_EQ(s.general_licence.grant_prob, 0.8);
  EXPECT_EQ(s.general_licence.review_days.value, 30);
  EXPECT_EQ(s.general_licence.retry_days, 60);

  ASSERT_EQ(s.industries.size(), 2u);
  const Industry& automotive = s.industries[0];
  EXPECT_EQ(automotive.buyers, 12);
  EXPECT_EQ(automotive.need,
            (std::vector<std::pair<std::string, double>>{{"dysprosium", 0.8}, {"terbium", 0.15}}));
  EXPECT_EQ(automotive.china_share.scalar, 0.95);
  EXPECT_EQ(automotive.inventory_days.scalar, 30);
  EXPECT_EQ(automotive.target_days->scalar, 60);
  EXPECT_EQ(automotive.review_days, 30);
  EXPECT_EQ(automotive.transit_days, 21);
  EXPECT_EQ(automotive.general_licence_adoption, 0.4);
  const Industry& defence = s.industries[1];
  EXPECT_EQ(defence.need.size(), 3u);  // in file order, zero entries kept
  EXPECT_EQ(defence.need[1].first, "samarium");
  EXPECT_TRUE(defence.china_share.is_table);
  EXPECT_EQ(defence.china_share.entries,
            (std::vector<std::pair<std::string, double>>{{"dysprosium", 0.9}}));
  EXPECT_EQ(defence.inventory_days.entries,
            (std::vector<std::pair<std::string, double>>{{"dysprosium", 90}, {"samarium", 120.5}}));
  EXPECT_EQ(defence.target_days->entries, (std::vector<std::pair<std::string, double>>{
                                              {"dysprosium", 100}, {"samarium", 120.5}}));
  EXPECT_EQ(defence.review_days, 14);

  ASSERT_EQ(s.events.size(), 2u);
  EXPECT_EQ(s.events[0].day, 327);  // 2026-11-10 is day 327 after 2025-12-18 (docs/scenario-reference.md)
  EXPECT_EQ(*s.events[0].date, "2026-11-10");
  EXPECT_EQ(s.events[0].from, (std::vector<std::string>{"truce"}));
  EXPECT_EQ(s.events[0].to, "tightened");
  EXPECT_EQ(s.events[0].probability, 0.5);
  EXPECT_EQ(s.events[1].day, 0);
  EXPECT_FALSE(s.events[1].date);
  EXPECT_TRUE(s.events[1].from.empty());
  EXPECT_EQ(s.events[1].probability, 1.0);

  ASSERT_EQ(s.sweeps.size(), 3u);
  EXPECT_EQ(s.sweeps[0].key, "regime.truce.approval_prob");
  EXPECT_EQ(s.sweeps[0].values, (std::vector<std::string>{"0.5", "0.7"}));
  EXPECT_EQ(s.sweeps[1].values, (std::vector<std::string>{"30", "60", "90"}));
  EXPECT_EQ(s.sweeps[2].values, (std::vector<std::string>{"\"none\"", "\"banned\""}));
}

}  // namespace
}  // namespace chokepoint
