// The warm-up, the capacity of alternative supply and the shortage threshold,
// on scenarios whose outcome follows in closed form (derivations beside each
// test), run on the CPU backend: exact where the outcome is deterministic, a
// stated bound otherwise (fixed seeds).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "host/model/model.hpp"
#include "host/scenario/document.hpp"
#include "host/statistics/statistics.hpp"
#include "kernels/rng_streams.hpp"
#include "tests/kernels/oracle_runner.hpp"
#include "tests/support/model_fixtures.hpp"

namespace chokepoint {
namespace {

using testing::point_statistics_of;
using testing::run_paths;
using testing::single_material_scenario;

constexpr double kUnit = 0x1p38;  // one buyer-day of full shortfall in fixed point

// --- Warm-up -------------------------------------------------------------------

// One buyer, need 1/day, no licence, daily review, 10 days in transit, stock for
// 5 days, order-up-to 20. Counting days from the first simulated day (d):
//   d = 0: position 5, orders 15 (arrives d = 10); consumes to 4.
//   d = 1..4: position 19, orders 1 each (arrive 11..14); stock 3, 2, 1, 0.
//   d = 5: position 0 + 19, orders 1 (arrives 15); no stock: short.
//   d = 6..9: position 20, no order; short. Five short days, d = 5..9.
//   d = 10: the 15 arrive; stock 14. d = 11..15: 1 arrives, 1 is ordered
//   daily, stock 14. d = 16..20: nothing arrives (nothing was ordered on
//   d = 6..10), stock 13 .. 9. From d = 21 one unit arrives and one is
//   ordered every day: stock 9 for good, never short again.
// Day t = d - W. Without warm-up: days 5..9 short. W = 8: d = 5..9 are days
// -3..1, so days 0 and 1 are short. W = 30: day 0 is d = 30, in the steady
// state: never short.
Scenario pipeline_scenario(int64_t warmup) {
  Scenario s = single_material_scenario(LicenceRule::None, 5, 60);
  s.industries[0].target_days = PerMaterial{false, 20.0, {}};
  s.industries[0].transit_days = 10;
  s.warmup_days = warmup;
  return s;
}

TEST(Warmup, FillsThePipelineBeforeDayZero) {
  auto cpu = make_cpu_backend(1);
  {
    const Model model(pipeline_scenario(0));
    const auto out = run_paths(*cpu, model, 0, 3, 3);
    EXPECT_EQ(out.shortage_days[0], 5);
    EXPECT_EQ(out.first_shortage[0], 5);
    EXPECT_EQ(out.shortfall_total[0], static_cast<uint64_t>(5 * kUnit));
  }
  {
    const Model model(pipeline_scenario(8));
    const auto out = run_paths(*cpu, model, 0, 3, 3);
    EXPECT_EQ(out.shortage_days[0], 2);
    EXPECT_EQ(out.first_shortage[0], 0);
    EXPECT_EQ(out.shortfall_total[0], static_cast<uint64_t>(2 * kUnit));
    EXPECT_EQ(out.interval_total[0], static_cast<uint64_t>(2 * kUnit));  // interval 0: days 0..9
  }
  {
    const Model model(pipeline_scenario(30));
    const auto out = run_paths(*cpu, model, 0, 3, 3);
    EXPECT_EQ(out.shortage_days[0], 0);
    EXPECT_EQ(out.first_shortage[0], 60);
    EXPECT_EQ(out.shortfall_total[0], 0u);
  }
}

// Two buyers (need 1/day each), reviewing every 10 days on offsets 0 and 5, no
// licence, 5 days in transit, stock 10 days, order-up-to 15 days.
// W = 0: buyer 0 orders 5 on day 0 (arrive day 5: stock 5 + 5) and 10 on day
// 10 (stock 5, lasting to day 14; arrive day 15); buyer 1 has 5 left on day 5,
// orders 10 (arrive day 10, when the 5 are just used up). Never short; the
// cycle repeats every 10 days.
// W = 3: no review falls on days -3..-1 (offsets 0 and 5 mod 10), so both
// start day 0 with 7. Buyer 0 reviews on day 0 (orders 8, arriving day 5, when
// 2 are left): never short. Buyer 1 has 2 left on day 5, orders 13 arriving
// day 10, and runs out after day 6: short on days 7, 8, 9 (s = 1/2), then
// back in the cycle. So a warm-up shorter than the review period makes the
// start worse. W = 5 covers buyer 1's review on day -5 (orders 5, arriving day
// 0): never short again.
Scenario staggered_scenario(int64_t warmup) {
  Scenario s = single_material_scenario(LicenceRule::None, 10, 60, /*buyers=*/2);
  s.industries[0].target_days = PerMaterial{false, 15.0, {}};
  s.industries[0].review_days = 10;
  s.industries[0].transit_days = 5;
  s.warmup_days = warmup;
  return s;
}

TEST(Warmup, ShorterThanTheReviewPeriodCanMakeTheStartWorse) {
  auto cpu = make_cpu_backend(1);
  const auto run = [&](int64_t warmup) {
    const Model model(staggered_scenario(warmup));
    return run_paths(*cpu, model, 0, 2, 2);
  };
  const auto none = run(0);
  EXPECT_EQ(none.shortage_days[0], 0);
  EXPECT_EQ(none.shortfall_total[0], 0u);
  const auto short_warmup = run(3);
  EXPECT_EQ(short_warmup.shortage_days[0], 3);
  EXPECT_EQ(short_warmup.first_shortage[0], 7);
  EXPECT_EQ(short_warmup.shortfall_total[0], static_cast<uint64_t>(3 * kUnit));  // 3 buyer-days
  const auto covering = run(5);
  EXPECT_EQ(covering.shortage_days[0], 0);
  EXPECT_EQ(covering.shortfall_total[0], 0u);
}

// A scenario without memory from one day to the next: no stock, order-up-to one
// day, daily review, licences decided the same day (approval 0.6), no transit.
// Each buyer-day is short exactly when that day's licence draw is refused, so
// the outputs depend only on the draws of days >= 0: a warm-up leaves every
// per-path output unchanged if and only if those draws are keyed by the day
// alone, not by the position in the run.
TEST(Warmup, DoesNotChangeTheDrawsOfDaysFromZero) {
  Scenario s = single_material_scenario(LicenceRule::Required, 0, 40, /*buyers=*/3);
  s.regimes[0].terms.approval_prob = 0.6;
  s.regimes[0].terms.review_days = DayDistribution::fixed(0);
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  auto cpu = make_cpu_backend(2);
  const Model plain(s);
  const auto expected = run_paths(*cpu, plain, 0, 300, 300);
  for (int64_t warmup : {1, 37, 3650}) {
    s.warmup_days = warmup;
    const Model model(s);
    EXPECT_TRUE(run_paths(*cpu, model, 0, 300, 300) == expected) << "W = " << warmup;
  }
  int64_t short_paths = 0;  // the comparison means something: paths differ
  for (int64_t p = 0; p < 300; ++p) short_paths += expected.shortage_days[p] > 0;
  EXPECT_GT(short_paths, 0);
}

// The regime chain (own stream, initial regime from day 0's block) is the same
// whatever the warm-up: the days spent in each regime match path by path.
TEST(Warmup, LeavesTheRegimePathUnchanged) {
  Scenario s = testing::rich_scenario();
  auto cpu = make_cpu_backend(2);
  const Model plain(s);
  const auto expected = run_paths(*cpu, plain, 0, 200, 200);
  s.warmup_days = 120;
  const Model model(s);
  const auto warm = run_paths(*cpu, model, 0, 200, 200);
  EXPECT_EQ(warm.regime_days, expected.regime_days);
  EXPECT_NE(warm.shortfall_total, expected.shortfall_total);  // the warm-up does act
}

// The warm-up runs in the initial regime; an event of day 0 applies on day 0,
// after it. One buyer (need 1/day), stock and order-up-to 30 days, review
// every 10 days, no transit; the initial regime licenses nothing, and an event
// of day 0 (probability 1) switches to a ban. W = 20:
//   day -20: position 30, no order; day -10: stock 20, orders 10 (no licence
//   needed in the warm-up's regime), which arrive the same day: stock 30.
//   Day 0: stock 20, the order of 10 is denied (banned), as every later one.
//   Days 0..19 are full, days 20..59 short: 40 days, the first on day 20.
// Had the warm-up run in the event's regime, the order of day -10 would have
// been denied too, and days 10..59 short.
TEST(Warmup, RunsInTheInitialRegimeWhenAnEventStrikesOnDayZero) {
  const Model model(ScenarioDocument::from_string(R"(
[scenario]
name = "event on day 0 after a warm-up"
[simulation]
horizon_days = 60
warmup_days = 20
initial_regime = "open"
[[material]]
id = "m"
[[regime]]
id = "open"
licence = "none"
[[regime]]
id = "ban"
licence = "banned"
[[industry]]
id = "i"
need = { m = 1.0 }
inventory_days = 30
review_days = 10
[[event]]
day = 0
to = "ban"
)",
                                                  "day-0 event")
                        .resolve());
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 3, 3);
  for (int64_t p = 0; p < 3; ++p) {
    EXPECT_EQ(out.shortage_days[p], 40) << "path " << p;
    EXPECT_EQ(out.first_shortage[p], 20) << "path " << p;
    EXPECT_EQ(out.shortfall_total[p], static_cast<uint64_t>(40 * kUnit)) << "path " << p;
    EXPECT_EQ(out.regime_days[p * 2 + 0], 0) << "path " << p;  // day 0 is the ban's
    EXPECT_EQ(out.regime_days[p * 2 + 1], 60) << "path " << p;
  }
  testing::expect_agreement(model, 3, "day-0 event");
}

