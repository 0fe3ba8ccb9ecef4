// Steps 3 to 7 of the day for one buyer over days -W .. T-1 (warm-up and
// horizon), given the path's regimes and outages. Buyers of a path are
// independent once those are known, so a backend may run them in any order or
// in parallel: each adds its daily shortfall on days 0 .. T-1, in fixed point,
// to its industry's daily totals.
#pragma once

#include <cstdint>

#include "kernels/day_table.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"
#include "kernels/rng_streams.hpp"

namespace chokepoint {

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

}  // namespace chokepoint
