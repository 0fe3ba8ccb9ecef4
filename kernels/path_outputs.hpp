// Per-path results of a batch, structure of arrays, row j = the j-th path of
// the batch. Everything is an integer (fixed-point shortfall, day counts), so
// that statistics reduce exactly, in any order, on any backend.
#pragma once

#include <cstdint>

#include "kernels/hostdevice.hpp"
#include "kernels/model_view.hpp"

namespace chokepoint {

//! Per-path figures of the remedies (docs/model.md, "Remedies"); null where
//! the model has none of the kind. Tonnes in fixed point (kTonneUnit).
struct RemedyRows {
  int64_t* stockpile_held = nullptr;      //!< [n, S, K] held at the end of interval k
  int64_t* stockpile_released = nullptr;  //!< [n, S, I] released over days 0 .. T-1
  int64_t* quota_denied = nullptr;        //!< [n, M] denied by quotas over days 0 .. T-1
  uint8_t* quota_binding = nullptr;       //!< [n, M, K] 1 if a quota denied a request in k
  int32_t* switched_buyers = nullptr;     //!< [n, I, M] buyers switched by day T-1
  uint64_t* switched_shortfall =
      nullptr;  //!< [n, I, M] shortfall on switched days (kShortfallUnit)
  //! [n] 1 where a pool fell short: the path ran in lockstep; 2 where it ran
  //! twice (a pool not coordinated fell short in the first run)
  uint8_t* lockstep = nullptr;
};

struct PathOutputs {
  uint64_t* shortfall_total = nullptr;  //!< [n, I] Σ_t Σ_b shortfall, kShortfallUnit
  int32_t* shortage_days = nullptr;     //!< [n, I] #{t in 0..T-1 : s(t) > theta}
  int32_t* first_shortage = nullptr;    //!< [n, I] first such day, T if none
  uint64_t* interval_total = nullptr;   //!< [n, I, K] Σ over the interval's days and buyers
  uint8_t* interval_short = nullptr;    //!< [n, I, K] 1 if s(t) > theta on some day of it
  int32_t* regime_days = nullptr;       //!< [n, R] days spent in each regime
  RemedyRows remedies;

  //! The same arrays, the remedies' too, from row `row` on, for model m.
  CHOKEPOINT_HD PathOutputs from_row(int64_t row, const ModelView& m) const {
    const int64_t I = m.industries, K = m.intervals, R = m.regimes, S = m.stockpiles,
                  M = m.materials;
    const RemedyRows& r = remedies;
    const auto at = [row](auto* p, int64_t width) { return p != nullptr ? p + row * width : p; };
    return PathOutputs{
        shortfall_total + row * I,
        shortage_days + row * I,
        first_shortage + row * I,
        interval_total + row * I * K,
        interval_short + row * I * K,
        regime_days + row * R,
        RemedyRows{at(remedies.stockpile_held, S * K), at(r.stockpile_released, S * I),
                   at(r.quota_denied, M), at(r.quota_binding, M * K), at(r.switched_buyers, I * M),
                   at(r.switched_shortfall, I * M), at(r.lockstep, 1)}};
  }
};

}  // namespace chokepoint
