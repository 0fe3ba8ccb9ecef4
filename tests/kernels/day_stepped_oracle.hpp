// The day-stepped engine (with the warm-up, alternative capacity and shortage
// threshold of the model) as it was before the event-driven one (kernels/): every
// buyer stepped through every day, items in flight in sorted lists, each
// licence drawn at its order and again at its decision, the environment as
// one byte per day. Kept verbatim (in its own namespace) as a test oracle: the
// event engine must give the same per-path figures on the same random numbers,
// up to the rounding of stocks (doubles here, fixed point there).
//
// Longer than the usual 400 lines because it is one frozen copy of three
// headers; it is not to be edited except to follow a change of the model.
#pragma once

#include <cstdint>

#include "kernels/day_table.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"
#include "kernels/rng_streams.hpp"

namespace chokepoint::oracle {

//! Fills regime[t + W] for t in [-W, T). The initial regime is drawn from day
//! 0's block whatever W is, and holds through the warm-up and day 0 (no
//! transitions, no events before day 0; no transition on day 0).
CHOKEPOINT_HD void simulate_regimes(const ModelView& m, uint64_t path, uint8_t* regime) {
  const int32_t W = m.warmup_days;
  int32_t current = 0;
  for (int32_t t = 0; t < m.horizon; ++t) {
    const Uniform4 u = draw(m.seed, path, Stream::kRegime, 0, t);
    if (t == 0) {
      current = pick_index(m.initial_cdf, m.regimes, u.y);
      for (int32_t w = 0; w < W; ++w) regime[w] = static_cast<uint8_t>(current);
    } else if (u.x < m.leave_prob[current]) {
      current = pick_index(m.next_cdf + current * m.regimes, m.regimes, u.y);
    }
    for (int32_t e = 0; e < m.events; ++e) {  // file order; few events, so no index
      if (m.event_day[e] != t || !m.event_from[e * m.regimes + current]) continue;
      const Uniform4 fire = draw(m.seed, path, Stream::kEvent, static_cast<uint32_t>(e), t);
      if (fire.x < m.event_prob[e]) current = m.event_to[e];
    }
    regime[t + W] = static_cast<uint8_t>(current);
  }
}

//! Fills outage[mat * (W + T) + t + W] with 1 on the days t in [-W, T) the
//! material's alternative supply is out. Outages run through the warm-up too.
CHOKEPOINT_HD void simulate_outages(const ModelView& m, uint64_t path, uint8_t* outage) {
  const int32_t W = m.warmup_days, days = simulated_days(m);
  for (int32_t mat = 0; mat < m.materials; ++mat) {
    uint8_t* out = outage + static_cast<int64_t>(mat) * days;
    const double start_prob = m.outage_start_prob[mat];
    int32_t outage_end = -W;  // first day after the current outage
    for (int32_t t = -W; t < m.horizon; ++t) {
      if (t >= outage_end && start_prob > 0) {
        const Uniform4 u = draw(m.seed, path, Stream::kOutage, static_cast<uint32_t>(mat), t);
        if (u.x < start_prob) {
          int32_t d = sample_days(m.outage_duration[mat], m.cdf_pool, u.y);
          if (d < 1) d = 1;
          outage_end = t + d;
        }
      }
      out[t + W] = t < outage_end ? 1 : 0;
    }
  }
}

inline constexpr int32_t kNever = 0x7fffffff;
//! order_day of a shipment in transit; due day of a denied application. Days
//! of the model are >= -W >= -3650, so neither is ever a day.
inline constexpr int32_t kNoDay = -0x7fffffff - 1;

//! An order part in flight: a pending licence application (order_day = the
//! order day, due = decision day) or a shipment in transit (order_day = kNoDay,
//! due = arrival).
struct FlightItem {
  double quantity;
  int32_t due;
  int32_t order_day;
};

//! Scratch a buyer needs: per material, `capacity` flight items, a count and a
//! stock. Entry e of each array is at [e * stride]: 1 for a buyer's own block
//! (CPU), the number of threads on a GPU, whose scratch is interleaved so that
//! neighbouring threads touch neighbouring addresses (coalesced accesses).
struct BuyerScratch {
  FlightItem* items;  //!< [M * capacity] entries
  int32_t* count;     //!< [M] entries
  double* stock;      //!< [M] entries
  int32_t capacity;
  int64_t stride = 1;
};

//! Entries base[0], base[stride], base[2 stride], ... of a BuyerScratch array.
template <typename T>
struct StridedRow {
  T* base;
  int64_t stride;
  CHOKEPOINT_HD T& operator[](int64_t k) const { return base[k * stride]; }
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

class BuyerSimulation {
 public:
  CHOKEPOINT_HD BuyerSimulation(const ModelView& m, uint64_t path, int32_t industry, int32_t buyer,
                                const uint8_t* regime, const uint8_t* outage, BuyerScratch s)
      : m_(m),
        path_(path),
        ind_(industry),
        buyer_(buyer),
        regime_(regime),
        outage_(outage),
        s_(s) {}

