// The run plan's warnings and default results names (host/run/plan_checks.hpp,
// docs/scenario-reference.md "Sweeps"), and linked sweep keys.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/run/plan_checks.hpp"
#include "host/run/run_plan.hpp"
#include "host/scenario/input_error.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::source_path;

const std::string kOverrides = "tests/scenarios/licence_overrides.toml";

RunPlan plan_of(std::vector<std::string> sets, std::vector<std::string> varies) {
  PlanRequest request;
  request.scenario_path = source_path(kOverrides);
  request.sets = std::move(sets);
  request.varies = std::move(varies);
  return make_plan(request);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PlanWarnings, RegimeWideApprovalNamesTheCellsOverridesHold) {
  const RunPlan plan = plan_of({}, {"regime.r.approval_prob=0.2,0.4"});
  ASSERT_EQ(plan.warnings.size(), 1u);
  const std::string& w = plan.warnings[0];
  EXPECT_TRUE(contains(w, "does not reach 3 of the 4 (industry, material) cells")) << w;
  EXPECT_TRUE(contains(w, "regime.r.materials.b.approval_prob in (i, b)")) << w;
  EXPECT_TRUE(contains(w, "regime.r.industries.j.approval_prob in (j, a), (j, b)")) << w;
  EXPECT_TRUE(contains(w,
                       "--vary 'regime.r.approval_prob,regime.r.materials.b.approval_prob,"
                       "regime.r.industries.j.approval_prob=VALUES'"))
      << w;
}

TEST(PlanWarnings, PerMaterialKeyShadowedByIndustryOverride) {
  const RunPlan plan = plan_of({"regime.r.materials.b.approval_prob=0.3"}, {});
  ASSERT_EQ(plan.warnings.size(), 1u);
  EXPECT_TRUE(contains(plan.warnings[0], "--set regime.r.materials.b.approval_prob=0.3: "))
      << plan.warnings[0];
  EXPECT_TRUE(contains(plan.warnings[0], "does not reach 1 of the 2")) << plan.warnings[0];
  EXPECT_TRUE(contains(plan.warnings[0], "regime.r.industries.j.approval_prob in (j, b)"));
}

TEST(PlanWarnings, ReviewDaysAndLicenceAreCheckedToo) {
  const RunPlan review = plan_of({}, {"regime.r.review_days=1,3"});
  ASSERT_EQ(review.warnings.size(), 1u);
  EXPECT_TRUE(contains(review.warnings[0], "regime.r.materials.b.review_days in (i, b), (j, b)"))
      << review.warnings[0];
  // No industry or material overrides the licence rule here: nothing to say.
  EXPECT_TRUE(plan_of({"regime.r.licence=\"none\""}, {}).warnings.empty());
}

TEST(PlanWarnings, NoWarningWhenTheOverridesMoveWithTheKey) {
  EXPECT_TRUE(plan_of({}, {"regime.r.approval_prob,regime.r.materials.b.approval_prob,"
                           "regime.r.industries.j.approval_prob=0.2,0.4"})
                  .warnings.empty());
  EXPECT_TRUE(plan_of({"regime.r.approval_prob=0.3", "regime.r.materials.b.approval_prob=0.3",
                       "regime.r.industries.j.approval_prob=0.3"},
                      {})
                  .warnings.empty());
  // Only the material override moves: the industry override still holds (j, a), (j, b)
  // from the regime's key, and (j, b) from the material's.
  const RunPlan partly =
      plan_of({}, {"regime.r.approval_prob,regime.r.materials.b.approval_prob=0.2,0.4"});
  ASSERT_EQ(partly.warnings.size(), 2u);
  EXPECT_TRUE(contains(partly.warnings[0], "regime.r.approval_prob does not reach 2 of the 4"))
      << partly.warnings[0];
  EXPECT_FALSE(contains(partly.warnings[0], "(i, b)")) << partly.warnings[0];
  EXPECT_TRUE(
      contains(partly.warnings[1], "regime.r.materials.b.approval_prob does not reach 1 of the 2"))
      << partly.warnings[1];
}

