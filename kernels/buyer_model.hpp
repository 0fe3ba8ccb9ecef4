// Steps 3 to 7 of the day (docs/model.md) for one buyer over the whole run,
// given the path's environment, advanced from event to event rather than day
// by day (docs/engine.md). A buyer's events are its
// review days and the days its shipments arrive; general-licence steps are
// caught up at each review. Between two events nothing arrives, so production
// follows in closed form: full days while every stock covers a day's need,
// then at most one partial day, then none until the next arrival. Stocks are
// integers (kDayOfNeed units per day of need), so k days of production are
// exactly k subtractions and the closed form is the day-by-day rule itself.
//
// Each licence is drawn once, at its order: the regimes of every day are known
// before the buyers run, so the decision day, the outcome (with the regime of
// the decision day) and the arrival day follow at once. An approved shipment
// goes into a calendar of arrival days (a ring of days with a bitmap of the
// days that have any); a denial into a ring by review index, since a denial
// only changes what is on order, which only a review reads.
#pragma once

#include <cstdint>

#include "kernels/cpu/philox_batch.hpp"
#include "kernels/day_table.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_environment.hpp"
#include "kernels/remedies.hpp"
#include "kernels/rng_streams.hpp"

namespace chokepoint {

inline constexpr int32_t kNever = 0x7fffffff;
//! A day not yet worked out (below every day simulated).
inline constexpr int32_t kUnknownDay = -0x7fffffff - 1;

//! Scratch a buyer needs: stock, on order and outage cursor per needed
//! material (when not kept in the simulation object itself: see
//! BuyerSimulation), and per material a calendar of arrivals and a ring of
//! denials. Entry e of each array is at [e * stride]: 1 for a
//! buyer's own block (CPU), the number of threads on a GPU, whose scratch is
//! interleaved so that neighbouring threads touch neighbouring addresses.
//! The calendar and the ring are left all zero by a buyer that runs to the end
//! of the horizon, so they are cleared once, when allocated.
struct BuyerScratch {
  int64_t* inflow;         //!< [M] per needed slot: initial stock + arrivals so far (units)
  int64_t* on_order;       //!< [M] per needed slot: pending applications + shipments in transit
  int64_t* arrivals;       //!< [calendar_days * M] units due on day d at (d mod days) * M + mat
  uint64_t* arrival_days;  //!< [calendar_days / 64] bit d mod days: something arrives on day d
  int64_t* denials;  //!< [denial_slots * M] units denied before review k at (k mod slots) * M + mat
  int32_t* outage_cursor;  //!< [M] per needed slot: the first outage interval not yet over
  int64_t stride = 1;
  //! [M] per needed slot: the day its substitution applies from (kNever: not yet
  //! short because of it). Null when the model has no substitution.
  int32_t* switch_day = nullptr;
  //! Host only (null on a GPU, which draws each block where it is used): room
  //! for the licence blocks of kLicenceChunk reviews, drawn together by the
  //! vector units (kernels/cpu/philox_batch.hpp), licence_lane_words words per
  //! counter word.
  uint32_t* licence_lanes = nullptr;
  int32_t licence_lane_words = 0;
  // Variants of the CUDA backend's industries kernel (kernels/cuda/
  // path_kernels.cuh, IndustryOptions), off by default; results are the same.
  //! The calendar laid out [day][lane][material]: `arrivals` points at this
  //! lane's first entry and entry (d, mat) is at d * M * stride + mat, not at
  //! (d * M + mat) * stride (BuyerSimulation::calendar_entry).
  bool lane_major_calendar = false;
  //! take_arrivals leaves a calendar entry that is already zero unwritten
  //! (a GPU's interleaved scratch only: ignored under kUnitStride).
  bool skip_zero_arrivals = false;
};

//! Most needed materials of a buyer whose state is in scratch that the
//! closed-form stretch of top-ups handles (BuyerSimulation::topped_up_days).
inline constexpr int32_t kMaxTopUpSlots = 16;

//! Reviews whose licence blocks a host buyer draws at once (a power of two).
inline constexpr int32_t kLicenceChunk = 16;

//! Words per counter word of BuyerScratch::licence_lanes for model m.
inline int32_t licence_lane_words(int32_t materials) {
  return philox_batch_capacity(kLicenceChunk * materials);
}

//! Count of the BuyerScratch arrays' entries (times the stride).
struct BuyerScratchSize {
  int64_t inflow, on_order, arrivals, arrival_days, denials, outage_cursor, switch_day;
};
CHOKEPOINT_HD BuyerScratchSize buyer_scratch_size(const ModelView& m) {
  const int64_t M = m.materials;
  return {M, M, int64_t{m.calendar_days} * M, m.calendar_days / 64, int64_t{m.denial_slots} * M,
          M, M};
}

//! The scratch of the buyer `blocks` blocks further on, where several
//! buyers' scratch lies one block after another (the lockstep pass).
CHOKEPOINT_HD BuyerScratch scratch_block(BuyerScratch s, const BuyerScratchSize& z,
                                         int64_t blocks) {
  s.inflow += blocks * z.inflow;
  s.on_order += blocks * z.on_order;
  s.arrivals += blocks * z.arrivals;
  s.arrival_days += blocks * z.arrival_days;
  s.denials += blocks * z.denials;
  s.outage_cursor += blocks * z.outage_cursor;
  if (s.switch_day != nullptr) s.switch_day += blocks * z.switch_day;
  return s;
}

//! Largest stock a substitution's rescaling keeps (units): 2^23 days of need,
//! far beyond any horizon, with room below 2^63 for everything that arrives.
inline constexpr int64_t kMaxSwitchedStock = int64_t{1} << 61;

//! What a buyer of a coupled industry shares with its path: in the
//! speculative pass (ledger) or in lockstep (queue); neither for an
//! uncoupled one. Its substitution figures go to the industry's row.
struct BuyerLinks {
  const PoolLedger* ledger = nullptr;  //!< speculative: pools unlimited, draws recorded
  QuotaQueue* queue = nullptr;         //!< lockstep: quota approvals wait for their day
  //! Lockstep: the first day the pools serve the group together. Before it the
  //! buyer draws on them through `ledger` as in the speculative pass, which was
  //! exact up to that day (kernels/coupled_group.hpp, lockstep_start).
  int32_t lockstep_from = 0;
  //! Lockstep: [S + Q] (stockpiles, then quotas) 1 where the pool serves the
  //! group in the service order from lockstep_from on; 0 where the buyer
  //! draws on it in full through `ledger`, as in the speculative pass, every
  //! draw recorded there (the pool did not fall short in the speculative pass,
  //! and the lockstep pass checks that it does not in its own run either).
  const uint8_t* coordinated = nullptr;
  int32_t rank = 0;                        //!< the buyer's position in its group's service order
  int32_t* switched_buyers = nullptr;      //!< [M] of the industry's row: switches by day T-1
  uint64_t* switched_shortfall = nullptr;  //!< [M] shortfall on days with the reduced need
};

//! Daily shortfall of one industry as a difference array, day t (0 <= t <= T)
//! at base[t * stride]: a buyer short by q on days [a, b) adds q at a and
//! subtracts it at b (modulo 2^64, exact); a prefix sum gives the daily totals.
struct DayTotals {
  uint64_t* base;
  int64_t stride;
  CHOKEPOINT_HD uint64_t& operator[](int32_t t) const { return base[t * stride]; }
};

//! General-licence state of one buyer.
struct GeneralLicenceState {
  int32_t valid_from = 0;
  int32_t valid_to = 0;  //!< exclusive; valid_from == valid_to: none held
  int32_t next_application = kNever;
  int32_t decision_day = kNever;
  int32_t application_day = 0;

