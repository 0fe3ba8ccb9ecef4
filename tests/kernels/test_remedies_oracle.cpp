// The lockstep oracle (tests/kernels/lockstep_oracle.hpp) on the model's
// remedies, in closed form: stockpiles, quotas, substitution and the service
// order. Every scenario here is deterministic (banned or licence-free regimes,
// zero lead times, whole or binary-fraction tonnes), so every figure is
// checked exactly. Then the lockstep form against the frozen day-stepped
// engine: identical per-path outputs without remedies, and with remedies that
// cannot bind.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "host/model/model.hpp"
#include "host/scenario/document.hpp"
#include "host/scenario/scenario.hpp"
#include "tests/kernels/oracle_runner.hpp"
#include "tests/support/model_fixtures.hpp"
#include "tests/support/random_scenario.hpp"

namespace chokepoint {
namespace {

using testing::LockstepOutputs;
using testing::run_lockstep_oracle;
using testing::single_material_scenario;

//! Paths of the lockstep oracle on scenario `s` with its remedies.
LockstepOutputs run(const Scenario& s, int64_t paths = 3) {
  const Model model(s);
  return run_lockstep_oracle(model.view(), 0, paths);
}

Stockpile stockpile(const std::string& id, double tonnes) {
  Stockpile p;
  p.id = id;
  p.material = "m";
  p.tonnes = tonnes;
  return p;
}

//! Buyer-days of shortfall of path p, industry i.
double lost_days(const LockstepOutputs& out, int64_t p, int32_t i) {
  return static_cast<double>(out.rows.shortfall_total[p * out.rows.industries + i]) *
         kShortfallUnit;
}

Industry one_buyer_industry(const std::string& id, int64_t priority, double inventory_days) {
  Industry ind;
  ind.id = id;
  ind.priority = priority;
  ind.need = {{"m", 1.0}};
  ind.inventory_days.scalar = inventory_days;
  ind.review_days = 1;
  return ind;
}

// Banned forever, 10 days of stock, 3 buyers needing 1 t/day each, and a
// stockpile of 45 t: days 0-9 use the stock, days 10-24 the stockpile (3 t a
// day), so the first shortage moves from day 10 to 10 + 45 / 3 = 25.
TEST(RemediesOracle, StockpileDelaysTheFirstShortageByTonnesOverNeed) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 10, 50, /*buyers=*/3);
  const LockstepOutputs bare = run(s);
  EXPECT_EQ(bare.rows.first_shortage[0], 10);
  s.stockpiles.push_back(stockpile("reserve", 45));
  const LockstepOutputs out = run(s);
  for (int p = 0; p < 3; ++p) {
    EXPECT_EQ(out.rows.first_shortage[p], 25);
    EXPECT_EQ(out.rows.shortage_days[p], 25);
    EXPECT_EQ(lost_days(out, p, 0), 3.0 * 25);
    const oracle::RemedyFigures& f = out.paths[p];
    EXPECT_EQ(f.released, std::vector<double>{45.0});
    EXPECT_EQ(f.stockpile_final, std::vector<double>{0.0});
    // Held at the end of days 9, 19, 29, 39, 49 (report interval 10).
    EXPECT_EQ(f.stockpile_held, (std::vector<double>{45, 15, 0, 0, 0}));
    EXPECT_EQ(f.unmet, std::vector<double>{3.0 * 25});
  }
}

// The stockpile acts on days >= 0 only: 3 days of stock and a 5-day warm-up
// leave days -2 and -1 short (unreported) and the stock empty on day 0; the
// stockpile's 15 t then cover days 0-14.
TEST(RemediesOracle, StockpileDoesNotActInTheWarmUp) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 3, 40);
  s.warmup_days = 5;
  s.stockpiles.push_back(stockpile("reserve", 15));
  const LockstepOutputs out = run(s);
  EXPECT_EQ(out.rows.first_shortage[0], 15);
  EXPECT_EQ(out.rows.shortage_days[0], 25);
  EXPECT_EQ(out.paths[0].released, std::vector<double>{15.0});
  EXPECT_EQ(out.paths[0].stockpile_held, (std::vector<double>{5, 0, 0, 0}));
}

