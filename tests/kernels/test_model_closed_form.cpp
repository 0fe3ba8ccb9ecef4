// Scenarios whose outcome follows from docs/model.md in closed form, run on the CPU
// backend: exact checks where the outcome is deterministic, and statistical
// checks with a stated tolerance (fixed seeds, so nothing flakes) otherwise.
#include <gtest/gtest.h>

#include <cmath>

#include "host/model/model.hpp"
#include "host/statistics/statistics.hpp"
#include "tests/support/model_fixtures.hpp"

namespace chokepoint {
namespace {

using testing::run_paths;
using testing::single_material_scenario;

// Permanent ban, stock for 10 days, need 1/day: days 0..9 consume the stock
// (the last unit leaves on day 9), day 10 on produce nothing. With T = 50:
// first shortage 10, 40 shortage days, L = 40/50 exactly, on every path.
TEST(ClosedForm, PermanentBanWithFiniteStock) {
  const Model model(single_material_scenario(LicenceRule::Banned, 10, 50, /*buyers=*/3));
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 20, 20);
  for (int p = 0; p < 20; ++p) {
    EXPECT_EQ(out.first_shortage[p], 10);
    EXPECT_EQ(out.shortage_days[p], 40);
    EXPECT_EQ(out.lost(model, p, 0), 0.8);
  }
}

// A stock of 10.5 days: day 10 has half a day of need, f = 0.5.
TEST(ClosedForm, PermanentBanWithFractionalStock) {
  const Model model(single_material_scenario(LicenceRule::Banned, 10.5, 50));
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 4, 4);
  EXPECT_EQ(out.first_shortage[0], 10);
  EXPECT_EQ(out.shortage_days[0], 40);
  EXPECT_DOUBLE_EQ(out.lost(model, 0, 0), 39.5 / 50);
}

// No licence needed and no lead time: every order arrives the day it is placed.
TEST(ClosedForm, FreeTradeNeverRunsShort) {
  Scenario s = single_material_scenario(LicenceRule::None, 0, 30);
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 5, 5);
  for (int p = 0; p < 5; ++p) EXPECT_EQ(out.shortfall_total[p], 0u);
}

// Absorbing licensing regime, approval p, zero review and transit, no stock,
// target one day, daily review: each day the buyer orders exactly its need and
// the application is decided the same day (step 5), approved with probability
// p, independently across days (each order day has its own draw). So each day
// is short with probability 1 - p, shortage days ~ Binomial(T, 1 - p), L =
// shortage days / T exactly, and P(first shortage >= k) = p^k.
TEST(ClosedForm, BinomialLicensing) {
  constexpr double p = 0.3;
  constexpr int T = 100, N = 4000;
  Scenario s = single_material_scenario(LicenceRule::Required, 0, T);
  s.regimes[0].terms.approval_prob = p;
  s.regimes[0].terms.review_days = DayDistribution::fixed(0);
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  const Model model(s);
  auto cpu = make_cpu_backend(2);
  const auto out = run_paths(*cpu, model, 0, N, 1000);
  double sum = 0, sum_sq = 0;
  int first_at_least_2 = 0;
  for (int k = 0; k < N; ++k) {
    // Each day is fully short or fully supplied: the fixed-point total is exact.
    ASSERT_EQ(out.shortfall_total[k], uint64_t(out.shortage_days[k]) << 38);
    sum += out.shortage_days[k];
    sum_sq += double(out.shortage_days[k]) * out.shortage_days[k];
    first_at_least_2 += out.first_shortage[k] >= 2;
  }
  // Mean of Binomial(T, q): T q; its standard error over N paths: sqrt(T q (1-q) / N).
  const double q = 1 - p, mean = sum / N;
  EXPECT_NEAR(mean, T * q, 4 * std::sqrt(T * q * (1 - q) / N));
  // Variance T q (1 - q) = 21; the sample variance's standard error is about
  // var * sqrt(2 / N) for a near-normal law: 21 * 0.0224 = 0.47; 4 SE = 1.9.
  const double var = (sum_sq - N * mean * mean) / (N - 1);
  EXPECT_NEAR(var, T * q * (1 - q), 4 * T * q * (1 - q) * std::sqrt(2.0 / N));
  // P(first >= 2) = p^2 = 0.09, a proportion: 4 sqrt(0.09 * 0.91 / 4000) = 0.018.
  EXPECT_NEAR(first_at_least_2 / double(N), p * p, 4 * std::sqrt(p * p * (1 - p * p) / N));
}

