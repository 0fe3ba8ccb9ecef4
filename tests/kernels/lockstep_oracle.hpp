// The day-stepped engine of day_stepped_oracle.hpp with the couplings of the
// model's remedies (docs/model.md, "Remedies"): every buyer of a path stepped
// together, day by day, so that stockpiles and quotas are shared exactly as
// the rules say, in the service order (priority, industry position, buyer).
// Stocks, pools and quotas are tonnes as doubles, read from the fixed-point
// ModelView and converted once, so that nothing here shares the event
// engine's rounding. Host only (a test oracle): it keeps each buyer's items in
// flight in a std::vector.
//
// Without stockpiles, quotas or substitution it gives exactly the per-path
// outputs of oracle::simulate_path (the same operations on the same doubles,
// only interleaved across buyers); test_remedies_oracle.cpp checks that.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"
#include "kernels/rng_streams.hpp"
#include "tests/kernels/day_stepped_oracle.hpp"

namespace chokepoint::oracle {

//! The figures of the remedies of one path, in tonnes.
struct RemedyFigures {
  //! [S * K] held at the end of report interval k (after that day's refill).
  std::vector<double> stockpile_held;
  std::vector<double> stockpile_final;  //!< [S] held at the end of day T-1
  std::vector<double> released;         //!< [S * I] released to industry i, days 0 .. T-1
  std::vector<double> quota_denied;     //!< [M] tonnes denied by quotas, days 0 .. T-1
  //! [M * K] 1 where a quota on the material denied a request in interval k.
  std::vector<uint8_t> quota_binding;
  //! [I * M] buyers whose switch to the reduced need is in effect on or before day T-1.
  std::vector<int32_t> substituted;
  std::vector<double> unmet;  //!< [M] Σ over days 0 .. T-1 and buyers of (1 - f) n (current n)
};

//! Tonnes of a fixed-point quantity of the view; +infinity for kUnlimitedTonnes.
inline double tonnes_of(int64_t units) {
  return units == kUnlimitedTonnes ? std::numeric_limits<double>::infinity()
                                   : static_cast<double>(units) * kTonneUnit;
}

//! The shared pools of one path: stockpiles and quota tallies.
struct SharedPools {
  std::vector<double> held;   //!< [S]
  std::vector<double> tally;  //!< [Q] tonnes approved in the current period
};

class LockstepBuyer {
 public:
  LockstepBuyer(const ModelView& m, uint64_t path, int32_t industry, int32_t buyer,
                const uint8_t* regime, const uint8_t* outage)
      : m_(m), path_(path), ind_(industry), buyer_(buyer), regime_(regime), outage_(outage) {
    const int32_t M = m.materials, W = m.warmup_days, B = m.buyers[industry];
    period_ = m.review_period[industry];
    const int32_t offset = static_cast<int32_t>((static_cast<int64_t>(buyer) * period_) / B);
    next_review_ = offset - (offset + W) / period_ * period_;
    items_.resize(static_cast<size_t>(M));
    stock_.resize(static_cast<size_t>(M));
    need_.resize(static_cast<size_t>(M));
    target_.resize(static_cast<size_t>(M));
    switch_day_.assign(static_cast<size_t>(M), kNever);
    for (int32_t mat = 0; mat < M; ++mat) {
      stock_[mat] = m.initial_stock[pair(mat)];
      need_[mat] = m.need[pair(mat)];
      target_[mat] = m.target_stock[pair(mat)];
    }
    key_ = buyer_key(static_cast<uint32_t>(industry), static_cast<uint32_t>(buyer));
    if (m.gl_adoption[industry] > 0 &&
        draw(m.seed, path, Stream::kGlAdoption, key_, 0).x < m.gl_adoption[industry]) {
      gl_.next_application = -W;
    }
  }

  int32_t industry() const { return ind_; }
  double& stock(int32_t mat) { return stock_[mat]; }
  double need(int32_t mat) const { return need_[mat]; }
  //! The day from which the reduced need of `mat` applies; kNever: none.
  int32_t switch_day(int32_t mat) const { return switch_day_[mat]; }

  //! Steps 3 and 4 of day t (after a switch to a reduced need due today).
  void steps_3_4(int32_t t, SharedPools& pools, RemedyFigures& fig) {
    const int32_t r = regime_[t + m_.warmup_days];
    for (int32_t mat = 0; mat < m_.materials; ++mat) {
      if (switch_day_[mat] != t) continue;
      const double phi = m_.substitution_factor[pair(mat)];
      need_[mat] = phi * m_.need[pair(mat)];
      target_[mat] = phi * m_.target_stock[pair(mat)];
    }
    general_licences(t, r);
    if (t == next_review_) {
      order(t, r, pools, fig);
      next_review_ += period_;
    }
  }

