// docs/model.md, "Randomness and determinism" on whole results files: the same scenario, seed and path count give
// identical datasets whatever the thread count (everywhere) and whatever the
// backend (CPU against CUDA, on a machine with a GPU). Only run-metadata
// attributes may differ; every dataset is compared bit for bit.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "tests/backend/gpu_skip.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/results_compare.hpp"

namespace chokepoint {
namespace {

using testing::expect_same_datasets;
using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

struct Case {
  std::string name;
  std::vector<std::string> args;  // scenario and options after "run"
};

//! The closed-form scenarios, the default scenario, the benchmark scenario, a
//! sweep (paired moments) and a run that stores every path.
std::vector<Case> cases() {
  std::vector<Case> all;
  for (const char* file : {"binomial_licensing", "geometric_ban", "gl_bypass", "gl_expiry",
                           "gl_none", "leontief", "permanent_ban", "scheduled_event"}) {
    all.push_back(
        {file, {source_path(std::string("tests/scenarios/") + file + ".toml"), "-n", "1000"}});
  }
  all.push_back({"default", {source_path("configs/rare_earths_2026.toml"), "-n", "3000"}});
  all.push_back({"bench", {source_path("bench/bench.toml"), "-n", "2000"}});
  all.push_back(
      {"sweep",
       {source_path("configs/rare_earths_2026.toml"), "-n", "500", "--vary",
        "regime.truce.approval_prob=0.5,0.9", "--vary", "industry.wind.inventory_days=30,90"}});
  all.push_back(
      {"save_paths", {source_path("configs/rare_earths_2026.toml"), "-n", "400", "--save-paths"}});
  return all;
}

void run_case(const Case& c, const std::string& out, const std::vector<std::string>& backend) {
  std::vector<std::string> args = {"run", "-o", out, "--quiet"};
  args.insert(args.end(), backend.begin(), backend.end());
  args.insert(args.end(), c.args.begin(), c.args.end());
  const auto r = run_cli(args);
  ASSERT_EQ(r.exit_code, 0) << c.name << ": " << r.err;
}

TEST(ResultsIdentity, ThreadCountDoesNotChangeAnyDataset) {
  const std::string dir = scratch_dir("identity_threads");
  for (const Case& c : {cases()[1], cases()[9], cases()[10]}) {
    SCOPED_TRACE(c.name);
    run_case(c, dir + "/one.h5", {"--backend", "cpu", "--threads", "1"});
    run_case(c, dir + "/two.h5", {"--backend", "cpu", "--threads", "2"});
    EXPECT_GT(expect_same_datasets(dir + "/one.h5", dir + "/two.h5"), 30);
  }
}

// The comparison itself: two seeds must not compare equal.
TEST(ResultsIdentity, ComparisonSeesADifferentSeed) {
  const std::string dir = scratch_dir("identity_seed");
  const Case c = cases()[0];
  run_case(c, dir + "/a.h5", {"--backend", "cpu"});
  run_case(c, dir + "/b.h5", {"--backend", "cpu", "--seed", "8"});
  ::testing::TestPartResultArray failures;
  {
    const ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
    expect_same_datasets(dir + "/a.h5", dir + "/b.h5");
  }
  bool mean_reported = false;
  for (int k = 0; k < failures.size(); ++k) {
    mean_reported |=
        std::string(failures.GetTestPartResult(k).message()).find("lost_output/mean differs") !=
        std::string::npos;
  }
  EXPECT_TRUE(mean_reported);
  EXPECT_GT(failures.size(), 5);
}

TEST(ResultsIdentity, CudaAndCpuWriteIdenticalDatasets) {
  CHOKEPOINT_SKIP_WITHOUT_GPU();
  const std::string dir = scratch_dir("identity_backends");
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    run_case(c, dir + "/cpu.h5", {"--backend", "cpu"});
    run_case(c, dir + "/cuda.h5", {"--backend", "cuda"});
    EXPECT_GT(expect_same_datasets(dir + "/cpu.h5", dir + "/cuda.h5"), 30);
  }
  // The same with the per-path columns reduced on the host, as for runs whose
  // columns do not fit in GPU memory.
  ::setenv("CHOKEPOINT_CUDA_HOST_COLUMNS", "1", 1);
  const Case c = cases()[9];
  run_case(c, dir + "/cpu.h5", {"--backend", "cpu"});
  run_case(c, dir + "/cuda.h5", {"--backend", "cuda"});
  ::unsetenv("CHOKEPOINT_CUDA_HOST_COLUMNS");
  EXPECT_GT(expect_same_datasets(dir + "/cpu.h5", dir + "/cuda.h5"), 30);
}

}  // namespace
}  // namespace chokepoint