// `open` (no licence) left after a geometric time S >= 1 (rate 1/20 a day from
// day 1) for an absorbing ban. While open, each day's order tops the stock up
// to 5 days and is consumed down to 4; from day S nothing arrives, so days S ..
// S + 3 consume the 4 units and day S + 4 is the first shortage, and every
// later day is short. Per path, exactly: days in `open` = S (capped at T),
// first shortage = S + 4 when that is < T, shortage days = T - first.
// Across paths P(any shortage) = P(S <= T - 5) = 1 - (19/20)^(T - 5).
TEST(ClosedForm, GeometricSwitchToBan) {
  constexpr int T = 60, N = 4000;
  Scenario s = single_material_scenario(LicenceRule::None, 5, T);
  s.regimes[0].id = "open";
  s.regimes[0].mean_duration_days = 20;
  s.regimes[0].next = {{"banned", 1.0}};
  Regime banned;
  banned.id = "banned";
  banned.terms.licence = LicenceRule::Banned;
  s.regimes.push_back(banned);
  const Model model(s);
  auto cpu = make_cpu_backend(2);
  const auto out = run_paths(*cpu, model, 0, N, 512);
  int any = 0;
  double open_days = 0;
  for (int k = 0; k < N; ++k) {
    const int S = out.regime_days[static_cast<size_t>(k) * 2 + 0];
    const int first = out.first_shortage[k];
    ASSERT_EQ(first, std::min(S + 4, T)) << "path " << k;
    ASSERT_EQ(out.shortage_days[k], T - first);
    ASSERT_EQ(out.lost(model, k, 0), double(T - first) / T);
    any += first < T;
    open_days += S;
  }
  const double p_any = 1 - std::pow(19.0 / 20, T - 5);
  EXPECT_NEAR(any / double(N), p_any, 4 * std::sqrt(p_any * (1 - p_any) / N));
  // E[min(S, T)] = Σ_{k=1}^{T} P(S >= k) = Σ_{k=0}^{T-1} (19/20)^k.
  double expected_open = 0;
  for (int k = 0; k < T; ++k) expected_open += std::pow(19.0 / 20, k);
  // Standard deviation of min(S, T) is below that of S, sqrt(380) = 19.5.
  EXPECT_NEAR(open_days / N, expected_open, 4 * 19.5 / std::sqrt(double(N)));
}

// A scheduled event with probability 1 switches to the ban on day 10: the first
// shortage is day 14 on every path (the same stock arithmetic as above).
TEST(ClosedForm, ScheduledEventSwitchesOnItsDay) {
  Scenario s = single_material_scenario(LicenceRule::None, 5, 40);
  Regime banned;
  banned.id = "banned";
  banned.terms.licence = LicenceRule::Banned;
  s.regimes.push_back(banned);
  Event ev;
  ev.day = 10;
  ev.to = "banned";
  s.events.push_back(ev);
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 10, 10);
  for (int k = 0; k < 10; ++k) {
    EXPECT_EQ(out.first_shortage[k], 14);
    EXPECT_EQ(out.regime_days[static_cast<size_t>(k) * 2], 10);
  }
}

// Licences are required and never approved, but every buyer adopts a general
// licence on day 0 with a 0-day review and certain grant: the GL is usable in
// step 4 of day 0, renewals (also instant) keep it valid, so nothing is ever
// short. Without adoption nothing ever arrives and L is exactly (T - stock) / T.
TEST(ClosedForm, GeneralLicencesBypassZeroApproval) {
  constexpr int T = 400;  // past one renewal (validity 365, renewal on day 335)
  Scenario s = single_material_scenario(LicenceRule::Required, 0, T, /*buyers=*/4);
  s.regimes[0].terms.approval_prob = 0.0;
  s.regimes[0].terms.review_days = DayDistribution::fixed(20);
  s.regimes[0].general_licences = true;
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  s.industries[0].general_licence_adoption = 1.0;
  auto cpu = make_cpu_backend(1);
  {
    const Model model(s);
    const auto out = run_paths(*cpu, model, 0, 10, 10);
    for (int k = 0; k < 10; ++k) EXPECT_EQ(out.shortfall_total[k], 0u);
  }
  s.industries[0].general_licence_adoption = 0.0;
  s.industries[0].inventory_days.scalar = 10;
  const Model model(s);
  const auto out = run_paths(*cpu, model, 0, 10, 10);
  for (int k = 0; k < 10; ++k) {
    EXPECT_EQ(out.first_shortage[k], 10);
    EXPECT_EQ(out.lost(model, k, 0), double(T - 10) / T);
  }
}

