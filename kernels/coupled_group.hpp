// The pools of a path (stockpiles, quotas) after its speculative pass, and
// the lockstep pass of its coupled industries where a pool fell short.
//
// The speculative pass (simulate_industry with a PoolLedger) runs each
// coupled buyer as if every pool were unlimited and records, per stockpile
// and day and per quota period, the tonnes its buyers drew. If on every day
// each stockpile could give what was asked (within its holding and daily cap)
// and no quota period's approvals exceed the quota, every request would have
// been served in full whatever the order: the speculative run is exact, and
// the pools' figures follow from the ledger (settle_pools). Otherwise the
// coupled industries' buyers run again, together: on their own, as in the
// speculative pass, up to the first day a pool fell short (the ledger says
// which; rounded down to the start of every quota's period), then day by day,
// with the pools serving requests in the service order (priority, industry,
// buyer). Their buyers' draws are keyed as always, so the lockstep pass draws
// the same numbers; the uncoupled industries keep their results.
//
// Only the pools that fell short in the speculative pass serve the lockstep
// pass themselves (they are *coordinated*); the buyers draw on the others in
// full, recording what they draw in a ledger of the lockstep pass's own, as in
// the speculative pass. If none of those falls short by that ledger either,
// the run is exact by the same argument; otherwise the lockstep pass runs
// again with every pool coordinated. A pool that does not bind so costs the
// lockstep pass no stepping of buyers day by day.
#pragma once

#include <cstdint>
#include <new>

#include "kernels/buyer_model.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/industry_summary.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_environment.hpp"
#include "kernels/path_outputs.hpp"
#include "kernels/remedies.hpp"

namespace chokepoint {

// Stride 1: each buyer of the lockstep pass has its own block of scratch.
using GroupBuyer = BuyerSimulation<true, 0>;

//! The buyers of the coupled industries and the pairs (buyer, needed
//! material) among them.
struct GroupSize {
  int32_t buyers = 0;
  int64_t pairs = 0;
};
CHOKEPOINT_HD GroupSize group_size(const ModelView& m) {
  GroupSize g;
  for (int32_t i = 0; i < m.industries; ++i) {
    if (m.coupled == nullptr || !m.coupled[i]) continue;
    g.buyers += m.buyers[i];
    g.pairs += int64_t{m.buyers[i]} * m.needed_count[i];
  }
  return g;
}

//! Quota requests a group can have waiting at once: each (buyer, material)
//! has at most one application per review that a licence review spans
//! (ModelView::denial_slots), plus the day's own.
CHOKEPOINT_HD int64_t group_request_capacity(const ModelView& m) {
  return group_size(m).pairs * (m.denial_slots + 1);
}

//! Working memory of the lockstep pass of one path (one per CPU thread, per
//! GPU worker). Buyer k's scratch is block k of each array (stride 1).
struct GroupScratch {
  BuyerScratch buyers;         //!< blocks of buyer_scratch_size(m) entries, one per buyer
  GroupBuyer* simulations;     //!< [group buyers] constructed in place
  uint64_t* days;              //!< [I * (T + 1)] day totals of each industry
  QuotaRequest* requests;      //!< [group_request_capacity]
  int32_t* picked;             //!< [group_request_capacity] a day's requests, in service order
  int64_t* held;               //!< [S] each stockpile's holding
  int64_t* tally;              //!< [Q] each quota's approvals in its current period
  int32_t* period;             //!< [Q] the period of that tally
  uint8_t* coordinated;        //!< [S + Q] 1: the pool serves the group (BuyerLinks::coordinated)
  uint64_t* stockpile_demand;  //!< [stockpile_ledger_size] the lockstep pass's own ledger ...
  uint64_t* quota_demand;      //!< [quota_ledger_size] ... of the pools not coordinated
  //! Host only (null on a GPU): each buyer's room for licence blocks drawn
  //! together (BuyerScratch::licence_lanes), 4 * licence_lane_words words.
  uint32_t* licence_lanes = nullptr;
  int32_t licence_lane_words = 0;