// Counters of days 0 .. 3649 keep their bits; negative days take the top half
// of the 16-bit field, which no day >= 0 of a run (T <= 3650) reaches.
TEST(Warmup, NegativeDaysHaveTheirOwnCounters) {
  EXPECT_EQ(day_field(0), 0u);
  EXPECT_EQ(day_field(3649), 3649u);
  EXPECT_EQ(day_field(-1), 0xffffu);
  EXPECT_EQ(day_field(-3650), 0x10000u - 3650u);
  const Uniform4 a = draw(7, 11, Stream::kOutage, 2, -1);
  const Uniform4 b = draw(7, 11, Stream::kOutage, 2, 1);
  EXPECT_NE(a.x, b.x);
  // The stream bits above the day are untouched by a negative day.
  const uint32_t ctr[4] = {0xffffu | (static_cast<uint32_t>(Stream::kOutage) << 16), 2, 11, 0};
  const uint32_t key[2] = {7, 0};
  EXPECT_EQ(to_unit(philox4x32_10_host(ctr, key).v[0]), a.x);
}

// The event engine's scratch is sized from the longest lead time
// (host/model/model.cpp), with a warm-up as without. A buyer orders every day
// (order-up-to 1000 days, so Q = 1 after the first day), half from the
// exporter (every application approved after 60 days, then inspected 30 days
// and 10 in transit: 100 days from order to arrival) and half from
// alternative suppliers (10 days in transit): the arrival calendar needs
// more than 100 days (128, a power of two) and the denial ring more than
// 60 / 1 + 1 reviews (64). With these fixed leads and with random ones
// (review 0..60, inspection 1..30, approval 0.5) the event engine gives the
// day-stepped engine's figures on every path (tests/kernels/oracle_runner.hpp).
TEST(Warmup, EventEngineScratchCoversTheLongestLead) {
  Scenario s = single_material_scenario(LicenceRule::Required, 30, 300);
  s.warmup_days = 200;
  s.regimes[0].terms.approval_prob = 1;
  s.regimes[0].terms.review_days = DayDistribution::fixed(60);
  s.regimes[0].inspection_prob = 1;
  s.regimes[0].inspection_days = DayDistribution::fixed(30);
  s.industries[0].china_share.scalar = 0.5;
  s.industries[0].target_days = PerMaterial{false, 1000.0, {}};
  s.industries[0].transit_days = 10;
  {
    const Model model(s);
    EXPECT_EQ(model.view().calendar_days, 128);
    EXPECT_EQ(model.view().denial_slots, 64);
    testing::expect_agreement(model, 20, "fixed leads");
  }
  s.regimes[0].terms.approval_prob = 0.5;
  s.regimes[0].terms.review_days = DayDistribution::uniform(0, 60);
  s.regimes[0].inspection_days = DayDistribution::uniform(1, 30);
  const Model model(s);
  EXPECT_EQ(model.view().calendar_days, 128);
  testing::expect_agreement(model, 20, "random leads");
}