// No stock, 2 buyers, a large stockpile releasing at most 1.5 t a day: buyer
// 0 gets its full tonne, buyer 1 half of one, every day: s(t) = 0.25.
TEST(RemediesOracle, ReleaseCapGivesAPartialShortfall) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 0, 40, /*buyers=*/2);
  Stockpile p = stockpile("reserve", 100);
  p.max_release_tonnes_per_day = 1.5;
  s.stockpiles.push_back(p);
  const LockstepOutputs out = run(s);
  for (int q = 0; q < 3; ++q) {
    EXPECT_EQ(out.rows.shortage_days[q], 40);
    EXPECT_EQ(out.rows.first_shortage[q], 0);
    EXPECT_EQ(lost_days(out, q, 0), 0.5 * 40);  // buyer-days: 0.5 a day of 2 buyers
    EXPECT_EQ(out.paths[q].released, std::vector<double>{1.5 * 40});
    EXPECT_EQ(out.paths[q].stockpile_final, std::vector<double>{100 - 1.5 * 40});
    EXPECT_EQ(out.paths[q].unmet, std::vector<double>{0.5 * 40});
  }
}

// Two industries without stock compete for a stockpile of 15 t releasing 1 t
// a day: whichever is served first gets all of it (days 0-14), the other
// nothing. Equal priorities: file order; a lower (negative) priority first.
TEST(RemediesOracle, PriorityDecidesWhoGetsTheStockpile) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 0, 30);
  s.industries = {one_buyer_industry("a", 0, 0), one_buyer_industry("b", 0, 0)};
  Stockpile p = stockpile("reserve", 15);
  p.max_release_tonnes_per_day = 1;
  s.stockpiles.push_back(p);
  const LockstepOutputs file_order = run(s);
  EXPECT_EQ(file_order.rows.first_shortage[0], 15);  // a
  EXPECT_EQ(file_order.rows.first_shortage[1], 0);   // b
  EXPECT_EQ(file_order.paths[0].released, (std::vector<double>{15, 0}));

  s.industries[1].priority = -3;
  const LockstepOutputs b_first = run(s);
  EXPECT_EQ(b_first.rows.first_shortage[0], 0);
  EXPECT_EQ(b_first.rows.first_shortage[1], 15);
  EXPECT_EQ(b_first.rows.shortage_days[0], 30);
  EXPECT_EQ(b_first.rows.shortage_days[1], 15);
  EXPECT_EQ(b_first.paths[0].released, (std::vector<double>{0, 15}));
}

// Calm (no licence) until day 10, crisis (banned) on days 10-29 and from day
// 40 on, by scheduled events. One buyer, 5 days of stock and target, daily
// orders that arrive at once in calm. The stockpile (10 t) releases in crisis
// and refills 2 t a day in calm. Crisis 1: own stock on days 10-13, stockpile
// on days 14-23, short on 24-29. Calm again: refilled 2, 4, ... 10 t by day 34.
// Crisis 2: stock on days 40-43, stockpile on 44-53, short on 54-59.
TEST(RemediesOracle, ReleaseAndRefillRegimesWithScheduledEvents) {
  Scenario s = single_material_scenario(LicenceRule::None, 5, 60);
  s.regimes[0].id = "calm";
  Regime crisis;
  crisis.id = "crisis";
  crisis.terms.licence = LicenceRule::Banned;
  s.regimes.push_back(crisis);
  s.events = {Event{10, std::nullopt, {"calm"}, "crisis", 1.0},
              Event{30, std::nullopt, {"crisis"}, "calm", 1.0},
              Event{40, std::nullopt, {"calm"}, "crisis", 1.0}};
  Stockpile p = stockpile("reserve", 10);
  p.release_regimes = std::vector<std::string>{"crisis"};
  p.refill_tonnes_per_day = 2;
  p.refill_regimes = {"calm"};
  s.stockpiles.push_back(p);
  const LockstepOutputs out = run(s);
  for (int q = 0; q < 3; ++q) {
    EXPECT_EQ(out.rows.first_shortage[q], 24);
    EXPECT_EQ(out.rows.shortage_days[q], 12);
    EXPECT_EQ(lost_days(out, q, 0), 12.0);
    EXPECT_EQ(out.paths[q].released, std::vector<double>{20.0});
    // End of days 9, 19, 29, 39, 49, 59.
    EXPECT_EQ(out.paths[q].stockpile_held, (std::vector<double>{10, 4, 0, 10, 4, 0}));
  }
  // Refilling in crisis instead: release first, then +2 t up to 10 t, on the
  // same days; a day's release is at most 1 t, so it never runs dry.
  s.stockpiles[0].refill_regimes = {"crisis"};
  const LockstepOutputs both = run(s);
  EXPECT_EQ(both.rows.shortage_days[0], 0);
  EXPECT_EQ(both.paths[0].stockpile_final, std::vector<double>{10.0});
}

