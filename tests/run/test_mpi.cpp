// Runs shared by MPI ranks, through the binary under mpirun (ranks
// oversubscribed on small machines): the results datasets are identical for
// any rank count and to a single process; bad input is reported once with exit
// code 2 and no file; a rank that fails stops every rank with exit code 1, one
// message and no file. Skipped, saying so, when built without MPI or when no
// mpirun is found.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "host/results/hdf5_file.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/results_compare.hpp"
#include "tests/support/run_command.hpp"

namespace chokepoint {
namespace {

using testing::expect_same_datasets;
using testing::file_exists;
using testing::run_cli;
using testing::run_command;
using testing::scratch_dir;
using testing::source_path;

#define SKIP_WITHOUT_MPI()                                         \
  do {                                                             \
    const std::string why = testing::mpi_unavailable();            \
    if (!why.empty()) GTEST_SKIP() << why << ": MPI test skipped"; \
  } while (0)

int count_of(const std::string& text, const std::string& part) {
  int n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

int64_t ranks_attribute(const std::string& file) {
  return Hdf5File::open_read(file).read_integer_attribute("/", "ranks");
}

void expect_identical_over_ranks(const std::string& name, const std::vector<std::string>& args,
                                 const std::vector<int>& rank_counts) {
  SCOPED_TRACE(name);
  const std::string dir = scratch_dir("mpi_" + name);
  std::vector<std::string> single = {"run", "-o", dir + "/single.h5", "--quiet", "--threads", "1"};
  single.insert(single.end(), args.begin(), args.end());
  const auto r = run_cli(single);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ranks_attribute(dir + "/single.h5"), 1);
  for (int n : rank_counts) {
    const std::string out = dir + "/ranks" + std::to_string(n) + ".h5";
    std::vector<std::string> command = testing::mpirun(n);
    for (const std::string& a :
         {testing::binary_path(), std::string("run"), std::string("-o"), out,
          std::string("--quiet"), std::string("--threads"), std::string("1")}) {
      command.push_back(a);
    }
    command.insert(command.end(), args.begin(), args.end());
    const auto m = run_command(command);
    ASSERT_EQ(m.exit_code, 0) << n << " ranks: " << m.err;
    EXPECT_EQ(ranks_attribute(out), n);
    EXPECT_GT(expect_same_datasets(dir + "/single.h5", out), 25) << n << " ranks";
  }
}

TEST(MpiRanks, ClosedFormScenarioIsIdenticalForOneToSevenRanks) {
  SKIP_WITHOUT_MPI();
  expect_identical_over_ranks("closed_form",
                              {source_path("tests/scenarios/binomial_licensing.toml"), "-n", "701"},
                              {1, 2, 3, 7});
}

TEST(MpiRanks, DefaultScenarioIsIdenticalForTwoAndThreeRanks) {
  SKIP_WITHOUT_MPI();
  expect_identical_over_ranks("default",
                              {source_path("configs/rare_earths_2026.toml"), "-n", "160"}, {2, 3});
}

TEST(MpiRanks, SweepWithPairedFiguresIsIdenticalForTwoAndThreeRanks) {
  SKIP_WITHOUT_MPI();
  expect_identical_over_ranks(
      "sweep",
      {source_path("configs/rare_earths_2026.toml"), "-n", "80", "--vary",
       "regime.truce.approval_prob=0.5,0.9", "--vary", "industry.wind.inventory_days=30,90"},
      {2, 3});
}

TEST(MpiRanks, ReplayedOrderStatisticsAreIdenticalOverRanks) {
  SKIP_WITHOUT_MPI();
  expect_identical_over_ranks(
      "replay", {source_path("bench/replay.toml"), "-n", "6000", "--memory-budget", "1500kB"},
      {2, 3});
  // The ranks did replay (the single process above fitted in memory).
  const std::string dir = scratch_dir("mpi_replay_method");
  std::vector<std::string> command = testing::mpirun(2);
  for (const std::string& a :
       {testing::binary_path(), std::string("run"), source_path("bench/replay.toml"),
        std::string("-n"), std::string("6000"), std::string("--memory-budget"),
        std::string("1500kB"), std::string("-o"), dir + "/out.h5"}) {
    command.push_back(a);
  }
  const auto r = run_command(command);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_of(r.err, "order statistics: counting passes over replayed paths"), 1) << r.err;
  EXPECT_EQ(count_of(r.err, "chokepoint: wrote"), 1) << r.err;  // rank 0 alone speaks
}

TEST(MpiRanks, BadScenarioIsReportedOnceWithExitTwoAndNoFile) {
  SKIP_WITHOUT_MPI();
  const std::string dir = scratch_dir("mpi_bad");
  std::vector<std::string> command = testing::mpirun(2);
  for (const std::string& a :
       {testing::binary_path(), std::string("run"),
        source_path("tests/bad_scenarios/next_sum.toml"), std::string("-o"), dir + "/out.h5"}) {
    command.push_back(a);
  }
  const auto r = run_command(command);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(count_of(r.err, "chokepoint: error:"), 1) << r.err;
  EXPECT_FALSE(file_exists(dir + "/out.h5"));
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(MpiRanks, AFailingRankStopsEveryRankWithExitOneAndNoFile) {
  SKIP_WITHOUT_MPI();
  const std::string dir = scratch_dir("mpi_fail");
  for (int failing : {0, 2}) {
    std::vector<std::string> command = {"env",
                                        "CHOKEPOINT_TEST_FAIL_RANK=" + std::to_string(failing)};
    for (const std::string& a : testing::mpirun(3)) command.push_back(a);
    command.push_back("-x");
    command.push_back("CHOKEPOINT_TEST_FAIL_RANK");
    for (const std::string& a :
         {testing::binary_path(), std::string("run"), source_path("bench/replay.toml"),
          std::string("-n"), std::string("3000"), std::string("-o"), dir + "/out.h5"}) {
      command.push_back(a);
    }
    const auto r = run_command(command);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(count_of(r.err, "chokepoint: failed:"), 1) << r.err;
    EXPECT_NE(r.err.find("rank " + std::to_string(failing) + " of 3"), std::string::npos) << r.err;
    EXPECT_TRUE(std::filesystem::is_empty(dir)) << "a file or temporary was left";
  }
}

// The test hook works in one process too (rank 0): exit 1, nothing written.
TEST(MpiRanks, FailureHookInOneProcess) {
  const std::string dir = scratch_dir("mpi_fail_single");
  const auto r =
      run_command({"env", "CHOKEPOINT_TEST_FAIL_RANK=0", testing::binary_path(), "run",
                   source_path("bench/replay.toml"), "-n", "100", "-o", dir + "/out.h5"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("CHOKEPOINT_TEST_FAIL_RANK"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

}  // namespace
}  // namespace chokepoint