// --- Alternative capacity ------------------------------------------------------

// Permanent ban, 4 buyers of need 1/day, 75% from the exporter, stock and
// order-up-to 10 days, daily review (R = 1), no transit. The exporter part is
// denied every day; the alternative part of an order is
// A = min(0.25 Q, c(t) * 0.25 * 1 * 1).
// c = 1: day 0 orders nothing (stock 10 = target) and ends with 9. From day 1
// the cap binds (0.25 Q >= 0.25 since Q >= 1): each day 0.25 arrives and 1 is
// used, so the stock ends day t at 9 - 0.75 t: 0 at the end of day 12 (day 12
// starts with 0.75 + 0.25 = 1, a full day). From day 13 the buyer has only the
// day's 0.25: f = 0.25, shortfall 0.75 on every day 13 .. T-1.
// With T = 53: 40 shortage days, first 13, L = 0.75 * 40 / 53, unmet tonnes
// 4 buyers * 40 days * 0.75 = 120. Every quantity is a multiple of 1/4: exact.
Scenario capped_ban_scenario() {
  Scenario s = single_material_scenario(LicenceRule::Banned, 10, 53, /*buyers=*/4);
  s.industries[0].china_share.scalar = 0.75;
  return s;
}

TEST(AltCapacity, CapsTheAlternativePartOfABannedMaterial) {
  const Scenario s = capped_ban_scenario();
  ASSERT_EQ(s.materials[0].alt_capacity.value, 1.0);  // the default
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 2, 2);
  EXPECT_EQ(out.first_shortage[0], 13);
  EXPECT_EQ(out.shortage_days[0], 40);
  EXPECT_EQ(out.shortfall_total[0], static_cast<uint64_t>(4 * 40 * 0.75 * kUnit));
  EXPECT_EQ(out.lost(model, 0, 0), 0.75 * 40 / 53);
  const PointStatistics st = point_statistics_of(*cpu, model, 10, {0.5}, 10, 10);
  EXPECT_EQ(st.unmet_tonnes[0], 120.0);
  EXPECT_EQ(st.lost_prob_any[0], 1.0);
}

