// `chokepoint summary` on a results file with a stockpile, a quota and a
// substitution: the stockpile table, the quota line and the substitution line,
// as text and CSV, per sweep point. The scenario is deterministic (one regime,
// no draws that matter), so every figure follows by hand:
// - defence needs 0.125 t/day and holds 10 days: its stock runs out after day 9;
//   from day 10 the stockpile tops it up to one day's need, so 3 t last 24 days
//   (days 10 ... 33) and the stockpile is empty at the end; 10 t (point 1 of the
//   sweep) release 50 days x 0.125 t = 6.25 t and keep 3.75 t.
// - the `reserve` stockpile releases to nobody and keeps its 7 t.
// - the quota admits 0 t: every exporter request is denied in full. Reviews fall
//   on days 0, 7, ..., 56 (one buyer, R = 7); day 0 orders nothing (position =
//   target), day 7 orders 7 days of need (3 left), later reviews 10 days (stock 0
//   after the day's production, nothing on order). Defence: 7 x 0.125 + 7 x 1.25 =
//   9.625 t; wind (need 1, short on day 10, need halved from day 15): 7 + 10 +
//   6 x 5 = 47 t; together 56.625 t; every interval from day 7 on has a denial.
// - wind is short of dy on day 10, so its one buyer has switched by the end: 100%.
// The numbers are printed with two decimals, so they are compared as text.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::run_cli;
using testing::scratch_dir;

const std::string kScenario = R"([scenario]
name = "summary of the remedies"

[simulation]
horizon_days = 60
warmup_days = 0
report_interval_days = 10

[output]
quantiles = [0.05, 0.5, 0.95]

[[material]]
id = "dy"

[[regime]]
id = "open"
licence = "none"

[[industry]]
id = "wind"
need = { dy = 1.0 }
inventory_days = 10
review_days = 7
priority = 1
substitution = { dy = { delay_days = 5, need_factor = 0.5 } }

[[industry]]
id = "defence"
need = { dy = 0.125 }
inventory_days = 10
review_days = 7
priority = -1

[[stockpile]]
id = "eu_dy"
material = "dy"
tonnes = 3
release_to = ["defence"]

[[stockpile]]
id = "reserve"
material = "dy"
tonnes = 7
release_to = []

[[quota]]
material = "dy"
tonnes_per_period = 0
period_days = 30
)";

//! The first line of `text` that starts with `start`, without its newline.
std::string line_with(const std::string& text, const std::string& start) {
  const size_t at = ("\n" + text).find("\n" + start);
  if (at == std::string::npos) return "(no line starting with " + start + ")";
  return text.substr(at, text.find('\n', at) - at);
}

TEST(SummaryRemedies, PrintsTheStockpileTableQuotaAndSubstitutionLines) {
  const std::string dir = scratch_dir("summary_remedies");
  std::ofstream(dir + "/s.toml") << kScenario;
  const std::string file = dir + "/r.h5";
  const auto run =
      run_cli({"run", dir + "/s.toml", "-o", file, "-n", "20", "--quiet", "--backend", "cpu"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto s = run_cli({"summary", file});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("quantiles over paths P5, P50"), std::string::npos) << s.out;
  EXPECT_EQ(line_with(s.out, "stockpile "),
            "stockpile                       mean held           P5          P50   P(empty)");
  EXPECT_EQ(line_with(s.out, "eu_dy"),
            "eu_dy                              0.00 t       0.00 t       0.00 t     100.0%");
  EXPECT_EQ(line_with(s.out, "reserve"),
            "reserve                            7.00 t       7.00 t       7.00 t       0.0%");
  EXPECT_NE(s.out.find("  released (mean over the horizon): defence 3.00 t\n"), std::string::npos)
      << s.out;
  EXPECT_NE(s.out.find("  released (mean over the horizon): none\n"), std::string::npos) << s.out;
  EXPECT_EQ(line_with(s.out, "quota on dy"),
            "quota on dy: 56.62 t denied; largest P(denied in an interval) 100.0% (the interval "
            "from day 0)");
  EXPECT_EQ(line_with(s.out, "substitution wind"), "substitution wind / dy: 100.0% switched");
  EXPECT_EQ(s.out.find("substitution defence"), std::string::npos) << s.out;

  const auto csv = run_cli({"summary", "--csv", file});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  for (const char* row :
       {"\npoint,stockpile,remaining_mean_t,remaining_p5_t,remaining_p50_t,prob_empty_end\n",
        "\n0,eu_dy,0,0,0,1\n", "\n0,reserve,7,7,7,0\n", "\npoint,stockpile,industry,released_t\n",
        "\n0,eu_dy,defence,3\n", "\n0,eu_dy,wind,0\n",
        "\npoint,material,quota_denied_t,quota_prob_binding_max_interval\n", "\n0,dy,56.625,1\n",
        "\npoint,industry,material,substitution_share\n", "\n0,wind,dy,1\n"}) {
    EXPECT_NE(csv.out.find(row), std::string::npos) << row << " in:\n" << csv.out;
  }
}

TEST(SummaryRemedies, SweepOfTheStockpileSizePrintsEachPoint) {
  const std::string dir = scratch_dir("summary_remedies_sweep");
  std::ofstream(dir + "/s.toml") << kScenario;
  const std::string file = dir + "/r.h5";
  const auto run =
      run_cli({"run", dir + "/s.toml", "-o", file, "-n", "20", "--quiet", "--backend", "cpu",
               "--vary", "stockpile.eu_dy.tonnes=3,10", "--set", "output.quantiles=[0.5, 0.9]"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto s = run_cli({"summary", file});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  // Without 0.05 among the levels the lowest (P50) is printed, and no second column.
  EXPECT_NE(s.out.find("quantiles over paths P50)"), std::string::npos) << s.out;
  const size_t point1 = s.out.find("point 1:  stockpile.eu_dy.tonnes = 10");
  ASSERT_NE(point1, std::string::npos) << s.out;
  EXPECT_EQ(line_with(s.out, "eu_dy"),
            "eu_dy                              0.00 t       0.00 t                  100.0%");
  EXPECT_EQ(line_with(s.out.substr(point1), "eu_dy"),
            "eu_dy                              3.75 t       3.75 t                    0.0%");
  EXPECT_NE(s.out.find("defence 6.25 t"), std::string::npos) << s.out;

  const auto csv = run_cli({"summary", "--csv", file});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  for (const char* row :
       {"\npoint,stockpile.eu_dy.tonnes,stockpile,remaining_mean_t,remaining_p50_t,prob_empty_"
        "end\n",
        "\n1,10,eu_dy,3.75,3.75,0\n", "\n1,10,eu_dy,defence,6.25\n", "\n1,10,dy,56.625,1\n"}) {
    EXPECT_NE(csv.out.find(row), std::string::npos) << row << " in:\n" << csv.out;
  }
}

}  // namespace
}  // namespace chokepoint
