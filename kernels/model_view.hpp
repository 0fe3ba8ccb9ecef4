// The flat, device-friendly form of a validated scenario: plain arrays indexed
// by regime, industry and material, day distributions as inverse-CDF tables.
// Built once on the host (host/model/model.cpp); the pointers refer to host
// memory for the CPU backend and to device copies for the CUDA backend.
#pragma once

#include <cstdint>

#include "kernels/hostdevice.hpp"

namespace chokepoint {

enum class Licence : uint8_t { kNone = 0, kRequired = 1, kBanned = 2 };

//! A discrete day distribution: value = offset + index of the first cdf entry
//! above the uniform draw; cdf[size - 1] == 1 exactly.
struct DayTable {
  int32_t offset = 0;
  int32_t size = 1;
  int32_t start = 0;      //!< first entry in ModelView::cdf_pool
  int32_t max_value = 0;  //!< offset + size - 1
  //! A guide for the event engine (kernels/day_table.hpp, sample_days_bits):
  //! 2^guide_bits entries from ModelView::guide_pool[guide].
  int32_t guide = 0;
  int32_t guide_bits = 0;
};

//! Shortfall of a buyer-day is counted in units of 2^-38 (fixed point), so that
//! sums over buyers and days are exact integers whatever order a backend uses.
inline constexpr double kShortfallScale = 0x1p38;
inline constexpr double kShortfallUnit = 0x1p-38;

//! Stocks, orders and shipments are integers in units of 2^-38 of a day of the
//! buyer's need of that material (fixed point; docs/engine.md, "Stocks in
//! fixed point"): a day of full production takes exactly kDayOfNeed from every
//! material, so k days take k * kDayOfNeed, and the day's shortfall 1 - f is
//! kDayOfNeed - (units produced), the same unit as kShortfallUnit.
inline constexpr int64_t kDayOfNeed = int64_t{1} << 38;
//! 1e-9 of a day of need, rounded down: 274.88 units.
inline constexpr int64_t kNeedTolerance = static_cast<int64_t>(1e-9 * 0x1p38);
static_assert(kNeedTolerance == 274, "1e-9 * 2^38 rounds down to 274");
//! stock >= n (1 - 1e-9)  <=>  units >= 2^38 - 274.88  <=>  units >= kFullDay.
inline constexpr int64_t kFullDay = kDayOfNeed - kNeedTolerance;
// (And an order Q > 1e-9 n  <=>  units > 274.88  <=>  units > kNeedTolerance.)

//! Largest inventory_days / target_days the fixed point holds with room for
//! every inflow of the longest run (2^24 days: sums stay below 2^63).
inline constexpr double kMaxStockDays = 0x1p24;

//! Tonnes of stockpiles, quotas and their flows are integers in units of 2^-32
//! tonne (fixed point), so that pools shared by buyers are exact and their
//! sums do not depend on the order of service or reduction.
inline constexpr double kTonneScale = 0x1p32;
inline constexpr double kTonneUnit = 0x1p-32;
//! A rate or quota of +infinity in those units.
inline constexpr int64_t kUnlimitedTonnes = 0x7fffffffffffffff;

//! Tonnes as fixed point (rounded to nearest), kUnlimitedTonnes for +infinity
//! or anything beyond 2^62 units (10^9 tonnes).
CHOKEPOINT_HD int64_t tonne_units(double tonnes) {
  const double scaled = tonnes * kTonneScale;
  if (!(scaled < 0x1p62)) return kUnlimitedTonnes;
  return static_cast<int64_t>(scaled + 0.5);
}

struct ModelView {
  uint64_t seed = 0;
  int32_t horizon = 0;          //!< T
  int32_t report_interval = 0;  //!< r
  int32_t intervals = 0;        //!< K = ceil(T / r)
  int32_t regimes = 0;          //!< R
  int32_t industries = 0;       //!< I
  int32_t materials = 0;        //!< M
  int32_t events = 0;           //!< E
  int32_t warmup_days = 0;      //!< W: days -W .. -1 run before day 0, unreported
  //! theta = max(output.shortage_threshold, 1e-9): a day is short when s(t) > theta.
  double shortage_threshold = 1e-9;

