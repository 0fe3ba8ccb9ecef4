// The chokepoint binary on the closed-form scenarios of tests/scenarios: exit
// codes, the results file's datasets, shapes, dimensions and attributes, and
// the exact values the scenarios' derivations give.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "host/results/hdf5_file.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::file_exists;
using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

Hdf5File run_scenario(const std::string& name, const std::string& dir,
                      std::vector<std::string> extra = {}) {
  const std::string out = dir + "/" + name + ".h5";
  std::vector<std::string> args = {
      "run", source_path("tests/scenarios/" + name + ".toml"), "-o", out, "--quiet", "--backend",
      "cpu"};
  args.insert(args.end(), extra.begin(), extra.end());
  const auto r = run_cli(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return Hdf5File::open_read(out);
}

// tests/scenarios/permanent_ban.toml: every figure follows exactly (see its header).
TEST(EndToEnd, PermanentBanGivesItsClosedForm) {
  const std::string dir = scratch_dir("e2e_ban");
  const Hdf5File f = run_scenario("permanent_ban", dir);
  EXPECT_EQ(f.read_doubles("lost_output/mean"), std::vector<double>{0.8});
  EXPECT_EQ(f.read_doubles("lost_output/std"), std::vector<double>{0.0});
  for (double q : f.read_doubles("lost_output/quantiles")) EXPECT_EQ(q, 0.8);
  // A mean of 0.8s: the compensated sum is correctly rounded, but sum / count
  // need not round back to the double 0.8, so within 4 ulps.
  for (double c : f.read_doubles("lost_output/cvar")) EXPECT_DOUBLE_EQ(c, 0.8);
  for (double d : f.read_doubles("shortage_days/quantiles")) EXPECT_EQ(d, 40.0);
  EXPECT_EQ(f.read_doubles("lost_output/prob_any"), std::vector<double>{1.0});
  EXPECT_EQ(f.read_doubles("shortfall/mean"), (std::vector<double>{0, 1, 1, 1, 1}));
  EXPECT_EQ(f.read_doubles("shortfall/prob_short"), (std::vector<double>{0, 1, 1, 1, 1}));
  EXPECT_EQ(f.read_doubles("first_shortage/survival"), (std::vector<double>{1, 0, 0, 0, 0}));
  EXPECT_EQ(f.read_doubles("unmet_tonnes/mean"), std::vector<double>{40.0});
  EXPECT_EQ(f.read_doubles("regime_occupancy"), std::vector<double>{1.0});
  EXPECT_TRUE(std::isnan(f.read_doubles("joint/correlation")[0]));
  const auto hist = f.read_integers("lost_output/histogram");
  ASSERT_EQ(hist.size(), 100u);
  EXPECT_EQ(hist[80], 1000);
  const auto sq = f.read_doubles("shortfall/quantiles");
  for (size_t k = 0; k < sq.size(); ++k) EXPECT_EQ(sq[k], k < 5 ? 0.0 : 1.0) << k;
}

// tests/scenarios/geometric_ban.toml: S geometric; figures within 4 standard errors.
TEST(EndToEnd, GeometricBanMatchesItsLaw) {
  const std::string dir = scratch_dir("e2e_geometric");
  const Hdf5File f = run_scenario("geometric_ban", dir, {"-n", "4000"});
  const double n = 4000;
  const double p_any = 0.833916616;
  EXPECT_NEAR(f.read_doubles("lost_output/prob_any")[0], p_any,
              4 * std::sqrt(p_any * (1 - p_any) / n));
  EXPECT_NEAR(f.read_doubles("lost_output/mean")[0], 0.478889607, 4 * 0.302071807 / std::sqrt(n));
  const auto survival = f.read_doubles("first_shortage/survival");
  const double expected[] = {0.773780937, 0.463291230, 0.277389573, 0.166083384};
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(survival[k], expected[k], 4 * std::sqrt(expected[k] * (1 - expected[k]) / n));
  }
}

