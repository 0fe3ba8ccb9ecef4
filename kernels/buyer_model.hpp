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
#include "kernels/rng_streams.hpp"

namespace chokepoint {

inline constexpr int32_t kNever = 0x7fffffff;

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

//! Reviews whose licence blocks a host buyer draws at once (a power of two).
inline constexpr int32_t kLicenceChunk = 16;

//! Words per counter word of BuyerScratch::licence_lanes for model m.
inline int32_t licence_lane_words(int32_t materials) {
  return philox_batch_capacity(kLicenceChunk * materials);
}

//! Count of the BuyerScratch arrays' entries (times the stride).
struct BuyerScratchSize {
  int64_t inflow, on_order, arrivals, arrival_days, denials, outage_cursor;
};
CHOKEPOINT_HD BuyerScratchSize buyer_scratch_size(const ModelView& m) {
  const int64_t M = m.materials;
  return {M, M, int64_t{m.calendar_days} * M, m.calendar_days / 64, int64_t{m.denial_slots} * M, M};
}

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
                                const PathEnvironment& env, BuyerScratch s)
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
        inverse_period_(1.0 / m.review_period[industry]) {}

  //! Runs days `first` .. T-1 (first = -W: the warm-up, then the horizon) and adds the buyer's
  //! shortfall on days 0 .. T-1 to `days` (in units of kShortfallUnit).
  CHOKEPOINT_HD void run(int32_t first, DayTotals days) {
    const int32_t T = horizon_;
    const int32_t period = period_;
    const int32_t B = m_.buyers[ind_];
    // Reviews on the days t >= first with (t - offset) mod period == 0.
    const int32_t offset = static_cast<int32_t>((static_cast<int64_t>(buyer_) * period) / B);
    first_review_ = offset - period * ((offset - first) / period);  // first <= 0 <= offset
    CHOKEPOINT_UNROLL
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      inflow(c) = m_.initial_units[pair(needed_[c])];
      on_order(c) = 0;
      outage_cursor(c) = 0;
    }
    const uint32_t key = buyer_key(static_cast<uint32_t>(ind_), static_cast<uint32_t>(buyer_));
    if (m_.gl_adoption[ind_] > 0 &&
        draw(m_.seed, path_, Stream::kGlAdoption, key, 0).x < m_.gl_adoption[ind_]) {
      gl_.next_application = first;
    }
    days_ = days;
    produced_ = 0;
    int32_t review = first_review_, review_index = 0;
    for (int32_t t = first; t < T;) {
      if (t == review) {
        advance_general_licences(t, key);
        order(t, review_index);
        review += period;
        ++review_index;
      }
      if (arrival_bit(t)) take_arrivals(t);
      const int32_t limit = review < T ? review : T;
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
      // today), or the end of the horizon.
      const int32_t next = next_arrival(t + 1, limit);
      produce(t, next);
      t = next;
    }
  }

 private:
  CHOKEPOINT_HD int32_t pair(int32_t mat) const { return ind_ * m_.materials + mat; }
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
    while (spell_ + 1 < env_.spells && env_.spell_start[spell_ + 1] <= t) ++spell_;
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
        ship(mat, arrival, part);
        continue;
      }
      // x: review days, y: approval, z: inspection, w: inspection days, each
      // compared as bits (exactly as their uniforms; kernels/day_table.hpp).
      const Philox4x32 u = licence_block(c, mat, t, index);
      if (needs_licence) {
        decide(t, index, r, spell_end, mat, part, u);
      } else {  // approved at once: inspection with today's regime
        const int32_t held =
            u.v[2] < m_.inspection_bits[r] ? sample(m_.inspection_days[r], u.v[3]) : 0;
        ship(mat, arrival + held, part);
      }
    }
  }

  //! The licence of an application made on day t (review `index`) in regime
  //! r, decided on its decision day with that day's regime (step 5), from its block u.
  CHOKEPOINT_HD void decide(int32_t t, int32_t index, int32_t r, int32_t spell_end, int32_t mat,
                            int64_t units, const Philox4x32& u) {
    const int32_t decision = t + sample(m_.review_days[terms(r, mat)], u.v[0]);
    if (decision >= horizon_) return;  // never decided: stays on order
    const int32_t rd = decision < spell_end ? r : env_.regime_on(decision);
    const Licence rule = static_cast<Licence>(m_.licence[terms(rd, mat)]);
    if (rule == Licence::kNone ||
        (rule == Licence::kRequired && u.v[1] < m_.approval_bits[terms(rd, mat)])) {
      int32_t arrival = decision + transit_;
      if (u.v[2] < m_.inspection_bits[rd]) arrival += sample(m_.inspection_days[rd], u.v[3]);
      ship(mat, arrival, units);
      return;
    }
    // Denied: dropped on its decision day, off order from the next review on
    // (none within the horizon: nothing reads it again).
    const int32_t next = index + 1 + whole_periods(decision - t);
    if (first_review_ + static_cast<int64_t>(next) * period_ < horizon_)
      denials(next, mat) += units;
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
  }

  // Step 7 on days [a, b), in which nothing arrives. Every material's stock is
  // inflow - produced_ (in days of its need), so the smallest stock decides:
  // f = 1 while it covers a day (within 1e-9), then one partial day that
  // empties it, then f = 0 until something arrives.
  CHOKEPOINT_HD void produce(int32_t a, int32_t b) {
    int64_t low = kMaxInflow;
    CHOKEPOINT_UNROLL
    for (int32_t c = 0; c < slot_bound(); ++c) {
      if (past(c)) break;
      const int64_t in = inflow(c);
      low = in < low ? in : low;
    }
    int64_t stock = low - produced_;
    if (stock >= kFullDay) {
      const int64_t full = (stock - kFullDay) / kDayOfNeed + 1;  // days with f = 1
      const int64_t run = full < b - a ? full : b - a;
      produced_ += run * kDayOfNeed;
      stock -= run * kDayOfNeed;
      a += static_cast<int32_t>(run);
      if (stock < 0) {
        // The last full day took a whole day's need from stocks within 1e-9 of
        // it: never below 0.
        CHOKEPOINT_UNROLL
        for (int32_t c = 0; c < slot_bound(); ++c) {
          if (past(c)) break;
          if (inflow(c) < produced_) inflow(c) = produced_;
        }
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
  int32_t licence_chunk_ = -1;  //!< the chunk of reviews in licence_lanes (host)
  // The per-slot state when it lives in the object (kSlots > 0).
  static constexpr int32_t kOwnSlots = kSlots > 0 ? kSlots : 1;
  int64_t inflow_[kOwnSlots];
  int64_t on_order_[kOwnSlots];
  int32_t outage_cursor_[kOwnSlots];
};

//! The object-held state sizes BuyerSimulation is compiled for: the smallest
//! that holds an industry's needed materials, or 0 (state in scratch).
inline constexpr int32_t kSmallSlots = 4;
inline constexpr int32_t kLargeSlots = 8;
CHOKEPOINT_HD int32_t buyer_state_slots(int32_t needed_count) {
  return needed_count <= kSmallSlots ? kSmallSlots : needed_count <= kLargeSlots ? kLargeSlots : 0;
}

}  // namespace chokepoint
