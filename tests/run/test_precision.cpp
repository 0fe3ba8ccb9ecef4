// Runs that stop at a target precision (docs/analysis.md, "Runs that stop at a
// target precision"): the stop is the first checkpoint from the second on
// where every target holds, recomputed here from the saved per-path values by
// independent code; the datasets are exactly those of a run of that many paths
// (threads, batches, the replay method, sweeps, MPI ranks); the maximum; the
// rule for relative targets on figures that are 0 on every path; Wilson's
// half-width; and each bad input (exit code 2, nothing written).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "host/results/hdf5_file.hpp"
#include "host/run/precision_check.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/results_compare.hpp"
#include "tests/support/run_command.hpp"

namespace chokepoint {
namespace {

using testing::expect_same_datasets;
using testing::file_exists;
using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

const std::vector<std::string> kPrecisionOnly = {"precision", "target"};

std::string scenario() {
  return source_path("tests/scenarios/precision_two_industries.toml");
}

int64_t paths_of(const std::string& file) {
  return Hdf5File::open_read(file).read_integer_attribute("/", "paths");
}

std::string stopped_by(const std::string& file) {
  return Hdf5File::open_read(file).read_string_attribute("/", "stopped_by");
}

std::vector<std::string> with(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Wilson's interval from its definition: the p with (p̂ − p)² = z² p(1 − p)/n,
// the two roots of a p² + b p + c = 0 with a = 1 + z²/n, b = −(2p̂ + z²/n),
// c = p̂²; half the distance between them, sqrt(b² − 4ac)/(2a), with the
// discriminant b² − 4ac = (z²/n)(4p̂(1 − p̂) + z²/n) written without cancellation.
double wilson_from_roots(double k, double n) {
  const double z2 = 1.96 * 1.96, p = k / n;
  const double a = 1 + z2 / n;
  const double discriminant = z2 / n * (4 * p * (1 - p) + z2 / n);
  return std::sqrt(discriminant) / (2 * a);
}

TEST(PrecisionHalfWidth, WilsonMatchesItsDefinitionAndIsPositiveForNoEvent) {
  for (double n : {10.0, 100.0, 4096.0, 1e6}) {
    for (double k : {0.0, 1.0, 5.0, n / 2, n}) {
      EXPECT_NEAR(wilson_half_width(k, n), wilson_from_roots(k, n), 1e-12) << k << " of " << n;
    }
    // 0 of n: z²/(2(n + z²)), above 0 and below the rule of three's 3/n.
    const double zero = wilson_half_width(0, n);
    EXPECT_NEAR(zero, 1.96 * 1.96 / (2 * (n + 1.96 * 1.96)), 1e-15);
    EXPECT_GT(zero, 0);
    EXPECT_LT(zero, 3 / n);
  }
}

TEST(PrecisionRanks, IncrementalSelectionEqualsSortingAtEveryCheckpoint) {
  // Values with many ties (most zero, as lost output is) and a long tail.
  std::mt19937_64 random(5);
  std::vector<uint64_t> column;
  IncrementalRanks ranks;
  const int64_t c = 97;
  for (int64_t n = c; n <= 20 * c; n += c) {
    while (static_cast<int64_t>(column.size()) < n) {
      const uint64_t u = random() % 1000;
      column.push_back(u < 900 ? 0 : u * u);
    }
    for (double q : {0.5, 0.95, 0.99}) {
      SCOPED_TRACE(std::to_string(n) + " values, q = " + std::to_string(q));
      std::vector<uint64_t> sorted = column;
      std::sort(sorted.begin(), sorted.end());
      const auto dn = static_cast<double>(n);
      const int64_t lo = std::max<int64_t>(1, static_cast<int64_t>(q * dn) - 20);
      const int64_t hi = std::min<int64_t>(n, static_cast<int64_t>(q * dn) + 20);
      std::vector<int64_t> wanted = {lo, hi};
      if (lo == hi) wanted = {lo};
      // One structure per level in use, as the run keeps one per target.
      static std::vector<IncrementalRanks> per_level(3);
      const size_t level = q == 0.5 ? 0 : (q == 0.95 ? 1 : 2);
      const std::vector<uint64_t> got = per_level[level].select(wanted, n, column.data(), 1, 2 * c);
      for (size_t k = 0; k < wanted.size(); ++k) {
        EXPECT_EQ(got[k], sorted[static_cast<size_t>(wanted[k] - 1)]) << "rank " << wanted[k];
      }
    }
  }
  (void)ranks;
}

// A precision run with --save-paths; returns its file.
std::string precision_run(const std::string& dir, const std::string& name,
                          const std::vector<std::string>& args) {
  const std::string file = dir + "/" + name + ".h5";
  const auto r = run_cli(with({"run", scenario(), "-o", file, "--quiet"}, args));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return file;
}

TEST(PrecisionRun, StopsAtTheFirstCheckpointMeetingTheTargetsRecomputedFromThePaths) {
  const std::string dir = scratch_dir("precision_stop");
  const int64_t c = 700;
  const std::string file = precision_run(
      dir, "stop",
      {"-n", "20000", "--set", "simulation.precision_check_paths=" + std::to_string(c),
       "--precision", "lost_output/prob_any=0.006", "--precision", "lost_output/mean=12%",
       "--save-paths", "--threads", "2"});
  const int64_t n_stop = paths_of(file);
  EXPECT_EQ(stopped_by(file), "precision");
  EXPECT_EQ(n_stop % c, 0);
  EXPECT_GE(n_stop, 3 * c) << "targets chosen so that the first looks do not meet them";
  EXPECT_LT(n_stop, 20000);
  EXPECT_NE(n_stop % 2048, 0) << "the stop falls inside a batch of 2 threads' 2048 paths";

  // Independent recomputation from paths/lost_output and paths/shortage_days
  // [1, n, I]: industry 0 is exposed; industry 1 (stocked) is 0 on every path,
  // so the relative target does not apply to it and Wilson's bound does.
  const Hdf5File h5 = Hdf5File::open_read(file);
  const std::vector<double> lost = h5.read_doubles("paths/lost_output");
  const std::vector<int64_t> days = h5.read_integers("paths/shortage_days");
  ASSERT_EQ(static_cast<int64_t>(lost.size()), n_stop * 2);
  const auto verdict = [&](int64_t n, double* margin) {
    bool met = true;
    *margin = HUGE_VAL;
    for (int i = 0; i < 2; ++i) {
      double short_paths = 0, sum = 0, square = 0;
      for (int64_t j = 0; j < n; ++j) {
        short_paths += days[static_cast<size_t>(j * 2 + i)] > 0 ? 1 : 0;
        sum += lost[static_cast<size_t>(j * 2 + i)];
      }
      const double mean = sum / static_cast<double>(n);
      for (int64_t j = 0; j < n; ++j) {
        const double d = lost[static_cast<size_t>(j * 2 + i)] - mean;
        square += d * d;
      }
      const double wilson = wilson_from_roots(short_paths, static_cast<double>(n));
      met = met && wilson <= 0.006;
      *margin = std::min(*margin, std::fabs(wilson / 0.006 - 1));
      if (sum > 0) {
        const double se = std::sqrt(square / static_cast<double>(n - 1) / static_cast<double>(n));
        met = met && 1.96 * se <= 0.12 * mean;
        *margin = std::min(*margin, std::fabs(1.96 * se / (0.12 * mean) - 1));
      }
    }
    return met;
  };
  double margin = 0;
  EXPECT_TRUE(verdict(n_stop, &margin)) << "targets not met at the stop, " << n_stop;
  for (int64_t n = 2 * c; n < n_stop; n += c) {
    const bool met = verdict(n, &margin);
    // Only a verdict within rounding of its target (1e-9 relative) could differ.
    if (margin > 1e-9) {
      EXPECT_FALSE(met) << "targets already met at " << n;
    }
  }
  // The achieved half-widths: Wilson's for the stocked industry's 0 of n.
  const std::vector<double> hw = h5.read_doubles("precision/half_width");  // [1, 2, 2]
  ASSERT_EQ(hw.size(), 4u);
  EXPECT_NEAR(hw[2], wilson_from_roots(0, static_cast<double>(n_stop)), 1e-15);
  EXPECT_TRUE(std::isnan(hw[3])) << "a relative target on a figure 0 on every path";
  EXPECT_EQ(h5.read_strings("target"),
            (std::vector<std::string>{"lost_output/prob_any=0.006", "lost_output/mean=12%"}));
  EXPECT_EQ(h5.read_integer_attribute("/", "max_paths"), 20000);

  // Exactly the datasets of a run of n_stop paths.
  const std::string fixed = dir + "/fixed.h5";
  const auto r = run_cli({"run", scenario(), "-o", fixed, "--quiet", "-n", std::to_string(n_stop),
                          "--save-paths", "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(expect_same_datasets(fixed, file, kPrecisionOnly), 25);

  // summary: the achieved half-width next to each target, the stop, the zero rule.
  const auto s = run_cli({"summary", file});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("stopped at " + std::to_string(n_stop / 1000) + ","), std::string::npos)
      << s.out;
  EXPECT_NE(s.out.find("no event in"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("met"), std::string::npos) << s.out;
}

TEST(PrecisionRun, SameDatasetsAsAFixedRunForThreadsBatchesReplayAndSweeps) {
  const std::string dir = scratch_dir("precision_identity");
  const std::vector<std::string> targets = {"--set",       "simulation.precision_check_paths=1500",
                                            "--precision", "lost_output/mean=10%",
                                            "--precision", "lost_output/quantile@0.99=0.05"};
  const std::string one = precision_run(dir, "threads1", with(targets, {"--threads", "1"}));
  const int64_t n_stop = paths_of(one);
  EXPECT_EQ(stopped_by(one), "precision");
  const std::string fixed = dir + "/fixed.h5";
  ASSERT_EQ(
      run_cli({"run", scenario(), "-o", fixed, "--quiet", "-n", std::to_string(n_stop)}).exit_code,
      0);
  EXPECT_GT(expect_same_datasets(fixed, one, kPrecisionOnly), 25);
  // 3 threads: CPU batches of 3072 paths, not a multiple of the checkpoints.
  for (const char* threads : {"2", "3"}) {
    const std::string other =
        precision_run(dir, std::string("threads") + threads, with(targets, {"--threads", threads}));
    EXPECT_GT(expect_same_datasets(one, other), 25) << threads << " threads";
  }
  // The replay method (columns over the budget): mean and P(short) targets only.
  const std::vector<std::string> counted = {"--set", "simulation.precision_check_paths=1500",
                                            "--precision", "lost_output/mean=10%"};
  const std::string kept = precision_run(dir, "kept", counted);
  const std::string replayed = dir + "/replayed.h5";
  const auto replay_run = run_cli(
      with({"run", scenario(), "-o", replayed}, with(counted, {"--memory-budget", "200k"})));
  ASSERT_EQ(replay_run.exit_code, 0) << replay_run.err;
  EXPECT_NE(replay_run.err.find("replayed paths"), std::string::npos) << replay_run.err;
  EXPECT_GT(expect_same_datasets(kept, replayed), 25);
  const std::string fixed_kept = dir + "/fixed_kept.h5";
  ASSERT_EQ(run_cli({"run", scenario(), "-o", fixed_kept, "--quiet", "-n",
                     std::to_string(paths_of(kept))})
                .exit_code,
            0);
  EXPECT_GT(expect_same_datasets(fixed_kept, replayed, kPrecisionOnly), 25);
  // A sweep: every point meets every target at one path count, paired/ included.
  const std::vector<std::string> sweep = {"--vary", "regime.required.approval_prob=0.99,0.995"};
  const std::string swept = precision_run(dir, "swept", with(counted, sweep));
  const std::string fixed_swept = dir + "/fixed_swept.h5";
  ASSERT_EQ(run_cli(with({"run", scenario(), "-o", fixed_swept, "--quiet", "-n",
                          std::to_string(paths_of(swept))},
                         sweep))
                .exit_code,
            0);
  EXPECT_GT(expect_same_datasets(fixed_swept, swept, kPrecisionOnly), 25);
  EXPECT_EQ(Hdf5File::open_read(swept).shape("precision/half_width"),
            (std::vector<uint64_t>{2, 2, 1}));
}

TEST(PrecisionRun, MpiRanksGiveTheDatasetsOfAFixedRun) {
  const std::string why = testing::mpi_unavailable();
  if (!why.empty()) GTEST_SKIP() << why << ": MPI test skipped";
  const std::string dir = scratch_dir("precision_mpi");
  const std::vector<std::string> args = {scenario(),    "--quiet",
                                         "--threads",   "1",
                                         "--set",       "simulation.precision_check_paths=1001",
                                         "--precision", "lost_output/mean=10%",
                                         "--precision", "lost_output/quantile@0.99=0.05"};
  const std::string single = dir + "/single.h5";
  ASSERT_EQ(run_cli(with({"run", "-o", single}, args)).exit_code, 0);
  const int64_t n_stop = paths_of(single);
  const std::string fixed = dir + "/fixed.h5";
  ASSERT_EQ(
      run_cli({"run", scenario(), "-o", fixed, "--quiet", "-n", std::to_string(n_stop)}).exit_code,
      0);
  for (int ranks : {1, 2, 3}) {
    const std::string out = dir + "/ranks" + std::to_string(ranks) + ".h5";
    std::vector<std::string> command = testing::mpirun(ranks);
    command.push_back(testing::binary_path());
    const auto m = testing::run_command(with(with(command, {"run", "-o", out}), args));
    ASSERT_EQ(m.exit_code, 0) << ranks << " ranks: " << m.err;
    EXPECT_EQ(paths_of(out), n_stop) << ranks << " ranks";
    EXPECT_GT(expect_same_datasets(fixed, out, kPrecisionOnly), 25) << ranks << " ranks";
    EXPECT_GT(expect_same_datasets(single, out), 25) << ranks << " ranks";
  }
}

TEST(PrecisionRun, TheMaximumReachedIsSaid) {
  const std::string dir = scratch_dir("precision_max");
  const std::string file =
      precision_run(dir, "max",
                    {"-n", "3000", "--set", "simulation.precision_check_paths=1000", "--precision",
                     "lost_output/mean=1e-9"});
  EXPECT_EQ(paths_of(file), 3000);
  EXPECT_EQ(stopped_by(file), "max_paths");
  const auto s = run_cli({"summary", file});
  EXPECT_NE(s.out.find("reached the maximum of 3,000 paths"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("not met"), std::string::npos) << s.out;
}

TEST(PrecisionRun, ProgressShowsTheWorstRatioAndTheLastLineWhatMetItsTargetLast) {
  const std::string dir = scratch_dir("precision_progress");
  const auto r = testing::run_command(
      {"env", "CHOKEPOINT_PROGRESS_INTERVAL=0", testing::binary_path(), "run", scenario(), "-o",
       dir + "/progress.h5", "-n", "20000", "--set", "simulation.precision_check_paths=700",
       "--precision", "lost_output/prob_any=0.006", "--threads", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("worst half-width/target"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("paths needed"), std::string::npos) << r.err;
  // Only the exposed industry is short: its P(short) is what met its target last.
  EXPECT_NE(r.err.find("the last to meet it: lost_output/prob_any=0.006 for industry exposed"),
            std::string::npos)
      << r.err;
}

TEST(PrecisionRun, UnmetTonnesTargetsUseTheMaterialAxis) {
  const std::string dir = scratch_dir("precision_material");
  const std::string file = precision_run(
      dir, "material",
      {"-n", "20000", "--set", "simulation.precision_check_paths=1000", "--precision",
       "unmet_tonnes/mean=0.01", "--precision", "shortage_days/mean=0.01", "--save-paths"});
  const int64_t n = paths_of(file);
  EXPECT_EQ(stopped_by(file), "precision");
  const Hdf5File h5 = Hdf5File::open_read(file);
  const std::vector<double> hw = h5.read_doubles("precision/half_width");  // [1, 2, 2]
  const std::vector<double> material =
      h5.read_doubles("precision/half_width_material");  // [1, 1, 2]
  ASSERT_EQ(hw.size(), 4u);
  ASSERT_EQ(material.size(), 2u);
  EXPECT_TRUE(std::isnan(hw[0]) && std::isnan(hw[2])) << "no material target on the industry axis";
  EXPECT_TRUE(std::isnan(material[1])) << "no industry target on the material axis";
  // The exposed industry misses its whole 1 t on a shortage day and the stocked
  // one never does: a path's unmet tonnes of m are its exposed shortage days,
  // so both half-widths are 1.96 sd(D)/sqrt(n), recomputed from the paths.
  const std::vector<int64_t> days = h5.read_integers("paths/shortage_days");
  double sum = 0, square = 0;
  for (int64_t j = 0; j < n; ++j) sum += static_cast<double>(days[static_cast<size_t>(2 * j)]);
  const double mean = sum / static_cast<double>(n);
  for (int64_t j = 0; j < n; ++j) {
    const double d = static_cast<double>(days[static_cast<size_t>(2 * j)]) - mean;
    square += d * d;
  }
  const double expected =
      1.96 * std::sqrt(square / static_cast<double>(n - 1) / static_cast<double>(n));
  EXPECT_NEAR(material[0], expected, 1e-9 * expected);
  EXPECT_NEAR(hw[1], expected, 1e-9 * expected);
  EXPECT_LE(material[0], 0.01);
}

TEST(PrecisionRun, TheEarliestStopIsTheSecondCheckpoint) {
  const std::string dir = scratch_dir("precision_earliest");
  // An absolute target that one path would meet: still two checkpoints.
  const std::string file =
      precision_run(dir, "earliest",
                    {"-n", "20000", "--set", "simulation.precision_check_paths=300", "--precision",
                     "lost_output/mean=0.5"});
  EXPECT_EQ(paths_of(file), 600);
  EXPECT_EQ(stopped_by(file), "precision");
}

TEST(PrecisionRun, ARelativeTargetOnAFigureZeroOnEveryPathNeitherHoldsBackNorCountsAsMet) {
  const std::string dir = scratch_dir("precision_zero");
  // Never short anywhere (every licence approved): nothing for a relative
  // target to be relative to, so the run goes on to the maximum ...
  const std::string none =
      precision_run(dir, "none",
                    {"-n", "2000", "--set", "simulation.precision_check_paths=500", "--set",
                     "regime.required.approval_prob=1", "--precision", "lost_output/prob_any=50%"});
  EXPECT_EQ(paths_of(none), 2000);
  EXPECT_EQ(stopped_by(none), "max_paths");
  const auto s = run_cli({"summary", none});
  EXPECT_NE(s.out.find("no event in 2,000 paths (95% upper bound 0.15%)"), std::string::npos)
      << s.out;
  // ... while the stocked industry's zeros do not hold back the exposed one's
  // loose relative target: the stop is at the second checkpoint.
  const std::string some =
      precision_run(dir, "some",
                    {"-n", "20000", "--set", "simulation.precision_check_paths=500", "--precision",
                     "lost_output/prob_any=90%"});
  EXPECT_EQ(paths_of(some), 1000);
  EXPECT_EQ(stopped_by(some), "precision");
}

TEST(PrecisionRun, BadInputExitsWithCode2AndWritesNothing) {
  const std::string dir = scratch_dir("precision_bad");
  const std::string out = dir + "/never.h5";
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"--precision", "lost_output/meen=0.1"}, "did you mean \"lost_output/mean\""},
      {{"--precision", "lost_output/quantile@0.97=0.01"}, "not among the output quantiles"},
      {{"--precision", "lost_output/mean=0"}, "not a positive number"},
      {{"--precision", "lost_output/mean=-0.1"}, "not a positive number"},
      {{"--precision", "lost_output/mean=nan"}, "not a positive number"},
      {{"--precision", "lost_output/mean=150%"}, "above 100%"},
      {{"--precision", "lost_output/mean"}, "no '='"},
      {{"--precision", "lost_output/mean=1%", "--set", "simulation.precision_check_paths=0"},
       "simulation.precision_check_paths"},
      {{"--precision", "lost_output/mean=1%", "-n", "1000", "--set",
        "simulation.precision_check_paths=1001"},
       "simulation.precision_check_paths"},
      {{"--set", "simulation.precision=[\"lost_output/prob=1%\"]"}, "simulation.precision[0]"},
      {{"--precision", "lost_output/mean=1%", "--save-paths", "-n", "1000000", "--memory-budget",
        "1M"},
       "memory budget"},
      {{"--precision", "lost_output/quantile@0.95=0.01", "-n", "1000000", "--memory-budget", "1M"},
       "memory budget"},
  };
  for (const Case& c : cases) {
    const auto r = run_cli(with({"run", scenario(), "-o", out, "--quiet"}, c.args));
    EXPECT_EQ(r.exit_code, 2) << c.args.front() << " " << c.args[1] << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_FALSE(file_exists(out)) << c.args[1];
  }
}

}  // namespace
}  // namespace chokepoint
