// One whole path of the model: the shared environment, every buyer of every
// industry, and the path's per-industry figures. The CPU backend calls
// simulate_path; the CUDA backend runs its two pieces, simulate_environment
// per path and simulate_industry per (industry, path), in two kernels.
#pragma once

#include <cstdint>

#include "kernels/buyer_model.hpp"
#include "kernels/coupled_group.hpp"
#include "kernels/hostdevice.hpp"
#include "kernels/industry_summary.hpp"
#include "kernels/model_view.hpp"
#include "kernels/path_environment.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

//! Working memory of one path in flight.
struct PathScratch {
  PathEnvironment env;  //!< sized by ModelView::regime_capacity, outage_capacity
  DayTotals days;       //!< [T + 1] of the industry being simulated
  BuyerScratch buyer;   //!< buyer_scratch_size(m), zeroed once
  PoolLedger ledger;    //!< the speculative pass's records (stockpiles or quotas only)
  GroupScratch group;   //!< the lockstep pass (stockpiles or quotas only)
  //! Host only (null on a GPU): 4 * kDayBlockChunk words for the environment's
  //! blocks, drawn kDayBlockChunk days at a time (kernels/path_environment.hpp).
  uint32_t* day_lanes = nullptr;
};

//! Every buyer of one industry of a path, one after another, with their
//! per-material state in kSlots object slots (0: in scratch).
template <bool kUnitStride, int32_t kSlots>
CHOKEPOINT_HD void simulate_buyers(const ModelView& m, uint64_t path, int32_t industry,
                                   const PathEnvironment& env, DayTotals days, BuyerScratch scratch,
                                   const BuyerLinks& links) {
  for (int32_t b = 0; b < m.buyers[industry]; ++b) {
    BuyerSimulation<kUnitStride, kSlots>(m, path, industry, b, env, scratch, links)
        .run(-m.warmup_days, days);
  }
}

//! The links of industry i's buyers to row `row`: its substitution figures
//! and, for a coupled industry, the path's ledger (zeroed by clear_ledger).
CHOKEPOINT_HD BuyerLinks industry_links(const ModelView& m, int32_t i, int64_t row,
                                        const PathOutputs& out, const PoolLedger* ledger) {
  BuyerLinks links = substitution_links(m, i, row, out);
  if (ledger != nullptr && m.coupled[i]) links.ledger = ledger;
  return links;
}

//! Every buyer of one industry of a path, one after another (steps 3 to 7 of
//! days -W .. T-1), given the path's environment, then the industry's figures into row `row`
//! of `out`. `days` needs T + 1 entries (a difference array while the buyers
//! run, the daily totals after). The CPU runs it for each industry of a path
//! in turn; the GPU runs one (industry, path) per thread. kStateInObject:
//! each buyer keeps its per-material state in the simulation object where the
//! industry needs few enough materials (registers on a GPU; see
//! BuyerSimulation), else in scratch.
template <bool kUnitStride = false, bool kStateInObject = false>
CHOKEPOINT_HD void simulate_industry(const ModelView& m, uint64_t path, int32_t industry,
                                     const PathEnvironment& env, DayTotals days,
                                     BuyerScratch scratch, int64_t row, PathOutputs out,
                                     const PoolLedger* ledger = nullptr) {
  for (int32_t t = 0; t <= m.horizon; ++t) days[t] = 0;
  const BuyerLinks links = industry_links(m, industry, row, out, ledger);
  switch (kStateInObject ? buyer_state_slots(m.needed_count[industry]) : 0) {
    case kSmallSlots:
      simulate_buyers<kUnitStride, kSmallSlots>(m, path, industry, env, days, scratch, links);
      break;
    case kLargeSlots:
      simulate_buyers<kUnitStride, kLargeSlots>(m, path, industry, env, days, scratch, links);
      break;
    default:
      simulate_buyers<kUnitStride, 0>(m, path, industry, env, days, scratch, links);
      break;
  }
  uint64_t running = 0;
  for (int32_t t = 0; t < m.horizon; ++t) {
    running += days[t];
    days[t] = running;
  }
  summarise_industry(m, days, industry, row, out);
}

