// The remedies (stockpiles, quotas, substitution, priorities) in the event
// engine: closed forms checked exactly, and couplings that cannot act giving
// per path the same figures as the scenario without them (which also checks
// the lockstep pass against the buyer-by-buyer one, bit for bit).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "host/model/model.hpp"
#include "host/scenario/document.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/model_fixtures.hpp"
#include "tests/support/random_scenario.hpp"

namespace chokepoint {
namespace {

using testing::rich_scenario;
using testing::run_paths;
using testing::RunOutputs;
using testing::single_material_scenario;

constexpr double kInf = std::numeric_limits<double>::infinity();

Stockpile stockpile(const std::string& material, double tonnes) {
  Stockpile p;
  p.id = "pile";
  p.material = material;
  p.tonnes = tonnes;
  return p;
}

double tonnes(int64_t units) {
  return static_cast<double>(units) * kTonneUnit;
}

// Banned, 10 days of stock, need 1 t/day: short from day 10. A stockpile of
// 5 t tops the buyer up to a day's need on days 10 .. 14, so the first
// shortage moves by tonnes / need = 5 days, and the stockpile ends empty.
TEST(RemediesEngine, StockpileDelaysTheFirstShortageByTonnesOverNeed) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 10, 50);
  s.stockpiles.push_back(stockpile("m", 5));
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const RunOutputs out = run_paths(*cpu, model, 0, 8, 8);
  for (int p = 0; p < 8; ++p) {
    EXPECT_EQ(out.first_shortage[p], 15);
    EXPECT_EQ(out.shortage_days[p], 35);
    EXPECT_EQ(out.stockpile_held[p * model.view().intervals + 4], 0);          // day 49
    EXPECT_EQ(tonnes(out.stockpile_held[p * model.view().intervals + 0]), 5);  // day 9
    EXPECT_EQ(tonnes(out.stockpile_released[p]), 5);
    EXPECT_EQ(out.lockstep[p], 1);  // the ledger asks 35 t of a 5 t stockpile
  }
}

// A release cap of 0.25 t/day: from day 10 on the buyer gets a quarter of
// its need each day (f = 0.25) for 20 days (5 t), then nothing.
TEST(RemediesEngine, ReleaseCapGivesAPartialShortfall) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 10, 50);
  s.stockpiles.push_back(stockpile("m", 5));
  s.stockpiles[0].max_release_tonnes_per_day = 0.25;
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const RunOutputs out = run_paths(*cpu, model, 0, 4, 4);
  for (int p = 0; p < 4; ++p) {
    EXPECT_EQ(out.first_shortage[p], 10);
    EXPECT_DOUBLE_EQ(out.lost(model, p, 0), (20 * 0.75 + 20 * 1.0) / 50);
  }
}

// Two industries compete for 5 t, both short from day 10; "late" is listed
// first but has the higher priority number, so "early" (priority -1) is
// served first: days 10 and 11 serve both (4 t), day 12 only "early" (the
// last tonne). So "early" is short from day 13, "late" from day 12.
TEST(RemediesEngine, PriorityDecidesWhoIsServedFirst) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 10, 50);
  s.industries[0].id = "late";
  s.industries[0].priority = 3;
  Industry early = s.industries[0];
  early.id = "early";
  early.priority = -1;
  s.industries.push_back(early);
  s.stockpiles.push_back(stockpile("m", 5));
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const RunOutputs out = run_paths(*cpu, model, 0, 4, 4);
  for (int p = 0; p < 4; ++p) {
    EXPECT_EQ(out.first_shortage[p * 2 + 0], 12);  // late
    EXPECT_EQ(out.first_shortage[p * 2 + 1], 13);  // early
    EXPECT_EQ(tonnes(out.stockpile_released[p * 2 + 1]), 3);
    EXPECT_EQ(tonnes(out.stockpile_released[p * 2 + 0]), 2);
  }
}

// Stock for 10 days, banned in "tight", from which an event moves the path to
// "loose" on day 20. The stockpile (30 t) releases only in "tight" and refills
// 2 t/day in "loose": days 10 .. 19 are topped up (10 t), days 20 on are short
// (no release), and the stockpile refills to 30 t by day 24.
TEST(RemediesEngine, ReleaseAndRefillFollowTheRegime) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 10, 40);
  s.regimes[0].id = "tight";
  Regime loose = s.regimes[0];
  loose.id = "loose";
  s.regimes.push_back(loose);
  Event e;
  e.day = 20;
  e.to = "loose";
  s.events.push_back(e);
  Stockpile p = stockpile("m", 30);
  p.release_regimes = std::vector<std::string>{"tight"};
  p.refill_tonnes_per_day = 2;
  p.refill_regimes = {"loose"};
  s.stockpiles.push_back(p);
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const RunOutputs out = run_paths(*cpu, model, 0, 4, 4);
  const int32_t K = model.view().intervals;  // days [0,10) [10,20) [20,30) [30,40)
  for (int q = 0; q < 4; ++q) {
    EXPECT_EQ(out.first_shortage[q], 20);
    EXPECT_EQ(out.shortage_days[q], 20);
    EXPECT_EQ(tonnes(out.stockpile_held[q * K + 1]), 20);
    EXPECT_EQ(tonnes(out.stockpile_held[q * K + 2]), 30);
    EXPECT_EQ(tonnes(out.stockpile_released[q]), 10);
  }
}