  //! Steps 5 and 6 of day t.
  void steps_5_6(int32_t t, SharedPools& pools, RemedyFigures& fig) {
    const int32_t r = regime_[t + m_.warmup_days];
    for (int32_t mat = 0; mat < m_.materials; ++mat) settle_due(t, r, mat, pools, fig);
  }

  //! Step 7 of day t: Leontief production on the current needs; records the
  //! first shortage because of a material with a substitution. Returns 1 - f.
  double produce(int32_t t) {
    const int32_t M = m_.materials;
    double f = 1.0;
    for (int32_t mat = 0; mat < M; ++mat) {
      const double n = need_[mat];
      if (!(n > 0)) continue;
      const double held = stock_[mat];
      const bool short_of = !(held >= n * (1.0 - 1e-9));
      if (short_of && m_.substitution_delay != nullptr && m_.substitution_delay[pair(mat)] >= 0 &&
          !triggered(mat)) {
        switch_day_[mat] = t + m_.substitution_delay[pair(mat)];
      }
      const double fm = short_of ? held / n : 1.0;
      if (fm < f) f = fm;
    }
    for (int32_t mat = 0; mat < M; ++mat) {
      const double n = need_[mat];
      if (!(n > 0)) continue;
      const double left = stock_[mat] - f * n;
      stock_[mat] = left > 0 ? left : 0.0;
    }
    return f;
  }

 private:
  int32_t pair(int32_t mat) const { return ind_ * m_.materials + mat; }
  int32_t terms(int32_t r, int32_t mat) const {
    return (r * m_.industries + ind_) * m_.materials + mat;
  }
  bool triggered(int32_t mat) const { return switch_day_[mat] != kNever; }

  void general_licences(int32_t t, int32_t r) {
    if (gl_.decision_day == t) decide_general_licence(t, r);
    if (gl_.next_application == t) {
      gl_.next_application = kNever;
      gl_.application_day = t;
      const Uniform4 u = draw(m_.seed, path_, Stream::kGlApplication, key_, t);
      gl_.decision_day = t + sample_days(m_.gl_review_days, m_.cdf_pool, u.x);
      if (gl_.decision_day == t) decide_general_licence(t, r);
    }
  }

  void decide_general_licence(int32_t t, int32_t r) {
    gl_.decision_day = kNever;
    const Uniform4 u = draw(m_.seed, path_, Stream::kGlApplication, key_, gl_.application_day);
    if (m_.gl_honoured[r] && u.y < m_.gl_grant_prob) {
      gl_.valid_from = t;
      gl_.valid_to = t + m_.gl_validity_days;
      gl_.next_application = gl_.valid_to - m_.gl_renew_before_days;
    } else {
      gl_.next_application = t + m_.gl_retry_days;
    }
  }

  //! The quota check of an approval of `tonnes` of `mat` on day t in regime r:
  //! true when admitted (and counted), false when denied in full.
  bool admit(int32_t t, int32_t r, int32_t mat, double tonnes, SharedPools& pools,
             RemedyFigures& fig) const {
    if (m_.quotas == 0) return true;
    const int32_t q = m_.quota_in[r * m_.materials + mat];
    if (q < 0) return true;
    const double cap = tonnes_of(m_.quota_tonnes[q]);
    const double slack = 1e-9 * (cap > 1.0 ? cap : 1.0);
    if (tonnes <= cap - pools.tally[q] + slack) {
      pools.tally[q] += tonnes;
      return true;
    }
    if (t >= 0) {
      fig.quota_denied[mat] += tonnes;
      fig.quota_binding[mat * m_.intervals + t / m_.report_interval] = 1;
    }
    return false;
  }

  Uniform4 licence_draw(int32_t mat, int32_t order_day) const {
    return draw(m_.seed, path_, Stream::kLicence,
                buyer_material_key(static_cast<uint32_t>(ind_), static_cast<uint32_t>(buyer_),
                                   static_cast<uint32_t>(mat)),
                order_day);
  }

