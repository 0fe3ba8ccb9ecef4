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
}

// A Saltelli block over three factors, one per industry a, b and one touching both:
// AB^(j) reuses A for the industries factor j does not touch; B reuses AB^(j) for
// the industry of factor j's partner. Sources never lie outside the window.
TEST(ReusePlan, SaltelliBlock) {
  const std::vector<std::string> keys = {"industry.a.x", "industry.b.x"};
  // Points: A, AB1, AB2, B with values (a, b): (1,1) (2,1) (1,2) (2,2).
  const std::vector<std::vector<std::string>> values = {{"1", "2", "1", "2"}, {"1", "1", "2", "2"}};
  const ReusePlan plan = plan_reuse(keys, values, {"a", "b"}, 4, 8);
  EXPECT_EQ(plan.sources[1], (std::vector<int64_t>{-1, 0}));
  EXPECT_EQ(plan.sources[2], (std::vector<int64_t>{0, -1}));
  EXPECT_EQ(plan.sources[3], (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(plan.reused, 4);
  EXPECT_EQ(plan.keep, (std::vector<bool>{true, true, true, false}));
  const ReusePlan narrow = plan_reuse(keys, values, {"a", "b"}, 4, 1);
  EXPECT_EQ(narrow.sources[3], (std::vector<int64_t>{-1, 2}));
  EXPECT_EQ(narrow.sources[2], (std::vector<int64_t>{-1, -1}));
  EXPECT_EQ(plan_reuse(keys, values, {"a", "b"}, 4, 0).reused, 0);
}

int industries_of(const std::string& text) {
  int count = 0;
  for (size_t at = text.find("[[industry]]"); at != std::string::npos;
       at = text.find("[[industry]]", at + 1)) {
    ++count;
  }
  return count;
}

void run_both(const std::string& dir, const std::string& name, std::vector<std::string> args,
              bool expect_reuse) {
  std::vector<std::string> on = {"run", "-o", dir + "/" + name + "_on.h5", "--backend", "cpu"};
  std::vector<std::string> off = {"run",       "-o",  dir + "/" + name + "_off.h5",
                                  "--backend", "cpu", "--no-reuse"};
  on.insert(on.end(), args.begin(), args.end());
  off.insert(off.end(), args.begin(), args.end());
  const auto a = run_cli(on);
  ASSERT_EQ(a.exit_code, 0) << name << ": " << a.err;
  const auto b = run_cli(off);
  ASSERT_EQ(b.exit_code, 0) << name << ": " << b.err;
  EXPECT_EQ(a.err.find("incremental evaluation") != std::string::npos, expect_reuse)
      << name << ": " << a.err;
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
    run_both(dir, "sweep" + std::to_string(k), sweep, several);
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
    run_both(dir, "design" + std::to_string(k), design, several);
  }
}

}  // namespace
}  // namespace chokepoint
