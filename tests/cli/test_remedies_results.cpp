// The remedies through the binary: a run writes the stockpile coordinate and
// the stockpiles/, quota/ and substitution/ groups with the closed-form
// figures of a small scenario; a sweep of the stockpile's size moves them;
// precision targets are refused together with the remedies (exit 2).
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

// Banned from day 0, 10 days of stock, need 1 t/day, one buyer, 50 days in
// report intervals of 10: a stockpile of 5 t serves days 10 .. 14, so the
// first shortage is day 15 on every path, the stockpile holds 5 t at the end
// of interval 0 and is empty from interval 1 on, and it released 5 t.
const std::string kScenario = R"([scenario]
name = "a stockpile that runs out"

[simulation]
horizon_days = 50
report_interval_days = 10

[[material]]
id = "dy"

[[regime]]
id = "closed"
licence = "banned"

[[industry]]
id = "defence"
need = { dy = 1.0 }
inventory_days = 10
review_days = 1
substitution = { dy = { delay_days = 100, need_factor = 0.5 } }

[[stockpile]]
id = "reserve"
material = "dy"
tonnes = 5

[[quota]]
material = "dy"
tonnes_per_period = 1
period_days = 10
)";

TEST(RemediesResults, ARunWritesTheRemediesGroups) {
  const std::string dir = scratch_dir("remedies_results");
  std::ofstream(dir + "/s.toml") << kScenario;
  const std::string out = dir + "/s.h5";
  const auto r = run_cli({"run", dir + "/s.toml", "-n", "40", "-o", out, "--backend", "cpu"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("fell short on 40 of 40 paths"), std::string::npos) << r.err;
  const Hdf5File f = Hdf5File::open_read(out);
  EXPECT_EQ(f.read_strings("stockpile"), std::vector<std::string>{"reserve"});
  EXPECT_EQ(f.read_doubles("stockpiles/remaining"), (std::vector<double>{5, 0, 0, 0, 0}));
  EXPECT_EQ(f.read_doubles("stockpiles/prob_empty"), (std::vector<double>{0, 1, 1, 1, 1}));
  for (double q : f.read_doubles("stockpiles/remaining_quantiles")) EXPECT_EQ(q, 0.0);
  EXPECT_EQ(f.read_doubles("stockpiles/released"), std::vector<double>{5});
  // Banned: the exporter approves nothing, so the quota denies nothing.
  EXPECT_EQ(f.read_doubles("quota/denied_tonnes"), std::vector<double>{0});
  EXPECT_EQ(f.read_doubles("quota/prob_binding"), (std::vector<double>{0, 0, 0, 0, 0}));
  // Short from day 15: the switch would apply on day 115, beyond the horizon.
  EXPECT_EQ(f.read_doubles("substitution/share"), std::vector<double>{0});
  EXPECT_EQ(f.read_doubles("shortage_days/mean"), std::vector<double>{35});
  // Unmet tonnes: 35 days of 1 t.
  EXPECT_EQ(f.read_doubles("unmet_tonnes/mean"), std::vector<double>{35});
}

TEST(RemediesResults, ASweepOfTheStockpileSizeMovesTheFirstShortage) {
  const std::string dir = scratch_dir("remedies_sweep");
  std::ofstream(dir + "/s.toml") << kScenario;
  const std::string out = dir + "/s.h5";
  const auto r = run_cli({"run", dir + "/s.toml", "-n", "20", "-o", out, "--quiet", "--backend",
                          "cpu", "--vary", "stockpile.reserve.tonnes=0,10,40"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Hdf5File f = Hdf5File::open_read(out);
  // 40, 30 and 0 shortage days: each tonne is a day of need.
  EXPECT_EQ(f.read_doubles("shortage_days/mean"), (std::vector<double>{40, 30, 0}));
  EXPECT_EQ(f.read_doubles("stockpiles/released"), (std::vector<double>{0, 10, 40}));
}

TEST(RemediesResults, PrecisionTargetsAreRefusedWithRemedies) {
  const std::string dir = scratch_dir("remedies_precision");
  std::ofstream(dir + "/s.toml") << kScenario;
  const std::string out = dir + "/s.h5";
  const auto r = run_cli({"run", dir + "/s.toml", "-n", "20", "-o", out, "--quiet", "--backend",
                          "cpu", "--precision", "lost_output/mean=5%"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("precision targets do not yet work with the remedies"), std::string::npos)
      << r.err;
  EXPECT_FALSE(file_exists(out));
}

}  // namespace
}  // namespace chokepoint