// The same with a ramp { day = [13, 17], factor = [1, 3] }: c = 1 up to day 13
// (days 0..12 as above, stock 0 after day 12), then 1.5, 2, 2.5 on days 14, 15,
// 16 and 3 from day 17. Each day's order is Q = 10 (no stock, nothing on
// order), so A = min(2.5, 0.25 c): shortfall 0.75, 0.625, 0.5, 0.375 on days
// 13..16 and 0.25 on days 17..52. Per buyer 2.25 + 36 * 0.25 = 11.25 buyer-days:
// 40 shortage days, L = 11.25 / 53, unmet tonnes 4 * 11.25 = 45.
TEST(AltCapacity, RampRaisesTheCapDayByDay) {
  Scenario s = capped_ban_scenario();
  s.materials[0].alt_capacity.is_ramp = true;
  s.materials[0].alt_capacity.day = {13, 17};
  s.materials[0].alt_capacity.factor = {1.0, 3.0};
  s.report_interval_days = 1;
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 2, 2);
  EXPECT_EQ(out.first_shortage[0], 13);
  EXPECT_EQ(out.shortage_days[0], 40);
  const double expected_day[] = {0.75, 0.625, 0.5, 0.375, 0.25, 0.25};
  for (int d = 0; d < 6; ++d) {
    EXPECT_EQ(out.interval_total[13 + d], static_cast<uint64_t>(4 * expected_day[d] * kUnit))
        << "day " << 13 + d;
  }
  EXPECT_EQ(out.interval_total[12], 0u);
  EXPECT_EQ(out.shortfall_total[0], static_cast<uint64_t>(4 * 11.25 * kUnit));
  EXPECT_EQ(out.lost(model, 0, 0), 11.25 / 53);
  const PointStatistics st = point_statistics_of(*cpu, model, 10, {0.5}, 10, 10);
  EXPECT_EQ(st.unmet_tonnes[0], 45.0);
}

