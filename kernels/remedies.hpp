// What the remedies (docs/model.md, "Remedies") share between the buyers of a
// path: the pools (stockpiles, quotas) and the records of what buyers draw
// from them. A path runs its coupled industries first as if every pool were
// unlimited (the speculative pass), recording per day and per quota period what
// its buyers draw, in fixed-point tonnes; when no pool would have fallen short,
// that run is the path's exact result. Otherwise the coupled industries run
// again in lockstep (kernels/coupled_group.hpp), the pools serving their
// requests in the service order.
#pragma once

#include <cstdint>

#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"

namespace chokepoint {

//! floor(a / b) for b > 0 and any sign of a.
CHOKEPOINT_HD int32_t floor_div(int32_t a, int32_t b) {
  const int32_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

//! Adds v to *p and returns the sum: atomically on a GPU, where the threads
//! of a path's industries share its ledger; on the host one thread runs a
//! whole path.
CHOKEPOINT_HD uint64_t ledger_add(uint64_t* p, uint64_t v) {
#if defined(__CUDA_ARCH__)
  return atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v)) +
         v;
#else
  return *p += v;
#endif
}

//! Quota q's first period over the simulated days -W .. T-1, and their count.
CHOKEPOINT_HD int32_t quota_first_period(const ModelView& m, int32_t q) {
  return floor_div(-m.warmup_days, m.quota_period[q]);
}
CHOKEPOINT_HD int32_t quota_period_count(const ModelView& m, int32_t q) {
  return floor_div(m.horizon - 1, m.quota_period[q]) - quota_first_period(m, q) + 1;
}
//! Where quota q's periods start in a path's quota ledger.
CHOKEPOINT_HD int64_t quota_ledger_offset(const ModelView& m, int32_t q) {
  int64_t offset = 0;
  for (int32_t k = 0; k < q; ++k) offset += quota_period_count(m, k);
  return offset;
}
CHOKEPOINT_HD int64_t quota_ledger_size(const ModelView& m) {
  return quota_ledger_offset(m, m.quotas);
}
CHOKEPOINT_HD int64_t stockpile_ledger_size(const ModelView& m) {
  return int64_t{m.stockpiles} * m.horizon;
}

//! The tonnes of `units` of a buyer's need (kDayOfNeed per day) at
//! `tonnes_per_unit`, rounded down. A unit of 2^-32 t can exceed 1e-9 of a
//! small buyer's daily need, so rounding a top-up up would leave a pool that
//! holds exactly the tonnes asked (in exact arithmetic) a unit short, and the
//! buyer short by more than the 1e-9 tolerance; rounded down, such ties are
//! served in full, as exact arithmetic serves them.
CHOKEPOINT_HD int64_t units_to_tonnes(int64_t units, double tonnes_per_unit) {
  return static_cast<int64_t>(static_cast<double>(units) * tonnes_per_unit);
}

//! A stockpile counts as empty when it holds less than 1e-9 max(tonnes, 1):
//! then it releases nothing. (Top-ups rounded down leave crumbs of a few units
//! of 2^-32 t where exact arithmetic leaves none; released, they would make a
//! buyer produce a few billionths of a day.)
CHOKEPOINT_HD int64_t empty_below(const ModelView& m, int32_t s) {
  const int64_t full =
      m.stockpile_tonnes[s] > int64_t{1} << 32 ? m.stockpile_tonnes[s] : int64_t{1} << 32;
  return static_cast<int64_t>(1e-9 * static_cast<double>(full));
}

//! What one path's buyers draw from its pools in the speculative pass.
struct PoolLedger {
  uint64_t* stockpile_demand = nullptr;  //!< [S * T] tonnes asked of stockpile s on day t
  uint64_t* quota_demand = nullptr;      //!< [quota_ledger_size] tonnes approved per period
  //! [S * I] tonnes released to each industry: the path's output row; an
  //! industry's buyers write only its own column.
  int64_t* released = nullptr;
  //! Host only (null on a GPU): a day by which a pool is known to fall short
  //! (kNever while none is), from what the buyers run so far drew: a day's
  //! top-ups above a stockpile's cap or size, a quota period's approvals above
  //! the quota. The later buyers' speculative pass stops after it, since the
  //! lockstep pass runs the path again from a day no later than that.
  int32_t* known_short = nullptr;
};

//! An exporter approval that waits for a quota's verdict (the lockstep pass).
struct QuotaRequest {
  int64_t units;            //!< in the buyer's units of its current need
  int64_t tonnes;           //!< kTonneUnit
  int32_t serve_day;        //!< the approval day
  int32_t arrival;          //!< where it ships if admitted (with any inspection)
  int32_t denial_review;    //!< step 5: the review whose ring gets a denial, -1 none
  int32_t application_day;  //!< its order's day
  int32_t buyer;            //!< the buyer's rank in the service order
  int32_t slot;             //!< needed-material slot of the buyer
  int32_t material;
  int32_t step;  //!< 4: approved at the order (dropped from on order if denied); 5: at decision
};

//! The requests of a group waiting for their approval day: an unordered
//! array; a day's requests are picked out and ordered when served.
struct QuotaQueue {
  QuotaRequest* items = nullptr;
  int32_t size = 0;
  int32_t capacity = 0;
};

}  // namespace chokepoint
