// What the binary says, end to end: errors in --set values name the option, values
// get did-you-mean suggestions, -o makes its folders, the built-in default scenario
// says what it is, validate writes whole numbers as integers.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::file_exists;
using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

const std::string kBinomial = "tests/scenarios/binomial_licensing.toml";

TEST(Messages, SetValueErrorsNameTheOptionNotTheFile) {
  const std::string dir = scratch_dir("messages_set");
  auto r = run_cli({"run", source_path(kBinomial), "-o", dir + "/x.h5", "--set",
                    "regime.required.approval_prob=1.5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "chokepoint: error: --set regime.required.approval_prob=1.5: 1.5 is outside [0, 1]; "
            "expected a probability between 0 and 1\n");
  r = run_cli({"run", source_path(kBinomial), "-o", dir + "/x.h5", "--set",
               "regime.required.licence=baned"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "chokepoint: error: --set regime.required.licence=baned: \"baned\" is not a licence "
            "rule (did you mean \"banned\"?); expected \"none\", \"required\" or \"banned\"\n");
  r = run_cli({"run", source_path(kBinomial), "-o", dir + "/x.h5", "--set",
               "regime.required.review_days={dist=\"unifrom\",min=1,max=3}"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--set regime.required.review_days={dist=\"unifrom\",min=1,max=3}: "
                       "regime[required].review_days.dist: \"unifrom\" is not a distribution (did "
                       "you mean \"uniform\"?)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(file_exists(dir + "/x.h5"));
}

TEST(Messages, OutputFoldersAreCreated) {
  const std::string dir = scratch_dir("messages_output");
  const std::string out = dir + "/new/folders/x.h5";
  const auto r = run_cli({"run", source_path(kBinomial), "-n", "50", "-o", out, "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(file_exists(out));
  // A folder as the output is bad usage, refused before anything is written.
  const auto folder = run_cli({"run", source_path(kBinomial), "-n", "50", "-o", dir});
  EXPECT_EQ(folder.exit_code, 2);
  EXPECT_EQ(folder.err.rfind("chokepoint: error: -o " + dir + ": is a folder; expected", 0), 0u)
      << folder.err;
}

TEST(Messages, DefaultScenarioSaysItIsTheBuiltInCopy) {
  const std::string dir = scratch_dir("messages_default");
  const auto r = run_cli({"run", "-n", "20", "--backend", "cpu"}, dir);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.rfind("chokepoint: built-in default scenario (configs/rare_earths_2026.toml as "
                        "of build ",
                        0),
            0u)
      << r.err;
  // validate without a file prints the built-in scenario, resolved.
  const auto v = run_cli({"validate"});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  EXPECT_NE(v.out.find("[[industry]]"), std::string::npos);
  EXPECT_EQ(v.err.rfind("chokepoint: built-in default scenario (configs/rare_earths_2026.toml", 0),
            0u)
      << v.err;
  EXPECT_NE(v.err.find(") is valid (no sweeps)\n"), std::string::npos) << v.err;
  // A scenario file is named as given.
  const auto file = run_cli({"run", source_path(kBinomial), "-n", "20", "-o", dir + "/b.h5"});
  EXPECT_EQ(file.err.rfind("chokepoint: " + source_path(kBinomial) + ": 20 paths x 1 point", 0), 0u)
      << file.err;
}

TEST(Messages, ValidateWritesWholeNumbersAsIntegersAndCountsSweeps) {
  const std::string dir = scratch_dir("messages_validate");
  const std::string scenario = dir + "/t.toml";
  FILE* f = std::fopen(scenario.c_str(), "w");
  std::fputs(
      "[scenario]\nname = \"t\"\n[[material]]\nid = \"m\"\n[[regime]]\nid = \"r\"\n"
      "licence = \"required\"\napproval_prob = 0.5\n"
      "review_days = { dist = \"triangular\", min = 20, mode = 35, max = 90 }\n"
      "[[industry]]\nid = \"i\"\nneed = { m = 2 }\ninventory_days = 30\nreview_days = 7\n",
      f);
  std::fclose(f);
  auto r = run_cli({"validate", scenario});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("mode = 35,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("need = { m = 2 }"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("inventory_days = 30\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "chokepoint: " + scenario + " is valid (no sweeps)\n");
  r = run_cli({"validate", scenario, "--vary", "regime.r.approval_prob=0.2,0.4,0.6"});
  EXPECT_EQ(r.err, "chokepoint: " + scenario + " is valid (3 sweep points)\n");
  r = run_cli({"validate", scenario, "--vary", "regime.r.approval_prob=0.2"});
  EXPECT_EQ(r.err, "chokepoint: " + scenario + " is valid (1 sweep point)\n");
}

TEST(Messages, UsageErrorsAreOneLineWithExitCodeTwo) {
  const std::vector<std::vector<std::string>> cases = {{"run", "--no-such-option"},
                                                       {"frobnicate"},
                                                       {},
                                                       {"run", "-n", "0"},
                                                       {"summary"},
                                                       {"summary", "x.h5", "--diff", "1"},
                                                       {"run", "--set", "foo"},
                                                       {"run", "--vary", "x"},
                                                       {"run", "--backend", "gpu"}};
  for (const auto& args : cases) {
    const auto r = run_cli(args);
    std::string shown;
    for (const auto& a : args) shown += " " + a;
    EXPECT_EQ(r.exit_code, 2) << shown;
    EXPECT_EQ(r.err.rfind("chokepoint: error: ", 0), 0u) << shown << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << shown << ": " << r.err;
    EXPECT_EQ(r.out, "") << shown;
  }
  EXPECT_NE(run_cli({"frobnicate"})
                .err.find("frobnicate is not a command; expected a command: "
                          "run, validate, summary or info"),
            std::string::npos);
  EXPECT_NE(run_cli({"run", "--no-such-option"}).err.find("(see chokepoint run --help)"),
            std::string::npos);
}

}  // namespace
}  // namespace chokepoint