TEST(EndToEnd, ResultsFileHasTheDocumentedLayout) {
  const std::string dir = scratch_dir("e2e_layout");
  const Hdf5File f = run_scenario("geometric_ban", dir, {"-n", "300"});
  EXPECT_EQ(f.read_string_attribute("/", "format"), "chokepoint-results");
  EXPECT_EQ(f.read_string_attribute("/", "format_version"), "1.0");
  EXPECT_EQ(f.read_integer_attribute("/", "paths"), 300);
  EXPECT_EQ(f.read_integer_attribute("/", "horizon_days"), 40);
  EXPECT_EQ(f.read_integer_attribute("/", "report_interval_days"), 10);
  EXPECT_EQ(f.read_string_attribute("/", "backend"), "cpu");
  for (const char* a : {"chokepoint_version", "scenario_name", "device", "command_line",
                        "scenario_toml", "seed", "elapsed_seconds"}) {
    EXPECT_TRUE(f.has_attribute("/", a)) << a;
  }
  const std::vector<std::pair<std::string, std::vector<uint64_t>>> shapes = {
      {"point", {1}},
      {"industry", {1}},
      {"material", {1}},
      {"regime", {2}},
      {"quantile", {5}},
      {"interval", {4}},
      {"bin", {100}},
      {"lost_output/mean", {1, 1}},
      {"lost_output/std", {1, 1}},
      {"lost_output/stderr", {1, 1}},
      {"lost_output/quantiles", {1, 1, 5}},
      {"lost_output/quantiles_ci_low", {1, 1, 5}},
      {"lost_output/quantiles_ci_high", {1, 1, 5}},
      {"lost_output/cvar", {1, 1, 5}},
      {"lost_output/prob_any", {1, 1}},
      {"lost_output/histogram", {1, 1, 100}},
      {"lost_output/bin_edges", {101}},
      {"shortage_days/mean", {1, 1}},
      {"shortage_days/quantiles", {1, 1, 5}},
      {"first_shortage/survival", {1, 1, 4}},
      {"shortfall/mean", {1, 1, 4}},
      {"shortfall/quantiles", {1, 1, 4, 5}},
      {"shortfall/prob_short", {1, 1, 4}},
      {"joint/correlation", {1, 1, 1}},
      {"joint/prob_at_least", {1, 1}},
      {"unmet_tonnes/mean", {1, 1}},
      {"regime_occupancy", {1, 2}},
  };
  for (const auto& [path, shape] : shapes) {
    ASSERT_TRUE(f.exists(path)) << path;
    EXPECT_EQ(f.shape(path), shape) << path;
    EXPECT_TRUE(f.has_attribute(path, "units")) << path;
    EXPECT_TRUE(f.has_attribute(path, "description")) << path;
  }
  EXPECT_EQ(f.read_strings("regime"), (std::vector<std::string>{"open", "banned"}));
  EXPECT_EQ(f.read_integers("interval"), (std::vector<int64_t>{0, 10, 20, 30}));
}

TEST(EndToEnd, XarrayOpensTheResults) {
  if (!file_exists("/usr/bin/python3") ||
      std::system("/usr/bin/python3 -c 'import xarray, h5netcdf' 2>/dev/null") != 0) {
    GTEST_SKIP() << "/usr/bin/python3 with xarray and h5netcdf not found";
  }
  const std::string dir = scratch_dir("e2e_xarray");
  run_scenario("geometric_ban", dir, {"-n", "200", "--save-paths"});
  const std::string cmd = "/usr/bin/python3 " + source_path("tests/results/xarray_check.py") + " " +
                          dir +
                          "/geometric_ban.h5 --expect lost_output/quantiles=point,industry,quantile"
                          " --expect paths/interval_shortfall=point,path,industry,interval";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
}

// Summary datasets of two runs, compared exactly (run metadata may differ).
void expect_same_results(const std::string& a, const std::string& b) {
  const Hdf5File fa = Hdf5File::open_read(a), fb = Hdf5File::open_read(b);
  for (const std::string group : {"lost_output", "shortage_days", "first_shortage", "shortfall",
                                  "joint", "unmet_tonnes", "paths"}) {
    if (!fa.exists(group)) continue;
    for (const auto& name : fa.list(group)) {
      const std::string path = group + "/" + name;
      const auto x = fa.read_doubles(path), y = fb.read_doubles(path);
      ASSERT_EQ(x.size(), y.size()) << path;
      for (size_t k = 0; k < x.size(); ++k) {
        if (std::isnan(x[k]) && std::isnan(y[k])) continue;
        ASSERT_EQ(x[k], y[k]) << path << "[" << k << "]";
      }
    }
  }
  EXPECT_EQ(fa.read_doubles("regime_occupancy"), fb.read_doubles("regime_occupancy"));
}