  const double* cdf_pool = nullptr;
  //! cdf_pool as thresholds on a block's 32 bits (unit_threshold): a draw's
  //! uniform is below cdf_pool[k] exactly when its bits are below cdf_bits_pool[k].
  const uint64_t* cdf_bits_pool = nullptr;
  //! Guides into cdf_pool (DayTable::guide; kernels/day_table.hpp, sample_days_bits).
  const int32_t* guide_pool = nullptr;

  // Regimes [R] and transitions [R * R].
  const double* initial_cdf = nullptr;   //!< cumulative initial distribution [R]
  const double* leave_prob = nullptr;    //!< 1 / mean_duration_days, 0 if absorbing
  const uint64_t* leave_bits = nullptr;  //!< unit_threshold(leave_prob)
  const double* next_cdf = nullptr;      //!< row r: cumulative `next` of regime r
  const uint8_t* gl_honoured = nullptr;
  const double* inspection_prob = nullptr;
  const uint64_t* inspection_bits = nullptr;  //!< unit_threshold(inspection_prob)
  const DayTable* inspection_days = nullptr;

  // Effective licence terms per (regime, industry, material): index (r * I + i) * M + m.
  const uint8_t* licence = nullptr;  //!< Licence
  const double* approval_prob = nullptr;
  const uint64_t* approval_bits = nullptr;  //!< unit_threshold(approval_prob)
  const DayTable* review_days = nullptr;

  // Events [E] in file order; event_from [E * R] is 1 where the event applies.
  const int32_t* event_day = nullptr;
  const int32_t* event_to = nullptr;
  const double* event_prob = nullptr;
  const uint8_t* event_from = nullptr;

  // Alternative-supply outages per material [M]; start probability 0: none.
  const double* outage_start_prob = nullptr;
  const uint64_t* outage_start_bits = nullptr;  //!< unit_threshold(outage_start_prob)
  const DayTable* outage_duration = nullptr;
  //! c(t) per material for t = -W .. T-1: index m * (W + T) + (t + W); +infinity
  //! where alternative supply is unlimited (alt_capacity = inf).
  const double* alt_capacity = nullptr;

  // General licences.
  double gl_grant_prob = 1;
  DayTable gl_review_days;
  int32_t gl_validity_days = 365;
  int32_t gl_renew_before_days = 30;
  int32_t gl_retry_days = 30;

  // Industries [I] and industry-material pairs [I * M] (per buyer).
  const int32_t* buyers = nullptr;
  const int32_t* review_period = nullptr;
  const int32_t* transit_days = nullptr;
  const double* gl_adoption = nullptr;
  const double* need = nullptr;  //!< n per buyer, tonnes/day
  const double* china_share = nullptr;
  const double* initial_stock = nullptr;  //!< tonnes per buyer
  const double* target_stock = nullptr;   //!< tonnes per buyer
  //! Row i [M]: industry i's materials with need > 0, in file order, then unused.
  const int32_t* needed = nullptr;
  const int32_t* needed_count = nullptr;   //!< [I]
  const int64_t* initial_units = nullptr;  //!< initial stock, units of kDayOfNeed / 2^38
  const int64_t* target_units = nullptr;   //!< order-up-to level, same units

  // Remedies (docs/model.md, "Remedies"). Industries are served in the order
  // (priority, position in the file, buyer) wherever they share a pool.
  const int32_t* service_order = nullptr;  //!< [I] industries by (priority, position)
  //! [I * M] days after the first shortage because of the material before the
  //! reduced need applies (max(delay_days, 1)); -1: no substitution.
  const int32_t* substitution_delay = nullptr;
  const double* substitution_factor = nullptr;  //!< [I * M] need_factor, 1 where none
  //! [I * M] n * 2^32 / 2^38 per buyer: a buyer's stock units times this are
  //! units of kTonneUnit (before any substitution).
  const double* tonnes_per_unit = nullptr;
  //! [I] 1 where an industry shares a pool (a stockpile serves it, or it needs
  //! a material under a quota): its buyers are simulated as a group.
  const uint8_t* coupled = nullptr;