//! Two one-buyer industries, "low" (file position 0, priority 5) and "high"
//! (position 1, priority 0), no stock, a target of one day and daily orders
//! that arrive the day they are approved: each orders 1 t every day.
Scenario quota_scenario(LicenceRule rule) {
  Scenario s = single_material_scenario(rule, 0, 30);
  s.industries = {one_buyer_industry("low", 5, 0), one_buyer_industry("high", 0, 0)};
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  s.industries[1].target_days = PerMaterial{false, 1.0, {}};
  Quota q;
  q.material = "m";
  q.tonnes_per_period = 5;
  q.period_days = 3;
  s.quotas.push_back(q);
  return s;
}

// A quota of 5 t per 3 days admits 5 of the 6 daily orders of a period: on
// the third day "high" is served first and "low" is denied. Low is short on
// days 2, 5, ..., 29 (10 days); 10 t denied; a denial in every interval.
void expect_quota_admits_five_in_priority_order(const Scenario& s) {
  const LockstepOutputs out = run(s);
  for (int p = 0; p < 3; ++p) {
    EXPECT_EQ(out.rows.shortage_days[p * 2 + 0], 10);
    EXPECT_EQ(out.rows.first_shortage[p * 2 + 0], 2);
    EXPECT_EQ(out.rows.shortage_days[p * 2 + 1], 0);
    EXPECT_EQ(out.paths[p].quota_denied, std::vector<double>{10.0});
    EXPECT_EQ(out.paths[p].quota_binding, (std::vector<uint8_t>{1, 1, 1}));
    EXPECT_EQ(out.paths[p].unmet, std::vector<double>{10.0});
  }
}

TEST(RemediesOracle, QuotaAdmitsKOrdersPerPeriodInPriorityOrderLicenceNone) {
  expect_quota_admits_five_in_priority_order(quota_scenario(LicenceRule::None));
}

// The same with general licences in a banned regime that honours them: every
// buyer holds a GL from day 0 (0-day review, sure grant), so each exporter
// part is approved at once in step 4 and counts against the quota.
TEST(RemediesOracle, QuotaAdmitsKOrdersPerPeriodWithAGeneralLicence) {
  Scenario s = quota_scenario(LicenceRule::Banned);
  s.regimes[0].general_licences = true;
  for (Industry& ind : s.industries) ind.general_licence_adoption = 1.0;
  expect_quota_admits_five_in_priority_order(s);
  // Without GLs the ban lets nothing through and the quota denies nothing.
  for (Industry& ind : s.industries) ind.general_licence_adoption = 0.0;
  const LockstepOutputs out = run(s);
  EXPECT_EQ(out.rows.shortage_days[0], 30);
  EXPECT_EQ(out.paths[0].quota_denied, std::vector<double>{0.0});
}

// Decisions in step 5 count too: licence required, approval certain, 0-day
// reviews, so each order is decided in step 5 of its day, in service order.
TEST(RemediesOracle, QuotaCountsDecisionsInStepFive) {
  Scenario s = quota_scenario(LicenceRule::Required);
  s.regimes[0].terms.approval_prob = 1.0;
  s.regimes[0].terms.review_days = DayDistribution::fixed(0);
  expect_quota_admits_five_in_priority_order(s);
}