  //! Runs days -W .. T-1, calling add(t, q) with the buyer's shortfall q on
  //! each day t >= 0 (in units of kShortfallUnit; warm-up days are not
  //! reported): a backend chooses how the totals are summed (plain adds on the
  //! CPU, atomics where buyers of an industry run in parallel).
  template <class Sink>
  CHOKEPOINT_HD void run(Sink&& add) {
    const int32_t M = m_.materials;
    const int32_t W = m_.warmup_days;
    const int32_t B = m_.buyers[ind_];
    const int32_t period = m_.review_period[ind_];
    // Reviews on the days t with (t - o) mod R = 0 (non-negative remainder),
    // o = floor(b R / B): the first one on or after day -W.
    const int32_t offset = static_cast<int32_t>((static_cast<int64_t>(buyer_) * period) / B);
    const int32_t first_review = offset - (offset + W) / period * period;
    for (int32_t mat = 0; mat < M; ++mat) {
      count(mat) = 0;
      stock(mat) = m_.initial_stock[ind_ * M + mat];
    }
    const uint32_t key = buyer_key(static_cast<uint32_t>(ind_), static_cast<uint32_t>(buyer_));
    if (m_.gl_adoption[ind_] > 0 &&
        draw(m_.seed, path_, Stream::kGlAdoption, key, 0).x < m_.gl_adoption[ind_]) {
      gl_.next_application = -W;  // adopters apply on the first simulated day
    }
    int32_t next_review = first_review;
    for (int32_t t = -W; t < m_.horizon; ++t) {
      const int32_t r = regime_[t + W];
      general_licences(t, r, key);
      if (t == next_review) {
        order(t, r);
        next_review += period;
      }
      if (t == next_due_) {  // most days nothing is decided or arrives
        next_due_ = kNever;
        for (int32_t mat = 0; mat < M; ++mat) {
          settle_due(t, r, mat);
          if (count(mat) > 0 && items(mat)[0].due < next_due_) next_due_ = items(mat)[0].due;
        }
      }
      const uint64_t shortfall = produce();
      if (t >= 0) add(t, shortfall);
    }
  }

 private:
  CHOKEPOINT_HD int32_t pair(int32_t mat) const { return ind_ * m_.materials + mat; }
  //! Material mat's items in flight, count and stock in the scratch.
  CHOKEPOINT_HD StridedRow<FlightItem> items(int32_t mat) const {
    return {s_.items + int64_t{mat} * s_.capacity * s_.stride, s_.stride};
  }
  CHOKEPOINT_HD int32_t& count(int32_t mat) const { return s_.count[mat * s_.stride]; }
  CHOKEPOINT_HD double& stock(int32_t mat) const { return s_.stock[mat * s_.stride]; }
  CHOKEPOINT_HD int32_t terms(int32_t r, int32_t mat) const {
    return (r * m_.industries + ind_) * m_.materials + mat;
  }

