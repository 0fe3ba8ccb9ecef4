// The resolved scenario written back as TOML (validate, the results file's
// scenario_toml): it reads back to an equal scenario, with every default written.
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

// ---------------------------------------------------------------------------
// to_toml round trip: field-by-field equality of two scenarios.

void expect_same(const DayDistribution& a, const DayDistribution& b, const std::string& where) {
  SCOPED_TRACE(where);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.min, b.min);
  EXPECT_EQ(a.max, b.max);
  EXPECT_EQ(a.mode, b.mode);
  EXPECT_EQ(a.median, b.median);
  EXPECT_EQ(a.sigma, b.sigma);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.weights, b.weights);
}

void expect_same(const std::optional<DayDistribution>& a, const std::optional<DayDistribution>& b,
                 const std::string& where) {
  ASSERT_EQ(a.has_value(), b.has_value()) << where;
  if (a) expect_same(*a, *b, where);
}

void expect_same(const LicenceTerms& a, const LicenceTerms& b, const std::string& where) {
  EXPECT_EQ(a.licence, b.licence) << where;
  EXPECT_EQ(a.approval_prob, b.approval_prob) << where;
  expect_same(a.review_days, b.review_days, where + ".review_days");
}

void expect_same(const PerMaterial& a, const PerMaterial& b, const std::string& where) {
  EXPECT_EQ(a.is_table, b.is_table) << where;
  EXPECT_EQ(a.scalar, b.scalar) << where;
  EXPECT_EQ(a.entries, b.entries) << where;
}

void expect_same(const Scenario& a, const Scenario& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.start_date, b.start_date);
  EXPECT_EQ(a.paths, b.paths);
  EXPECT_EQ(a.horizon_days, b.horizon_days);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.initial_regime, b.initial_regime);
  EXPECT_EQ(a.report_interval_days, b.report_interval_days);
  EXPECT_EQ(a.quantiles, b.quantiles);
  EXPECT_EQ(a.histogram_bins, b.histogram_bins);
  EXPECT_EQ(a.warmup_days, b.warmup_days);
  EXPECT_EQ(a.shortage_threshold, b.shortage_threshold);
  ASSERT_EQ(a.materials.size(), b.materials.size());
  for (std::size_t i = 0; i < a.materials.size(); ++i) {
    EXPECT_EQ(a.materials[i].id, b.materials[i].id);
    EXPECT_EQ(a.materials[i].alt_capacity.is_ramp, b.materials[i].alt_capacity.is_ramp);
    EXPECT_EQ(a.materials[i].alt_capacity.value, b.materials[i].alt_capacity.value);
    EXPECT_EQ(a.materials[i].alt_capacity.day, b.materials[i].alt_capacity.day);
    EXPECT_EQ(a.materials[i].alt_capacity.factor, b.materials[i].alt_capacity.factor);
    ASSERT_EQ(a.materials[i].alt_outage.has_value(), b.materials[i].alt_outage.has_value());
    if (a.materials[i].alt_outage) {
      EXPECT_EQ(a.materials[i].alt_outage->mean_days_between,
                b.materials[i].alt_outage->mean_days_between);
      expect_same(a.materials[i].alt_outage->duration_days,
                  b.materials[i].alt_outage->duration_days, a.materials[i].id);
    }
  }
  ASSERT_EQ(a.regimes.size(), b.regimes.size());
  for (std::size_t i = 0; i < a.regimes.size(); ++i) {
    const Regime& x = a.regimes[i];
    const Regime& y = b.regimes[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.mean_duration_days, y.mean_duration_days);
    EXPECT_EQ(x.next, y.next);
    expect_same(x.terms, y.terms, x.id);
    EXPECT_EQ(x.general_licences, y.general_licences);
    EXPECT_EQ(x.inspection_prob, y.inspection_prob);
    expect_same(x.inspection_days, y.inspection_days, x.id + ".inspection_days");
    ASSERT_EQ(x.material_overrides.size(), y.material_overrides.size());
    for (std::size_t j = 0; j < x.material_overrides.size(); ++j) {
      EXPECT_EQ(x.material_overrides[j].first, y.material_overrides[j].first);
      expect_same(x.material_overrides[j].second, y.material_overrides[j].second, x.id);
    }
    ASSERT_EQ(x.industry_overrides.size(), y.industry_overrides.size());
    for (std::size_t j = 0; j < x.industry_overrides.size(); ++j) {
      EXPECT_EQ(x.industry_overrides[j].first, y.industry_overrides[j].first);
      expect_same(x.industry_overrides[j].second, y.industry_overrides[j].second, x.id);
    }
  }
  EXPECT_EQ(a.general_licence.grant_prob, b.general_licence.grant_prob);
  expect_same(a.general_licence.review_days, b.general_licence.review_days, "gl");
  EXPECT_EQ(a.general_licence.validity_days, b.general_licence.validity_days);
  EXPECT_EQ(a.general_licence.renew_before_days, b.general_licence.renew_before_days);
  EXPECT_EQ(a.general_licence.retry_days, b.general_licence.retry_days);
  ASSERT_EQ(a.industries.size(), b.industries.size());
  for (std::size_t i = 0; i < a.industries.size(); ++i) {
    const Industry& x = a.industries[i];
    const Industry& y = b.industries[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.buyers, y.buyers);
    EXPECT_EQ(x.need, y.need);
    expect_same(x.china_share, y.china_share, x.id + ".china_share");
    expect_same(x.inventory_days, y.inventory_days, x.id + ".inventory_days");
    ASSERT_EQ(x.target_days.has_value(), y.target_days.has_value());
    if (x.target_days) expect_same(*x.target_days, *y.target_days, x.id + ".target_days");
    EXPECT_EQ(x.review_days, y.review_days);
    EXPECT_EQ(x.transit_days, y.transit_days);
    EXPECT_EQ(x.general_licence_adoption, y.general_licence_adoption);
  }
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    EXPECT_EQ(a.events[i].day, b.events[i].day);
    EXPECT_EQ(a.events[i].date, b.events[i].date);
    EXPECT_EQ(a.events[i].from, b.events[i].from);
    EXPECT_EQ(a.events[i].to, b.events[i].to);
    EXPECT_EQ(a.events[i].probability, b.events[i].probability);
  }
}