// Quotas act in the warm-up: a quota of 0 t denies every order from day -4
// on, so the 10 days of stock are down to 6 on day 0 and the first shortage
// is day 6 (without the quota no day is short). Denied on days 0 .. 19: the
// orders 10 - stock, 4 + 5 + ... + 9 while stock lasts, then 10 a day for 14
// days: 39 + 140 = 179 t.
TEST(RemediesOracle, QuotaActsInTheWarmUp) {
  Scenario s = single_material_scenario(LicenceRule::None, 10, 20);
  s.warmup_days = 4;
  EXPECT_EQ(run(s).rows.shortage_days[0], 0);
  Quota q;
  q.material = "m";
  q.tonnes_per_period = 0;
  q.period_days = 30;
  s.quotas.push_back(q);
  const LockstepOutputs out = run(s);
  EXPECT_EQ(out.rows.first_shortage[0], 6);
  EXPECT_EQ(out.rows.shortage_days[0], 14);
  EXPECT_EQ(out.paths[0].quota_denied, std::vector<double>{179.0});
  EXPECT_EQ(out.paths[0].quota_binding, (std::vector<uint8_t>{1, 1}));
}

// A quota in a regime the path never enters changes nothing, path by path.
TEST(RemediesOracle, QuotaInARegimeNeverEnteredHasNoEffect) {
  Scenario s = quota_scenario(LicenceRule::None);
  Regime never;
  never.id = "never";
  s.regimes.push_back(never);
  s.quotas[0].regimes = std::vector<std::string>{"never"};
  const LockstepOutputs out = run(s);
  Scenario bare = s;
  bare.quotas.clear();
  const LockstepOutputs expected = run(bare);
  EXPECT_TRUE(out.rows == expected.rows);
  EXPECT_EQ(out.rows.shortage_days[0], 0);
  EXPECT_EQ(out.paths[0].quota_denied, std::vector<double>{0.0});
}

// Banned forever, 10 days of stock, a large stockpile releasing 0.5 t a day
// to the one buyer (need 1): from day 10 on half a day's need. The buyer is
// first short because of m on day 10; need_factor 0.5 from day 10 + delay on
// halves its need, which the stockpile then covers in full.
Scenario substitution_scenario(int64_t delay, double factor) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 10, 40);
  Stockpile p = stockpile("reserve", 1000);
  p.max_release_tonnes_per_day = 0.5;
  s.stockpiles.push_back(p);
  s.industries[0].substitution.push_back(Substitution{"m", delay, factor});
  return s;
}

TEST(RemediesOracle, SubstitutionWithADelayAndAFactor) {
  const LockstepOutputs out = run(substitution_scenario(5, 0.5));
  EXPECT_EQ(out.rows.first_shortage[0], 10);
  EXPECT_EQ(out.rows.shortage_days[0], 5);  // days 10-14
  EXPECT_EQ(lost_days(out, 0, 0), 2.5);
  EXPECT_EQ(out.paths[0].unmet, std::vector<double>{2.5});
  EXPECT_EQ(out.paths[0].released, std::vector<double>{0.5 * 30});
  EXPECT_EQ(out.paths[0].substituted, std::vector<int32_t>{1});
  // A delay of 0 counts as 1: short on day 10 only.
  EXPECT_EQ(run(substitution_scenario(0, 0.5)).rows.shortage_days[0], 1);
  // A switch due after the horizon is not in effect: short from day 10 on.
  const LockstepOutputs late = run(substitution_scenario(30, 0.5));
  EXPECT_EQ(late.rows.shortage_days[0], 30);
  EXPECT_EQ(late.paths[0].substituted, std::vector<int32_t>{0});
  // Factor 1 switches but changes nothing.
  const LockstepOutputs one = run(substitution_scenario(5, 1.0));
  EXPECT_EQ(one.rows.shortage_days[0], 30);
  EXPECT_EQ(one.paths[0].substituted, std::vector<int32_t>{1});
}

// need_factor 0 drops the material: from day 13 on nothing is needed, so
// nothing is short and the stockpile releases nothing more.
TEST(RemediesOracle, SubstitutionWithFactorZero) {
  const LockstepOutputs out = run(substitution_scenario(3, 0.0));
  EXPECT_EQ(out.rows.shortage_days[0], 3);
  EXPECT_EQ(lost_days(out, 0, 0), 1.5);
  EXPECT_EQ(out.paths[0].released, std::vector<double>{1.5});
  EXPECT_EQ(out.paths[0].unmet, std::vector<double>{1.5});
}

