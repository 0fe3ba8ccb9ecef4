// Host arrays behind a PathOutputs: one batch's per-path outputs.
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/model_view.hpp"
#include "kernels/path_outputs.hpp"

namespace chokepoint {

struct HostRows {
  std::vector<uint64_t> shortfall_total, interval_total;
  std::vector<int32_t> shortage_days, first_shortage, regime_days;
  std::vector<uint8_t> interval_short;
  std::vector<int64_t> stockpile_held, stockpile_released, quota_denied;
  std::vector<uint8_t> quota_binding, lockstep;
  std::vector<int32_t> switched_buyers;
  std::vector<uint64_t> switched_shortfall;

  //! Room for `rows` paths of model `m`, and the view of it.
  PathOutputs bind(const ModelView& m, int64_t rows) {
    const auto cells = static_cast<size_t>(rows) * m.industries;
    shortfall_total.resize(cells);
    shortage_days.resize(cells);
    first_shortage.resize(cells);
    interval_total.resize(cells * m.intervals);
    interval_short.resize(cells * m.intervals);
    regime_days.resize(static_cast<size_t>(rows) * m.regimes);
    return PathOutputs{shortfall_total.data(), shortage_days.data(),  first_shortage.data(),
                       interval_total.data(),  interval_short.data(), regime_days.data(),
                       bind_remedies(m, rows)};
  }

  //! The remedies' rows, where the model has them (null elsewhere).
  RemedyRows bind_remedies(const ModelView& m, int64_t rows) {
    const auto n = static_cast<size_t>(rows);
    const auto S = static_cast<size_t>(m.stockpiles), I = static_cast<size_t>(m.industries),
               M = static_cast<size_t>(m.materials), K = static_cast<size_t>(m.intervals);
    RemedyRows r;
    const auto room = [n](auto& v, size_t width, bool wanted) {
      v.assign(wanted ? n * width : 0, 0);
      return wanted ? v.data() : nullptr;
    };
    r.stockpile_held = room(stockpile_held, S * K, S > 0);
    r.stockpile_released = room(stockpile_released, S * I, S > 0);
    r.quota_denied = room(quota_denied, M, m.quotas > 0);
    r.quota_binding = room(quota_binding, M * K, m.quotas > 0);
    r.lockstep = room(lockstep, 1, S > 0 || m.quotas > 0);
    const bool substitutes = any_substitution(m);
    r.switched_buyers = room(switched_buyers, I * M, substitutes);
    r.switched_shortfall = room(switched_shortfall, I * M, substitutes);
    return r;
  }
};

}  // namespace chokepoint
