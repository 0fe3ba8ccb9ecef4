// `summary --diff A B`: the header names the swept values at both points, --csv
// gives CSV with the same figures, and a diff of a point with itself or with a
// point that does not exist is refused (exit code 2, one line).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) parts.push_back(part);
  return parts;
}

class SummaryDiff : public ::testing::Test {
 protected:
  // CTest runs each test of the suite in its own process, in parallel: each
  // process writes the suite's files into a folder of its own.
  static void SetUpTestSuite() {
    dir_ = new std::string(scratch_dir("summary_diff_" + std::to_string(::getpid())));
    const auto r = run_cli({"run", source_path("tests/scenarios/binomial_licensing.toml"), "-n",
                            "300", "--quiet", "--backend", "cpu", "-o", sweep(), "--vary",
                            "regime.required.approval_prob=0.3,0.4", "--vary",
                            "industry.ind.inventory_days=0,5"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto one = run_cli({"run", source_path("tests/scenarios/binomial_licensing.toml"), "-n",
                              "100", "--quiet", "--backend", "cpu", "-o", single()});
    ASSERT_EQ(one.exit_code, 0) << one.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string sweep() { return *dir_ + "/sweep.h5"; }
  static std::string single() { return *dir_ + "/single.h5"; }
  static std::string* dir_;
};

std::string* SummaryDiff::dir_ = nullptr;

TEST_F(SummaryDiff, HeaderNamesTheSweptValuesOfBothPoints) {
  const auto r = run_cli({"summary", sweep(), "--diff", "0", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("change from point 0 (regime.required.approval_prob=0.3, "
                        "industry.ind.inventory_days=0) to point 3 "
                        "(regime.required.approval_prob=0.4, industry.ind.inventory_days=5)\n"
                        "300 paired paths (common random numbers)\n",
                        0),
            0u)
      << r.out;
}

TEST_F(SummaryDiff, CsvHasTheFiguresOfTheTable) {
  const auto csv = run_cli({"summary", sweep(), "--diff", "1", "2", "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  const auto lines = split(csv.out, '\n');
  ASSERT_EQ(lines.size(), 2u) << csv.out;
  EXPECT_EQ(lines[0],
            "point_a,point_b,industry,lost_output_mean_a,lost_output_mean_b,lost_output_change,"
            "lost_output_change_stderr_paired,lost_output_change_stderr_unpaired,"
            "prob_any_shortage_a,prob_any_shortage_b,prob_any_shortage_change,"
            "prob_any_shortage_change_stderr_paired,prob_any_shortage_change_stderr_unpaired,"
            "lost_output_change_z,prob_any_shortage_change_z");
  const auto fields = split(lines[1], ',');
  ASSERT_EQ(fields.size(), 15u) << lines[1];
  // z is the change over its paired error.
  EXPECT_NEAR(std::stod(fields[13]), std::stod(fields[5]) / std::stod(fields[6]),
              1e-6 * std::fabs(std::stod(fields[13])));
  EXPECT_EQ(fields[0], "1");
  EXPECT_EQ(fields[1], "2");
  EXPECT_EQ(fields[2], "ind");
  // The change is B - A (to the printed digits), and the table shows the same in %.
  const double a = std::stod(fields[3]), b = std::stod(fields[4]), change = std::stod(fields[5]);
  EXPECT_NEAR(change, b - a, 1e-8);
  EXPECT_GT(std::stod(fields[6]), 0.0);
  const auto table = run_cli({"summary", sweep(), "--diff", "1", "2"});
  std::istringstream row(table.out.substr(table.out.find("\nind ") + 1));
  std::string name, mean_a, mean_b, table_change;
  row >> name >> mean_a >> mean_b >> table_change;
  EXPECT_NEAR(std::stod(table_change), 100 * change, 5e-4) << table.out;
}

TEST_F(SummaryDiff, PointsThatCannotBeComparedAreRefused) {
  auto r = run_cli({"summary", sweep(), "--diff", "2", "2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "chokepoint: error: --diff 2 2: a point compared with itself; expected two different "
            "points from 0 to 3\n");
  r = run_cli({"summary", sweep(), "--diff", "0", "4"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "chokepoint: error: --diff 0 4: " + sweep() +
                       " has no point 4; expected points from 0 to 3\n");
  r = run_cli({"summary", single(), "--diff", "0", "0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("has a single point (no sweep)"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("n/a"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace chokepoint