TEST(ScenarioToToml, RichScenarioRoundTripsToAnEqualScenario) {
  Scenario original = resolve(kRich);
  original.sweeps.clear();  // sweeps are not written: a point is written after they apply
  const std::string text = to_toml(original);
  const Scenario again = ScenarioDocument::from_string(text, "x").resolve();
  expect_same(original, again);
  EXPECT_TRUE(again.sweeps.empty());
  EXPECT_EQ(to_toml(again), text);  // a fixed point
}

TEST(ScenarioToToml, EveryDefaultIsWrittenOut) {
  const std::string text = to_toml(resolve(kBase));
  for (const char* key : {"[simulation]",
                          "paths = 100000",
                          "horizon_days = 365",
                          "seed = 0",
                          "initial_regime = \"open\"",
                          "report_interval_days = 7",
                          "warmup_days = 0",
                          "[output]",
                          "quantiles = [0.5, 0.9, 0.95, 0.99, 0.999]",
                          "histogram_bins = 100",
                          "shortage_threshold = 0.0",
                          "alt_capacity = 1.0",
                          "[general_licence]",
                          "grant_prob = 1",
                          "review_days = 0",
                          "validity_days = 365",
                          "renew_before_days = 30",
                          "retry_days = 30",
                          "licence = \"none\"",
                          "buyers = 1",
                          "china_share = 1",
                          "target_days = 30",
                          "transit_days = 0",
                          "general_licence_adoption = 0"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key << " not in:\n" << text;
  }
}

TEST(ScenarioToToml, WholeNumbersAreWrittenAsIntegers) {
  const std::string text = to_toml(
      resolve(with(kBase, "review_days = 10",
                   "review_days = { dist = \"triangular\", min = 20, mode = 35, max = 90 }")));
  EXPECT_NE(text.find("mode = 35,"), std::string::npos) << text;
  EXPECT_NE(text.find("inventory_days = 30\n"), std::string::npos) << text;
  EXPECT_NE(text.find("mean_duration_days = 30\n"), std::string::npos) << text;
  EXPECT_NE(text.find("approval_prob = 0.7\n"), std::string::npos) << text;
  EXPECT_EQ(toml_number_text(35.0), "35");
  EXPECT_EQ(toml_number_text(0.5), "0.5");
  EXPECT_EQ(toml_number_text(-0.0), "-0.0");  // the integer 0 would read back as +0
  EXPECT_EQ(toml_number_text(9007199254740992.0), "9007199254740992.0");
  EXPECT_EQ(toml_number_text(1e300), "1e+300");
}

TEST(ScenarioToToml, AwkwardValuesRoundTrip) {
  Scenario s = resolve(kBase);
  s.name = "tab\there, quote \" backslash \\ newline\n and ünïcödé";
  s.seed = 18446744073709551615u;  // above TOML's int64: written as a string
  s.regimes[1].terms.approval_prob = 0.1 + 0.2;
  s.industries[0].need[0].second = 1e-300;
  s.industries[0].inventory_days.scalar = 1.0 / 3.0;
  s.industries[0].target_days.reset();  // absent: written as inventory_days
  s.shortage_threshold = 0.1 + 0.2;
  s.materials[0].alt_capacity.value = 1.0 / 3.0;
  s.materials[1].alt_capacity.is_ramp = true;
  s.materials[1].alt_capacity.day = {-3650, 0, 1000000};
  s.materials[1].alt_capacity.factor = {0.0, 1e-300, 1.0 / 7.0};
  const Scenario again = ScenarioDocument::from_string(to_toml(s), "x").resolve();
  s.industries[0].target_days = s.industries[0].inventory_days;
  expect_same(s, again);
}

}  // namespace
}  // namespace chokepoint
