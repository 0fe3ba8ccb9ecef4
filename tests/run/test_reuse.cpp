// Incremental evaluation (host/run/reuse_plan.hpp): an industry whose inputs at a point
// equal those at an earlier point takes that point's per-path outputs instead of
// being simulated again. Every dataset (per-path values included) must equal a run
// with reuse turned off, for sweeps and designs on random scenarios.
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

}  // namespace
}  // namespace chokepoint