//! Zeroes a path's ledger before its speculative pass.
CHOKEPOINT_HD void clear_ledger(const ModelView& m, const PoolLedger& ledger) {
  const int64_t days = stockpile_ledger_size(m), periods = quota_ledger_size(m);
  for (int64_t k = 0; k < days; ++k) ledger.stockpile_demand[k] = 0;
  for (int64_t k = 0; k < periods; ++k) ledger.quota_demand[k] = 0;
  if (ledger.released != nullptr) {
    for (int64_t k = 0; k < int64_t{m.stockpiles} * m.industries; ++k) ledger.released[k] = 0;
  }
}

//! After the speculative pass of a path: its pools' figures from the ledger,
//! or, where a pool fell short, the lockstep pass of its coupled industries,
//! the pools that fell short serving it; again with every pool serving it
//! where another pool falls short in that pass.
CHOKEPOINT_HD void settle_pools(const ModelView& m, uint64_t path, const PathEnvironment& env,
                                const PoolLedger& ledger, const GroupScratch& group, int64_t row,
                                const PathOutputs& out) {
  const int32_t short_day = first_short_day(m, env, ledger);
  if (short_day == kNever) {
    settle_unlimited_pools(m, env, ledger, row, out);
    return;
  }
  const int32_t first = lockstep_start(m, short_day);
  if (m.lockstep_every_pool) {
    coordinate_every_pool(m, group.coordinated);
  } else {
    mark_short_pools(m, env, ledger, short_day, group.coordinated);
  }
  if (simulate_coupled_group(m, path, env, ledger, first, group, row, out)) return;
  coordinate_every_pool(m, group.coordinated);
  simulate_coupled_group(m, path, env, ledger, first, group, row, out);
  if (out.remedies.lockstep != nullptr) out.remedies.lockstep[row] = 2;  // run twice
}

//! Steps 1 and 2 of a path, and the days spent in each regime into row `row`
//! of `out`.
CHOKEPOINT_HD void simulate_environment(const ModelView& m, uint64_t path, PathEnvironment* env,
                                        int64_t row, PathOutputs out,
                                        uint32_t* day_lanes = nullptr) {
  simulate_path_environment(m, path, env, out.regime_days + row * m.regimes, day_lanes);
}

//! Steps 3 to 7 of path `path`, whose environment is in s.env: the industries i
//! with copied == nullptr or copied[i] < 0 (the others' figures in row `row` of
//! `out` come from elsewhere), and with `settle` the pools: the speculative pass
//! of the coupled industries and settle_pools. Without `settle` the pools' rows
//! come from elsewhere too, and no coupled industry may be simulated (the pools
//! couple them: they run together or not at all).
CHOKEPOINT_HD void simulate_industries(const ModelView& m, uint64_t path, int64_t row,
                                       const PathScratch& s, const PathOutputs& out,
                                       const int64_t* copied = nullptr, bool settle = true) {
  const bool pools = settle && (m.stockpiles > 0 || m.quotas > 0);
  PoolLedger ledger = s.ledger;
  int32_t known_short = kNever;
  if (pools) {
    ledger.known_short = &known_short;
    if (ledger.released != nullptr || out.remedies.stockpile_released != nullptr) {
      ledger.released =
          out.remedies.stockpile_released + row * int64_t{m.stockpiles} * m.industries;
    }
    clear_ledger(m, ledger);
  }
  for (int32_t i = 0; i < m.industries; ++i) {
    if (copied != nullptr && copied[i] >= 0) continue;
    simulate_industry<true>(m, path, i, s.env, s.days, s.buyer, row, out,
                            pools ? &ledger : nullptr);
  }
  if (pools) settle_pools(m, path, s.env, ledger, s.group, row, out);
}

//! Simulates path `path` and writes its figures into row `row` of `out`
//! (the CPU backend's form: each thread's scratch is its own, stride 1).
CHOKEPOINT_HD void simulate_path(const ModelView& m, uint64_t path, int64_t row, PathScratch s,
                                 PathOutputs out) {
  simulate_environment(m, path, &s.env, row, out, s.day_lanes);
  simulate_industries(m, path, row, s, out);
}

}  // namespace chokepoint