  CHOKEPOINT_HD bool valid(int32_t t) const { return valid_from <= t && t < valid_to; }
};

//! kUnitStride: the scratch's stride is 1 (a CPU thread's own block), known
//! when compiling, so that its addresses need no multiplication.
//!
//! kSlots > 0: the per-material state of the buyer's needed materials (stock,
//! on order, outage cursor; slot c is material needed_[c]) lives in the object
//! itself, for industries that need at most kSlots materials. Every loop over
//! the slots then has the constant trip count kSlots and is unrolled, so a GPU
//! keeps that state in registers; only the calendar and the denial ring, which
//! are indexed by day, stay in scratch. kSlots == 0: all of it in scratch, for
//! any number of materials (buyer_state_slots picks the form).
template <bool kUnitStride = false, int32_t kSlots = 0>
class BuyerSimulation {
 public:
  CHOKEPOINT_HD BuyerSimulation(const ModelView& m, uint64_t path, int32_t industry, int32_t buyer,
                                const PathEnvironment& env, BuyerScratch s,
                                const BuyerLinks& links = BuyerLinks{})
      : m_(m),
        path_(path),
        ind_(industry),
        buyer_(buyer),
        env_(env),
        s_(s),
        needed_(m.needed + int64_t{industry} * m.materials),
        needed_count_(m.needed_count[industry]),
        horizon_(m.horizon),
        period_(m.review_period[industry]),
        transit_(m.transit_days[industry]),
        inverse_period_(1.0 / m.review_period[industry]),
        links_(links) {}

  //! Runs days `first` .. T-1 (first = -W: the warm-up, then the horizon) and adds the buyer's
  //! shortfall on days 0 .. T-1 to `days` (in units of kShortfallUnit).
  CHOKEPOINT_HD void run(int32_t first, DayTotals days) {
    begin(first, days);
    if (links_.ledger != nullptr && links_.ledger->known_short != nullptr) {
      run_until_known_short();
    } else {
      advance(horizon_);
    }
    finish();
  }

  //! The state on day `first` before anything of it is done (run's first step).
  CHOKEPOINT_HD void begin(int32_t first, DayTotals days) {
    const int32_t period = period_;
    const int32_t B = m_.buyers[ind_];
    // Reviews on the days t >= first with (t - offset) mod period == 0.
    const int32_t offset = static_cast<int32_t>((static_cast<int64_t>(buyer_) * period) / B);
    first_review_ = offset - period * ((offset - first) / period);  // first <= 0 <= offset
    bool self_served = false;  // a stockpile serves a material through the ledger throughout
    CHOKEPOINT_UNROLL
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int32_t mat = needed_[c];
      inflow(c) = m_.initial_units[pair(mat)];
      on_order(c) = 0;
      outage_cursor(c) = 0;
      substitutes_ = substitutes_ || m_.substitution_delay[pair(mat)] >= 0;
      const int32_t k = m_.first_stockpile[pair(mat)];
      released_ = released_ || k >= 0;
      self_served = self_served || (k >= 0 && !coordinated(k));
    }
    if (substitutes_) {  // kNever in every slot: only a substitutable one ever switches
      for (int32_t c = 0; c < slot_bound(); ++c) {
        if (past(c)) break;
        switch_day(c) = kNever;
      }
    }
    key_ = buyer_key(static_cast<uint32_t>(ind_), static_cast<uint32_t>(buyer_));
    if (m_.gl_adoption[ind_] > 0 &&
        draw(m_.seed, path_, Stream::kGlAdoption, key_, 0).x < m_.gl_adoption[ind_]) {
      gl_.next_application = first;
    }
    days_ = days;
    produced_ = 0;
    review_ = first_review_;
    review_index_ = 0;
    t_ = first;
    // Speculative top-ups come from day 0 on (in the lockstep pass up to its
    // first day, unless a stockpile stays speculative), and only to a buyer a
    // stockpile serves.
    help_until_ = links_.queue != nullptr && !self_served ? links_.lockstep_from : horizon_;
    help_from_ = released_ && links_.ledger != nullptr && help_until_ > 0 ? 0 : kNever;
    remedies_ = substitutes_ || help_from_ != kNever;
    quota_regimes_ = links_.queue != nullptr ? quota_regimes() : 0;
    quota_bound_ = quota_regimes_ != 0;
    quota_wake_ = kUnknownDay;
    wake_spell_ = 0;
    wake_ = first;
    short_from_ = first;
  }

  //! Days t .. until - 1 from event to event (steps 3 to 7 of each), leaving
  //! the buyer at the start of day `until` (until <= T).
  CHOKEPOINT_HD void advance(int32_t until) {
    int32_t t = t_;
    while (t < until) {
      start_day(t);
      if (arrival_bit(t)) take_arrivals(t);
      int32_t limit = review_ < until ? review_ : until;
      if (next_switch_ < limit) limit = next_switch_;
      if (covers(limit - t)) {
        // Every stock covers every day to the next review without what
        // arrives meanwhile, so those days are full whatever arrives: the
        // arrivals join the stocks without stopping production at each.
        produced_ += int64_t{limit - t} * kDayOfNeed;
        for (int32_t d = next_arrival(t + 1, limit); d < limit; d = next_arrival(d + 1, limit)) {
          take_arrivals(d);
        }
        t = limit;
        continue;
      }
      // The next event: a review, an arrival (all are within calendar_days of
      // today), a substitution's switch or the end.
      const int32_t next = next_arrival(t + 1, limit);
      if (remedies_) {
        t = produce_with_remedies(t, next, limit);
      } else {
        produce(t, next);
        t = next;
      }
    }
    t_ = t;
  }

  //! The speculative pass of a buyer whose path may turn out to fall short:
  //! in stretches of a few weeks, and no further than the day by which a pool
  //! is known to fall short (PoolLedger::known_short), after which its figures
  //! are the lockstep pass's. A buyer that stops early leaves its calendar and
  //! denial ring zero, as one that runs to the end does.
  CHOKEPOINT_HD void run_until_known_short() {
    constexpr int32_t kStretch = 32;
    while (t_ < horizon_) {
      const int32_t known = *links_.ledger->known_short;
      if (t_ > known) {
        clear_rings();
        return;
      }
      int32_t until = t_ + kStretch < horizon_ ? t_ + kStretch : horizon_;
      if (known < until) until = known + 1;
      advance(until);
    }
  }