// alt_capacity = inf: the alternative part is 0.25 Q uncapped, as before
// capacities existed. The stock x at the start of a review day becomes
// x + 0.25 (10 - x) = 2.5 + 0.75 x >= 2.5 after the order, more than a day's
// need: never short. c = 0: nothing comes from the alternative suppliers
// either, as under a full ban: the 10 days of stock last days 0..9, then 43
// fully short days.
TEST(AltCapacity, InfinityIsUnlimitedAndZeroIsNone) {
  auto cpu = make_cpu_backend(1);
  Scenario s = capped_ban_scenario();
  s.materials[0].alt_capacity.value = std::numeric_limits<double>::infinity();
  {
    const Model model(s);
    const auto out = run_paths(*cpu, model, 0, 2, 2);
    EXPECT_EQ(out.shortage_days[0], 0);
    EXPECT_EQ(out.shortfall_total[0], 0u);
  }
  s.materials[0].alt_capacity.value = 0;
  {
    const Model model(s);
    const auto out = run_paths(*cpu, model, 0, 2, 2);
    EXPECT_EQ(out.first_shortage[0], 10);
    EXPECT_EQ(out.shortage_days[0], 43);
    EXPECT_EQ(out.lost(model, 0, 0), 43.0 / 53);
  }
}

// A ramp's days count from day 0 and apply in the warm-up too. W = 20, ramp
// { day = [-20, -10], factor = [0, 4] }: c = 0.4 (t + 20) on days -20..-10, 4
// after, so the cap 0.25 c is 0.1 (t + 20) and reaches the full need (1) on
// day -10. Day -20 orders nothing and ends with 9; on days -19..-10 the cap
// binds and 0.1, 0.2, ..., 1.0 arrive, so the stock ends those days at 8.1,
// 7.3, 6.6, 6.0, 5.5, 5.1, 4.8, 4.6, 4.5, 4.5; from then on Q = 5.5, A =
// min(1.375, 1) = 1 a day: the stock stays 4.5. Never short on days >= 0 (nor
// before), where without the warm-up (W = 0, c = 4 throughout) the same holds
// only because of the ramp's last factor.
TEST(AltCapacity, RampsRunThroughTheWarmup) {
  Scenario s = capped_ban_scenario();
  s.warmup_days = 20;
  s.materials[0].alt_capacity.is_ramp = true;
  s.materials[0].alt_capacity.day = {-20, -10};
  s.materials[0].alt_capacity.factor = {0.0, 4.0};
  const Model model(s);
  EXPECT_EQ(model.view().alt_capacity[0], 0.0);   // day -20
  EXPECT_EQ(model.view().alt_capacity[5], 2.0);   // day -15
  EXPECT_EQ(model.view().alt_capacity[10], 4.0);  // day -10
  EXPECT_EQ(model.view().alt_capacity[72], 4.0);  // day 52
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 2, 2);
  EXPECT_EQ(out.shortage_days[0], 0);
  EXPECT_EQ(out.shortfall_total[0], 0u);
}

// --- Shortage threshold -------------------------------------------------------