  int32_t stockpiles = 0;                          //!< S
  const int32_t* stockpile_material = nullptr;     //!< [S]
  const int64_t* stockpile_tonnes = nullptr;       //!< [S] held on day 0, kTonneUnit
  const int64_t* stockpile_release_cap = nullptr;  //!< [S] per day; kUnlimitedTonnes: no cap
  const int64_t* stockpile_refill = nullptr;       //!< [S] per day
  const uint8_t* stockpile_releases = nullptr;     //!< [S * R] 1: releases in regime r
  const uint8_t* stockpile_refills = nullptr;      //!< [S * R] 1: refills in regime r
  const uint8_t* stockpile_serves = nullptr;       //!< [S * I] 1: serves industry i
  //! [I * M] the first stockpile (file order) serving industry i's material m, -1 none.
  const int32_t* first_stockpile = nullptr;
  //! [(R * I + i) * M + m] the first stockpile (file order) serving industry
  //! i's material m that releases in regime r, -1 none (step 6 1/2's source
  //! of a buyer's speculative top-ups).
  const int32_t* releasing_stockpile = nullptr;

  int32_t quotas = 0;                       //!< Q
  const int32_t* quota_material = nullptr;  //!< [Q]
  const int64_t* quota_tonnes = nullptr;    //!< [Q] per period, kTonneUnit; kUnlimitedTonnes: inf
  //! [Q] what a request may exceed the remainder by: 1e-9 max(tonnes_per_period, 1)
  const int64_t* quota_slack = nullptr;
  const int32_t* quota_period = nullptr;  //!< [Q] days
  //! [R * M] the quota on material m in regime r (regimes are disjoint), -1 none.
  const int32_t* quota_in = nullptr;
  //! Every pool serves the lockstep pass itself, not only those that fell
  //! short in the speculative pass (CHOKEPOINT_LOCKSTEP=every-pool): the
  //! plainer schedule, with the same results; for tests and timings.
  bool lockstep_every_pool = false;

  // Sizes of the event engine's scratch (host/model/model.cpp).
  //! Days of a buyer's arrival calendar: a power of two above the longest lead
  //! time (review + inspection + transit), so due days never share a slot.
  int32_t calendar_days = 64;
  //! Slots of a buyer's ring of denials, by review index: a power of two
  //! above the most reviews a licence review can span, plus one.
  int32_t denial_slots = 2;
  //! Regime spells a path can have: 1 + the days on which the regime can change.
  int32_t regime_capacity = 1;
  //! Outage intervals per material a path can have (merged, so at most every
  //! other day starts one); 0 when no material has outages.
  int32_t outage_capacity = 0;
};

//! Days a path simulates, t = -W .. T-1: the length of its per-day environment
//! arrays (regimes, outages, alternative capacity), day t at index t + W.
CHOKEPOINT_HD int32_t simulated_days(const ModelView& m) {
  return m.warmup_days + m.horizon;
}

//! Whether some industry has a substitution for some material.
CHOKEPOINT_HD bool any_substitution(const ModelView& m) {
  for (int64_t k = 0; m.substitution_delay != nullptr && k < int64_t{m.industries} * m.materials;
       ++k) {
    if (m.substitution_delay[k] >= 0) return true;
  }
  return false;
}

//! Whether the model has any remedy: a stockpile, a quota or a substitution.
CHOKEPOINT_HD bool has_remedies(const ModelView& m) {
  return m.stockpiles > 0 || m.quotas > 0 || any_substitution(m);
}

//! An industry of `buyers` buyers is short on a day when its total shortfall
//! (units of 2^-38 over its buyers) exceeds this: s(t) = total / (B 2^38) > theta
//! <=> total > floor(theta B 2^38). One rounded product, then truncation, the
//! same on both backends; the comparison itself is on integers.
CHOKEPOINT_HD uint64_t shortage_limit(const ModelView& m, int32_t buyers) {
  return static_cast<uint64_t>(m.shortage_threshold * static_cast<double>(buyers) *
                               kShortfallScale);
}

}  // namespace chokepoint