// Licence "none" (approved at once), three buyers needing 1 t/day each,
// daily review, no stock, target one day, no transit: each buyer orders 1 t a
// day. A quota of 2 t per day admits buyers 0 and 1 (served first) and denies
// buyer 2 every day: s(t) = 1/3 on every day.
TEST(RemediesEngine, QuotaAdmitsOrdersInServiceOrder) {
  Scenario s = single_material_scenario(LicenceRule::None, 0, 30, /*buyers=*/3);
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  Quota q;
  q.material = "m";
  q.tonnes_per_period = 2;
  q.period_days = 1;
  s.quotas.push_back(q);
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const RunOutputs out = run_paths(*cpu, model, 0, 4, 4);
  for (int p = 0; p < 4; ++p) {
    EXPECT_DOUBLE_EQ(out.lost(model, p, 0), 1.0 / 3);
    EXPECT_EQ(tonnes(out.quota_denied[p]), 30);
    EXPECT_EQ(out.quota_binding[p * model.view().intervals], 1);
  }
}

// The same buyers under a quota of 6 t per 3-day period: the period's first
// two days admit all three orders (3 + 3 = 6 t), its third day denies all
// three. So one day in three is fully short: L = 1/3, 3 t denied a period.
TEST(RemediesEngine, QuotaPeriodsResetTheTally) {
  Scenario s = single_material_scenario(LicenceRule::None, 0, 30, /*buyers=*/3);
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  Quota q;
  q.material = "m";
  q.tonnes_per_period = 6;
  q.period_days = 3;
  s.quotas.push_back(q);
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const RunOutputs out = run_paths(*cpu, model, 0, 2, 2);
  EXPECT_EQ(out.shortage_days[0], 10);
  EXPECT_EQ(out.first_shortage[0], 2);
  EXPECT_DOUBLE_EQ(out.lost(model, 0, 0), 1.0 / 3);
  EXPECT_EQ(tonnes(out.quota_denied[0]), 30);
}

// A quota in a regime the path never enters changes nothing.
TEST(RemediesEngine, QuotaInARegimeNeverEnteredHasNoEffect) {
  Scenario s = rich_scenario();
  const Model plain(s);
  Regime never = s.regimes[0];
  never.id = "never";
  never.mean_duration_days.reset();
  s.regimes.push_back(never);
  Quota q;
  q.material = "dy";
  q.tonnes_per_period = 0;
  q.period_days = 7;
  q.regimes = std::vector<std::string>{"never"};
  s.quotas.push_back(q);
  const Model quota(s);
  auto cpu = make_cpu_backend(2);
  const RunOutputs a = run_paths(*cpu, plain, 0, 300, 100);
  const RunOutputs b = run_paths(*cpu, quota, 0, 300, 100);
  EXPECT_EQ(a.shortfall_total, b.shortfall_total);
  EXPECT_EQ(a.shortage_days, b.shortage_days);
  EXPECT_EQ(a.interval_total, b.interval_total);
}

// Quota of 0.5 t/day on a licence-free material needed 1 t/day: every order
// of 1 t is denied in full, so the buyer is short from day 0. Substitution
// (delay 3, factor 0.5) halves the need from day 3: orders of 0.5 t fit.
TEST(RemediesEngine, SubstitutionWithDelayAndFactor) {
  Scenario s = single_material_scenario(LicenceRule::None, 0, 30);
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  s.industries[0].substitution.push_back(Substitution{"m", 3, 0.5});
  Quota q;
  q.material = "m";
  q.tonnes_per_period = 0.5;
  q.period_days = 1;
  s.quotas.push_back(q);
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const RunOutputs out = run_paths(*cpu, model, 0, 2, 2);
  EXPECT_EQ(out.first_shortage[0], 0);
  EXPECT_EQ(out.shortage_days[0], 3);
  EXPECT_EQ(out.switched_buyers[0], 1);
  EXPECT_EQ(tonnes(out.quota_denied[0]), 3);
}

// Banned, 10 days of stock; factor 0 with delay 5: short on days 10 .. 14,
// then the material is no longer needed and production is full again.
TEST(RemediesEngine, SubstitutionWithFactorZeroDropsTheMaterial) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 10, 50);
  s.industries[0].substitution.push_back(Substitution{"m", 5, 0.0});
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const RunOutputs out = run_paths(*cpu, model, 0, 2, 2);
  EXPECT_EQ(out.first_shortage[0], 10);
  EXPECT_EQ(out.shortage_days[0], 5);
  EXPECT_EQ(out.switched_buyers[0], 1);
  EXPECT_EQ(out.switched_shortfall[0], 0u);
}