// B = 20 buyers, licences decided the same day with approval 0.7, no stock,
// order-up-to one day, daily review: each buyer-day is fully short with
// probability q = 0.3, independently, so the number k(t) of short buyers is
// Binomial(20, 0.3) and s(t) = k(t) / 20 exactly. With theta = 0.4 a day is a
// shortage day iff k(t) > 8 (s = 0.4 itself is not: the comparison is strict).
// Exact per path: each day's total is k(t) * 2^38, and shortage days, first
// shortage and the interval flags follow from the k(t). Across N = 20000 paths
// of T = 5 days, P(some shortage day) = 1 - (1 - pi)^5 with
// pi = P(Bin(20, 0.3) > 8); prob_any must lie within 4 standard errors
// sqrt(P (1 - P) / N) of it (a fixed seed; 4 sigma: a false alarm under 1e-4).
TEST(ShortageThreshold, CountsOnlyDaysAboveTheThreshold) {
  constexpr int B = 20, T = 5, N = 20000;
  Scenario s = single_material_scenario(LicenceRule::Required, 0, T, B);
  s.regimes[0].terms.approval_prob = 0.7;
  s.regimes[0].terms.review_days = DayDistribution::fixed(0);
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  s.report_interval_days = 1;
  s.shortage_threshold = 0.4;
  const Model model(s);
  auto cpu = make_cpu_backend(2);
  const auto out = run_paths(*cpu, model, 0, 2000, 2000);
  int64_t above = 0, at = 0;
  for (int64_t p = 0; p < 2000; ++p) {
    int32_t days = 0, first = T;
    for (int t = 0; t < T; ++t) {
      const uint64_t total = out.interval_total[p * T + t];
      ASSERT_EQ(total % static_cast<uint64_t>(kUnit), 0u);
      const auto k = static_cast<int>(total / static_cast<uint64_t>(kUnit));
      const bool short_day = k > 8;
      at += k == 8;
      EXPECT_EQ(out.interval_short[p * T + t], short_day ? 1 : 0) << "path " << p << " day " << t;
      if (short_day) {
        ++days;
        if (first == T) first = t;
      }
    }
    EXPECT_EQ(out.shortage_days[p], days) << "path " << p;
    EXPECT_EQ(out.first_shortage[p], first) << "path " << p;
    above += days;
  }
  EXPECT_GT(above, 0);
  EXPECT_GT(at, 0);  // days exactly at the threshold occur, and are not counted

  double pi = 0, pmf = std::pow(0.7, B);  // P(k = 0), then the recurrence upwards
  for (int k = 0; k <= B; ++k) {
    if (k > 8) pi += pmf;
    pmf *= (B - k) / (k + 1.0) * (0.3 / 0.7);
  }
  const double expected = 1 - std::pow(1 - pi, T);
  const PointStatistics st = point_statistics_of(*cpu, model, N, {0.5}, 10, 5000);
  const double tolerance = 4 * std::sqrt(expected * (1 - expected) / N);
  EXPECT_NEAR(st.lost_prob_any[0], expected, tolerance);
  EXPECT_NEAR(st.prob_at_least[0], expected, tolerance);  // one industry: the same paths
  EXPECT_NEAR(st.shortfall_prob_short[0], pi, 4 * std::sqrt(pi * (1 - pi) / N));  // day 0
  EXPECT_NEAR(st.shortage_days_mean[0], T * pi, 4 * std::sqrt(T * pi * (1 - pi) / N));

  // The threshold changes the counts, never the shortfall itself.
  s.shortage_threshold = 0;
  const Model plain(s);
  const auto base = run_paths(*cpu, plain, 0, 2000, 2000);
  EXPECT_EQ(base.interval_total, out.interval_total);
  for (int64_t p = 0; p < 2000; ++p) {
    int32_t days = 0;
    for (int t = 0; t < T; ++t) days += base.interval_total[p * T + t] > 0;
    EXPECT_EQ(base.shortage_days[p], days);
  }
}

// theta = max(threshold, 1e-9) in the model; the limit compares integers.
TEST(ShortageThreshold, LimitIsTheFloorOfThetaTimesTheBuyers) {
  Scenario s = single_material_scenario(LicenceRule::None, 1, 10, 3);
  const Model plain(s);
  EXPECT_EQ(plain.view().shortage_threshold, 1e-9);
  EXPECT_EQ(shortage_limit(plain.view(), 1), static_cast<uint64_t>(1e-9 * kUnit));
  s.shortage_threshold = 0.5;
  const Model half(s);
  EXPECT_EQ(half.view().shortage_threshold, 0.5);
  EXPECT_EQ(shortage_limit(half.view(), 3), static_cast<uint64_t>(1.5 * kUnit));
}

}  // namespace
}  // namespace chokepoint