  // Step 3.
  CHOKEPOINT_HD void general_licences(int32_t t, int32_t r, uint32_t key) {
    if (gl_.decision_day == t) decide_general_licence(t, r, key);
    if (gl_.next_application == t) {
      gl_.next_application = kNever;
      gl_.application_day = t;
      const Uniform4 u = draw(m_.seed, path_, Stream::kGlApplication, key, t);
      gl_.decision_day = t + sample_days(m_.gl_review_days, m_.cdf_pool, u.x);
      if (gl_.decision_day == t) decide_general_licence(t, r, key);
    }
  }

  CHOKEPOINT_HD void decide_general_licence(int32_t t, int32_t r, uint32_t key) {
    gl_.decision_day = kNever;
    const Uniform4 u = draw(m_.seed, path_, Stream::kGlApplication, key, gl_.application_day);
    if (m_.gl_honoured[r] && u.y < m_.gl_grant_prob) {
      gl_.valid_from = t;
      gl_.valid_to = t + m_.gl_validity_days;
      gl_.next_application = gl_.valid_to - m_.gl_renew_before_days;
    } else {
      gl_.next_application = t + m_.gl_retry_days;
    }
  }

  // Step 4.
  CHOKEPOINT_HD void order(int32_t t, int32_t r) {
    const bool gl_ships = gl_.valid(t) && m_.gl_honoured[r];
    for (int32_t mat = 0; mat < m_.materials; ++mat) {
      const double n = m_.need[pair(mat)];
      if (!(n > 0)) continue;
      const StridedRow<FlightItem> row = items(mat);
      double on_order = 0;
      for (int32_t k = 0; k < count(mat); ++k) on_order += row[k].quantity;
      const double q = m_.target_stock[pair(mat)] - (stock(mat) + on_order);
      if (!(q > 1e-9 * n)) continue;
      const double share = m_.china_share[pair(mat)];
      const double wanted = (1.0 - share) * q;
      if (wanted > 0) {
        // At most c(t) times the alternative suppliers' normal volume per order;
        // the rest is not placed (the next review orders the gap again).
        const int64_t day = static_cast<int64_t>(mat) * simulated_days(m_) + t + m_.warmup_days;
        const double cap = m_.alt_capacity[day] * (1.0 - share) * n * m_.review_period[ind_];
        const double alternative = cap < wanted ? cap : wanted;
        if (alternative > 0 && !outage_[day]) {
          push(mat, FlightItem{alternative, t + m_.transit_days[ind_], kNoDay});
        }
      }
      const double exporter = share * q;
      if (!(exporter > 0)) continue;
      const Licence rule = static_cast<Licence>(m_.licence[terms(r, mat)]);
      if (rule == Licence::kNone || gl_ships) {
        approve(t, r, mat, exporter, licence_draw(mat, t));
      } else if (rule == Licence::kRequired) {
        const Uniform4 u = licence_draw(mat, t);
        const int32_t decision = t + sample_days(m_.review_days[terms(r, mat)], m_.cdf_pool, u.x);
        push(mat, FlightItem{exporter, decision, t});
      }  // banned: denied at once, the next review orders the gap again
    }
  }

  CHOKEPOINT_HD Uniform4 licence_draw(int32_t mat, int32_t order_day) const {
    return draw(m_.seed, path_, Stream::kLicence,
                buyer_material_key(static_cast<uint32_t>(ind_), static_cast<uint32_t>(buyer_),
                                   static_cast<uint32_t>(mat)),
                order_day);
  }

  //! An approved exporter shipment: held for inspection with the approval-day
  //! regime's probability, then in transit.
  CHOKEPOINT_HD void approve(int32_t t, int32_t r, int32_t mat, double quantity,
                             const Uniform4& u) {
    int32_t arrival = t + m_.transit_days[ind_];
    if (u.z < m_.inspection_prob[r])
      arrival += sample_days(m_.inspection_days[r], m_.cdf_pool, u.w);
    push(mat, FlightItem{quantity, arrival, kNoDay});
  }