// The same with a 20-day warm-up: the shortage comes on day -10, the switch
// on day -5, and nothing of it is reported; the switch counts.
TEST(RemediesEngine, SubstitutionTriggeredInTheWarmup) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 10, 50);
  s.warmup_days = 20;
  s.industries[0].substitution.push_back(Substitution{"m", 5, 0.0});
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const RunOutputs out = run_paths(*cpu, model, 0, 2, 2);
  EXPECT_EQ(out.shortage_days[0], 0);
  EXPECT_EQ(out.first_shortage[0], 50);
  EXPECT_EQ(out.switched_buyers[0], 1);
}

// Couplings that cannot act: an empty stockpile serving every industry (so
// every path with a shortage runs in lockstep, giving nothing), a quota too
// large to bind, substitution with factor 1. Per path the same figures as
// without them: the lockstep pass matches the buyer-by-buyer one bit for bit.
TEST(RemediesEngine, CouplingsThatCannotActChangeNothing) {
  Scenario s = rich_scenario();
  s.warmup_days = 30;
  const Model plain(s);
  for (const Material& mat : s.materials) s.stockpiles.push_back(stockpile(mat.id, 0));
  for (size_t k = 0; k < s.stockpiles.size(); ++k) s.stockpiles[k].id = "p" + std::to_string(k);
  Quota q;
  q.material = s.materials[0].id;
  q.tonnes_per_period = 1e8;
  q.period_days = 5;
  s.quotas.push_back(q);
  s.industries[0].substitution.push_back(Substitution{s.industries[0].need[0].first, 2, 1.0});
  const Model coupled(s);
  auto cpu = make_cpu_backend(2);
  const RunOutputs a = run_paths(*cpu, plain, 0, 400, 128);
  const RunOutputs b = run_paths(*cpu, coupled, 0, 400, 128);
  EXPECT_EQ(a.shortfall_total, b.shortfall_total);
  EXPECT_EQ(a.shortage_days, b.shortage_days);
  EXPECT_EQ(a.first_shortage, b.first_shortage);
  EXPECT_EQ(a.interval_total, b.interval_total);
  EXPECT_EQ(a.interval_short, b.interval_short);
  int lockstep = 0;
  for (uint8_t x : b.lockstep) lockstep += x;
  EXPECT_GT(lockstep, 40);  // the lockstep pass did run on many paths
  for (int64_t v : b.quota_denied) EXPECT_EQ(v, 0);
}

// The lockstep pass with only the pools that fell short in the speculative
// pass serving it (the others drawn on in full and checked afterwards; run
// again with every pool serving it where one of them falls short) against the
// plainer schedule, every pool serving it from the start: every row of every
// path identical, bit for bit, on random coupled scenarios and the shipped
// remedies. Both outcomes of the check occur (lockstep row 1: the first run
// stands; 2: it ran again).
TEST(RemediesEngine, LockstepOfTheShortPoolsEqualsLockstepOfEveryPool) {
  int64_t lockstep = 0, again = 0;
  const auto check = [&](const Scenario& s, const std::string& name, int64_t paths) {
    SCOPED_TRACE(name);
    const Model short_pools(s);
    ASSERT_EQ(setenv("CHOKEPOINT_LOCKSTEP", "every-pool", 1), 0);
    const Model every_pool(s);
    unsetenv("CHOKEPOINT_LOCKSTEP");
    ASSERT_TRUE(every_pool.view().lockstep_every_pool);
    ASSERT_FALSE(short_pools.view().lockstep_every_pool);
    auto cpu = make_cpu_backend(2);
    RunOutputs a = run_paths(*cpu, short_pools, 0, paths, 64);
    const RunOutputs b = run_paths(*cpu, every_pool, 0, paths, 64);
    for (uint8_t& ran : a.lockstep) {
      lockstep += ran != 0;
      again += ran == 2;
      if (ran == 2) ran = 1;  // every pool serves the first run: never twice
    }
    EXPECT_TRUE(a == b);
  };
  for (int k = 0; k < testing::random_scenario_count(30); ++k) {
    const std::string name = "random coupled scenario " + std::to_string(k);
    check(ScenarioDocument::from_string(testing::random_coupled_scenario(k).text, name).resolve(),
          name, 32);
  }
  for (const char* file : {"configs/remedies_2026.toml", "bench/remedies.toml"}) {
    check(ScenarioDocument::from_file(testing::source_path(file)).resolve(), file, 400);
  }
  EXPECT_GT(lockstep, 100);
  EXPECT_GT(again, 0);
}

}  // namespace
}  // namespace chokepoint