  //! Adds what the buyer contributes to its industry's substitution figures.
  CHOKEPOINT_HD void finish() {
    if (!substitutes_ || links_.switched_buyers == nullptr) return;
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int32_t mat = needed_[c];
      if (m_.substitution_delay[pair(mat)] >= 0 && switch_day(c) < horizon_) {
        links_.switched_buyers[mat] += 1;
      }
    }
  }

  // The lockstep pass (kernels/coupled_group.hpp) runs a group's buyers day by
  // day: steps 3-4 of every buyer, the quota's verdicts, step 6 of every buyer,
  // the stockpiles, step 7 of every buyer.

  //! Steps 3 and 4 of the buyer's current day (a substitution due today first).
  CHOKEPOINT_HD void day_orders() { start_day(t_); }
  //! Step 6 of the current day.
  CHOKEPOINT_HD void day_arrivals() {
    if (arrival_bit(t_)) take_arrivals(t_);
  }
  //! Step 7 of the current day; then the buyer is at the start of the next.
  CHOKEPOINT_HD void day_production() {
    if (remedies_) {
      t_ = produce_with_remedies(t_, t_ + 1, t_ + 1);
    } else {
      produce(t_, t_ + 1);
      ++t_;
    }
  }
  // The lockstep pass's schedule. A buyer is stepped on the days it is awake:
  // from wake_ on, set by doze() after each day it was stepped. In between it
  // sleeps, and catch_up() runs those days from event to event when it wakes:
  // on its reviews under a quota (its orders may ask for a verdict) from the
  // first day of a regime spell in which the quota applies (quota_wake), on a
  // day a verdict on one of its requests is due (wake_on), or when a
  // stockpile that may serve it pulls it (bring_to), which it does only from
  // short_from_ on: before that day the buyer holds a day's need of
  // everything released to it.
  CHOKEPOINT_HD bool asleep_on(int32_t t) const { return t < wake_; }
  CHOKEPOINT_HD int32_t wake_day() const { return wake_; }
  CHOKEPOINT_HD int32_t short_from() const { return short_from_; }
  CHOKEPOINT_HD void wake_on(int32_t t) { wake_ = t < wake_ ? t : wake_; }
  //! Runs the days up to the start of day t that the buyer slept through.
  CHOKEPOINT_HD void catch_up(int32_t t) {
    if (t_ < t) advance(t);
  }
  //! A sleeping buyer through steps 3 to 6 of day t, awake for its step 7.
  CHOKEPOINT_HD void bring_to(int32_t t) {
    if (!asleep_on(t)) return;
    catch_up(t);
    day_orders();
    day_arrivals();
    wake_ = t;
  }
  //! After day_production(): when the buyer must be stepped again. Each day's
  //! production takes at most one day of need from a stock, and arrivals,
  //! top-ups and substitutions only add to it, so a stock a stockpile serves
  //! that now holds s units covers the next (s - kFullDay) / kDayOfNeed days.
  CHOKEPOINT_HD void doze() {
    wake_ = quota_bound_ ? quota_wake() : kNever;
    int32_t from = kNever;
    for (int32_t c = 0; c < slot_bound() && from > t_; ++c) {
      if (past(c)) break;
      const int32_t k = m_.first_stockpile[pair(needed_[c])];
      if (k < 0 || !coordinated(k) || dropped(c, t_)) continue;
      const int64_t stock = inflow(c) - produced_;
      const int64_t quiet = stock < kFullDay ? 0 : (stock - kFullDay) / kDayOfNeed + 1;
      if (quiet < int64_t{from} - t_) from = t_ + static_cast<int32_t>(quiet);
    }
    short_from_ = from;
  }
  //! A quota's verdict on a request of this buyer.
  CHOKEPOINT_HD void admit(const QuotaRequest& q) { ship(q.material, q.arrival, q.units); }
  CHOKEPOINT_HD void deny(const QuotaRequest& q) {
    if (q.step == 4) {
      on_order(q.slot) -= q.units;  // dropped at once: never on order
    } else if (q.denial_review >= 0) {
      denials(q.denial_review, q.material) += q.units;
    }
  }
  //! The slot of material mat, -1 when the buyer does not need it.
  CHOKEPOINT_HD int32_t slot_of(int32_t mat) const {
    for (int32_t c = 0; c < needed_count_; ++c) {
      if (needed_[c] == mat) return c;
    }
    return -1;
  }
  //! The units that top slot c's stock up to one day of its current need when
  //! it is below n (1 - 1e-9), else 0.
  CHOKEPOINT_HD int64_t top_up_units(int32_t c) {
    if (dropped(c, t_)) return 0;
    const int64_t stock = inflow(c) - produced_;
    return stock < kFullDay ? kDayOfNeed - stock : 0;
  }
  //! Tonnes (kTonneUnit) per unit of slot c's stock, with the need of today.
  CHOKEPOINT_HD double tonnes_per_unit(int32_t c, int32_t day) {
    const double base = m_.tonnes_per_unit[pair(needed_[c])];
    return switched(c, day) ? base * m_.substitution_factor[pair(needed_[c])] : base;
  }
  CHOKEPOINT_HD void receive(int32_t c, int64_t units) { inflow(c) += units; }
  CHOKEPOINT_HD int32_t industry() const { return ind_; }

 private:
  //! Day t's start: a substitution's switch due today, then on a review day
  //! step 3 caught up and step 4.
  CHOKEPOINT_HD void start_day(int32_t t) {
    if (t == next_switch_) apply_switches(t);
    if (t == review_) {
      advance_general_licences(t, key_);
      order(t, review_index_);
      review_ += period_;
      ++review_index_;
    }
  }

  CHOKEPOINT_HD int32_t pair(int32_t mat) const { return ind_ * m_.materials + mat; }
  //! Whether pool k (stockpiles 0 .. S-1, then quotas) serves the lockstep
  //! pass's group itself (BuyerLinks::coordinated); never in the speculative pass.
  CHOKEPOINT_HD bool coordinated(int32_t k) const {
    return links_.coordinated != nullptr && links_.coordinated[k] != 0;
  }
  //! Whether a draw on pool k on `day` waits for the pool's service in the
  //! lockstep pass, rather than being granted in full.
  CHOKEPOINT_HD bool served_in_lockstep(int32_t k, int32_t day) const {
    return links_.queue != nullptr && day >= links_.lockstep_from && coordinated(k);
  }
  //! The regimes in which a quota that serves the group itself applies to a
  //! needed material: bit r (every bit where there are more than 32 regimes).
  CHOKEPOINT_HD uint32_t quota_regimes() const {
    uint32_t regimes = 0;
    for (int32_t c = 0; c < needed_count_ && m_.quotas > 0; ++c) {
      for (int32_t r = 0; r < m_.regimes; ++r) {
        const int32_t q = m_.quota_in[r * m_.materials + needed_[c]];
        if (q < 0 || !coordinated(m_.stockpiles + q)) continue;
        if (m_.regimes > 32) return ~uint32_t{0};
        regimes |= uint32_t{1} << r;
      }
    }
    return regimes;
  }
  //! The first day from the next review on whose regime's quota may judge an
  //! approval of the buyer's: the next review in a spell of such a regime,
  //! else the start of the next such spell (kNever: none). An order's
  //! approvals come on its day or later, so a verdict can be due no earlier;
  //! the reviews before it run in catch_up, queueing their requests in time.
  //! Kept until the reviews pass it.
  CHOKEPOINT_HD int32_t quota_wake() {
    if (quota_wake_ >= review_) return quota_wake_;
    wake_spell_ = env_.spell_from(wake_spell_, review_);
    quota_wake_ = kNever;
    for (int32_t k = wake_spell_; k < env_.spells; ++k) {
      if ((quota_regimes_ >> env_.spell_regime[k]) & 1u) {
        quota_wake_ = k == wake_spell_ ? review_ : env_.spell_start[k];
        break;
      }
    }
    return quota_wake_;
  }
  CHOKEPOINT_HD int32_t terms(int32_t r, int32_t mat) const {
    return (r * m_.industries + ind_) * m_.materials + mat;
  }
  CHOKEPOINT_HD int64_t stride() const { return kUnitStride ? 1 : s_.stride; }
  //! The trip count of a loop over the needed slots, and whether slot c is
  //! past the buyer's: constant kSlots when the state is in the object.
  CHOKEPOINT_HD int32_t slot_bound() const { return kSlots > 0 ? kSlots : needed_count_; }
  CHOKEPOINT_HD bool past(int32_t c) const { return kSlots > 0 && c >= needed_count_; }
  CHOKEPOINT_HD int64_t& inflow(int32_t c) {
    if constexpr (kSlots > 0) return inflow_[c];
    return s_.inflow[c * stride()];
  }
  CHOKEPOINT_HD int64_t& on_order(int32_t c) {
    if constexpr (kSlots > 0) return on_order_[c];
    return s_.on_order[c * stride()];
  }
  CHOKEPOINT_HD int32_t& outage_cursor(int32_t c) {
    if constexpr (kSlots > 0) return outage_cursor_[c];
    return s_.outage_cursor[c * stride()];
  }
  CHOKEPOINT_HD int32_t& switch_day(int32_t c) {
    if constexpr (kSlots > 0) return switch_day_[c];
    return s_.switch_day[c * stride()];
  }
  //! Whether slot c's substitution applies on `day` (switches happen at the
  //! start of a day, which the engine never steps over).
  CHOKEPOINT_HD bool switched(int32_t c, int32_t day) {
    return substitutes_ && switch_day(c) <= day;  // kNever where it has no substitution
  }
  //! Whether slot c's material is no longer needed (switched to a factor of 0).
  CHOKEPOINT_HD bool dropped(int32_t c, int32_t day) {
    return switched(c, day) && m_.substitution_factor[pair(needed_[c])] == 0;
  }
  CHOKEPOINT_HD int32_t slot(int32_t day) const {
    return static_cast<int32_t>(static_cast<uint32_t>(day) &
                                static_cast<uint32_t>(m_.calendar_days - 1));
  }
  CHOKEPOINT_HD int64_t& arrivals(int32_t day, int32_t mat) const {
    return s_.arrivals[calendar_entry(slot(day), mat)];
  }
  //! Where entry (day slot pos, material mat) of the calendar is: the one
  //! place its layout is known (BuyerScratch::lane_major_calendar).
  CHOKEPOINT_HD int64_t calendar_entry(int32_t pos, int32_t mat) const {
    const int64_t day = int64_t{pos} * m_.materials * stride();
    if (kUnitStride) return day + mat;
    return day + (s_.lane_major_calendar ? int64_t{mat} : mat * stride());
  }
  CHOKEPOINT_HD uint64_t& arrival_word(int32_t pos) const {
    return s_.arrival_days[(pos >> 6) * stride()];
  }
  CHOKEPOINT_HD bool arrival_bit(int32_t day) const {
    const int32_t pos = slot(day);
    return (arrival_word(pos) >> (pos & 63)) & 1u;
  }
  CHOKEPOINT_HD int64_t& denials(int32_t review_index, int32_t mat) const {
    const int32_t k = review_index & (m_.denial_slots - 1);
    return s_.denials[(int64_t{k} * m_.materials + mat) * stride()];
  }

  //! The first day in [from, limit) on which something arrives, else limit.
  CHOKEPOINT_HD int32_t next_arrival(int32_t from, int32_t limit) const {
    const int32_t end = from + m_.calendar_days - 1 < limit ? from + m_.calendar_days - 1 : limit;
    while (from < end) {
      const int32_t pos = slot(from);
      const uint64_t word = arrival_word(pos) >> (pos & 63);
      if (word != 0) {
        const int32_t day = from + count_trailing_zeros(word);
        return day < limit ? day : limit;
      }
      from += 64 - (pos & 63);
    }
    return limit;
  }

  CHOKEPOINT_HD static int32_t count_trailing_zeros(uint64_t word) {
#if defined(__CUDA_ARCH__)
    return __ffsll(static_cast<long long>(word)) - 1;
#else
    return __builtin_ctzll(word);
#endif
  }

  //! Files `units` of material mat to arrive on day `day` (if within the horizon).
  CHOKEPOINT_HD void ship(int32_t mat, int32_t day, int64_t units) {
    if (day >= horizon_) return;  // never arrives within the horizon: stays on order
    arrivals(day, mat) += units;
    const int32_t pos = slot(day);
    arrival_word(pos) |= uint64_t{1} << (pos & 63);
  }

  // Step 6: everything due on day t joins the stock.
  CHOKEPOINT_HD void take_arrivals(int32_t t) {
    const int32_t pos = slot(t);
    arrival_word(pos) &= ~(uint64_t{1} << (pos & 63));
    CHOKEPOINT_UNROLL
    for (int32_t c = 0; c < slot_bound(); ++c) {  // most slots hold one material
      if (past(c)) break;
      int64_t& due = arrivals(t, needed_[c]);
      if (!kUnitStride && s_.skip_zero_arrivals && due == 0) continue;
      inflow(c) += due;
      on_order(c) -= due;
      due = 0;
    }
  }

  // Step 3 for every day up to and including t: GL decisions and applications
  // depend only on the regimes and the buyer's own draws, so they are caught
  // up when a review needs to know whether a GL is valid.
  CHOKEPOINT_HD void advance_general_licences(int32_t t, uint32_t key) {
    for (;;) {
      const int32_t day =
          gl_.decision_day < gl_.next_application ? gl_.decision_day : gl_.next_application;
      if (day > t) return;
      if (gl_.decision_day == day) decide_general_licence(day, key);
      if (gl_.next_application == day) {
        gl_.next_application = kNever;
        gl_.application_day = day;
        const Philox4x32 u = draw_bits(m_.seed, path_, Stream::kGlApplication, key, day);
        gl_.decision_day = day + sample(m_.gl_review_days, u.v[0]);
        if (gl_.decision_day == day) decide_general_licence(day, key);
      }
    }
  }

  CHOKEPOINT_HD void decide_general_licence(int32_t t, uint32_t key) {
    gl_.decision_day = kNever;
    const Uniform4 u = draw(m_.seed, path_, Stream::kGlApplication, key, gl_.application_day);
    if (m_.gl_honoured[env_.regime_on(t)] && u.y < m_.gl_grant_prob) {
      gl_.valid_from = t;
      gl_.valid_to = t + m_.gl_validity_days;
      gl_.next_application = gl_.valid_to - m_.gl_renew_before_days;
    } else {
      gl_.next_application = t + m_.gl_retry_days;
    }
  }

  // Step 4 on review `index` (day t), with each exporter part's licence
  // decided at once (step 5 of its decision day).
  CHOKEPOINT_HD void order(int32_t t, int32_t index) {
    // Reviews go forward in time: the spell of day t is found from the last
    // review's. The regime of every day before spell_end is r, so most
    // decisions need no lookup either.
    spell_ = env_.spell_from(spell_, t);
    const int32_t r = env_.spell_regime[spell_];
    const int32_t spell_end = spell_ + 1 < env_.spells ? env_.spell_start[spell_ + 1] : kNever;
    const bool gl_ships = gl_.valid(t) && m_.gl_honoured[r];
    const bool inspects = m_.inspection_prob[r] > 0;
    const int32_t arrival = t + transit_;
    const uint8_t* licence = m_.licence + terms(r, 0);
    // c(t) of material mat at alt_capacity_today[mat * (W + T)].
    const double* alt_capacity_today = m_.alt_capacity + (t + m_.warmup_days);
    CHOKEPOINT_UNROLL
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int32_t mat = needed_[c];
      int64_t& denied = denials(index, mat);
      on_order(c) -= denied;  // denied on days before today
      denied = 0;
      const int64_t q = m_.target_units[pair(mat)] - (inflow(c) - produced_ + on_order(c));
      if (q <= kNeedTolerance) continue;
      const double share = m_.china_share[pair(mat)];
      int64_t part = static_cast<int64_t>(share * static_cast<double>(q) + 0.5);
      if (part > q) part = q;
      // The alternative part, at most c(t) times the alternative suppliers'
      // normal volume per order (their share of R days of need); the rest is
      // not placed, and the next review orders the gap again.
      int64_t alternative = q - part;
      if (alternative > 0) {
        const double cap = alt_capacity_today[int64_t{mat} * simulated_days(m_)] * (1.0 - share) *
                           period_ * kShortfallScale;
        if (cap < static_cast<double>(alternative)) alternative = static_cast<int64_t>(cap);
        if (alternative > 0 && !outage_on(c, mat, t)) {
          on_order(c) += alternative;
          ship(mat, arrival, alternative);
        }
      }
      if (part <= 0) continue;
      const Licence rule = static_cast<Licence>(licence[mat]);
      if (rule == Licence::kBanned && !gl_ships) continue;  // denied at once
      on_order(c) += part;
      const bool needs_licence = rule == Licence::kRequired && !gl_ships;
      if (!needs_licence && !inspects) {  // approved at once, no draw needed
        approve(c, mat, r, t, t, arrival, part, -1, 4);
        continue;
      }
      // x: review days, y: approval, z: inspection, w: inspection days, each
      // compared as bits (exactly as their uniforms; kernels/day_table.hpp).
      const Philox4x32 u = licence_block(c, mat, t, index);
      if (needs_licence) {
        decide(c, t, index, r, spell_end, mat, part, u);
      } else {  // approved at once: inspection with today's regime
        const int32_t held =
            u.v[2] < m_.inspection_bits[r] ? sample(m_.inspection_days[r], u.v[3]) : 0;
        approve(c, mat, r, t, t, arrival + held, part, -1, 4);
      }
    }
  }

  //! The licence of an application made on day t (review `index`) in regime
  //! r, decided on its decision day with that day's regime (step 5), from its block u.
  CHOKEPOINT_HD void decide(int32_t c, int32_t t, int32_t index, int32_t r, int32_t spell_end,
                            int32_t mat, int64_t units, const Philox4x32& u) {
    const int32_t decision = t + sample(m_.review_days[terms(r, mat)], u.v[0]);
    if (decision >= horizon_) return;  // never decided: stays on order
    const int32_t rd = decision < spell_end ? r : env_.regime_on(decision);
    const Licence rule = static_cast<Licence>(m_.licence[terms(rd, mat)]);
    if (rule == Licence::kNone ||
        (rule == Licence::kRequired && u.v[1] < m_.approval_bits[terms(rd, mat)])) {
      int32_t arrival = decision + transit_;
      if (u.v[2] < m_.inspection_bits[rd]) arrival += sample(m_.inspection_days[rd], u.v[3]);
      if (m_.quotas > 0 && m_.quota_in[rd * m_.materials + mat] >= 0) {
        approve(c, mat, rd, t, decision, arrival, units, denial_review(index, decision - t), 5);
      } else {
        ship(mat, arrival, units);
      }
      return;
    }
    // Denied: dropped on its decision day, off order from the next review on
    // (none within the horizon: nothing reads it again).
    const int32_t next = denial_review(index, decision - t);
    if (next >= 0) denials(next, mat) += units;
  }

  //! The review whose ring takes a denial on the day `wait` days after review
  //! `index`: the first review after it, -1 when that is beyond the horizon.
  CHOKEPOINT_HD int32_t denial_review(int32_t index, int32_t wait) const {
    const int32_t next = index + 1 + whole_periods(wait);
    return first_review_ + static_cast<int64_t>(next) * period_ < horizon_ ? next : -1;
  }

  //! An exporter approval on `day` (regime r) of an order of day t: shipped,
  //! unless a quota applies to it. Then the speculative pass records its
  //! tonnes against the quota's period and ships it; the lockstep pass queues
  //! it for the quota's verdict on `day` (step 4 at the order, 5 at decision)
  //! where the quota serves the group itself, or ships it when `day` is before
  //! the lockstep's first (nothing was short then: admitted) or the quota
  //! stays speculative (recorded, as in the speculative pass).
  CHOKEPOINT_HD void approve(int32_t c, int32_t mat, int32_t r, int32_t t, int32_t day,
                             int32_t arrival, int64_t units, int32_t denial, int32_t step) {
    const int32_t q = m_.quotas > 0 ? m_.quota_in[r * m_.materials + mat] : -1;
    if (q < 0 || (links_.ledger == nullptr && links_.queue == nullptr)) {
      ship(mat, arrival, units);
      return;
    }
    approve_under_quota(q, c, mat, t, day, arrival, units, denial, step);
  }
  CHOKEPOINT_HD_RARE void approve_under_quota(int32_t q, int32_t c, int32_t mat, int32_t t,
                                              int32_t day, int32_t arrival, int64_t units,
                                              int32_t denial, int32_t step) {
    const int64_t tonnes = units_to_tonnes(units, tonnes_per_unit(c, t));
    if (!served_in_lockstep(m_.stockpiles + q, day)) {
      // Granted in full; recorded unless the pool serves the lockstep pass
      // from its first day on (before it nothing fell short).
      if (links_.ledger != nullptr && links_.ledger->quota_demand != nullptr &&
          !coordinated(m_.stockpiles + q)) {
        const int32_t period = floor_div(day, m_.quota_period[q]);
        const uint64_t approved =
            ledger_add(links_.ledger->quota_demand + quota_ledger_offset(m_, q) + period -
                           quota_first_period(m_, q),
                       static_cast<uint64_t>(tonnes));
        if (m_.quota_tonnes[q] != kUnlimitedTonnes &&
            approved > static_cast<uint64_t>(m_.quota_tonnes[q] + m_.quota_slack[q])) {
          known_short(period * m_.quota_period[q]);
        }
      }
      ship(mat, arrival, units);
      return;
    }
    QuotaQueue& queue = *links_.queue;
    if (queue.size >= queue.capacity) return;  // cannot happen: sized for every pending order
    queue.items[queue.size++] =
        QuotaRequest{units, tonnes, day, arrival, denial, t, links_.rank, c, mat, step};
  }

  //! Step 7 on days [a, b) (nothing arrives in between) for a buyer with
  //! remedies: as produce(), but the days that are not full go one at a time
  //! where a speculative top-up may come (days >= 0, a stockpile serving the
  //! buyer), and each short day notes the materials short (substitution).
  //! Returns the day it stopped at: b, or an earlier switch of a substitution.
  CHOKEPOINT_HD int32_t produce_with_remedies(int32_t a, int32_t b, int32_t limit) {
    if (next_switch_ < b) b = next_switch_;
    if (limit < b) limit = b;
    while (a < b) {
      int64_t stock = lowest_stock();
      if (stock >= kFullDay && b - a == 1) {  // one full day (the lockstep pass's usual day)
        produced_ += kDayOfNeed;
        if (stock < kDayOfNeed) clamp_stocks();
        return b;
      }
      if (stock >= kFullDay) {  // full days: no shortage, no top-up
        const int64_t full = (stock - kFullDay) / kDayOfNeed + 1;
        const int64_t run = full < b - a ? full : b - a;
        produced_ += run * kDayOfNeed;
        a += static_cast<int32_t>(run);
        if (stock - run * kDayOfNeed < 0) clamp_stocks();
        continue;
      }
      if (stock <= 0 && (a < help_from_ || a >= help_until_)) {
        // Nothing to produce and no top-up before help_from_ (or from
        // help_until_ on): the stocks stay as they are, so one look at the
        // shortages covers every day.
        note_shortages(a, &b);
        const int32_t end = a < help_from_ && help_from_ < b ? help_from_ : b;
        short_by(a, end, static_cast<uint64_t>(kDayOfNeed));
        a = end;
        continue;
      }
      if (a >= help_from_ && a < help_until_) {
        if (limit - a > 1) {  // several days: perhaps all full thanks to the top-ups
          const int32_t end = topped_up_days(a, b, limit);
          if (end > b) return end;  // past b's arrivals too
          if (end > a) {
            a = end;
            continue;
          }
        }
        if (top_up_speculatively(a)) stock = lowest_stock();
      }
      note_shortages(a, &b);
      if (stock >= kFullDay) {
        produced_ += kDayOfNeed;
        if (stock < kDayOfNeed) clamp_stocks();
      } else {
        const int64_t made = stock > 0 ? stock : 0;
        produced_ += made;
        short_by(a, a + 1, static_cast<uint64_t>(kDayOfNeed - made));
      }
      ++a;
    }
    return b;
  }

  CHOKEPOINT_HD int64_t lowest_stock() {
    int64_t low = kMaxInflow;
    CHOKEPOINT_UNROLL
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int64_t in = inflow(c);
      low = in < low ? in : low;
    }
    return low - produced_;
  }

  //! A full day took a whole day's need from stocks within 1e-9 of it: never below 0.
  CHOKEPOINT_HD void clamp_stocks() {
    CHOKEPOINT_UNROLL
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      if (inflow(c) < produced_) inflow(c) = produced_;
    }
  }

  //! Step 6 1/2 of day a in the speculative pass: every material a stockpile
  //! serves and releases today, below a day of need, topped up to one day;
  //! the tonnes go to the stockpile's ledger. Whether any was.
  CHOKEPOINT_HD bool top_up_speculatively(int32_t a) {
    bool any = false;
    const int32_t r = env_.spell_regime[top_up_spell(a)];
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int32_t mat = needed_[c];
      // The first stockpile in file order that serves the buyer and releases
      // today. (A material's stockpiles serve the lockstep pass all alike.)
      const int32_t k = m_.releasing_stockpile[terms(r, mat)];
      if (k < 0 || dropped(c, a) || served_in_lockstep(k, a)) continue;
      const int64_t stock = inflow(c) - produced_;
      if (stock >= kFullDay) continue;
      const int64_t units = kDayOfNeed - stock;
      inflow(c) += units;
      const int64_t tonnes = units_to_tonnes(units, tonnes_per_unit(c, a));
      if (links_.ledger->stockpile_demand != nullptr && !coordinated(k)) {
        const uint64_t asked =
            ledger_add(links_.ledger->stockpile_demand + int64_t{k} * horizon_ + a,
                       static_cast<uint64_t>(tonnes));
        if (asked > static_cast<uint64_t>(most_given(k))) known_short(a);
      }
      links_.ledger->released[int64_t{k} * m_.industries + ind_] += tonnes;
      any = true;
    }
    return any;
  }

  //! Speculative top-ups of days a .. limit-1 in closed form (nothing
  //! arrives on days a+1 .. b-1, no review or switch before limit), as far as
  //! every day is full: each material a stockpile serves and releases (in a's
  //! regime spell) topped up to one day of need whenever below it, every other
  //! material covering each day on its own. Such a material's stock runs down
  //! from s0 for j days without a top-up (the days it holds a day's need), is
  //! topped up by a day's need less what is left on day a + j, and by a whole
  //! day's need every day after; it ends each of those days at 0. From one
  //! arrival day to the next (taking each day's arrivals first, step 6), the
  //! same days, draws and ledger entries as top_up_speculatively and the
  //! one-day step 7, day by day. Returns the day it stopped at: a when fewer
  //! than two days could run (nothing done), else the first day not run (its
  //! arrivals taken where they were).
  CHOKEPOINT_HD int32_t topped_up_days(int32_t a, int32_t b, int32_t limit) {
    const int32_t spell = top_up_spell(a);
    const int32_t r = env_.spell_regime[spell];
    int32_t end = limit < help_until_ ? limit : help_until_;
    if (next_switch_ < end) end = next_switch_;  // one noted since `limit` was set
    if (spell + 1 < env_.spells && env_.spell_start[spell + 1] < end) {
      end = env_.spell_start[spell + 1];
    }
    if (links_.queue != nullptr && a < links_.lockstep_from && links_.lockstep_from < end) {
      end = links_.lockstep_from;  // where a pool may start to serve the group itself
    }
    if (end - a < 2) return a;
    // The stockpile that tops up each slot (-1: none; the slot covers itself).
    int32_t source[kSlots > 0 ? kSlots : kMaxTopUpSlots];
    if (kSlots == 0 && needed_count_ > kMaxTopUpSlots) return a;
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int32_t k = m_.releasing_stockpile[terms(r, needed_[c])];
      source[c] = k >= 0 && !dropped(c, a) && !served_in_lockstep(k, a) ? k : -1;
    }
    const int32_t from_day = a;
    for (;;) {
      // Days a .. e-1: up to the next arrival, or as far as the materials
      // without a source cover.
      int32_t e = b < end ? b : end;
      for (int32_t c = 0; c < slot_bound() && e > a; ++c) {
        if (past(c)) break;
        if (source[c] >= 0) continue;
        const int64_t stock = inflow(c) - produced_;
        const int64_t covered = stock < kFullDay ? 0 : (stock - kFullDay) / kDayOfNeed + 1;
        if (covered < int64_t{e} - a) e = a + static_cast<int32_t>(covered);
      }
      if (a == from_day && e - a < 2 && !(e == b && b < end)) return a;
      if (e == a) return a;
      top_up_stretch(a, e, source);
      a = e;
      if (a != b || a >= end) return a;
      take_arrivals(a);  // step 6 of the arrival day; its top-ups and step 7 follow
      b = next_arrival(a + 1, end);
    }
  }

  //! Days a .. e-1 of topped_up_days, each full, the materials with a source
  //! topped up as they fall below a day's need.
  CHOKEPOINT_HD void top_up_stretch(int32_t a, int32_t e, const int32_t* source) {
    const int64_t n = e - a;
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int32_t k = source[c];
      if (k < 0) continue;
      const int64_t stock = inflow(c) - produced_;
      const int64_t quiet = stock >= kFullDay ? (stock - kFullDay) / kDayOfNeed + 1 : 0;
      if (quiet >= n) continue;  // no top-up in the stretch
      // What is left on the first day topped up (0 once a full day took it).
      int64_t left = stock - quiet * kDayOfNeed;
      if (quiet > 0 && left < 0) left = 0;
      const double per_unit = tonnes_per_unit(c, a);
      const int64_t first = units_to_tonnes(kDayOfNeed - left, per_unit);
      const int64_t whole = units_to_tonnes(kDayOfNeed, per_unit);
      const int32_t from = a + static_cast<int32_t>(quiet);
      if (links_.ledger->stockpile_demand != nullptr && !coordinated(k)) {
        const int64_t most = most_given(k);
        uint64_t* demand = links_.ledger->stockpile_demand + int64_t{k} * horizon_;
        for (int32_t d = from; d < e; ++d) {
          const uint64_t asked =
              ledger_add(demand + d, static_cast<uint64_t>(d == from ? first : whole));
          if (asked > static_cast<uint64_t>(most)) known_short(d);
        }
      }
      links_.ledger->released[int64_t{k} * m_.industries + ind_] += first + (e - from - 1) * whole;
      inflow(c) = produced_ + n * kDayOfNeed;  // each top-up day ends at 0
    }
    produced_ += n * kDayOfNeed;
    clamp_stocks();  // a stock within 1e-9 of a day's need on its last day
  }

  //! The regime spell of day a, for the top-ups: a cursor, since a buyer's
  //! days only go forward.
  CHOKEPOINT_HD int32_t top_up_spell(int32_t a) {
    top_up_spell_ = env_.spell_from(top_up_spell_, a);
    return top_up_spell_;
  }

  //! The most stockpile k can give on a day (its cap or its size): a day's
  //! top-ups above it prove the path falls short (known_short).
  CHOKEPOINT_HD int64_t most_given(int32_t k) const {
    return m_.stockpile_release_cap[k] < m_.stockpile_tonnes[k] ? m_.stockpile_release_cap[k]
                                                                : m_.stockpile_tonnes[k];
  }

  //! Notes that a pool of the path falls short by day `day` (host only).
  CHOKEPOINT_HD void known_short(int32_t day) {
    int32_t* known = links_.ledger->known_short;
    if (day < -m_.warmup_days) day = -m_.warmup_days;
    if (known != nullptr && day < *known) *known = day;
  }

  //! Zeroes the calendar and the denial ring (a buyer that stops early).
  CHOKEPOINT_HD void clear_rings() {
    for (int32_t d = 0; d < m_.calendar_days; ++d) {
      for (int32_t mat = 0; mat < m_.materials; ++mat) s_.arrivals[calendar_entry(d, mat)] = 0;
    }
    for (int32_t w = 0; w < m_.calendar_days / 64; ++w) s_.arrival_days[w * stride()] = 0;
    for (int64_t e = 0; e < int64_t{m_.denial_slots} * m_.materials; ++e) {
      s_.denials[e * stride()] = 0;
    }
  }

  //! Step 7's note of the materials short on day a (stock below n (1 - 1e-9)):
  //! a first shortage because of a substitutable material schedules its switch,
  //! which ends the stretch being produced (*b).
  CHOKEPOINT_HD void note_shortages(int32_t a, int32_t* b) {
    if (!substitutes_) return;
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int32_t delay = m_.substitution_delay[pair(needed_[c])];
      if (delay < 0 || switch_day(c) != kNever) continue;
      if (inflow(c) - produced_ >= kFullDay) continue;
      switch_day(c) = a + delay;
      if (a + delay < next_switch_) next_switch_ = a + delay;
    }
    if (next_switch_ < *b) *b = next_switch_;
  }

  //! The substitutions due on day t: from today the material's need is
  //! factor * n, so its stock, on order, arrivals and denials, kept in days
  //! of need, are divided by the factor (tonnes unchanged); a factor of 0
  //! leaves the material out of production and ordering for good.
  CHOKEPOINT_HD void apply_switches(int32_t t) {
    int32_t next = kNever;
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int32_t mat = needed_[c];
      if (m_.substitution_delay[pair(mat)] < 0) continue;
      const int32_t day = switch_day(c);
      if (day == t) {
        rescale(c, mat, m_.substitution_factor[pair(mat)]);
      } else if (day > t && day < next) {
        next = day;
      }
    }
    next_switch_ = next;
  }

  CHOKEPOINT_HD static int64_t divided(int64_t units, double factor) {
    const double v = static_cast<double>(units) / factor;
    const double cap = static_cast<double>(kMaxSwitchedStock);
    if (v >= cap) return kMaxSwitchedStock;
    if (v <= -cap) return -kMaxSwitchedStock;
    return static_cast<int64_t>(v < 0 ? v - 0.5 : v + 0.5);
  }

  CHOKEPOINT_HD void rescale(int32_t c, int32_t mat, double factor) {
    if (factor == 0) {
      inflow(c) = produced_ + kMaxSwitchedStock;  // never limits, never orders
      return;
    }
    if (factor == 1) return;
    inflow(c) = produced_ + divided(inflow(c) - produced_, factor);
    on_order(c) = divided(on_order(c), factor);
    for (int32_t d = 0; d < m_.calendar_days; ++d) {
      int64_t& due = s_.arrivals[calendar_entry(d, mat)];
      if (due != 0) due = divided(due, factor);
    }
    for (int32_t k = 0; k < m_.denial_slots; ++k) {
      int64_t& denied = s_.denials[(int64_t{k} * m_.materials + mat) * stride()];
      if (denied != 0) denied = divided(denied, factor);
    }
    if (links_.queue != nullptr) {
      for (int32_t k = 0; k < links_.queue->size; ++k) {
        QuotaRequest& q = links_.queue->items[k];
        if (q.buyer == links_.rank && q.material == mat) q.units = divided(q.units, factor);
      }
    }
  }

  //! floor(days / period) for days >= 0, without a division: from the
  //! reciprocal, then corrected by at most one either way.
  CHOKEPOINT_HD int32_t whole_periods(int32_t days) const {
    auto k = static_cast<int32_t>(static_cast<double>(days) * inverse_period_);
    if (int64_t{k} * period_ > days) --k;
    if (int64_t{k + 1} * period_ <= days) ++k;
    return k;
  }

  //! Whether material mat's (slot c's) alternative supply is out on day t.
  //! Orders go forward in time, so each material's cursor only moves forward:
  //! the first outage interval that has not ended before the last order's day.
  CHOKEPOINT_HD bool outage_on(int32_t c, int32_t mat, int32_t t) {
    const int32_t n = env_.outages[mat];
    if (n == 0) return false;
    const int64_t base = int64_t{mat} * env_.outage_capacity;
    int32_t& k = outage_cursor(c);
    while (k < n && env_.outage_end[base + k] <= t) ++k;
    return k < n && env_.outage_start[base + k] <= t;
  }

  CHOKEPOINT_HD int32_t sample(const DayTable& table, uint32_t bits) const {
    return sample_days_bits(table, m_.cdf_bits_pool, m_.guide_pool, bits);
  }

  CHOKEPOINT_HD uint32_t licence_key(int32_t mat) const {
    return buyer_material_key(static_cast<uint32_t>(ind_), static_cast<uint32_t>(buyer_),
                              static_cast<uint32_t>(mat));
  }
  CHOKEPOINT_HD Philox4x32 licence_draw(int32_t mat, int32_t order_day) const {
    return draw_bits(m_.seed, path_, Stream::kLicence, licence_key(mat), order_day);
  }

  //! The licence block of needed material slot c (material mat) at review
  //! `index` (day t): on the host from the chunk of reviews drawn together,
  //! the same block as licence_draw.
  CHOKEPOINT_HD Philox4x32 licence_block(int32_t c, int32_t mat, int32_t t, int32_t index) {
#if !defined(__CUDA_ARCH__)
    if (s_.licence_lanes != nullptr) {
      const auto review = static_cast<uint32_t>(index);  // >= 0: shifts and masks
      const auto chunk = static_cast<int32_t>(review / kLicenceChunk);
      if (chunk != licence_chunk_) draw_licence_chunk(chunk);
      const auto lane = static_cast<int32_t>(review % kLicenceChunk) * needed_count_ + c;
      return PhiloxLanes::over(s_.licence_lanes, s_.licence_lane_words).get(lane);
    }
#endif
    return licence_draw(mat, t);
  }

