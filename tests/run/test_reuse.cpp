// Incremental evaluation (host/run/reuse_plan.hpp): an industry whose inputs at a point
// equal those at an earlier point takes that point's per-path outputs instead of
// being simulated again. Every dataset (per-path values included) must equal a run
// with reuse turned off, for sweeps and designs on random scenarios, with and without
// remedies (the industries a stockpile or quota couples are reused only together,
// with the pools' rows), and on the shipped scenario with remedies.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "host/run/reuse_plan.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/random_scenario.hpp"
#include "tests/support/results_compare.hpp"

namespace chokepoint {
namespace {

using testing::expect_same_datasets;
using testing::run_cli;
using testing::scratch_dir;

TEST(ReusePlan, KeysTouchTheirIndustryOnly) {
  EXPECT_TRUE(key_touches_industry("industry.wind.inventory_days", "wind"));
  EXPECT_FALSE(key_touches_industry("industry.wind.inventory_days", "wind_offshore"));
  EXPECT_FALSE(key_touches_industry("industry.wind.inventory_days.m0", "defence"));
  EXPECT_TRUE(key_touches_industry("regime.truce.industries.wind.licence", "defence"));
  EXPECT_TRUE(key_touches_industry("output.shortage_threshold", "wind"));
  EXPECT_FALSE(key_touches_environment("industry.wind.inventory_days"));
  EXPECT_TRUE(key_touches_environment("regime.truce.mean_duration_days"));
}

// A Saltelli block over two factors, one per industry a and b: AB^(j) reuses A for the
// industry factor j does not touch; B reuses AB^(1) for b and AB^(2) for a. No key
// touches the environment: every point takes point 0's. Sources never lie outside the
// window; kept points are released after their last use.
TEST(ReusePlan, SaltelliBlock) {
  const std::vector<std::string> keys = {"industry.a.x", "industry.b.x"};
  // Points: A, AB1, AB2, B with values (a, b): (1,1) (2,1) (1,2) (2,2).
  const std::vector<std::vector<std::string>> values = {{"1", "2", "1", "2"}, {"1", "1", "2", "2"}};
  const ReusePlan plan = plan_reuse(keys, values, {"a", "b"}, 4, 8);
  EXPECT_EQ(plan.points[1].sources, (std::vector<int64_t>{-1, 0}));
  EXPECT_EQ(plan.points[2].sources, (std::vector<int64_t>{0, -1}));
  EXPECT_EQ(plan.points[3].sources, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(plan.reused, 4);
  EXPECT_TRUE(plan.points[0].keep && plan.points[1].keep && plan.points[2].keep);
  EXPECT_FALSE(plan.points[3].keep);
  EXPECT_EQ(plan.points[3].release, (std::vector<int64_t>{0}));  // a at point 2 was its last use
  EXPECT_EQ(plan.environments, 3);
  for (int p = 1; p < 4; ++p) EXPECT_EQ(plan.points[p].environment_source, 0);
  EXPECT_TRUE(plan.points[0].keep_environment);
  const ReusePlan narrow = plan_reuse(keys, values, {"a", "b"}, 4, 1);
  EXPECT_EQ(narrow.points[3].sources, (std::vector<int64_t>{-1, 2}));
  EXPECT_EQ(narrow.points[2].sources, (std::vector<int64_t>{-1, -1}));
  EXPECT_EQ(narrow.points[3].environment_source, 2);
  EXPECT_EQ(plan_reuse(keys, values, {"a", "b"}, 4, 0).reused, 0);
  // A regime key: no environment is reused where it differs.
  const ReusePlan regimes = plan_reuse({"regime.r.approval_prob", "industry.a.x"},
                                       {{"0.1", "0.1", "0.2"}, {"1", "2", "1"}}, {"a"}, 3, 8);
  EXPECT_EQ(regimes.points[1].environment_source, 0);
  EXPECT_EQ(regimes.points[2].environment_source, -1);
  EXPECT_EQ(regimes.points[2].sources, (std::vector<int64_t>{-1}));
}

// Industries a and b share a stockpile (a group), c is on its own. A key of a
// makes the whole group simulate; a key of c leaves the group reused; the pools
// take the group's source.
TEST(ReusePlan, CoupledIndustriesAreReusedTogether) {
  const std::vector<std::string> keys = {"industry.a.inventory_days", "industry.c.buyers"};
  // Points (a, c): (1,1) (1,2) (2,2) (1,1).
  const std::vector<std::vector<std::string>> values = {{"1", "1", "2", "1"}, {"1", "2", "2", "1"}};
  const std::vector<uint8_t> coupled = {1, 1, 0};
  const ReusePlan plan = plan_reuse(keys, values, {"a", "b", "c"}, 4, 8, coupled, true);
  EXPECT_EQ(plan.points[0].sources, (std::vector<int64_t>{-1, -1, -1}));
  EXPECT_EQ(plan.points[0].pools_source, -1);
  EXPECT_EQ(plan.points[1].sources, (std::vector<int64_t>{0, 0, -1}));  // c's key alone
  EXPECT_EQ(plan.points[1].pools_source, 0);
  EXPECT_EQ(plan.points[2].sources, (std::vector<int64_t>{-1, -1, 1}));  // a's key: b too
  EXPECT_EQ(plan.points[2].pools_source, -1);
  EXPECT_EQ(plan.points[3].sources, (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(plan.points[3].pools_source, 0);
  EXPECT_EQ(plan.reused, 2 + 1 + 3);
  // Without the coupling b is never touched: reused at every point after the first.
  const ReusePlan apart = plan_reuse(keys, values, {"a", "b", "c"}, 4, 8);
  EXPECT_EQ(apart.points[2].sources, (std::vector<int64_t>{-1, 0, 1}));
  EXPECT_EQ(apart.points[2].pools_source, -1);
  // Coupled industries of a model without pools (none in practice) share a source,
  // and no pools_source is named.
  const ReusePlan unpooled = plan_reuse(keys, values, {"a", "b", "c"}, 4, 8, coupled, false);
  EXPECT_EQ(unpooled.points[2].sources, (std::vector<int64_t>{-1, -1, 1}));
  EXPECT_EQ(unpooled.points[1].pools_source, -1);
}

// A coupled industry's priority changes the order in which the pools serve the
// group: the whole group simulates where it differs. An uncoupled industry's
// priority orders nobody's service but its own.
TEST(ReusePlan, PriorityOfACoupledIndustryTouchesTheGroup) {
  const std::vector<uint8_t> coupled = {1, 1, 0};
  const ReusePlan plan =
      plan_reuse({"industry.b.priority"}, {{"0", "0", "-1"}}, {"a", "b", "c"}, 3, 8, coupled, true);
  EXPECT_EQ(plan.points[1].sources, (std::vector<int64_t>{0, 0, 0}));
  EXPECT_EQ(plan.points[1].pools_source, 0);
  EXPECT_EQ(plan.points[2].sources, (std::vector<int64_t>{-1, -1, 0}));
  EXPECT_EQ(plan.points[2].pools_source, -1);
  EXPECT_EQ(plan.points[2].environment_source, 0);
  const ReusePlan other =
      plan_reuse({"industry.c.priority"}, {{"0", "0", "-1"}}, {"a", "b", "c"}, 3, 8, coupled, true);
  EXPECT_EQ(other.points[2].sources, (std::vector<int64_t>{0, 0, -1}));
  EXPECT_EQ(other.points[2].pools_source, 0);
}

// A stockpile's or quota's key touches every member of the group and the pools,
// but neither an industry that never meets a pool nor the path environment; a
// key outside the industries and pools (a regime's) touches everything.
TEST(ReusePlan, PoolKeysTouchTheGroupAndPoolsOnly) {
  EXPECT_TRUE(key_of_pools("stockpile.eu_dy.tonnes"));
  EXPECT_TRUE(key_of_pools("quota.0.tonnes_per_period"));
  EXPECT_FALSE(key_of_pools("industry.stockpile.buyers"));
  EXPECT_FALSE(key_of_pools("regime.quota.approval_prob"));
  EXPECT_FALSE(key_touches_environment("stockpile.eu_dy.tonnes"));
  EXPECT_FALSE(key_touches_environment("quota.0.period_days"));
  const std::vector<uint8_t> coupled = {1, 0, 1};
  for (const std::string key : {"stockpile.s.tonnes", "quota.0.tonnes_per_period"}) {
    SCOPED_TRACE(key);
    const ReusePlan plan =
        plan_reuse({key}, {{"1", "2", "2"}}, {"a", "b", "c"}, 3, 8, coupled, true);
    EXPECT_EQ(plan.points[1].sources, (std::vector<int64_t>{-1, 0, -1}));
    EXPECT_EQ(plan.points[1].pools_source, -1);
    EXPECT_EQ(plan.points[2].sources, (std::vector<int64_t>{1, 0, 1}));
    EXPECT_EQ(plan.points[2].pools_source, 1);
    EXPECT_EQ(plan.points[1].environment_source, 0);
    EXPECT_TRUE(plan.points[0].keep && plan.points[1].keep);
  }
  // Pools that serve no industry: their rows still follow their keys.
  const ReusePlan idle = plan_reuse({"stockpile.s.tonnes"}, {{"1", "2", "2"}}, {"a"}, 3, 8,
                                    std::vector<uint8_t>{0}, true);
  EXPECT_EQ(idle.points[1].pools_source, -1);
  EXPECT_EQ(idle.points[2].pools_source, 1);
  EXPECT_EQ(idle.points[1].sources, (std::vector<int64_t>{0}));
  const ReusePlan regime = plan_reuse({"regime.r.approval_prob"}, {{"0.1", "0.2", "0.2"}},
                                      {"a", "b", "c"}, 3, 8, coupled, true);
  EXPECT_EQ(regime.points[1].sources, (std::vector<int64_t>{-1, -1, -1}));
  EXPECT_EQ(regime.points[1].pools_source, -1);
  EXPECT_EQ(regime.points[1].environment_source, -1);
  EXPECT_EQ(regime.points[2].sources, (std::vector<int64_t>{1, 1, 1}));
  EXPECT_EQ(regime.points[2].pools_source, 1);
}

int industries_of(const std::string& text) {
  int count = 0;
  for (size_t at = text.find("[[industry]]"); at != std::string::npos;
       at = text.find("[[industry]]", at + 1)) {
    ++count;
  }
  return count;
}

// Both runs reuse something: the environment at least (no key of the sweeps and
// designs below touches it at every point).
void run_both(const std::string& dir, const std::string& name, std::vector<std::string> args) {
  std::vector<std::string> on = {"run", "-o", dir + "/" + name + "_on.h5", "--backend", "cpu"};
  std::vector<std::string> off = {"run",       "-o",  dir + "/" + name + "_off.h5",
                                  "--backend", "cpu", "--no-reuse"};
  on.insert(on.end(), args.begin(), args.end());
  off.insert(off.end(), args.begin(), args.end());
  const auto a = run_cli(on);
  ASSERT_EQ(a.exit_code, 0) << name << ": " << a.err;
  const auto b = run_cli(off);
  ASSERT_EQ(b.exit_code, 0) << name << ": " << b.err;
  EXPECT_NE(a.err.find("incremental evaluation"), std::string::npos) << name << ": " << a.err;
  EXPECT_EQ(b.err.find("incremental evaluation"), std::string::npos) << b.err;
  SCOPED_TRACE(name);
  EXPECT_GT(expect_same_datasets(dir + "/" + name + "_off.h5", dir + "/" + name + "_on.h5"), 20);
}

TEST(Reuse, EveryDatasetAsWithoutReuseOnRandomScenarios) {
  const std::string dir = scratch_dir("reuse_" + std::to_string(::getpid()));
  const int count = testing::random_scenario_count(4);
  for (int k = 0; k < count; ++k) {
    const std::string text = testing::random_scenario_text(k);
    const std::string file = dir + "/scenario" + std::to_string(k) + ".toml";
    std::FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(text.c_str(), f);
    std::fclose(f);
    const int I = industries_of(text);
    const std::string last = "industry.i" + std::to_string(I - 1) + ".inventory_days";
    const bool several = I > 1;
    // A sweep: the first industry's stock and buyer count, and the last industry's stock.
    std::vector<std::string> sweep = {file,     "-n",
                                      "60",     "--save-paths",
                                      "--vary", "industry.i0.inventory_days=0,7",
                                      "--vary", "industry.i0.buyers=1,3"};
    if (several) sweep.insert(sweep.end(), {"--vary", last + "=2,20"});
    run_both(dir, "sweep" + std::to_string(k), sweep);
    // A design: a factor per industry end, and one that touches every industry.
    std::vector<std::string> design = {file,
                                       "-n",
                                       "60",

                                       "--save-paths",
                                       "--design",
                                       "sobol:4",
                                       "--factor",
                                       "industry.i0.inventory_days=0:30",
                                       "--factor",
                                       "output.shortage_threshold=0:0.5"};
    if (several) design.insert(design.end(), {"--factor", last + "=0:30"});
    run_both(dir, "design" + std::to_string(k), design);
  }
}

int count_of(const std::string& text, const std::string& table) {
  int count = 0;
  for (size_t at = text.find(table); at != std::string::npos; at = text.find(table, at + 1)) {
    ++count;
  }
  return count;
}

// With remedies: stockpiles and quotas couple the industries they serve, which are
// reused only together and with the pools' rows; substitutions go with their
// industry. Each random scenario gets an industry of its own ("solo", on a
// material no pool holds or limits), whose keys leave the group reused. Swept:
// keys of i0 (its stock, and its priority, which orders the pools' service where
// i0 is coupled), of the last industry, of the pools, and of solo (last, varying
// fastest: every other point takes the group from the point before).
TEST(Reuse, EveryDatasetAsWithoutReuseOnRandomCoupledScenarios) {
  const std::string dir = scratch_dir("reuse_coupled_" + std::to_string(::getpid()));
  const int count = testing::random_scenario_count(6);
  int pooled = 0;
  for (int k = 0; k < count; ++k) {
    const std::string drawn = testing::random_coupled_scenario(k).text;
    const std::string text = drawn +
                             "\n[[material]]\nid = \"solo_m\"\n"
                             "\n[[industry]]\nid = \"solo\"\nbuyers = 2\nneed = { solo_m = 1.0 }\n"
                             "inventory_days = 5\nreview_days = 7\ntransit_days = 3\n";
    const std::string file = dir + "/scenario" + std::to_string(k) + ".toml";
    std::FILE* f = std::fopen(file.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs(text.c_str(), f);
    std::fclose(f);
    const int I = industries_of(drawn);
    const bool stockpiles = count_of(text, "[[stockpile]]") > 0;
    const bool quotas = count_of(text, "[[quota]]") > 0;
    if (stockpiles || quotas) ++pooled;
    const std::string last = "industry.i" + std::to_string(I - 1) + ".inventory_days";
    std::vector<std::string> sweep = {file,     "-n",
                                      "40",     "--save-paths",
                                      "--vary", "industry.i0.inventory_days=0,7",
                                      "--vary", "industry.i0.priority=0,-5"};
    if (I > 1) sweep.insert(sweep.end(), {"--vary", last + "=2,20"});
    if (stockpiles) sweep.insert(sweep.end(), {"--vary", "stockpile.s0.tonnes=0,40"});
    if (quotas) sweep.insert(sweep.end(), {"--vary", "quota.0.tonnes_per_period=1,inf"});
    sweep.insert(sweep.end(), {"--vary", "industry.solo.inventory_days=1,9"});
    run_both(dir, "sweep" + std::to_string(k), sweep);
    std::vector<std::string> design = {file,       "-n",
                                       "40",       "--save-paths",
                                       "--design", "sobol:4",
                                       "--factor", "industry.i0.inventory_days=0:30",
                                       "--factor", "industry.solo.inventory_days=0:30"};
    if (I > 1) design.insert(design.end(), {"--factor", last + "=0:30"});
    if (stockpiles) design.insert(design.end(), {"--factor", "stockpile.s0.tonnes=0:100"});
    if (quotas) design.insert(design.end(), {"--factor", "quota.0.tonnes_per_period=0:20"});
    run_both(dir, "design" + std::to_string(k), design);
  }
  // The series has pools (the draw is fixed): the group's reuse was exercised.
  if (count >= 6) {
    EXPECT_GT(pooled, 1);
  }
}

// The shipped scenario with remedies: defence stocks and the EU's stockpile serve
// several industries, a quota limits dysprosium, wind and automotive substitute.
TEST(Reuse, EveryDatasetAsWithoutReuseWithTheShippedRemedies) {
  const std::string dir = scratch_dir("reuse_remedies_" + std::to_string(::getpid()));
  const std::string file = testing::source_path("configs/remedies_2026.toml");
  run_both(dir, "sweep",
           {file, "-n", "24", "--save-paths", "--vary", "stockpile.eu_dy.tonnes=0,150,150",
            "--vary", "industry.wind.inventory_days=30,60"});
  run_both(
      dir, "design",
      {file, "-n", "16", "--design", "oat", "--factor", "stockpile.eu_dy.tonnes=0:300", "--factor",
       "quota.0.tonnes_per_period=3:9", "--factor", "industry.wind.inventory_days=20:60"});
  // Which industries the pools couple changes from point to point: medical needs
  // gadolinium, which the quota limits at some points only; it needs dysprosium
  // (the EU's stockpile's, the quota's) at some points only. The repeated
  // stockpile sizes take the group from earlier points.
  run_both(dir, "quota_material",
           {file, "-n", "16", "--vary", "quota.0.material=dysprosium,gadolinium", "--vary",
            "stockpile.eu_dy.tonnes=0,20,0"});
  run_both(dir, "medical_need",
           {file, "-n", "16", "--vary", "industry.medical.need.dysprosium=0,0.01", "--vary",
            "stockpile.eu_dy.tonnes=0,20,0"});
}

}  // namespace
}  // namespace chokepoint