  //! Files an item by due day (after those due the same day). The capacity is an
  //! upper bound on items in flight (host/model/model.cpp).
  CHOKEPOINT_HD void push(int32_t mat, FlightItem item) {
    const StridedRow<FlightItem> items = this->items(mat);
    int32_t j = count(mat)++;
    for (; j > 0 && items[j - 1].due > item.due; --j) items[j] = items[j - 1];
    items[j] = item;
    if (item.due < next_due_) next_due_ = item.due;
  }

  // Steps 5 and 6 for one material. Items are kept sorted by due day, so the
  // ones due today are a prefix: decide the applications among them, add the
  // arrivals to the stock, drop the denials, and re-file shipments approved
  // today that arrive later.
  CHOKEPOINT_HD void settle_due(int32_t t, int32_t r, int32_t mat) {
    const StridedRow<FlightItem> items = this->items(mat);
    const int32_t n = count(mat);
    int32_t today = 0;
    while (today < n && items[today].due == t) ++today;
    if (today == 0) return;
    for (int32_t k = 0; k < today; ++k) {
      FlightItem& it = items[k];
      if (it.order_day == kNoDay) continue;  // a shipment arriving today
      const Licence rule = static_cast<Licence>(m_.licence[terms(r, mat)]);
      const Uniform4 u = licence_draw(mat, it.order_day);
      it.order_day = kNoDay;
      if (rule == Licence::kNone ||
          (rule == Licence::kRequired && u.y < m_.approval_prob[terms(r, mat)])) {
        int32_t arrival = t + m_.transit_days[ind_];
        if (u.z < m_.inspection_prob[r]) {
          arrival += sample_days(m_.inspection_days[r], m_.cdf_pool, u.w);
        }
        it.due = arrival;
      } else {
        it.due = kNoDay;  // denied: dropped; the next review orders the gap again
      }
    }
    int32_t refiled = 0;
    for (int32_t k = 0; k < today; ++k) {
      const FlightItem it = items[k];
      if (it.due == t) {
        stock(mat) += it.quantity;
      } else if (it.due > t) {
        items[refiled++] = it;
      }
    }
    // Close the gap before the rest, then insert the re-filed items in order.
    for (int32_t k = today; k < n; ++k) items[refiled + k - today] = items[k];
    const int32_t kept = refiled + n - today;
    for (int32_t k = refiled - 1; k >= 0; --k) {
      const FlightItem it = items[k];
      int32_t j = k;
      for (; j + 1 < kept && items[j + 1].due <= it.due; ++j) items[j] = items[j + 1];
      items[j] = it;
    }
    count(mat) = kept;
  }

  // Step 7: Leontief production; returns the day's shortfall in fixed point.
  CHOKEPOINT_HD uint64_t produce() {
    double f = 1.0;
    for (int32_t mat = 0; mat < m_.materials; ++mat) {
      const double n = m_.need[pair(mat)];
      if (!(n > 0)) continue;
      const double held = stock(mat);
      const double fm = held >= n * (1.0 - 1e-9) ? 1.0 : held / n;
      if (fm < f) f = fm;
    }
    for (int32_t mat = 0; mat < m_.materials; ++mat) {
      const double n = m_.need[pair(mat)];
      if (!(n > 0)) continue;
      const double left = stock(mat) - f * n;
      stock(mat) = left > 0 ? left : 0.0;
    }
    return static_cast<uint64_t>((1.0 - f) * kShortfallScale);
  }

