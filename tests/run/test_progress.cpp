// Progress of a run whose stderr is not a terminal (a log): one line per interval
// with paths done, rate and ETA; none with --quiet. The interval is set to 0 through
// CHOKEPOINT_PROGRESS_INTERVAL, so that every batch but the last gives a line and
// nothing depends on timing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "host/run/progress.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

std::vector<std::string> progress_lines(const std::string& err) {
  std::vector<std::string> lines;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("chokepoint: progress: ", 0) == 0) lines.push_back(line);
  }
  return lines;
}

class ProgressToALog : public ::testing::Test {
 protected:
  void SetUp() override { ::setenv("CHOKEPOINT_PROGRESS_INTERVAL", "0", 1); }
  void TearDown() override { ::unsetenv("CHOKEPOINT_PROGRESS_INTERVAL"); }

  // 2 points of 3000 paths in batches of 1024 (one CPU thread).
  testing::CliResult run(const std::string& dir, std::vector<std::string> extra) {
    std::vector<std::string> args = {
        "run",       source_path("tests/scenarios/binomial_licensing.toml"),
        "-o",        dir + "/p.h5",
        "-n",        "3000",
        "--backend", "cpu",
        "--threads", "1",
        "--vary",    "regime.required.approval_prob=0.3,0.6"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args);
  }
};

TEST_F(ProgressToALog, PrintsPathsRateAndEtaLineByLine) {
  const auto r = run(scratch_dir("progress_log"), {});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto lines = progress_lines(r.err);
  // Batches end at 1024, 2048, 3000 (point 1), 4024, 5048, 6000 (point 2); the last
  // gives no line, the run's "wrote" line follows.
  ASSERT_EQ(lines.size(), 5u) << r.err;
  EXPECT_EQ(lines[0].rfind("chokepoint: progress: point 1/2, 1,024 / 6,000 paths (17%), ", 0), 0u)
      << lines[0];
  EXPECT_EQ(lines[3].rfind("chokepoint: progress: point 2/2, 4,024 / 6,000 paths (67%), ", 0), 0u)
      << lines[3];
  for (const auto& line : lines) {
    EXPECT_NE(line.find(" paths/s, ETA "), std::string::npos) << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << line;  // no terminal redraws in a log
  }
  EXPECT_NE(r.err.find("chokepoint: wrote "), std::string::npos) << r.err;
}

TEST_F(ProgressToALog, QuietPrintsNothing) {
  const auto r = run(scratch_dir("progress_quiet"), {"--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

TEST(Progress, DurationsForPeople) {
  EXPECT_EQ(duration_text(0), "0 s");
  EXPECT_EQ(duration_text(119.4), "119 s");
  EXPECT_EQ(duration_text(600), "10 min");
  EXPECT_EQ(duration_text(5.5 * 3600), "5.5 h");
  EXPECT_EQ(group_thousands(1234567), "1,234,567");
}

}  // namespace
}  // namespace chokepoint
