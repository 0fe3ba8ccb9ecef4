// The remedies' input through the binary: bad stockpiles, quotas, priorities and
// substitutions exit with code 2 and write nothing; validate prints the remedies
// and its output validates again to the same text; --set and --vary reach them.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::file_exists;
using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

// Files of tests/bad_scenarios/ that break a rule of the remedies.
const std::vector<std::string> kBadRemedies = {
    "priority_fraction",
    "quota_overlapping_regimes",
    "quota_period_fractional",
    "quota_tonnes_negative",
    "stockpile_rate_negative",
    "stockpile_refill_nan",
    "stockpile_release_to_not_needed",
    "stockpile_release_to_unknown_industry",
    "stockpile_tonnes_nan",
    "stockpile_tonnes_negative",
    "stockpile_unknown_material",
    "stockpile_unknown_regime",
    "substitution_delay_fractional",
    "substitution_factor_above_one",
    "substitution_material_not_needed",
    "sweep_key_stockpile_unknown",
    "unknown_key_quota",
    "unknown_key_stockpile",
};

TEST(RemediesInputCli, BadRemediesExitTwoAndWriteNothing) {
  const std::string dir = scratch_dir("remedies_bad");
  for (const std::string& name : kBadRemedies) {
    SCOPED_TRACE(name);
    const std::string file = source_path("tests/bad_scenarios/" + name + ".toml");
    const std::string out = dir + "/" + name + ".h5";
    const auto r = run_cli({"run", file, "-o", out, "--quiet", "--backend", "cpu", "-n", "10"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(name + ".toml:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("expected"), std::string::npos) << r.err;
    EXPECT_FALSE(file_exists(out));
    EXPECT_EQ(run_cli({"validate", file}).exit_code, 2);
  }
}

const std::string kScenario = R"([scenario]
name = "remedies through the binary"

[simulation]
horizon_days = 60

[[material]]
id = "dy"

[[regime]]
id = "open"

[[regime]]
id = "closed"
licence = "banned"

[[industry]]
id = "wind"
need = { dy = 1.0 }
inventory_days = 10
review_days = 5
priority = 1
substitution = { dy = { delay_days = 20, need_factor = 0.5 } }

[[industry]]
id = "defence"
need = { dy = 0.1 }
inventory_days = 30
review_days = 7
priority = -1

[[stockpile]]
id = "eu_dy"
material = "dy"
tonnes = 50
release_to = ["defence"]
release_regimes = ["closed"]

[[quota]]
material = "dy"
tonnes_per_period = 20
period_days = 30
regimes = ["open"]
)";

TEST(RemediesInputCli, ValidatePrintsTheRemediesAndRoundTrips) {
  const std::string dir = scratch_dir("remedies_validate");
  std::ofstream(dir + "/s.toml") << kScenario;
  const auto first = run_cli({"validate", dir + "/s.toml"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  for (const char* line : {"priority = 1\n", "priority = -1\n",
                           "substitution = { dy = { delay_days = 20, need_factor = 0.5 } }\n",
                           "[[stockpile]]\n", "release_to = [\"defence\"]\n",
                           "max_release_tonnes_per_day = inf\n", "release_regimes = [\"closed\"]\n",
                           "[[quota]]\n", "tonnes_per_period = 20\n", "regimes = [\"open\"]\n"}) {
    EXPECT_NE(first.out.find(line), std::string::npos) << line << " in:\n" << first.out;
  }
  std::ofstream(dir + "/again.toml") << first.out;
  const auto second = run_cli({"validate", dir + "/again.toml"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
}

TEST(RemediesInputCli, SetAndVaryReachTheRemedies) {
  const std::string dir = scratch_dir("remedies_set");
  std::ofstream(dir + "/s.toml") << kScenario;
  auto r = run_cli({"validate", dir + "/s.toml", "--set", "stockpile.eu_dy.tonnes=75", "--set",
                    "quota.0.period_days=10", "--set", "industry.wind.priority=-5", "--set",
                    "industry.wind.substitution.dy.need_factor=0.25"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* line :
       {"tonnes = 75\n", "period_days = 10\n", "priority = -5\n", "need_factor = 0.25 }"}) {
    EXPECT_NE(r.out.find(line), std::string::npos) << line << " in:\n" << r.out;
  }
  r = run_cli({"validate", dir + "/s.toml", "--vary", "stockpile.eu_dy.tonnes=0:150:50", "--vary",
               "industry.defence.substitution.dy.delay_days=0,30", "--set",
               "industry.defence.substitution.dy={ delay_days = 0, need_factor = 0.8 }"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("(8 sweep points)"), std::string::npos) << r.err;

  r = run_cli({"validate", dir + "/s.toml", "--vary", "stockpile.eu_dy.tonnes=100,-1"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("value -1 (sweep point 1): -1 is negative; expected tonnes held on day 0"),
            std::string::npos)
      << r.err;
  r = run_cli({"validate", dir + "/s.toml", "--vary", "stockpile.us_dy.tonnes=100,200"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such address; did you mean stockpile.eu_dy.tonnes?"), std::string::npos)
      << r.err;
  r = run_cli({"validate", dir + "/s.toml", "--set", "quota.1.tonnes_per_period=5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such address"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace chokepoint