// Triggered in the warm-up: with W = 20 the stock runs out on day -10, the
// switch is in effect from day -5, and from day 0 the stockpile's 0.5 t a day
// covers the halved need: nothing short in days 0 .. T-1.
TEST(RemediesOracle, SubstitutionTriggeredInTheWarmUp) {
  Scenario s = substitution_scenario(5, 0.5);
  s.warmup_days = 20;
  const LockstepOutputs out = run(s);
  EXPECT_EQ(out.rows.shortage_days[0], 0);
  EXPECT_EQ(out.paths[0].substituted, std::vector<int32_t>{1});
  EXPECT_EQ(out.paths[0].released, std::vector<double>{0.5 * 40});
  EXPECT_EQ(out.paths[0].unmet, std::vector<double>{0.0});
}

// Without remedies the lockstep form is the frozen day-stepped engine, bit
// for bit, on the random scenarios of the whole schema.
TEST(RemediesOracle, LockstepEqualsTheFrozenEngineWithoutRemedies) {
  const int count = testing::random_scenario_count(30);
  for (int k = 0; k < count; ++k) {
    const std::string text = testing::random_scenario_text(k);
    SCOPED_TRACE("random scenario " + std::to_string(k) + ":\n" + text);
    const Scenario s = ScenarioDocument::from_string(text, "random").resolve();
    const Model model(s);
    const LockstepOutputs out = run_lockstep_oracle(model.view(), 0, 6);
    ASSERT_TRUE(out.rows == testing::run_oracle(model, 0, 6));
  }
}

// Remedies that cannot bind (a stockpile that never releases, an unlimited
// quota, a need factor of 1 never triggered into a change) leave every
// per-path output of the rich scenario as it is without them.
TEST(RemediesOracle, NonBindingRemediesChangeNothing) {
  Scenario s = testing::rich_scenario();
  const Model bare(s);
  const testing::RunOutputs expected = testing::run_oracle(bare, 0, 16);
  for (const Material& mat : s.materials) {
    Stockpile p;
    p.id = "never_" + mat.id;
    p.material = mat.id;
    p.tonnes = 500;
    p.release_regimes = std::vector<std::string>{};
    s.stockpiles.push_back(p);
    Quota q;
    q.material = mat.id;
    q.tonnes_per_period = std::numeric_limits<double>::infinity();
    q.period_days = 7;
    s.quotas.push_back(q);
  }
  for (Industry& ind : s.industries) {
    ind.priority = -static_cast<int64_t>(&ind - s.industries.data());  // reversed order
    for (const auto& [mat, need] : ind.need) {
      if (need > 0) ind.substitution.push_back(Substitution{mat, 3, 1.0});
    }
  }
  const LockstepOutputs out = run(s, 16);
  EXPECT_TRUE(out.rows == expected);
  // So does the event engine on the scenario without them.
  const Model coupled(s);
  testing::expect_lockstep_agreement(bare, coupled.view(), 16, "rich scenario, remedies unbound");
  for (const oracle::RemedyFigures& f : out.paths) {
    for (const double d : f.quota_denied) EXPECT_EQ(d, 0.0);
    for (const double held : f.stockpile_final) EXPECT_EQ(held, 500.0);
  }
}

// A random scenario with remedies is the scenario of the same number without
// them plus the remedies' lines: priorities and substitutions in the
// industries, stockpiles and quotas at the end. The remedies drawn are those
// in the text.
TEST(RemediesOracle, RandomCoupledScenariosExtendTheSeries) {
  int stockpiles = 0, quotas = 0, substitutions = 0, priorities = 0;
  for (int k = 0; k < 60; ++k) {
    const testing::CoupledScenario c = testing::random_coupled_scenario(k);
    std::string text = c.text;
    const size_t tables = std::min(text.find("\n[[stockpile]]"), text.find("\n[[quota]]"));
    if (tables != std::string::npos) text.resize(tables);
    std::string base;
    size_t line_start = 0;
    while (line_start < text.size()) {
      const size_t end = std::min(text.find('\n', line_start), text.size());
      const std::string line = text.substr(line_start, end - line_start);
      if (line.rfind("priority = ", 0) != 0 && line.rfind("substitution = ", 0) != 0) {
        base += line + (end < text.size() ? "\n" : "");
      }
      line_start = end + 1;
    }
    ASSERT_EQ(base, testing::random_scenario_text(k)) << "scenario " << k;
    for (const std::vector<Substitution>& subs : c.remedies.substitution) {
      substitutions += static_cast<int>(subs.size());
    }
    for (const int64_t p : c.remedies.priority) priorities += p != 0;
    stockpiles += static_cast<int>(c.remedies.stockpiles.size());
    quotas += static_cast<int>(c.remedies.quotas.size());
    size_t count = 0;
    for (size_t at = c.text.find("[[stockpile]]"); at != std::string::npos;
         at = c.text.find("[[stockpile]]", at + 1)) {
      ++count;
    }
    EXPECT_EQ(count, c.remedies.stockpiles.size()) << "scenario " << k;
  }
  // Each kind of remedy is drawn often in the series.
  EXPECT_GT(stockpiles, 30);
  EXPECT_GT(quotas, 30);
  EXPECT_GT(substitutions, 30);
  EXPECT_GT(priorities, 30);
}