  CHOKEPOINT_HD BuyerScratch block(const ModelView& m, int32_t k) const {
    BuyerScratch s = scratch_block(buyers, buyer_scratch_size(m), k);
    s.stride = 1;
    s.licence_lanes =
        licence_lanes != nullptr ? licence_lanes + int64_t{k} * 4 * licence_lane_words : nullptr;
    s.licence_lane_words = licence_lane_words;
    return s;
  }
};

//! The links of industry i's buyers to its substitution figures in row
//! `row` of `out`, zeroed (null without substitution).
CHOKEPOINT_HD BuyerLinks substitution_links(const ModelView& m, int32_t i, int64_t row,
                                            const PathOutputs& out) {
  BuyerLinks links;
  const RemedyRows& rows = out.remedies;
  if (rows.switched_buyers == nullptr) return links;
  const int32_t M = m.materials;
  links.switched_buyers = rows.switched_buyers + (row * m.industries + i) * M;
  links.switched_shortfall = rows.switched_shortfall + (row * m.industries + i) * M;
  for (int32_t mat = 0; mat < M; ++mat) {
    links.switched_buyers[mat] = 0;
    links.switched_shortfall[mat] = 0;
  }
  return links;
}

//! The GroupScratch of worker w among several laid out one after another in
//! the arrays of `base` (a GPU's lockstep workers; the host has one).
CHOKEPOINT_HD GroupScratch group_scratch_at(const GroupScratch& base, const ModelView& m,
                                            int64_t w) {
  const GroupSize size = group_size(m);
  const BuyerScratchSize z = buyer_scratch_size(m);
  const int64_t B = size.buyers, requests = group_request_capacity(m);
  GroupScratch g = base;
  g.buyers = scratch_block(base.buyers, z, w * B);
  g.simulations += w * B;
  g.days += w * int64_t{m.industries} * (m.horizon + 1);
  g.requests += w * requests;
  g.picked += w * requests;
  g.held += w * m.stockpiles;
  g.tally += w * m.quotas;
  g.period += w * m.quotas;
  g.coordinated += w * (m.stockpiles + m.quotas);
  g.stockpile_demand += w * stockpile_ledger_size(m);
  g.quota_demand += w * quota_ledger_size(m);
  return g;
}

//! The regime of each day in turn, from a spell cursor (days visited in order).
class RegimeCursor {
 public:
  CHOKEPOINT_HD explicit RegimeCursor(const PathEnvironment& env) : env_(env) {}
  CHOKEPOINT_HD int32_t on(int32_t t) {
    spell_ = env_.spell_from(spell_, t);
    return env_.spell_regime[spell_];
  }

