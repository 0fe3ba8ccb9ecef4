// Designs end to end (docs/scenario-reference.md, "Designs"): rows stored as sweep
// points with design/unit, the OAT swing's paired standard error against the
// per-path values, summary's ranking, and every bad design refused with exit code 2
// and no file.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "host/results/hdf5_file.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::file_exists;
using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

const std::string kScenario = "tests/scenarios/binomial_licensing.toml";

std::string dir() {
  static const std::string d = scratch_dir("designs_" + std::to_string(::getpid()));
  return d;
}

// OAT over two factors (one of them whole days), 400 paths, every path saved.
TEST(Designs, OatSwingStandardErrorFromThePairedPaths) {
  const std::string out = dir() + "/oat.h5";
  const auto r = run_cli({"run", source_path(kScenario), "-n", "400", "--quiet", "--backend", "cpu",
                          "-o", out, "--save-paths", "--design", "oat", "--factor",
                          "regime.required.approval_prob=0.2:0.6", "--factor",
                          "industry.ind.review_days=1:4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Hdf5File f = Hdf5File::open_read(out);
  EXPECT_EQ(f.read_strings("factor"), (std::vector<std::string>{"regime.required.approval_prob",
                                                                "industry.ind.review_days"}));
  EXPECT_EQ(f.read_doubles("design/unit"),
            (std::vector<double>{0.5, 0.5, 0, 0.5, 1, 0.5, 0.5, 0, 0.5, 1}));
  EXPECT_EQ(f.read_doubles("sweep/regime.required.approval_prob"),
            (std::vector<double>{0.4, 0.2, 0.6, 0.4, 0.4}));
  // Whole days: the midpoint 2.5 rounds to 3 (half away from zero).
  EXPECT_EQ(f.read_doubles("sweep/industry.ind.review_days"), (std::vector<double>{3, 3, 3, 1, 4}));
  const auto mean = f.read_doubles("lost_output/mean");
  const auto base = f.read_doubles("sensitivity/base");
  const auto low = f.read_doubles("sensitivity/low");
  const auto high = f.read_doubles("sensitivity/high");
  const auto swing = f.read_doubles("sensitivity/swing_stderr");
  ASSERT_EQ(swing.size(), 2u * 1u * 2u);                   // [O = 2, I = 1, k = 2]
  const auto paths = f.read_doubles("paths/lost_output");  // [P, N, I]
  const size_t N = 400;
  for (size_t j = 0; j < 2; ++j) {
    const size_t lo = 1 + 2 * j, hi = 2 + 2 * j;
    EXPECT_EQ(base[j], mean[0]);
    EXPECT_EQ(low[j], mean[lo]);
    EXPECT_EQ(high[j], mean[hi]);
    // The standard error of the mean of the per-path differences, by hand.
    double sum = 0, squares = 0;
    for (size_t n = 0; n < N; ++n) sum += paths[hi * N + n] - paths[lo * N + n];
    const double count = static_cast<double>(N);
    const double d = sum / count;
    for (size_t n = 0; n < N; ++n) {
      const double e = paths[hi * N + n] - paths[lo * N + n] - d;
      squares += e * e;
    }
    const double by_hand = std::sqrt(squares / (count - 1) / count);
    // Tolerance: both are sums of 400 products of doubles, in other orders.
    EXPECT_NEAR(swing[j], by_hand, 1e-9 * by_hand) << "factor " << j;
    EXPECT_NEAR(high[j] - low[j], d, 1e-12);
    // Common random numbers: the paired error is below the unpaired one.
    const auto sd = f.read_doubles("lost_output/std");
    EXPECT_LT(swing[j], std::sqrt((sd[lo] * sd[lo] + sd[hi] * sd[hi]) / count));
  }
  const auto s = run_cli({"summary", out});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("design: oat, 2 factors, 5 points"), std::string::npos) << s.out;
  // The factor with the larger |high - low| of mean L is ranked first.
  const size_t first = s.out.find("lost_output/mean, ind");
  ASSERT_NE(first, std::string::npos) << s.out;
  const bool approval_first = std::fabs(high[0] - low[0]) > std::fabs(high[1] - low[1]);
  const size_t approval = s.out.find("regime.required.approval_prob", first);
  const size_t review = s.out.find("industry.ind.review_days", first);
  EXPECT_EQ(approval < review, approval_first) << s.out;
}

TEST(Designs, SobolAndMorrisWriteTheirIndices) {
  const std::string sobol = dir() + "/sobol.h5";
  auto r =
      run_cli({"run", source_path(kScenario), "-n", "200", "--quiet", "--backend", "cpu", "-o",
               sobol, "--design", "sobol:16", "--factor", "regime.required.approval_prob=0.2:0.6",
               "--factor", "industry.ind.target_days=1:3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  {
    const Hdf5File f = Hdf5File::open_read(sobol);
    EXPECT_EQ(f.read_integers("point").size(), 16u * 4u);
    EXPECT_EQ(f.shape("design/unit"), (std::vector<uint64_t>{64, 2}));
    EXPECT_EQ(f.shape("sensitivity/S1"), (std::vector<uint64_t>{2, 1, 2}));
    EXPECT_EQ(f.read_strings("output"),
              (std::vector<std::string>{"lost_output/mean", "lost_output/prob_any"}));
    const auto unit = f.read_doubles("design/unit");
    const auto values = f.read_doubles("sweep/regime.required.approval_prob");
    for (size_t p = 0; p < 64; ++p) EXPECT_NEAR(values[p], 0.2 + 0.4 * unit[p * 2], 1e-15);
    const auto st = f.read_doubles("sensitivity/ST");
    EXPECT_GT(st[0], st[1]) << "approval drives L more than the target";
  }
  const std::string morris = dir() + "/morris.h5";
  r = run_cli({"run", source_path(kScenario), "-n", "200", "--quiet", "--backend", "cpu", "-o",
               morris, "--design", "morris:6", "--factor", "regime.required.approval_prob=0.2:0.6",
               "--factor", "industry.ind.target_days=1:3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Hdf5File f = Hdf5File::open_read(morris);
  EXPECT_EQ(f.read_integers("point").size(), 6u * 3u);
  EXPECT_EQ(f.shape("sensitivity/mu_star"), (std::vector<uint64_t>{2, 1, 2}));
  const auto s = run_cli({"summary", morris});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("mu* (mean absolute elementary effect)"), std::string::npos) << s.out;
}

// The resolved scenario of a design run holds the design, so that running it again
// gives the same points; the design's seed defaults to the simulation seed.
TEST(Designs, ResolvedTextRoundTripsAndSeedsTheRows) {
  const auto first = run_cli({"validate", source_path(kScenario), "--design", "lhs:5", "--factor",
                              "regime.required.approval_prob=0.2:0.6"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("(5 design points)"), std::string::npos) << first.err;
  EXPECT_NE(first.out.find("[design]\nmethod = \"lhs\"\nsamples = 5\n"), std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("seed = 7\n"), std::string::npos) << first.out;
  const std::string copy = dir() + "/resolved.toml";
  std::FILE* file = std::fopen(copy.c_str(), "w");
  ASSERT_NE(file, nullptr);
  std::fputs(first.out.c_str(), file);
  std::fclose(file);
  const auto again = run_cli({"validate", copy});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, first.out);

  const auto rows = [&](const std::string& name, const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"run",
                                     source_path(kScenario),
                                     "-n",
                                     "20",
                                     "--quiet",
                                     "--backend",
                                     "cpu",
                                     "-o",
                                     dir() + "/" + name,
                                     "--design",
                                     "lhs:6",
                                     "--factor",
                                     "regime.required.approval_prob=0.2:0.6"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Hdf5File::open_read(dir() + "/" + name).read_doubles("design/unit");
  };
  const auto seven = rows("seed7.h5", {});
  EXPECT_EQ(rows("seed7_again.h5", {"--seed", "7"}), seven);
  EXPECT_NE(rows("seed8.h5", {"--seed", "8"}), seven);
}

// A factor whose effect is small beside the points' standard errors: summary warns.
TEST(Designs, SummaryWarnsWhenNoiseDominates) {
  const std::string out = dir() + "/noisy.h5";
  const auto r =
      run_cli({"run", source_path(kScenario), "-n", "20", "--quiet", "--backend", "cpu", "-o", out,
               "--design", "lhs:8", "--factor", "regime.required.approval_prob=0.30:0.31"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto noise = Hdf5File::open_read(out).read_doubles("sensitivity/noise_share");
  ASSERT_GT(noise[0], 0.1);
  const auto s = run_cli({"summary", out});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("warning: noise share"), std::string::npos) << s.out;
}

void expect_refused(const std::vector<std::string>& args, const std::string& message) {
  const std::string out = dir() + "/refused.h5";
  std::vector<std::string> full = {"run", "-o", out, "--backend", "cpu"};
  full.insert(full.end(), args.begin(), args.end());
  const auto r = run_cli(full);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(message), std::string::npos) << "expected: " << message << "\n" << r.err;
  EXPECT_FALSE(file_exists(out));
}

TEST(Designs, BadDesignFilesAreRefused) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("tests/bad_designs"))) {
    SCOPED_TRACE(entry.path().string());
    const std::string text = [&] {
      std::string line;
      std::FILE* file = std::fopen(entry.path().c_str(), "r");
      char buffer[512] = {};
      if (file != nullptr && std::fgets(buffer, sizeof buffer, file) != nullptr) line = buffer;
      if (file != nullptr) std::fclose(file);
      return line;
    }();
    ASSERT_EQ(text.rfind("# expect: ", 0), 0u);
    std::string expect = text.substr(10);
    while (!expect.empty() && (expect.back() == '\n' || expect.back() == ' ')) expect.pop_back();
    expect_refused({entry.path().string()}, expect);
    ++checked;
  }
  EXPECT_GE(checked, 4);
}

