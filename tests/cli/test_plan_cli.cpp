// What `run` and `validate` say and write for --set, --vary and [[sweep]]
// (docs/scenario-reference.md "Sweeps"): warnings on stderr, results named after
// the changes, linked keys.
#include <gtest/gtest.h>

#include <fstream>
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

const std::string kOverrides = "tests/scenarios/licence_overrides.toml";

TEST(PlanCli, ShadowedKeyIsAWarningOnStderrEvenWhenQuiet) {
  const std::string dir = scratch_dir("plan_cli_warning");
  const auto v =
      run_cli({"validate", source_path(kOverrides), "--vary", "regime.r.approval_prob=0.2,0.4"});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  EXPECT_NE(v.err.find("chokepoint: warning: --vary regime.r.approval_prob=0.2,0.4: "
                       "regime.r.approval_prob does not reach 3 of the 4"),
            std::string::npos)
      << v.err;
  const auto r = run_cli({"run", source_path(kOverrides), "-n", "20", "--quiet", "-o",
                          dir + "/w.h5", "--set", "industry.i.target_days=7"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.rfind("chokepoint: warning: --set industry.i.target_days=7: "
                        "industry.i.target_days is a per-material table",
                        0),
            0u)
      << r.err;
  // Nothing else on stderr with --quiet: one line.
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;
}

TEST(PlanCli, RunWithChangesDoesNotReplaceTheBaselineResults) {
  const std::string dir = scratch_dir("plan_cli_names");
  const std::string scenario = source_path(kOverrides);
  const auto base = run_cli({"run", scenario, "-n", "20", "--quiet"}, dir);
  ASSERT_EQ(base.exit_code, 0) << base.err;
  ASSERT_TRUE(file_exists(dir + "/results/licence_overrides.h5"));
  const auto set =
      run_cli({"run", scenario, "-n", "20", "--quiet", "--set", "regime.r.approval_prob=0.3",
               "--set", "regime.r.materials.b.approval_prob=0.3"},
              dir);
  ASSERT_EQ(set.exit_code, 0) << set.err;
  const std::string set_name = dir +
                               "/results/licence_overrides--regime.r.approval_prob=0.3--regime.r."
                               "materials.b.approval_prob=0.3.h5";
  EXPECT_TRUE(file_exists(set_name));
  const auto vary = run_cli({"run", scenario, "-n", "20", "--quiet", "--vary",
                             "regime.r.approval_prob,regime.r.materials.b.approval_prob,"
                             "regime.r.industries.j.approval_prob=0.3,0.6"},
                            dir);
  ASSERT_EQ(vary.exit_code, 0) << vary.err;
  EXPECT_TRUE(vary.err.empty()) << vary.err;  // linked: no override left behind
  const std::string vary_name = dir +
                                "/results/licence_overrides--vary-regime.r.approval_prob,regime.r."
                                "materials.b.approval_prob,regime.r.industries.j.approval_prob=0."
                                "3,0.6.h5";
  ASSERT_TRUE(file_exists(vary_name));
  // The baseline file is still the baseline run's.
  const Hdf5File f = Hdf5File::open_read(dir + "/results/licence_overrides.h5");
  const std::string command = f.read_string_attribute("/", "command_line");
  EXPECT_EQ(command.find("--set"), std::string::npos) << command;
  EXPECT_EQ(command.find("--vary"), std::string::npos) << command;
  // The linked sweep's axis is one dataset, named after its keys.
  const Hdf5File v = Hdf5File::open_read(vary_name);
  const std::string axis =
      "regime.r.approval_prob+regime.r.materials.b.approval_prob+"
      "regime.r.industries.j.approval_prob";
  EXPECT_EQ(v.read_string_attribute("/", "sweep_keys"), axis);
  EXPECT_EQ(v.read_doubles("sweep/" + axis), (std::vector<double>{0.3, 0.6}));
  // -o still names the file exactly.
  const auto named = run_cli({"run", scenario, "-n", "20", "--quiet", "-o", dir + "/x.h5", "--set",
                              "regime.r.approval_prob=0.3"});
  ASSERT_EQ(named.exit_code, 0) << named.err;
  EXPECT_TRUE(file_exists(dir + "/x.h5"));
}

// Point p of a linked sweep is the run with every linked key --set to its value:
// the same model, seed and paths, so every figure is identical.
TEST(PlanCli, LinkedSweepPointEqualsSettingEveryKey) {
  const std::string dir = scratch_dir("plan_cli_linked");
  const std::string scenario = source_path(kOverrides);
  ASSERT_EQ(run_cli({"run", scenario, "--quiet", "-o", dir + "/sweep.h5", "--vary",
                     "regime.r.approval_prob,regime.r.materials.b.approval_prob=0.2,0.7"})
                .exit_code,
            0);
  ASSERT_EQ(
      run_cli({"run", scenario, "--quiet", "-o", dir + "/set.h5", "--set",
               "regime.r.approval_prob=0.7", "--set", "regime.r.materials.b.approval_prob=0.7"})
          .exit_code,
      0);
  const Hdf5File sweep = Hdf5File::open_read(dir + "/sweep.h5");
  const Hdf5File set = Hdf5File::open_read(dir + "/set.h5");
  for (const std::string name : {"lost_output/mean", "lost_output/prob_any"}) {
    const auto s = sweep.read_doubles(name);  // [2, I = 2]
    const auto one = set.read_doubles(name);
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(std::vector<double>(s.begin() + 2, s.end()), one) << name;
    if (name == "lost_output/mean") {  // the other point differs (P(short) is 1 at both)
      EXPECT_NE(std::vector<double>(s.begin(), s.begin() + 2), one) << name;
    }
  }
}

TEST(PlanCli, SweepTableWithLinkedKeys) {
  const std::string dir = scratch_dir("plan_cli_table");
  std::ifstream in(source_path(kOverrides));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string good = dir + "/good.toml";
  std::ofstream(good) << text
                      << "\n[[sweep]]\nkeys = [\"regime.r.approval_prob\", "
                         "\"regime.r.materials.b.approval_prob\"]\nvalues = [0.2, 0.4, 0.6]\n";
  const auto v = run_cli({"validate", good});
  ASSERT_EQ(v.exit_code, 0) << v.err;
  EXPECT_NE(v.err.find("is valid (3 sweep points)"), std::string::npos) << v.err;
  EXPECT_NE(v.out.find("keys = [\"regime.r.approval_prob\", "
                       "\"regime.r.materials.b.approval_prob\"]"),
            std::string::npos)
      << v.out;
  // The industry override still holds industry j: a warning naming it.
  EXPECT_NE(v.err.find("regime.r.industries.j.approval_prob in (j, a), (j, b)"), std::string::npos)
      << v.err;
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"key = \"regime.r.approval_prob\"\nkeys = [\"regime.r.review_days\"]",
       "both key and keys are given"},
      {"keys = []", "an empty array; expected an array of parameter addresses"},
      {"keys = [\"regime.r.approval_prob\", \"regime.r.approval_prob\"]", "is given twice"},
      {"keys = [\"regime.r.approval_prob\", \"regime.r.nothing\"]", "\"regime.r.nothing\": "},
  };
  for (const auto& [lines, message] : bad) {
    const std::string file = dir + "/bad.toml";
    std::ofstream(file) << text << "\n[[sweep]]\n" << lines << "\nvalues = [0.2]\n";
    const auto r = run_cli({"validate", file});
    EXPECT_EQ(r.exit_code, 2) << lines;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("bad.toml:"), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace chokepoint
