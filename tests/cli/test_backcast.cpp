// The 2025 backcast (configs/backcast_2025.toml, docs/model.md "Backcast of
// 2025") keeps reproducing the observations it was calibrated against: the
// first car-plant stoppages around 20–26 May 2025 (days 46–52) and their
// spread over few plants, not one industry-wide cliff.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "host/results/hdf5_file.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

struct CarSeries {
  std::vector<double> weekly;  //!< share of car output lost, mean over paths, per week
  double lost = 0;             //!< share of car output lost over the horizon
};

// The six car groups weighted by their magnet need (as in the file).
CarSeries car_series(const Hdf5File& f) {
  const std::vector<std::pair<std::string, double>> groups = {
      {"ev_traction_short", 1.5},         {"ev_traction_typical", 18.0},
      {"ev_traction_long", 10.5},         {"automotive_other_short", 1.1},
      {"automotive_other_typical", 13.2}, {"automotive_other_long", 7.7}};
  const auto industries = f.read_strings("industry");
  const auto mean = f.read_doubles("shortfall/mean");  // [1, I, K]
  const auto lost = f.read_doubles("lost_output/mean");
  const size_t K = mean.size() / industries.size();
  double total = 0;
  for (const auto& [name, w] : groups) total += w;
  CarSeries out;
  out.weekly.assign(K, 0.0);
  for (const auto& [name, w] : groups) {
    const auto it = std::find(industries.begin(), industries.end(), name);
    EXPECT_NE(it, industries.end()) << name;
    if (it == industries.end()) continue;
    const auto i = static_cast<size_t>(it - industries.begin());
    for (size_t k = 0; k < K; ++k) out.weekly[k] += w / total * mean[i * K + k];
    out.lost += w / total * lost[i];
  }
  return out;
}

int64_t first_week_above(const std::vector<double>& weekly, double level) {
  for (size_t k = 0; k < weekly.size(); ++k) {
    if (weekly[k] > level) return static_cast<int64_t>(k) * 7;
  }
  return -1;
}

TEST(Backcast2025, FirstCarStoppagesInLateMayAndScattered) {
  const std::string dir = scratch_dir("backcast_2025");
  const auto r = run_cli({"run", source_path("configs/backcast_2025.toml"), "-n", "500", "--quiet",
                          "-o", dir + "/after.h5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CarSeries after = car_series(Hdf5File::open_read(dir + "/after.h5"));
  // Observed first stoppages on days 46 and 52; one weekly report interval either
  // side (days 42 … 56) is what weekly figures can resolve.
  const int64_t first = first_week_above(after.weekly, 0.005);
  EXPECT_GE(first, 42);
  EXPECT_LE(first, 56);
  // Scattered: no week loses more than 6 % of car output (documented: 4.1 %), and
  // the cars lose under 3 % over Apr–Oct (documented: 1.9 %).
  EXPECT_LT(*std::max_element(after.weekly.begin(), after.weekly.end()), 0.06);
  EXPECT_LT(after.lost, 0.03);

  // Without the short-cover groups (every car buyer with the typical cover), the
  // first stoppages come weeks late: the timing is set by the stocks.
  std::vector<std::string> args = {"run",
                                   source_path("configs/backcast_2025.toml"),
                                   "-n",
                                   "500",
                                   "--quiet",
                                   "-o",
                                   dir + "/uniform.h5"};
  for (const char* set : {"industry.ev_traction_short.inventory_days.ndfeb_magnets=120",
                          "industry.ev_traction_long.inventory_days.ndfeb_magnets=120",
                          "industry.automotive_other_short.inventory_days.ndfeb_magnets=105",
                          "industry.automotive_other_long.inventory_days.ndfeb_magnets=105"}) {
    args.push_back("--set");
    args.push_back(set);
  }
  const auto u = run_cli(args);
  ASSERT_EQ(u.exit_code, 0) << u.err;
  const CarSeries uniform = car_series(Hdf5File::open_read(dir + "/uniform.h5"));
  EXPECT_GT(first_week_above(uniform.weekly, 0.005), 70);
}

}  // namespace
}  // namespace chokepoint