 private:
  const PathEnvironment& env_;
  int32_t spell_ = 0;
};

//! The report interval whose last day is t, or -1.
CHOKEPOINT_HD int32_t interval_ending_on(const ModelView& m, int32_t t) {
  if (t < 0) return -1;
  if (t == m.horizon - 1) return m.intervals - 1;
  return (t + 1) % m.report_interval == 0 ? (t + 1) / m.report_interval - 1 : -1;
}

CHOKEPOINT_HD int64_t refilled(int64_t held, int64_t refill, int64_t tonnes) {
  if (refill >= tonnes - held) return tonnes;  // also an unlimited refill
  return held + refill;
}

//! A stockpile replayed from the speculative pass's ledger.
struct StockpileReplay {
  int32_t short_day;  //!< the first day it could not give what was asked, or kNever
  int64_t held;       //!< its holding at the start of that day, else after the days replayed
};

//! Replays stockpile s over days 0 .. until - 1 from the speculative pass's
//! ledger, stopping at the first day it could not give what was asked
//! (holding or cap); the holding after each day's release and refill goes to
//! held_out[k] at the end of report interval k (held_out may be null).
CHOKEPOINT_HD StockpileReplay replay_stockpile(const ModelView& m, const PathEnvironment& env,
                                               const PoolLedger& ledger, int32_t s, int32_t until,
                                               int64_t* held_out) {
  RegimeCursor regime(env);
  int64_t held = m.stockpile_tonnes[s];
  const uint64_t* demand = ledger.stockpile_demand + int64_t{s} * m.horizon;
  for (int32_t t = 0; t < until; ++t) {
    const int32_t r = regime.on(t);
    if (m.stockpile_releases[s * m.regimes + r]) {
      const auto asked = static_cast<int64_t>(demand[t]);
      // Short also where crumbs below empty_below were asked for: the
      // stockpile gives nothing then (release_stockpiles).
      if (asked > held || asked > m.stockpile_release_cap[s] ||
          (asked > 0 && held < empty_below(m, s))) {
        return {t, held};
      }
      held -= asked;
    }
    if (m.stockpile_refills[s * m.regimes + r]) {
      held = refilled(held, m.stockpile_refill[s], m.stockpile_tonnes[s]);
    }
    const int32_t k = held_out != nullptr ? interval_ending_on(m, t) : -1;
    if (k >= 0) held_out[k] = held;
  }
  return {kNever, held};
}

//! Zeroes row `row`'s quota figures (where the model has quotas).
CHOKEPOINT_HD void clear_quota_rows(const ModelView& m, int64_t row, const RemedyRows& rows) {
  if (rows.quota_denied == nullptr) return;
  const int64_t M = m.materials, K = m.intervals;
  for (int64_t mat = 0; mat < M; ++mat) rows.quota_denied[row * M + mat] = 0;
  for (int64_t k = 0; k < M * K; ++k) rows.quota_binding[row * M * K + k] = 0;
}

//! The first day of quota q's first period whose approvals by `ledger`
//! exceed the quota (the first simulated day for a period starting before
//! it), or kNever (also for an unlimited quota).
CHOKEPOINT_HD int32_t quota_short_day(const ModelView& m, const PoolLedger& ledger, int32_t q) {
  if (m.quota_tonnes[q] == kUnlimitedTonnes) return kNever;
  const uint64_t limit =
      static_cast<uint64_t>(m.quota_tonnes[q]) + static_cast<uint64_t>(m.quota_slack[q]);
  const uint64_t* demand = ledger.quota_demand + quota_ledger_offset(m, q);
  const int32_t periods = quota_period_count(m, q);
  for (int32_t k = 0; k < periods; ++k) {
    if (demand[k] <= limit) continue;
    const int32_t day = (k + quota_first_period(m, q)) * m.quota_period[q];
    return day > -m.warmup_days ? day : -m.warmup_days;
  }
  return kNever;
}

//! The first day on which some pool of the path could not give what the
//! speculative pass drew from it, or kNever: the first day of a quota period
//! whose approvals exceed the quota, or a day whose top-ups exceed a
//! stockpile's holding or daily cap. Up to that day every request was served
//! in full, so the speculative pass is the exact result there. With `skip`
//! ([S + Q], as GroupScratch::coordinated), the pools it marks are left out.
CHOKEPOINT_HD int32_t first_short_day(const ModelView& m, const PathEnvironment& env,
                                      const PoolLedger& ledger, const uint8_t* skip = nullptr) {
  int32_t first = kNever;
  for (int32_t q = 0; q < m.quotas; ++q) {
    if (skip != nullptr && skip[m.stockpiles + q]) continue;
    const int32_t day = quota_short_day(m, ledger, q);
    if (day < first) first = day;
  }
  for (int32_t s = 0; s < m.stockpiles; ++s) {
    if (skip != nullptr && skip[s]) continue;
    const int32_t until = first < m.horizon ? (first > 0 ? first : 0) : m.horizon;
    const int32_t day = replay_stockpile(m, env, ledger, s, until, nullptr).short_day;
    if (day < first) first = day;
  }
  return first;
}

//! Marks every pool in `coordinated` ([S + Q]) as serving the lockstep pass.
CHOKEPOINT_HD void coordinate_every_pool(const ModelView& m, uint8_t* coordinated) {
  for (int32_t k = 0; k < m.stockpiles + m.quotas; ++k) coordinated[k] = 1;
}

//! Marks in `coordinated` ([S + Q]) the pools that fell short on day t*,
//! the first day a pool of the path fell short by the speculative pass's
//! ledger (first_short_day): a quota whose first period over the quota starts
//! then, and every stockpile of a material one of whose stockpiles could not
//! give what was asked on it (a material's stockpiles serve in file order, so
//! they serve the lockstep pass together or not at all). Up to t* the ledger
//! is complete on every backend (the host's speculative pass may stop early
//! after it), so the marks, and the work that follows, are the same on all.
CHOKEPOINT_HD void mark_short_pools(const ModelView& m, const PathEnvironment& env,
                                    const PoolLedger& ledger, int32_t short_day,
                                    uint8_t* coordinated) {
  for (int32_t k = 0; k < m.stockpiles + m.quotas; ++k) coordinated[k] = 0;
  for (int32_t q = 0; q < m.quotas; ++q) {
    coordinated[m.stockpiles + q] = quota_short_day(m, ledger, q) == short_day;
  }
  const int32_t until = short_day >= 0 ? short_day + 1 : 0;  // stockpiles act from day 0
  for (int32_t s = 0; s < m.stockpiles; ++s) {
    if (coordinated[s] || until == 0 || until > m.horizon ||
        replay_stockpile(m, env, ledger, s, until, nullptr).short_day != short_day) {
      continue;
    }
    for (int32_t k = 0; k < m.stockpiles; ++k) {
      if (m.stockpile_material[k] == m.stockpile_material[s]) coordinated[k] = 1;
    }
  }
}

//! The day the lockstep pass of a path starts, given the first day `t` a pool
//! fell short: the latest day <= t on which a period of every limited quota
//! starts (or the first simulated day), so that every quota's tally starts
//! from 0 there. Without quotas, t itself.
CHOKEPOINT_HD int32_t lockstep_start(const ModelView& m, int32_t t) {
  for (bool moved = true; moved && t > -m.warmup_days;) {
    moved = false;
    for (int32_t q = 0; q < m.quotas; ++q) {
      if (m.quota_tonnes[q] == kUnlimitedTonnes) continue;
      const int32_t start = floor_div(t, m.quota_period[q]) * m.quota_period[q];
      if (start < t) {
        t = start;
        moved = true;
      }
    }
  }
  return t > -m.warmup_days ? t : -m.warmup_days;
}

//! The pools' figures of a path whose pools never fell short: each stockpile's
//! holding from its ledger, no quota denial. (The releases are in the row.)
CHOKEPOINT_HD void settle_unlimited_pools(const ModelView& m, const PathEnvironment& env,
                                          const PoolLedger& ledger, int64_t row,
                                          const PathOutputs& out) {
  const RemedyRows& rows = out.remedies;
  for (int32_t s = 0; s < m.stockpiles; ++s) {  // every day given in full (first_short_day)
    replay_stockpile(m, env, ledger, s, m.horizon,
                     rows.stockpile_held + (row * m.stockpiles + s) * m.intervals);
  }
  clear_quota_rows(m, row, rows);
  if (rows.lockstep != nullptr) rows.lockstep[row] = 0;
}

namespace detail {

//! Requests a before b: step 4's before step 5's, then the service order,
//! then the earliest application, then the material.
CHOKEPOINT_HD bool served_before(const QuotaRequest& a, const QuotaRequest& b) {
  if (a.step != b.step) return a.step < b.step;
  if (a.buyer != b.buyer) return a.buyer < b.buyer;
  if (a.application_day != b.application_day) return a.application_day < b.application_day;
  return a.material < b.material;
}

//! Adds the requests at queue positions from .. queue.size - 1 that are due
//! on day t to the day's list g.picked[0 .. *count), kept in the serving
//! order (a day has few). Before the day's orders (`wake`) it wakes their
//! buyers; the requests the orders queue are of buyers awake.
CHOKEPOINT_HD void pick_due(int32_t t, const GroupScratch& g, const QuotaQueue& queue, int32_t from,
                            bool wake, int32_t* count) {
  for (int32_t j = from; j < queue.size; ++j) {
    if (queue.items[j].serve_day != t) continue;
    if (wake) g.simulations[queue.items[j].buyer].wake_on(t);
    int32_t at = (*count)++;
    while (at > 0 && served_before(queue.items[j], queue.items[g.picked[at - 1]])) {
      g.picked[at] = g.picked[at - 1];
      --at;
    }
    g.picked[at] = j;
  }
}

//! The quotas' verdicts on the requests approved on day t (regime r): the
//! `count` picked before the buyers' orders (pick_due), and those the orders
//! queued from position `queued` on. Served requests leave the queue (its
//! order does not matter: the day's list is ordered by index keys).
CHOKEPOINT_HD void serve_quotas(const ModelView& m, int32_t t, int32_t r, const GroupScratch& g,
                                QuotaQueue& queue, int32_t count, int32_t queued, int64_t row,
                                const PathOutputs& out) {
  pick_due(t, g, queue, queued, false, &count);
  if (count == 0) return;
  for (int32_t k = 0; k < count; ++k) {
    const QuotaRequest& req = queue.items[g.picked[k]];
    const int32_t q = m.quota_in[r * m.materials + req.material];
    bool admitted = true;
    if (q >= 0 && m.quota_tonnes[q] != kUnlimitedTonnes) {
      const int32_t period = floor_div(t, m.quota_period[q]);
      if (period != g.period[q]) {
        g.period[q] = period;
        g.tally[q] = 0;
      }
      admitted = req.tonnes <= m.quota_tonnes[q] - g.tally[q] + m.quota_slack[q];
      if (admitted) g.tally[q] += req.tonnes;
    }
    if (admitted) {
      g.simulations[req.buyer].admit(req);
    } else {
      g.simulations[req.buyer].deny(req);
      if (t >= 0) {
        out.remedies.quota_denied[row * m.materials + req.material] += req.tonnes;
        out.remedies.quota_binding[(row * m.materials + req.material) * m.intervals +
                                   t / m.report_interval] = 1;
      }
    }
  }
  // Drop the served requests, highest position first, each replaced by the
  // last request (not served: the positions above are gone already).
  for (int32_t k = 0; k < count; ++k) {  // positions in decreasing order
    int32_t at = k;
    for (int32_t j = k + 1; j < count; ++j) {
      if (g.picked[j] > g.picked[at]) at = j;
    }
    const int32_t position = g.picked[at];
    g.picked[at] = g.picked[k];
    queue.items[position] = queue.items[--queue.size];
  }
}

//! Step 6 1/2 of day t >= 0 (regime r): each stockpile in file order tops the
//! short buyers of the industries it serves up to a day's need, in the
//! service order, within its holding and daily cap; then its refill.
CHOKEPOINT_HD void release_stockpiles(const ModelView& m, int32_t t, int32_t r,
                                      const GroupScratch& g, int32_t buyers, int64_t row,
                                      const PathOutputs& out) {
  for (int32_t s = 0; s < m.stockpiles; ++s) {
    if (!g.coordinated[s]) continue;  // drawn on in full by the buyers, recorded
    if (m.stockpile_releases[s * m.regimes + r]) {
      int64_t cap = m.stockpile_release_cap[s];
      const int32_t mat = m.stockpile_material[s];
      const int64_t empty = empty_below(m, s);
      // A group's buyers come industry by industry (the service order): the
      // industry's service and slot of the material are looked up once.
      int32_t industry = -1, c = -1;
      for (int32_t k = 0; k < buyers && g.held[s] >= empty && g.held[s] > 0 && cap > 0; ++k) {
        GroupBuyer& buyer = g.simulations[k];
        if (t < buyer.short_from()) continue;  // holds a day's need of everything released
        const int32_t i = buyer.industry();
        if (i != industry) {
          industry = i;
          c = m.stockpile_serves[s * m.industries + i] ? buyer.slot_of(mat) : -1;
        }
        if (c < 0) continue;
        buyer.bring_to(t);
        const int64_t units = buyer.top_up_units(c);
        if (units == 0) continue;
        const double per_unit = buyer.tonnes_per_unit(c, t);
        const int64_t wanted = units_to_tonnes(units, per_unit);
        int64_t given = wanted < g.held[s] ? wanted : g.held[s];
        if (cap < given) given = cap;
        buyer.receive(c, given == wanted
                             ? units
                             : static_cast<int64_t>(static_cast<double>(given) / per_unit));
        g.held[s] -= given;
        if (cap != kUnlimitedTonnes) cap -= given;
        out.remedies.stockpile_released[(row * m.stockpiles + s) * m.industries + i] += given;
      }
    }
    if (m.stockpile_refills[s * m.regimes + r]) {
      g.held[s] = refilled(g.held[s], m.stockpile_refill[s], m.stockpile_tonnes[s]);
    }
  }
}

}  // namespace detail

//! The lockstep pass of path `path` from day `first` (lockstep_start): every
//! buyer of the coupled industries, day by day, the pools marked in
//! g.coordinated serving them in the service order, the others drawn on in
//! full and recorded in the pass's own ledger; overwrites the coupled
//! industries' figures and the pools' in row `row` of `out`. Before `first`
//! no pool fell short, so the buyers run on their own there, drawing on the
//! pools as in the speculative pass, and the stockpiles' holdings on day
//! `first` follow from `ledger`. Returns whether the pools not coordinated
//! held (never fell short by the pass's own ledger): then the row is exact;
//! otherwise it must run again with every pool coordinated.
CHOKEPOINT_HD bool simulate_coupled_group(const ModelView& m, uint64_t path,
                                          const PathEnvironment& env, const PoolLedger& ledger,
                                          int32_t first, const GroupScratch& g, int64_t row,
                                          const PathOutputs& out) {
  const int32_t T = m.horizon, I = m.industries, K = m.intervals;
  const RemedyRows& rows = out.remedies;
  for (int32_t s = 0; s < m.stockpiles; ++s) {
    const int64_t until = first > 0 ? first : 0;
    g.held[s] = replay_stockpile(m, env, ledger, s, static_cast<int32_t>(until),
                                 rows.stockpile_held + (row * m.stockpiles + s) * K)
                    .held;
    for (int32_t i = 0; i < I; ++i) rows.stockpile_released[(row * m.stockpiles + s) * I + i] = 0;
  }
  for (int32_t q = 0; q < m.quotas; ++q) {
    g.period[q] = floor_div(first, m.quota_period[q]);
    g.tally[q] = 0;
  }
  clear_quota_rows(m, row, rows);
  // The pass's own ledger: every draw on a pool not coordinated (the opening
  // days' too), and the top-ups of the opening days and of those pools into
  // the row's releases again.
  for (int64_t k = 0; k < stockpile_ledger_size(m); ++k) g.stockpile_demand[k] = 0;
  for (int64_t k = 0; k < quota_ledger_size(m); ++k) g.quota_demand[k] = 0;
  const PoolLedger own{g.stockpile_demand, g.quota_demand,
                       rows.stockpile_released != nullptr
                           ? rows.stockpile_released + row * int64_t{m.stockpiles} * I
                           : nullptr};
  QuotaQueue queue{g.requests, 0, static_cast<int32_t>(group_request_capacity(m))};
  bool serve_stockpiles = false;  // a stockpile serves the group itself (step 6 1/2 here)
  for (int32_t s = 0; s < m.stockpiles; ++s)
    serve_stockpiles = serve_stockpiles || g.coordinated[s];
  int32_t n = 0;
  for (int32_t k = 0; k < I; ++k) {  // buyers in the service order
    const int32_t i = m.service_order[k];
    if (!m.coupled[i]) continue;
    const DayTotals days{g.days + int64_t{i} * (T + 1), 1};
    for (int32_t t = 0; t <= T; ++t) days[t] = 0;
    BuyerLinks links = substitution_links(m, i, row, out);
    links.ledger = &own;
    links.queue = &queue;
    links.lockstep_from = first;
    links.coordinated = g.coordinated;
    for (int32_t b = 0; b < m.buyers[i]; ++b, ++n) {
      links.rank = n;
      GroupBuyer* buyer =
          new (&g.simulations[n]) GroupBuyer(m, path, i, b, env, g.block(m, n), links);
      buyer->begin(-m.warmup_days, days);
      buyer->advance(first);
    }
  }
  // Day by day, each buyer only on the days it is awake (BuyerSimulation::
  // doze) or a stockpile pulls it; it catches up on the days it slept through
  // when it wakes, and at the end.
  RegimeCursor regime(env);
  for (int32_t t = first; t < T; ++t) {
    const int32_t r = regime.on(t);
    // The verdicts due today wake their buyers; the orders may queue more.
    int32_t due = 0;
    detail::pick_due(t, g, queue, 0, true, &due);
    const int32_t queued = queue.size;
    for (int32_t k = 0; k < n; ++k) {
      GroupBuyer& buyer = g.simulations[k];
      if (buyer.asleep_on(t)) continue;
      buyer.catch_up(t);
      buyer.day_orders();
    }
    if (queue.size > 0) detail::serve_quotas(m, t, r, g, queue, due, queued, row, out);
    for (int32_t k = 0; k < n; ++k) {
      if (!g.simulations[k].asleep_on(t)) g.simulations[k].day_arrivals();
    }
    if (t >= 0 && serve_stockpiles) detail::release_stockpiles(m, t, r, g, n, row, out);
    int32_t next = kNever;  // the next day a buyer wakes
    for (int32_t k = 0; k < n; ++k) {
      GroupBuyer& buyer = g.simulations[k];
      if (!buyer.asleep_on(t)) {
        buyer.day_production();
        buyer.doze();
      }
      if (buyer.wake_day() < next) next = buyer.wake_day();
    }
    const int32_t interval = interval_ending_on(m, t);
    if (interval >= 0) {
      for (int32_t s = 0; s < m.stockpiles; ++s) {
        if (g.coordinated[s])
          rows.stockpile_held[(row * m.stockpiles + s) * K + interval] = g.held[s];
      }
    }
    // Without a stockpile serving the group or a request waiting, nothing
    // happens until a buyer wakes: the days in between are skipped.
    if (!serve_stockpiles && queue.size == 0 && next > t + 1) t = (next < T ? next : T) - 1;
  }
  for (int32_t k = 0; k < n; ++k) {
    g.simulations[k].catch_up(T);
    g.simulations[k].finish();
  }
  for (int32_t i = 0; i < I; ++i) {
    if (!m.coupled[i]) continue;
    const DayTotals days{g.days + int64_t{i} * (T + 1), 1};
    uint64_t running = 0;
    for (int32_t t = 0; t < T; ++t) {
      running += days[t];
      days[t] = running;
    }
    summarise_industry(m, days, i, row, out);
  }
  if (rows.lockstep != nullptr) rows.lockstep[row] = 1;
  // The pools not coordinated: held throughout, their holdings from the ledger.
  if (first_short_day(m, env, own, g.coordinated) != kNever) return false;
  for (int32_t s = 0; s < m.stockpiles; ++s) {
    if (g.coordinated[s]) continue;
    replay_stockpile(m, env, own, s, T, rows.stockpile_held + (row * m.stockpiles + s) * K);
  }
  return true;
}

}  // namespace chokepoint