TEST(Designs, BadDesignOptionsAreRefused) {
  const std::string p = "--factor=regime.truce.approval_prob=0.5:0.9";
  expect_refused({"--design", "sobel", p}, "--design sobel: unknown method \"sobel\"");
  expect_refused({"--design", "sobol:100", p},
                 "--design sobol:100: samples = 100 is not a power of two");
  expect_refused({"--design", "sobol:1", p}, "samples = 1;");
  expect_refused({"--design", "lhs:x", p}, "x is not a whole number of samples");
  expect_refused({"--design", "oat", "--factor", "regime.truce.approval=0.5:0.9"},
                 "did you mean regime.truce.approval_prob");
  expect_refused({"--design", "oat", "--factor", "regime.truce.approval_prob=0.9:0.5"},
                 "low = 0.9 is above high = 0.5");
  expect_refused({"--design", "oat", "--factor", "regime.truce.approval_prob=nan:0.5"},
                 "are not both finite");
  expect_refused({"--design", "oat", "--factor", "regime.truce.approval_prob=0.5"},
                 "is not LOW:HIGH");
  expect_refused({"--design", "oat", p, p}, "is already a factor");
  expect_refused({"--design", "oat", p, "--vary", "regime.truce.approval_prob=0.5,0.6"},
                 "a design and sweeps in one run");
  expect_refused({"--design", "oat"}, "a design without factors");
  expect_refused({p}, "factors without a design");
  // Points × paths beyond the disk or memory checks: refused before anything runs.
  expect_refused({"--design", "lhs:1000", p, "-n", "1000000000", "--save-paths"},
                 "the results would take up to");
}

}  // namespace
}  // namespace chokepoint