// On the random scenarios with remedies, the figures the rules bound: a
// stockpile holds between 0 and its tonnes and releases at most what it held
// and refilled, only to the industries it serves; quotas deny only materials
// they cover; switches only where a substitution is given, at most one per
// buyer. (The scenario is built from the text without remedies plus the
// drawn structs, until the scenario reader knows the new tables.)
TEST(RemediesOracle, RandomCoupledScenariosKeepTheirBounds) {
  const int count = testing::random_scenario_count(30);
  for (int k = 0; k < count; ++k) {
    const testing::CoupledScenario c = testing::random_coupled_scenario(k);
    SCOPED_TRACE("random coupled scenario " + std::to_string(k) + ":\n" + c.text);
    Scenario s =
        ScenarioDocument::from_string(testing::random_scenario_text(k), "random").resolve();
    c.remedies.apply(s);
    const Model model(s);
    const ModelView& m = model.view();
    const LockstepOutputs out = run_lockstep_oracle(m, 0, 4);
    for (const oracle::RemedyFigures& f : out.paths) {
      for (int32_t p = 0; p < m.stockpiles; ++p) {
        const Stockpile& pile = s.stockpiles[p];
        const double tonnes = oracle::tonnes_of(m.stockpile_tonnes[p]);
        EXPECT_GE(f.stockpile_final[p], 0.0);
        EXPECT_LE(f.stockpile_final[p], tonnes);
        for (int32_t q = 0; q < m.intervals; ++q) {
          EXPECT_GE(f.stockpile_held[p * m.intervals + q], 0.0);
          EXPECT_LE(f.stockpile_held[p * m.intervals + q], tonnes);
        }
        double released = 0;
        for (int32_t i = 0; i < m.industries; ++i) {
          const double r = f.released[p * m.industries + i];
          EXPECT_GE(r, 0.0);
          if (!m.stockpile_serves[p * m.industries + i]) {
            EXPECT_EQ(r, 0.0);
          }
          released += r;
        }
        const double refills = pile.refill_regimes.empty() ? 0.0 : pile.refill_tonnes_per_day;
        if (refills == 0) {
          EXPECT_NEAR(f.stockpile_final[p], tonnes - released, 1e-9 * tonnes + 1e-9)
              << "without refills, what is not released is held";
        } else if (std::isfinite(refills)) {
          EXPECT_LE(released,
                    (tonnes + refills * static_cast<double>(s.horizon_days)) * (1 + 1e-12));
        }
      }
      for (int32_t mat = 0; mat < m.materials; ++mat) {
        bool covered = false;
        for (int32_t r = 0; r < m.regimes; ++r)
          covered = covered || m.quota_in[r * m.materials + mat] >= 0;
        EXPECT_GE(f.quota_denied[mat], 0.0);
        EXPECT_GE(f.unmet[mat], 0.0);
        if (!covered) {
          EXPECT_EQ(f.quota_denied[mat], 0.0);
        }
        for (int32_t i = 0; i < m.industries; ++i) {
          const int32_t n = f.substituted[i * m.materials + mat];
          EXPECT_GE(n, 0);
          EXPECT_LE(n, m.buyers[i]);
          if (m.substitution_delay[i * m.materials + mat] < 0) {
            EXPECT_EQ(n, 0);
          }
        }
      }
    }
    if (::testing::Test::HasFailure()) break;
  }
}

}  // namespace
}  // namespace chokepoint
