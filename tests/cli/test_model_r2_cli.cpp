// The warm-up, alternative capacity and shortage threshold through the binary:
// root attributes, --set and --vary of the new keys, the summary's threshold,
// the resolved scenario written by validate and into scenario_toml, and a
// warm-up that cannot matter leaving every dataset unchanged.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "host/results/hdf5_file.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/results_compare.hpp"

namespace chokepoint {
namespace {

using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

const std::string kBinomial = "tests/scenarios/binomial_licensing.toml";

testing::CliResult run_binomial(const std::string& out, std::vector<std::string> extra) {
  std::vector<std::string> args = {
      "run", source_path(kBinomial), "-o", out, "--quiet", "--backend", "cpu", "-n", "300"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_cli(args);
}

TEST(ModelR2Cli, RootAttributesNameWarmupAndThreshold) {
  const std::string dir = scratch_dir("r2_attributes");
  auto r = run_binomial(dir + "/plain.h5", {});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Hdf5File plain = Hdf5File::open_read(dir + "/plain.h5");
  EXPECT_EQ(plain.read_integer_attribute("/", "warmup_days"), 0);
  EXPECT_EQ(plain.read_double_attribute("/", "shortage_threshold"), 0.0);
  r = run_binomial(dir + "/set.h5", {"--set", "simulation.warmup_days=25", "--set",
                                     "output.shortage_threshold=0.5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Hdf5File set = Hdf5File::open_read(dir + "/set.h5");
  EXPECT_EQ(set.read_integer_attribute("/", "warmup_days"), 25);
  EXPECT_EQ(set.read_double_attribute("/", "shortage_threshold"), 0.5);
  const std::string toml = set.read_string_attribute("/", "scenario_toml");
  EXPECT_NE(toml.find("warmup_days = 25"), std::string::npos) << toml;
  EXPECT_NE(toml.find("shortage_threshold = 0.5"), std::string::npos) << toml;
  EXPECT_NE(toml.find("alt_capacity = 1.0"), std::string::npos) << toml;
  // The summary says which threshold its P(short) column uses.
  r = run_cli({"summary", dir + "/set.h5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("P(short) = share of paths with a shortage day, s(t) > 0.5"),
            std::string::npos)
      << r.out;
}

// In tests/scenarios/binomial_licensing.toml each day starts with no stock and
// nothing on order whatever came before (see its header), so a warm-up cannot
// change any day >= 0 as long as those days draw the same numbers; one buyer
// is short (s = 1) or not (s = 0), so a threshold of 0.5 counts the same days.
TEST(ModelR2Cli, WarmupThatCannotMatterLeavesEveryDatasetUnchanged) {
  const std::string dir = scratch_dir("r2_identity");
  ASSERT_EQ(run_binomial(dir + "/w0.h5", {"--save-paths"}).exit_code, 0);
  const auto r = run_binomial(dir + "/w.h5", {"--save-paths", "--set", "simulation.warmup_days=400",
                                              "--set", "output.shortage_threshold=0.5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(testing::expect_same_datasets(dir + "/w0.h5", dir + "/w.h5"), 20);
}

TEST(ModelR2Cli, ThresholdAndRampEntriesCanBeSwept) {
  const std::string dir = scratch_dir("r2_sweeps");
  auto r = run_binomial(dir + "/t.h5", {"--vary", "output.shortage_threshold=0,0.5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Hdf5File t = Hdf5File::open_read(dir + "/t.h5");
  EXPECT_EQ(t.read_doubles("sweep/output.shortage_threshold"), (std::vector<double>{0, 0.5}));
  r = run_cli({"summary", dir + "/t.h5"});
  EXPECT_NE(r.out.find("s(t) > output.shortage_threshold of each point"), std::string::npos)
      << r.out;

  r = run_binomial(dir + "/c.h5", {"--set", "material.m.alt_capacity={day=[0,50],factor=[1.0,1.0]}",
                                   "--vary", "material.m.alt_capacity.factor.1=1,2.5", "--vary",
                                   "material.m.alt_capacity.day.0=-10,0"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Hdf5File c = Hdf5File::open_read(dir + "/c.h5");
  EXPECT_EQ(c.read_doubles("sweep/material.m.alt_capacity.factor.1"),
            (std::vector<double>{1, 1, 2.5, 2.5}));
  EXPECT_EQ(c.read_doubles("sweep/material.m.alt_capacity.day.0"),
            (std::vector<double>{-10, 0, -10, 0}));

  r = run_binomial(dir + "/w.h5", {"--vary", "simulation.warmup_days=0,10"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot be swept"), std::string::npos) << r.err;
  EXPECT_FALSE(testing::file_exists(dir + "/w.h5"));
}

TEST(ModelR2Cli, BadNewValuesExitTwoAndWriteNothing) {
  const std::string dir = scratch_dir("r2_bad");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"simulation.warmup_days=3651", "simulation.warmup_days: 3651 is out of range"},
      {"output.shortage_threshold=1", "output.shortage_threshold: 1 is outside [0, 1)"},
      {"material.m.alt_capacity=-1", "material[m].alt_capacity: -1 is negative"},
      {"material.m.alt_capacity={day=[3,1],factor=[1,2]}",
       "material[m].alt_capacity.day[1]: 1 does not come after 3"},
      {"material.m.alt_capacity.factor.0=2", "here alt_capacity is not given"},
  };
  for (const auto& [set, message] : cases) {
    const auto r = run_binomial(dir + "/x.h5", {"--set", set});
    EXPECT_EQ(r.exit_code, 2) << set;
    EXPECT_NE(r.err.find(message), std::string::npos) << set << ": " << r.err;
    EXPECT_FALSE(testing::file_exists(dir + "/x.h5")) << set;
  }
}

// validate prints the new keys, and its output (like scenario_toml) validates
// again to the same text.
TEST(ModelR2Cli, ValidatePrintsTheNewKeysAndRoundTrips) {
  const std::string dir = scratch_dir("r2_validate");
  const std::string scenario = dir + "/s.toml";
  {
    std::ifstream in(source_path(kBinomial));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("\nid = \"m\"") + 1, 8,
                 "id = \"m\"\nalt_capacity = { day = [-5, 30], factor = [0.5, 2.0] }");
    text.replace(text.find("\nreport_interval_days = 10\n"), 27,
                 "\nreport_interval_days = 10\nwarmup_days = 60\n\n[output]\nshortage_threshold = "
                 "0.25\n");
    std::ofstream(scenario) << text;
  }
  const auto first = run_cli({"validate", scenario});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  for (const char* line : {"warmup_days = 60", "shortage_threshold = 0.25",
                           "alt_capacity = { day = [-5, 30], factor = [0.5, 2.0] }"}) {
    EXPECT_NE(first.out.find(line), std::string::npos) << line << " in:\n" << first.out;
  }
  std::ofstream(dir + "/again.toml") << first.out;
  const auto second = run_cli({"validate", dir + "/again.toml"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
}

}  // namespace
}  // namespace chokepoint
