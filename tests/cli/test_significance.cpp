// Digits and z scores of `summary` (host/cli/significance.hpp) and the standard
// error of P(short) in results and summary.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "host/cli/significance.hpp"
#include "host/results/hdf5_file.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

TEST(Significance, DecimalsShowTwoDigitsOfTheSmallestError) {
  EXPECT_EQ(percent_decimals({}, 3), 3);
  EXPECT_EQ(percent_decimals({0.0, std::nan("")}, 1), 1);
  EXPECT_EQ(percent_decimals({0.01}, 1), 1);        // 1 % -> "1.0"
  EXPECT_EQ(percent_decimals({0.0012}, 1), 2);      // 0.12 %
  EXPECT_EQ(percent_decimals({0.01, 1e-6}, 3), 5);  // 0.0001 % -> "0.00010"
  EXPECT_EQ(percent_decimals({1e-12}, 3), 8);       // capped
  // A change of 9 standard errors prints with its digits, not as +0.000 %.
  const double se = 3e-7, change = 9 * se;
  const int d = percent_decimals({se}, 3);
  char text[32];
  std::snprintf(text, sizeof text, "%+.*f", d, 100 * change);
  EXPECT_EQ(std::string(text), "+0.000270");
  EXPECT_DOUBLE_EQ(z_score(change, se), 9.0);
  EXPECT_TRUE(std::isnan(z_score(0.1, 0.0)));
  EXPECT_TRUE(std::isnan(z_score(0.1, std::nan(""))));
}

// lost_output/prob_any_stderr is sqrt(p (1 - p) / N) of lost_output/prob_any,
// and summary prints it beside P(short). (Threshold 0.9: industry i is short on
// about 13 % of paths, so the error is not 0.)
TEST(Significance, ProbAnyStandardErrorInFileAndSummary) {
  const std::string dir = scratch_dir("significance_prob_se");
  const std::string out = dir + "/o.h5";
  const auto r = run_cli({"run", source_path("tests/scenarios/licence_overrides.toml"), "-n", "400",
                          "--quiet", "-o", out, "--set", "output.shortage_threshold=0.9"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Hdf5File f = Hdf5File::open_read(out);
  const auto p = f.read_doubles("lost_output/prob_any");
  const auto se = f.read_doubles("lost_output/prob_any_stderr");
  ASSERT_EQ(se.size(), p.size());
  EXPECT_EQ(f.shape("lost_output/prob_any_stderr"), f.shape("lost_output/prob_any"));
  EXPECT_EQ(f.read_string_attribute("lost_output/prob_any_stderr", "units"), "1");
  bool some_between = false;
  for (size_t k = 0; k < p.size(); ++k) {
    EXPECT_NEAR(se[k], std::sqrt(p[k] * (1 - p[k]) / 400), 1e-15);
    some_between = some_between || (p[k] > 0 && p[k] < 1);
  }
  EXPECT_TRUE(some_between) << "the check needs a P(short) strictly between 0 and 1";
  const auto s = run_cli({"summary", out, "--csv"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find(",prob_any_shortage,prob_any_shortage_stderr\n"), std::string::npos)
      << s.out;
}

}  // namespace
}  // namespace chokepoint