  void order(int32_t t, int32_t r, SharedPools& pools, RemedyFigures& fig) {
    const bool gl_ships = gl_.valid(t) && m_.gl_honoured[r];
    for (int32_t mat = 0; mat < m_.materials; ++mat) {
      const double n = need_[mat];
      if (!(n > 0)) continue;
      double on_order = 0;
      for (const FlightItem& it : items_[mat]) on_order += it.quantity;
      const double q = target_[mat] - (stock_[mat] + on_order);
      if (!(q > 1e-9 * n)) continue;
      const double share = m_.china_share[pair(mat)];
      const double wanted = (1.0 - share) * q;
      if (wanted > 0) {
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
        const Uniform4 u = licence_draw(mat, t);
        if (!admit(t, r, mat, exporter, pools, fig)) continue;  // dropped at once
        int32_t arrival = t + m_.transit_days[ind_];
        if (u.z < m_.inspection_prob[r])
          arrival += sample_days(m_.inspection_days[r], m_.cdf_pool, u.w);
        push(mat, FlightItem{exporter, arrival, kNoDay});
      } else if (rule == Licence::kRequired) {
        const Uniform4 u = licence_draw(mat, t);
        const int32_t decision = t + sample_days(m_.review_days[terms(r, mat)], m_.cdf_pool, u.x);
        push(mat, FlightItem{exporter, decision, t});
      }
    }
  }

  //! Files an item after those due on or before its due day.
  void push(int32_t mat, FlightItem item) {
    std::vector<FlightItem>& row = items_[mat];
    size_t j = row.size();
    while (j > 0 && row[j - 1].due > item.due) --j;
    row.insert(row.begin() + static_cast<std::ptrdiff_t>(j), item);
  }

  // Steps 5 and 6 for one material, as the frozen engine's settle_due, with
  // the quota check after the approval draw. Applications due today are in
  // the order they were filed, so earliest application first.
  void settle_due(int32_t t, int32_t r, int32_t mat, SharedPools& pools, RemedyFigures& fig) {
    std::vector<FlightItem>& items = items_[mat];
    const int32_t n = static_cast<int32_t>(items.size());
    int32_t today = 0;
    while (today < n && items[today].due == t) ++today;
    if (today == 0) return;
    for (int32_t k = 0; k < today; ++k) {
      FlightItem& it = items[k];
      if (it.order_day == kNoDay) continue;
      const Licence rule = static_cast<Licence>(m_.licence[terms(r, mat)]);
      const Uniform4 u = licence_draw(mat, it.order_day);
      it.order_day = kNoDay;
      const bool approved = rule == Licence::kNone ||
                            (rule == Licence::kRequired && u.y < m_.approval_prob[terms(r, mat)]);
      if (approved && admit(t, r, mat, it.quantity, pools, fig)) {
        int32_t arrival = t + m_.transit_days[ind_];
        if (u.z < m_.inspection_prob[r]) {
          arrival += sample_days(m_.inspection_days[r], m_.cdf_pool, u.w);
        }
        it.due = arrival;
      } else {
        it.due = kNoDay;
      }
    }
    int32_t refiled = 0;
    for (int32_t k = 0; k < today; ++k) {
      const FlightItem it = items[k];
      if (it.due == t) {
        stock_[mat] += it.quantity;
      } else if (it.due > t) {
        items[refiled++] = it;
      }
    }
    for (int32_t k = today; k < n; ++k) items[refiled + k - today] = items[k];
    const int32_t kept = refiled + n - today;
    for (int32_t k = refiled - 1; k >= 0; --k) {
      const FlightItem it = items[k];
      int32_t j = k;
      for (; j + 1 < kept && items[j + 1].due <= it.due; ++j) items[j] = items[j + 1];
      items[j] = it;
    }
    items.resize(static_cast<size_t>(kept));
  }

