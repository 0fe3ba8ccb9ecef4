// Policy sweeps through the binary (docs/scenario-reference.md "Sweeps", docs/results-format.md `point`, `sweep/`):
// point order and values, common random numbers, agreement with --set runs,
// paired errors, and errors that name the point.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "host/results/hdf5_file.hpp"
#include "host/statistics/paired_moments.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

const std::string kBinomial = "tests/scenarios/binomial_licensing.toml";

Hdf5File run_to(const std::string& out, std::vector<std::string> args) {
  args.insert(args.begin(), {"run", "-o", out, "--quiet", "--backend", "cpu"});
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return Hdf5File::open_read(out);
}

// Each day's order in tests/scenarios/binomial_licensing.toml is approved iff
// its own uniform draw is below the approval probability (the draw does not
// depend on it: common random numbers), so a path's shortage days can only fall
// as approvals rise. Path by path, and so for means and every quantile.
TEST(Sweeps, LostOutputFallsPathByPathAsApprovalsRise) {
  const std::string dir = scratch_dir("sweep_monotone");
  const Hdf5File f = run_to(dir + "/s.h5", {source_path(kBinomial), "-n", "500", "--save-paths",
                                            "--vary", "regime.required.approval_prob=0.1:0.9:0.2"});
  EXPECT_EQ(f.read_doubles("sweep/regime.required.approval_prob"),
            (std::vector<double>{0.1, 0.3, 0.5, 0.7, 0.9}));
  const auto days = f.read_integers("paths/shortage_days");  // [P, N, I = 1]
  ASSERT_EQ(days.size(), 5u * 500u);
  for (size_t p = 1; p < 5; ++p) {
    for (size_t k = 0; k < 500; ++k) ASSERT_LE(days[p * 500 + k], days[(p - 1) * 500 + k]) << k;
  }
  const auto mean = f.read_doubles("lost_output/mean");
  const auto q = f.read_doubles("lost_output/quantiles");  // [5, 1, Q = 5]
  for (size_t p = 1; p < 5; ++p) {
    EXPECT_LT(mean[p], mean[p - 1]);
    for (size_t j = 0; j < 5; ++j) EXPECT_LE(q[p * 5 + j], q[(p - 1) * 5 + j]);
  }
  // The paired error of a difference is far below the unpaired one here: the
  // paths move together. (Both computed from the stored moments.)
  const auto sd = f.read_doubles("lost_output/std");
  const auto cov = f.read_doubles("paired/lost_output_cov");  // [5, 5, 1]
  const double paired = paired_stderr(sd[1] * sd[1], sd[2] * sd[2], cov[1 * 5 + 2], 500);
  const double unpaired = std::sqrt((sd[1] * sd[1] + sd[2] * sd[2]) / 500);
  EXPECT_LT(paired, 0.8 * unpaired);
}

