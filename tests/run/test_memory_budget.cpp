// --memory-budget: a budget below what a point's per-path columns take makes
// the run count and replay its paths instead, with results identical to the
// in-memory method bit for bit (one point, and a sweep with paired figures);
// the run says which method it uses; a budget too small to run at all, or
// not a size, is refused with exit code 2 and no file; and a replayed run's
// peak resident memory stays within the budget plus the binary's fixed
// overhead, measured as the peak of a run of the same options whose columns
// are negligible.
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

std::vector<std::string> bench_run(const std::string& out, const std::string& paths) {
  return {"run", source_path("bench/replay.toml"), "-n", paths, "-o", out, "--threads", "2"};
}

TEST(MemoryBudget, ReplayGivesTheInMemoryResultsExactly) {
  const std::string dir = scratch_dir("budget_identity");
  // 60,000 paths hold 0.7 MB of columns: beyond 1.2 MB with the fixed part.
  auto in_memory = bench_run(dir + "/memory.h5", "60000");
  auto r = run_cli(in_memory);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("order statistics: in memory"), std::string::npos) << r.err;
  auto replayed = bench_run(dir + "/replay.h5", "60000");
  replayed.insert(replayed.end(), {"--memory-budget", "1200kB"});
  r = run_cli(replayed);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("order statistics: counting passes over replayed paths"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("replay pass"), std::string::npos) << r.err;
  EXPECT_GT(expect_same_datasets(dir + "/memory.h5", dir + "/replay.h5"), 25);
}

TEST(MemoryBudget, ReplayOfASweepKeepsThePairedFigures) {
  const std::string dir = scratch_dir("budget_sweep");
  const std::vector<std::string> sweep = {"--vary", "regime.restricted.approval_prob=0.4,0.8",
                                          "--vary", "industry.motors.inventory_days=30,60"};
  auto in_memory = bench_run(dir + "/memory.h5", "20000");
  in_memory.insert(in_memory.end(), sweep.begin(), sweep.end());
  ASSERT_EQ(run_cli(in_memory).exit_code, 0);
  auto replayed = bench_run(dir + "/replay.h5", "20000");
  replayed.insert(replayed.end(), sweep.begin(), sweep.end());
  replayed.insert(replayed.end(), {"--memory-budget", "1900kB"});
  const auto r = run_cli(replayed);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("counting passes over replayed paths"), std::string::npos) << r.err;
  EXPECT_GT(expect_same_datasets(dir + "/memory.h5", dir + "/replay.h5"), 30);
}

TEST(MemoryBudget, TooSmallOrNotASizeIsRefusedWithNothingWritten) {
  const std::string dir = scratch_dir("budget_refused");
  for (const char* budget : {"10kB", "abc", "0", "-5MB", "12XB", "1e3"}) {
    auto args = bench_run(dir + "/out.h5", "1000");
    args.insert(args.end(), {"--memory-budget", budget});
    const auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 2) << budget << ": " << r.err;
    EXPECT_NE(r.err.find("--memory-budget"), std::string::npos) << r.err;
    EXPECT_FALSE(file_exists(dir + "/out.h5"));
  }
}

#if defined(__SANITIZE_ADDRESS__)
#define CHOKEPOINT_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHOKEPOINT_UNDER_ASAN 1
#endif
#endif

TEST(MemoryBudget, ReplayedRunStaysWithinTheBudgetPlusTheFixedOverhead) {
#ifdef CHOKEPOINT_UNDER_ASAN
  GTEST_SKIP() << "AddressSanitizer's shadow memory makes resident sizes meaningless";
#else
  const std::string dir = scratch_dir("budget_rss");
  const auto run = [&](const std::string& paths, const std::string& budget) {
    std::vector<std::string> args = {testing::binary_path()};
    for (const auto& a : bench_run(dir + "/out.h5", paths)) args.push_back(a);
    args.insert(args.end(), {"--memory-budget", budget, "--quiet"});
    const auto r = run_command(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.peak_rss_bytes;
  };
  // The binary's fixed overhead: a run with the same batches and counters and
  // columns of 4096 paths (50 kB), in memory.
  const int64_t overhead = run("4096", "100MB");
  // 300,000 paths would hold 3.6 MB of columns; the budget allows 1.2 MB.
  const int64_t budget = 1200 * 1000;
  const int64_t replayed = run("300000", "1200kB");
  const int64_t in_memory = run("300000", "100MB");
  RecordProperty("overhead_bytes", std::to_string(overhead));
  RecordProperty("replayed_peak_bytes", std::to_string(replayed));
  RecordProperty("in_memory_peak_bytes", std::to_string(in_memory));
  EXPECT_LE(replayed, overhead + budget) << "overhead " << overhead;
  // The in-memory run of the same paths holds its columns, and would fail
  // the bound above: the bound can tell.
  EXPECT_GT(in_memory, overhead + budget);
#endif
}

}  // namespace
}  // namespace chokepoint
