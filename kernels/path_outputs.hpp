// Per-path results of a batch, structure of arrays, row j = the j-th path of
// the batch. Everything is an integer (fixed-point shortfall, day counts), so
// that statistics reduce exactly, in any order, on any backend.
#pragma once

#include <cstdint>

#include "kernels/hostdevice.hpp"

namespace chokepoint {

struct PathOutputs {
  uint64_t* shortfall_total = nullptr;  //!< [n, I] Σ_t Σ_b shortfall, kShortfallUnit
  int32_t* shortage_days = nullptr;     //!< [n, I] #{t in 0..T-1 : s(t) > theta}
  int32_t* first_shortage = nullptr;    //!< [n, I] first such day, T if none
  uint64_t* interval_total = nullptr;   //!< [n, I, K] Σ over the interval's days and buyers
  uint8_t* interval_short = nullptr;    //!< [n, I, K] 1 if s(t) > theta on some day of it
  int32_t* regime_days = nullptr;       //!< [n, R] days spent in each regime

  //! The same arrays from row `row` on, for I industries, K intervals and R regimes.
  CHOKEPOINT_HD PathOutputs from_row(int64_t row, int64_t I, int64_t K, int64_t R) const {
    return PathOutputs{shortfall_total + row * I,    shortage_days + row * I,
                       first_shortage + row * I,     interval_total + row * I * K,
                       interval_short + row * I * K, regime_days + row * R};
  }
};

}  // namespace chokepoint