TEST(PlanWarnings, OneNumberReplacingATableOrARamp) {
  const RunPlan table = plan_of({}, {"industry.i.target_days=5,10"});
  ASSERT_EQ(table.warnings.size(), 1u);
  EXPECT_TRUE(contains(table.warnings[0],
                       "industry.i.target_days is a per-material table in the "
                       "scenario, { a = 6.0, b = 8.0 }"))
      << table.warnings[0];
  EXPECT_TRUE(contains(table.warnings[0], "e.g. industry.i.target_days.a")) << table.warnings[0];
  const RunPlan ramp = plan_of({"material.a.alt_capacity=1.5"}, {});
  ASSERT_EQ(ramp.warnings.size(), 1u);
  EXPECT_TRUE(contains(ramp.warnings[0], "is a ramp over days")) << ramp.warnings[0];
  // One entry, a whole table, or a field that was a number: nothing to say.
  EXPECT_TRUE(plan_of({}, {"industry.i.target_days.a=5,10"}).warnings.empty());
  EXPECT_TRUE(plan_of({"industry.i.target_days={ a = 5, b = 9 }"}, {}).warnings.empty());
  EXPECT_TRUE(plan_of({}, {"industry.j.target_days=5,10"}).warnings.empty());
}

TEST(PlanWarnings, LinkedKeysFormOneAxis) {
  const RunPlan plan = plan_of({}, {"regime.r.approval_prob,regime.r.materials.b.approval_prob="
                                    "0.2,0.6"});
  ASSERT_EQ(plan.points.size(), 2u);
  ASSERT_EQ(plan.sweeps.size(), 1u);
  EXPECT_EQ(plan.sweeps[0].axis_name(),
            "regime.r.approval_prob+regime.r.materials.b.approval_prob");
  for (size_t p = 0; p < 2; ++p) {
    const Regime& r = plan.points[p].regimes[0];
    const double v = p == 0 ? 0.2 : 0.6;
    EXPECT_EQ(*r.terms.approval_prob, v);
    EXPECT_EQ(*r.material_overrides[0].second.approval_prob, v);
    EXPECT_EQ(*r.industry_overrides[0].second.approval_prob, 0.9);
  }
  EXPECT_TRUE(contains(plan.resolved_toml,
                       "[[sweep]]\nkeys = [\"regime.r.approval_prob\", "
                       "\"regime.r.materials.b.approval_prob\"]\nvalues = [0.2, 0.6]"))
      << plan.resolved_toml;
  // A key may be in one sweep only, linked or not.
  EXPECT_THROW(plan_of({}, {"regime.r.approval_prob,regime.r.approval_prob=0.2"}), InputError);
  EXPECT_THROW(plan_of({}, {"regime.r.approval_prob,regime.r.materials.b.approval_prob=0.2",
                            "regime.r.materials.b.approval_prob=0.3"}),
               InputError);
  // Every linked key is checked: unknown addresses and unsweepable keys are refused.
  EXPECT_THROW(plan_of({}, {"regime.r.approval_prob,regime.r.no_such_key=0.2"}), InputError);
  EXPECT_THROW(plan_of({}, {"regime.r.approval_prob,simulation.horizon_days=20"}), InputError);
}

TEST(PlanNames, DefaultOutputStemNamesTheChanges) {
  EXPECT_EQ(default_output_stem("s", {}, {}), "s");
  EXPECT_EQ(default_output_stem("s", {"regime.truce.approval_prob=0.5"}, {}),
            "s--regime.truce.approval_prob=0.5");
  EXPECT_EQ(default_output_stem("s", {"regime.r.licence=\"none\""}, {"a.b=1:3:1"}),
            "s--regime.r.licence=_none_--vary-a.b=1_3_1");
  EXPECT_EQ(default_output_stem("s", {"x=../../etc/passwd"}, {}), "s--x=.._.._etc_passwd");
  // Long names are cut and end in a hash of the whole, so that they stay apart.
  const std::string a = default_output_stem("s", {std::string(300, 'a') + "=1"}, {});
  const std::string b = default_output_stem("s", {std::string(300, 'a') + "=2"}, {});
  EXPECT_EQ(a.size(), 160u);
  EXPECT_EQ(b.size(), 160u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.substr(0, 100), b.substr(0, 100));
}

}  // namespace
}  // namespace chokepoint