TEST(Sweeps, TwoDimensionalSweepOrdersPointsLastFastest) {
  const std::string dir = scratch_dir("sweep_2d");
  const Hdf5File f = run_to(dir + "/s.h5", {source_path(kBinomial), "-n", "50", "--vary",
                                            "regime.required.approval_prob=0.2,0.6", "--vary",
                                            "industry.ind.target_days=1:3:1"});
  EXPECT_EQ(f.read_doubles("sweep/regime.required.approval_prob"),
            (std::vector<double>{0.2, 0.2, 0.2, 0.6, 0.6, 0.6}));
  EXPECT_EQ(f.read_doubles("sweep/industry.ind.target_days"),
            (std::vector<double>{1, 2, 3, 1, 2, 3}));
  EXPECT_EQ(f.read_integers("point"), (std::vector<int64_t>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(f.shape("lost_output/quantiles"), (std::vector<uint64_t>{6, 1, 5}));
  EXPECT_EQ(f.read_string_attribute("/", "sweep_keys"),
            "regime.required.approval_prob,industry.ind.target_days");
  const auto s = run_cli({"summary", dir + "/s.h5"});
  EXPECT_NE(
      s.out.find("point 5:  regime.required.approval_prob = 0.6  industry.ind.target_days = 3"),
      std::string::npos)
      << s.out;
}

// Point k of a sweep is, dataset for dataset, the run with --set of point k's values.
TEST(Sweeps, PointEqualsTheSingleRunWithSet) {
  const std::string dir = scratch_dir("sweep_vs_set");
  const std::string scenario = source_path("configs/rare_earths_2026.toml");
  const Hdf5File sweep = run_to(
      dir + "/sweep.h5", {scenario, "-n", "300", "--vary", "regime.truce.approval_prob=0.5,0.9",
                          "--vary", "industry.automotive_other.inventory_days=20,60"});
  const Hdf5File single =
      run_to(dir + "/single.h5", {scenario, "-n", "300", "--set", "regime.truce.approval_prob=0.9",
                                  "--set", "industry.automotive_other.inventory_days=20"});
  const int64_t point = 2;  // (0.9, 20)
  for (const std::string path :
       {"lost_output/mean", "lost_output/std", "lost_output/quantiles", "lost_output/cvar",
        "lost_output/histogram", "lost_output/prob_any", "shortage_days/quantiles",
        "first_shortage/survival", "shortfall/mean", "shortfall/quantiles", "joint/prob_at_least",
        "unmet_tonnes/mean", "regime_occupancy"}) {
    const auto all = sweep.read_doubles(path);
    const auto one = single.read_doubles(path);
    ASSERT_EQ(all.size(), 4 * one.size()) << path;
    for (size_t k = 0; k < one.size(); ++k) {
      ASSERT_EQ(all[static_cast<size_t>(point) * one.size() + k], one[k]) << path << " " << k;
    }
  }
  // The regime chain has its own stream: identical at every point.
  const auto occupancy = sweep.read_doubles("regime_occupancy");
  const size_t R = occupancy.size() / 4;
  for (size_t p = 1; p < 4; ++p) {
    for (size_t r = 0; r < R; ++r) EXPECT_EQ(occupancy[p * R + r], occupancy[r]);
  }
}

TEST(Sweeps, SweepTablesInTheScenarioAndOverridesOfSet) {
  const std::string dir = scratch_dir("sweep_table");
  std::ifstream in(source_path(kBinomial));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text += "\n[[sweep]]\nkey = \"regime.required.approval_prob\"\nvalues = [0.25, 0.75]\n";
  std::ofstream(dir + "/with_sweep.toml") << text;
  // A swept key overrides a --set of the same key.
  const Hdf5File f = run_to(dir + "/s.h5", {dir + "/with_sweep.toml", "-n", "50", "--set",
                                            "regime.required.approval_prob=0.5"});
  EXPECT_EQ(f.read_doubles("sweep/regime.required.approval_prob"),
            (std::vector<double>{0.25, 0.75}));
}

TEST(Sweeps, BadSweepsAreRefusedBeforeAnythingRuns) {
  const std::string dir = scratch_dir("sweep_bad");
  const std::string scenario = source_path(kBinomial);
  auto r = run_cli(
      {"run", scenario, "-o", dir + "/x.h5", "--vary", "regime.required.approval_pro=0.1,0.2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("regime.required.approval_prob"), std::string::npos) << r.err;
  // The option is named once, not at a point.
  EXPECT_EQ(r.err.rfind("chokepoint: error: --vary regime.required.approval_pro=0.1,0.2: no such "
                        "address; did you mean regime.required.approval_prob?",
                        0),
            0u)
      << r.err;
  // A bad value names the option, the value and the point, not --set or the file.
  r = run_cli(
      {"run", scenario, "-o", dir + "/x.h5", "--vary", "regime.required.approval_prob=0.5,1.5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "chokepoint: error: --vary regime.required.approval_prob=0.5,1.5, value 1.5 (sweep "
            "point 1): 1.5 is outside [0, 1]; expected a probability between 0 and 1\n");
  r = run_cli({"run", scenario, "-o", dir + "/x.h5", "--vary", "simulation.seed=1,2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--vary simulation.seed=1,2: simulation.seed cannot be swept"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(testing::file_exists(dir + "/x.h5"));
}

TEST(Sweeps, ErrorsInSweepValuesOfTheFileNameTheSweepTable) {
  const std::string dir = scratch_dir("sweep_bad_file");
  const std::string scenario = dir + "/s.toml";
  std::ifstream in(source_path(kBinomial));
  std::stringstream text;
  text << in.rdbuf() << "\n[[sweep]]\nkey = \"regime.required.approval_prob\"\nvalues = [0.5, 2]\n";
  std::ofstream(scenario) << text.str();
  const auto r = run_cli({"run", scenario, "-o", dir + "/x.h5"});
  EXPECT_EQ(r.exit_code, 2);
  // The line of the [[sweep]] table in the file, the key, the value and the point.
  const std::string head = text.str().substr(0, text.str().find("[[sweep]]"));
  const auto line = std::count(head.begin(), head.end(), '\n') + 1;
  EXPECT_EQ(r.err, "chokepoint: error: " + scenario + ":" + std::to_string(line) +
                       ":1: sweep[0] (regime.required.approval_prob), value 2 (sweep point 1): 2 "
                       "is outside [0, 1]; expected a probability between 0 and 1\n");
  EXPECT_FALSE(testing::file_exists(dir + "/x.h5"));
}

TEST(Sweeps, SummaryDiffReportsPairedErrors) {
  const std::string dir = scratch_dir("sweep_diff");
  run_to(dir + "/s.h5",
         {source_path(kBinomial), "-n", "400", "--vary", "regime.required.approval_prob=0.3,0.4"});
  const auto r = run_cli({"summary", dir + "/s.h5", "--diff", "0", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("±paired"), std::string::npos) << r.out;
  // Each day is short iff its draw is >= p, so E[L(0.4) - L(0.3)] = -0.1
  // exactly; the printed change (in %) lies within 4 of its paired errors.
  const auto row = r.out.find("\nind ");
  ASSERT_NE(row, std::string::npos) << r.out;
  std::istringstream fields(r.out.substr(row + 1));
  std::string name, mean_a, mean_b, change, paired;
  fields >> name >> mean_a >> mean_b >> change >> paired;
  const double delta = std::stod(change), error = std::stod(paired);
  EXPECT_GT(error, 0.0);
  EXPECT_NEAR(delta, -10.0, 4 * error) << r.out;
  EXPECT_EQ(run_cli({"summary", dir + "/s.h5", "--diff", "0", "7"}).exit_code, 2);
}

}  // namespace
}  // namespace chokepoint