// GL valid 30 days, renewal applied for 5 days before expiry, GL review 10
// days, licences never approved: the first GL is granted on day 10 (days 0..9
// short) and valid 10..39; the renewal applied on day 35 is granted on day 45
// (days 40..44 short), valid 45..74; the next, applied on day 70, is granted on
// day 80 (days 75..79 short). T = 100: 20 short days.
TEST(ClosedForm, GeneralLicenceGapsBetweenRenewals) {
  Scenario s = single_material_scenario(LicenceRule::Required, 0, 100);
  s.regimes[0].terms.approval_prob = 0.0;
  s.regimes[0].terms.review_days = DayDistribution::fixed(0);
  s.regimes[0].general_licences = true;
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  s.industries[0].general_licence_adoption = 1.0;
  s.general_licence.review_days = DayDistribution::fixed(10);
  s.general_licence.validity_days = 30;
  s.general_licence.renew_before_days = 5;
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 3, 3);
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(out.first_shortage[k], 0);
    EXPECT_EQ(out.shortage_days[k], 20);
  }
}

// Two materials needed together (Leontief), only `b` banned by a material
// override: `a` keeps arriving, `b`'s 20-day stock runs out and production
// stops on day 20. Both materials' unmet need is (T - 20) t.
TEST(ClosedForm, LeontiefWithOneBannedMaterial) {
  constexpr int T = 50;
  Scenario s = single_material_scenario(LicenceRule::None, 0, T);
  s.materials.push_back(Material{"b", std::nullopt, AltCapacity{}});
  s.regimes[0].material_overrides = {
      {"b", LicenceTerms{LicenceRule::Banned, std::nullopt, std::nullopt}}};
  s.industries[0].need = {{"m", 1.0}, {"b", 1.0}};
  s.industries[0].inventory_days = PerMaterial{true, 0, {{"m", 3}, {"b", 20}}};
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 5, 5);
  const PointStatistics st = testing::point_statistics_of(*cpu, model, 5, {0.5}, 10, 5);
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(out.first_shortage[k], 20);
    EXPECT_EQ(out.lost(model, k, 0), double(T - 20) / T);
  }
  EXPECT_EQ(st.unmet_tonnes[0], T - 20.0);
  EXPECT_EQ(st.unmet_tonnes[1], T - 20.0);
}

// Half the need comes from alternative supply (no licence), the exporter half
// is banned: every day the buyer gets exactly half its need, L = 0.5. When the
// alternative supply is always out (an outage starts every day it can), L = 1.
TEST(ClosedForm, AlternativeSupplyAndOutages) {
  Scenario s = single_material_scenario(LicenceRule::Banned, 0, 30);
  s.industries[0].china_share.scalar = 0.5;
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  auto cpu = make_cpu_backend(1);
  {
    const Model model(s);
    const auto out = run_paths(*cpu, model, 0, 3, 3);
    EXPECT_EQ(out.lost(model, 0, 0), 0.5);
    EXPECT_EQ(out.first_shortage[0], 0);
  }
  s.materials[0].alt_outage = AltOutage{1.0, DayDistribution::fixed(0)};  // 0 counts as 1
  const Model model(s);
  const auto out = run_paths(*cpu, model, 0, 3, 3);
  EXPECT_EQ(out.lost(model, 0, 0), 1.0);
}

// Inspection holds every shipment 3 days: an order on day t arrives on t + 3,
// and nothing is ordered while it is on order, so only days 3, 7, 11, ... are
// supplied: 10 of T = 40 days, L = 0.75.
TEST(ClosedForm, InspectionDelaysEveryShipment) {
  Scenario s = single_material_scenario(LicenceRule::None, 0, 40);
  s.regimes[0].inspection_prob = 1.0;
  s.regimes[0].inspection_days = DayDistribution::fixed(3);
  s.industries[0].target_days = PerMaterial{false, 1.0, {}};
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 2, 2);
  EXPECT_EQ(out.shortage_days[0], 30);
  EXPECT_EQ(out.lost(model, 0, 0), 0.75);
}

// Transit time and review offsets: 4 buyers reviewing every 4 days on offsets
// o = 0..3 with 4 days of stock, ordering up to 8 days, 2 days in transit. Buyer
// o orders on day o, when its stock is 4 - o, and the order arrives on day o + 2.
// Only buyer 3's arrives after its stock ran out at the start of day 4: one
// buyer-day fully short (s(4) = 1/4); afterwards the order-up-to level covers
// the period plus lead time and no buyer runs short again.
TEST(ClosedForm, ReviewOffsetsAndTransit) {
  Scenario s = single_material_scenario(LicenceRule::None, 4, 60, /*buyers=*/4);
  s.industries[0].review_days = 4;
  s.industries[0].transit_days = 2;
  s.industries[0].target_days = PerMaterial{false, 8.0, {}};
  const Model model(s);
  auto cpu = make_cpu_backend(1);
  const auto out = run_paths(*cpu, model, 0, 1, 1);
  EXPECT_EQ(out.shortfall_total[0], uint64_t{1} << 38);
  EXPECT_EQ(out.first_shortage[0], 4);
  EXPECT_EQ(out.shortage_days[0], 1);
}

}  // namespace
}  // namespace chokepoint