  const ModelView& m_;
  uint64_t path_;
  int32_t ind_, buyer_;
  const uint8_t* regime_;
  const uint8_t* outage_;
  uint32_t key_ = 0;
  int32_t period_ = 1, next_review_ = 0;
  GeneralLicenceState gl_;
  std::vector<std::vector<FlightItem>> items_;
  std::vector<double> stock_, need_, target_;
  std::vector<int32_t> switch_day_;
};

//! The industries in service order: ModelView::service_order, or file order
//! where the view has none.
inline std::vector<int32_t> industries_in_service_order(const ModelView& m) {
  std::vector<int32_t> order(static_cast<size_t>(m.industries));
  for (int32_t k = 0; k < m.industries; ++k) {
    order[k] = m.service_order != nullptr ? m.service_order[k] : k;
  }
  return order;
}

//! Step 6 1/2 of a day t >= 0 in regime r: each stockpile in file order
//! releases to the short buyers it serves, in service order, then refills.
inline void release_stockpiles(const ModelView& m, int32_t r, std::vector<LockstepBuyer>& buyers,
                               SharedPools& pools, RemedyFigures& fig) {
  for (int32_t s = 0; s < m.stockpiles; ++s) {
    const int32_t mat = m.stockpile_material[s];
    if (m.stockpile_releases[s * m.regimes + r]) {
      double cap = tonnes_of(m.stockpile_release_cap[s]);
      for (LockstepBuyer& b : buyers) {  // already in service order
        if (!m.stockpile_serves[s * m.industries + b.industry()]) continue;
        const double n = b.need(mat);
        double& stock = b.stock(mat);
        if (!(n > 0) || !(stock < n * (1.0 - 1e-9))) continue;
        double give = n - stock;
        if (pools.held[s] < give) give = pools.held[s];
        if (cap < give) give = cap;
        if (!(give > 0)) continue;
        stock += give;
        pools.held[s] -= give;
        cap -= give;
        fig.released[s * m.industries + b.industry()] += give;
      }
    }
    if (m.stockpile_refills[s * m.regimes + r]) {
      const double full = tonnes_of(m.stockpile_tonnes[s]);
      const double after = pools.held[s] + tonnes_of(m.stockpile_refill[s]);
      pools.held[s] = after < full ? after : full;
    }
  }
}

//! Simulates path `path` with every buyer in lockstep: its figures into row
//! `row` of `out` (as simulate_path) and the remedies' figures into `fig`.
inline void simulate_path_lockstep(const ModelView& m, uint64_t path, int64_t row, PathOutputs out,
                                   RemedyFigures& fig) {
  const int32_t W = m.warmup_days, T = m.horizon, I = m.industries, M = m.materials;
  const int32_t S = m.stockpiles, K = m.intervals;
  std::vector<uint8_t> regime(static_cast<size_t>(simulated_days(m)));
  std::vector<uint8_t> outage(static_cast<size_t>(M) * simulated_days(m));
  simulate_environment(m, path, regime.data(), outage.data(), row, out);

  fig = RemedyFigures{};
  fig.stockpile_held.assign(static_cast<size_t>(S) * K, 0.0);
  fig.stockpile_final.assign(static_cast<size_t>(S), 0.0);
  fig.released.assign(static_cast<size_t>(S) * I, 0.0);
  fig.quota_denied.assign(static_cast<size_t>(M), 0.0);
  fig.quota_binding.assign(static_cast<size_t>(M) * K, 0);
  fig.substituted.assign(static_cast<size_t>(I) * M, 0);
  fig.unmet.assign(static_cast<size_t>(M), 0.0);

  std::vector<LockstepBuyer> buyers;
  for (const int32_t i : industries_in_service_order(m)) {
    for (int32_t b = 0; b < m.buyers[i]; ++b) {
      buyers.emplace_back(m, path, i, b, regime.data(), outage.data());
    }
  }
  SharedPools pools;
  for (int32_t s = 0; s < S; ++s) pools.held.push_back(tonnes_of(m.stockpile_tonnes[s]));
  pools.tally.assign(static_cast<size_t>(m.quotas), 0.0);
  std::vector<uint64_t> days(static_cast<size_t>(I) * T, 0);  // [I][T]

  for (int32_t t = -W; t < T; ++t) {
    const int32_t r = regime[t + W];
    for (int32_t q = 0; q < m.quotas; ++q) {
      const int32_t p = m.quota_period[q];
      if (t == -W || ((t % p) + p) % p == 0) pools.tally[q] = 0.0;
    }
    for (LockstepBuyer& b : buyers) b.steps_3_4(t, pools, fig);
    for (LockstepBuyer& b : buyers) b.steps_5_6(t, pools, fig);
    if (t >= 0) release_stockpiles(m, r, buyers, pools, fig);
    for (LockstepBuyer& b : buyers) {
      const double f = b.produce(t);  // a switch it schedules acts on a later day
      if (t < 0) continue;
      days[static_cast<size_t>(b.industry()) * T + t] +=
          static_cast<uint64_t>((1.0 - f) * kShortfallScale);
      for (int32_t mat = 0; mat < M; ++mat) {
        if (b.need(mat) > 0) fig.unmet[mat] += (1.0 - f) * b.need(mat);
      }
    }
    if (t >= 0) {
      const int32_t k = t / m.report_interval;
      const bool interval_end = t == T - 1 || (t + 1) % m.report_interval == 0;
      for (int32_t s = 0; s < S && interval_end; ++s) fig.stockpile_held[s * K + k] = pools.held[s];
    }
  }
  for (int32_t s = 0; s < S; ++s) fig.stockpile_final[s] = pools.held[s];
  for (const LockstepBuyer& b : buyers) {
    for (int32_t mat = 0; mat < M; ++mat) {
      if (b.switch_day(mat) <= T - 1) ++fig.substituted[b.industry() * M + mat];
    }
  }
  for (int32_t i = 0; i < I; ++i) {
    summarise_industry(m, DayTotals{days.data() + static_cast<size_t>(i) * T, 1}, i, row, out);
  }
}

}  // namespace chokepoint::oracle