#if !defined(__CUDA_ARCH__)
  //! Draws the licence blocks of reviews chunk * kLicenceChunk .. + kLicenceChunk - 1 within the
  //! horizon, for every needed material, whether or not an order will use them: most do.
  void draw_licence_chunk(int32_t chunk) {
    licence_chunk_ = chunk;
    const PhiloxLanes lanes = PhiloxLanes::over(s_.licence_lanes, s_.licence_lane_words);
    int32_t n = 0;
    for (int32_t k = 0; k < kLicenceChunk; ++k) {
      const int32_t day = first_review_ + (chunk * kLicenceChunk + k) * period_;
      if (day >= horizon_) break;
      for (int32_t c = 0; c < needed_count_; ++c, ++n) {
        lanes.put(n, stream_counter(path_, Stream::kLicence, licence_key(needed_[c]), day));
      }
    }
    philox4x32_10_batch(lanes, n, m_.seed);
  }
#endif

  //! Adds shortfall q on days [a, b) (clipped to the reported days 0 .. T-1).
  CHOKEPOINT_HD void short_by(int32_t a, int32_t b, uint64_t q) {
    if (a < 0) a = 0;
    if (b <= a) return;
    days_[a] += q;
    days_[b] -= q;
    if (!substitutes_ || links_.switched_shortfall == nullptr) return;
    for (int32_t c = 0; c < slot_bound(); ++c) {  // the days with a reduced need
      if (past(c)) break;
      if (switched(c, a)) links_.switched_shortfall[needed_[c]] += q * static_cast<uint64_t>(b - a);
    }
  }

  // Step 7 on days [a, b), in which nothing arrives. Every material's stock is
  // inflow - produced_ (in days of its need), so the smallest stock decides:
  // f = 1 while it covers a day (within 1e-9), then one partial day that
  // empties it, then f = 0 until something arrives.
  CHOKEPOINT_HD void produce(int32_t a, int32_t b) {
    int64_t stock = lowest_stock();
    if (stock >= kFullDay) {
      const int64_t full = (stock - kFullDay) / kDayOfNeed + 1;  // days with f = 1
      const int64_t run = full < b - a ? full : b - a;
      produced_ += run * kDayOfNeed;
      stock -= run * kDayOfNeed;
      a += static_cast<int32_t>(run);
      if (stock < 0) {
        clamp_stocks();
        stock = 0;
      }
      if (a >= b) return;
    }
    if (stock > 0) {  // f = stock / need on day a; every stock falls by as much
      produced_ += stock;
      short_by(a, a + 1, static_cast<uint64_t>(kDayOfNeed - stock));
      ++a;
    }
    short_by(a, b, static_cast<uint64_t>(kDayOfNeed));
  }

  static constexpr int64_t kMaxInflow = 0x7fffffffffffffff;

  //! Whether every needed material's stock holds `days` whole days of need
  //! (then those days are full, and no stock goes below 0, whatever arrives).
  CHOKEPOINT_HD bool covers(int32_t days) {
    const int64_t need = produced_ + int64_t{days} * kDayOfNeed;
    CHOKEPOINT_UNROLL
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      if (inflow(c) < need) return false;
    }
    return true;
  }

  const ModelView& m_;
  uint64_t path_;
  int32_t ind_;
  int32_t buyer_;
  const PathEnvironment& env_;
  BuyerScratch s_;
  GeneralLicenceState gl_;
  DayTotals days_{nullptr, 1};
  const int32_t* needed_;  //!< the industry's materials with need > 0
  int32_t needed_count_;
  int64_t produced_ = 0;  //!< days of need produced so far (units): every stock's common drain
  int32_t horizon_;
  int32_t period_;
  int32_t transit_;
  double inverse_period_;
  int32_t first_review_ = 0;
  int32_t spell_ = 0;           //!< the regime spell of the last review day
  int32_t top_up_spell_ = 0;    //!< the regime spell of the last day of top-ups
  int32_t licence_chunk_ = -1;  //!< the chunk of reviews in licence_lanes (host)
  BuyerLinks links_;
  uint32_t key_ = 0;
  int32_t t_ = 0;  //!< the first day not yet simulated
  int32_t review_ = 0;
  int32_t review_index_ = 0;
  int32_t next_switch_ = kNever;  //!< the earliest switch of a substitution still to come
  int32_t help_from_ = kNever;    //!< the first day a speculative top-up may come
  int32_t help_until_ = 0;        //!< the day speculative top-ups end (T, or the lockstep's first)
  bool substitutes_ = false;      //!< a needed material has a substitution
  bool released_ = false;         //!< a stockpile serves a needed material
  bool remedies_ = false;         //!< either, where they act: produce_with_remedies
  bool quota_bound_ = false;      //!< lockstep: a quota applies to a needed material
  uint32_t quota_regimes_ = 0;    //!< lockstep: where (quota_regimes)
  int32_t quota_wake_ = 0;        //!< lockstep: quota_wake's last answer
  int32_t wake_spell_ = 0;        //!< lockstep: the spell of the review it was for
  int32_t wake_ = 0;              //!< lockstep: the next day the buyer is stepped
  int32_t short_from_ = 0;        //!< lockstep: the first day a stockpile may top it up
  // The per-slot state when it lives in the object (kSlots > 0).
  static constexpr int32_t kOwnSlots = kSlots > 0 ? kSlots : 1;
  int64_t inflow_[kOwnSlots];
  int64_t on_order_[kOwnSlots];
  int32_t outage_cursor_[kOwnSlots];
  int32_t switch_day_[kOwnSlots];
};

//! The object-held state sizes BuyerSimulation is compiled for: the smallest
//! that holds an industry's needed materials, or 0 (state in scratch).
inline constexpr int32_t kSmallSlots = 4;
inline constexpr int32_t kLargeSlots = 8;
CHOKEPOINT_HD int32_t buyer_state_slots(int32_t needed_count) {
  return needed_count <= kSmallSlots ? kSmallSlots : needed_count <= kLargeSlots ? kLargeSlots : 0;
}

}  // namespace chokepoint