  const ModelView& m_;
  uint64_t path_;
  int32_t ind_;
  int32_t buyer_;
  const uint8_t* regime_;
  const uint8_t* outage_;
  BuyerScratch s_;
  GeneralLicenceState gl_;
  int32_t next_due_ = kNever;  //!< earliest decision or arrival day of any item in flight
};

//! Daily totals of one industry's shortfall, day t at base[t * stride]: 1 on
//! the CPU, the number of threads on a GPU (interleaved, so that a warp's
//! accesses to the same day coalesce).
struct DayTotals {
  uint64_t* base;
  int64_t stride;
  CHOKEPOINT_HD uint64_t& operator[](int32_t t) const { return base[t * stride]; }
};

//! The sink of BuyerSimulation::run for the buyers of one industry run one
//! after another by the same thread: plain adds.
struct AddToDayTotals {
  DayTotals days;
  CHOKEPOINT_HD void operator()(int32_t t, uint64_t q) const { days[t] += q; }
};

//! Working memory of one path in flight.
struct PathScratch {
  uint8_t* regime;     //!< [W + T], day t at t + W
  uint8_t* outage;     //!< [M * (W + T)]
  DayTotals days;      //!< [T] of the industry being simulated (days 0 .. T-1)
  BuyerScratch buyer;  //!< capacity = Model::max_item_capacity
};

//! Reduces one industry's daily totals into row `row` of the outputs.
CHOKEPOINT_HD void summarise_industry(const ModelView& m, DayTotals day_shortfall, int32_t industry,
                                      int64_t row, PathOutputs out) {
  const int32_t B = m.buyers[industry];
  const int64_t cell = row * m.industries + industry;
  const uint64_t limit = shortage_limit(m, B);  // s(t) > theta <=> total > limit
  uint64_t total = 0;
  int32_t shortage_days = 0, first = m.horizon;
  for (int32_t k = 0; k < m.intervals; ++k) {
    const int32_t begin = k * m.report_interval;
    const int32_t end =
        begin + m.report_interval < m.horizon ? begin + m.report_interval : m.horizon;
    uint64_t interval_total = 0;
    uint8_t interval_short = 0;
    for (int32_t t = begin; t < end; ++t) {
      const uint64_t q = day_shortfall[t];
      interval_total += q;
      if (q > limit) {
        interval_short = 1;
        ++shortage_days;
        if (t < first) first = t;
      }
    }
    total += interval_total;
    out.interval_total[cell * m.intervals + k] = interval_total;
    out.interval_short[cell * m.intervals + k] = interval_short;
  }
  out.shortfall_total[cell] = total;
  out.shortage_days[cell] = shortage_days;
  out.first_shortage[cell] = first;
}

//! Every buyer of one industry of a path, one after another (steps 3 to 7),
//! given the path's regimes and outages, then the industry's figures into row
//! `row` of `out`. The CPU runs it for each industry of a path in turn; the GPU
//! runs one (industry, path) per thread.
CHOKEPOINT_HD void simulate_industry(const ModelView& m, uint64_t path, int32_t industry,
                                     const uint8_t* regime, const uint8_t* outage, DayTotals days,
                                     BuyerScratch scratch, int64_t row, PathOutputs out) {
  for (int32_t t = 0; t < m.horizon; ++t) days[t] = 0;
  for (int32_t b = 0; b < m.buyers[industry]; ++b) {
    BuyerSimulation(m, path, industry, b, regime, outage, scratch).run(AddToDayTotals{days});
  }
  summarise_industry(m, days, industry, row, out);
}

//! Steps 1 and 2 of a path: regimes and outages for every day -W .. T-1, and
//! the days 0 .. T-1 spent in each regime into row `row` of `out`.
CHOKEPOINT_HD void simulate_environment(const ModelView& m, uint64_t path, uint8_t* regime,
                                        uint8_t* outage, int64_t row, PathOutputs out) {
  simulate_regimes(m, path, regime);
  simulate_outages(m, path, outage);
  for (int32_t r = 0; r < m.regimes; ++r) out.regime_days[row * m.regimes + r] = 0;
  for (int32_t t = 0; t < m.horizon; ++t) {
    ++out.regime_days[row * m.regimes + regime[t + m.warmup_days]];
  }
}

//! Simulates path `path` and writes its figures into row `row` of `out`.
CHOKEPOINT_HD void simulate_path(const ModelView& m, uint64_t path, int64_t row, PathScratch s,
                                 PathOutputs out) {
  simulate_environment(m, path, s.regime, s.outage, row, out);
  for (int32_t i = 0; i < m.industries; ++i) {
    simulate_industry(m, path, i, s.regime, s.outage, s.days, s.buyer, row, out);
  }
}

}  // namespace chokepoint::oracle