TEST(EndToEnd, ThreadCountAndRepeatGiveIdenticalDatasets) {
  const std::string dir = scratch_dir("e2e_threads");
  const std::string scenario = source_path("tests/scenarios/geometric_ban.toml");
  for (const char* threads : {"1", "2"}) {
    const auto r =
        run_cli({"run", scenario, "-o", dir + "/t" + threads + ".h5", "--quiet", "--backend", "cpu",
                 "--threads", threads, "-n", "3000", "--save-paths"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const auto again = run_cli({"run", scenario, "-o", dir + "/again.h5", "--quiet", "--backend",
                              "cpu", "-n", "3000", "--save-paths"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  expect_same_results(dir + "/t1.h5", dir + "/t2.h5");
  expect_same_results(dir + "/t1.h5", dir + "/again.h5");
}

TEST(EndToEnd, BadInputExitsTwoAndWritesNothing) {
  const std::string dir = scratch_dir("e2e_bad");
  const std::string bad = dir + "/bad.toml";
  FILE* f = std::fopen(bad.c_str(), "w");
  std::fputs(
      "[scenario]\nname = \"x\"\n[simulation]\nhorizon_days = -3\n"
      "[[material]]\nid = \"m\"\n[[regime]]\nid = \"r\"\n"
      "[[industry]]\nid = \"i\"\nneed = { m = 1 }\ninventory_days = 5\nreview_days = 1\n",
      f);
  std::fclose(f);
  // An existing output file is left untouched by a run that fails validation.
  const std::string existing = dir + "/existing.h5";
  FILE* e = std::fopen(existing.c_str(), "w");
  std::fputs("keep me", e);
  std::fclose(e);
  const auto keep = run_cli({"run", bad, "-o", existing});
  EXPECT_EQ(keep.exit_code, 2);
  std::ifstream kept(existing);
  std::string content((std::istreambuf_iterator<char>(kept)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "keep me");
  const auto r = run_cli({"run", bad, "-o", dir + "/out.h5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("horizon_days"), std::string::npos) << r.err;
  EXPECT_FALSE(file_exists(dir + "/out.h5"));
  EXPECT_EQ(run_cli({"run", dir + "/missing.toml"}).exit_code, 2);
  EXPECT_EQ(run_cli({"run", "--no-such-option"}).exit_code, 2);
  EXPECT_EQ(run_cli({"frobnicate"}).exit_code, 2);
}

TEST(EndToEnd, UnwritableOutputFailsBeforeRunning) {
  const std::string dir = scratch_dir("e2e_unwritable");
  // A folder of the output that cannot be made (a file stands in its way): one line
  // with the path and the reason, exit code 1, nothing written.
  std::fclose(std::fopen((dir + "/file").c_str(), "w"));
  const auto r = run_cli(
      {"run", source_path("tests/scenarios/permanent_ban.toml"), "-o", dir + "/file/sub/out.h5"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "chokepoint: failed: " + dir +
                       "/file/sub/out.h5: cannot write the results into "
                       "the folder " +
                       dir + "/file/sub (Not a directory)\n");
  EXPECT_FALSE(file_exists(dir + "/file/sub"));
}

TEST(EndToEnd, DefaultScenarioRunsAndSummarises) {
  const std::string dir = scratch_dir("e2e_default");
  const auto r = run_cli({"run", "-n", "200", "--quiet"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string file = dir + "/results/rare_earths_2026.h5";
  ASSERT_TRUE(file_exists(file));
  const auto s = run_cli({"summary", file});
  EXPECT_EQ(s.exit_code, 0) << s.err;
  for (const char* word : {"industry", "P95", "CVaR95", "P(short)", "ev_traction", "defence"}) {
    EXPECT_NE(s.out.find(word), std::string::npos) << word << "\n" << s.out;
  }
  const auto csv = run_cli({"summary", "--csv", file});
  EXPECT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.out.rfind("point,industry,lost_output_mean", 0), 0u) << csv.out;
}

// Every shipped scenario validates, and its resolved text validates again to
// the same text.
TEST(EndToEnd, ValidatePrintsAResolvedScenarioThatValidatesAgain) {
  const std::string dir = scratch_dir("e2e_validate");
  for (const char* config : {"configs/rare_earths_2026.toml", "configs/remedies_2026.toml",
                             "configs/backcast_2025.toml"}) {
    SCOPED_TRACE(config);
    const auto r = run_cli({"validate", source_path(config)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const std::string resolved = dir + "/resolved.toml";
    FILE* f = std::fopen(resolved.c_str(), "w");
    std::fputs(r.out.c_str(), f);
    std::fclose(f);
    const auto again = run_cli({"validate", resolved});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.out, r.out);
  }
}

TEST(EndToEnd, SummaryRefusesOtherFiles) {
  const std::string dir = scratch_dir("e2e_summary_bad");
  const std::string text = dir + "/not.h5";
  FILE* f = std::fopen(text.c_str(), "w");
  std::fputs("not hdf5\n", f);
  std::fclose(f);
  const auto r = run_cli({"summary", text});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not.h5"), std::string::npos) << r.err;
  EXPECT_EQ(run_cli({"summary", dir + "/missing.h5"}).exit_code, 2);
}

TEST(EndToEnd, InfoListsBackends) {
  const auto r = run_cli({"info"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("cpu"), std::string::npos);
  EXPECT_NE(r.out.find("CUDA support"), std::string::npos);
}

}  // namespace
}  // namespace chokepoint
