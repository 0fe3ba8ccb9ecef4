// The remedies of a scenario (stockpiles, quotas, substitution, priorities)
// flattened for ModelView: arrays indexed by stockpile, quota, regime,
// industry and material, tonnes in fixed point (kTonneUnit).
#pragma once

#include <cstdint>
#include <vector>

#include "host/scenario/scenario.hpp"
#include "kernels/model_view.hpp"

namespace chokepoint {

struct RemedyArrays {
  std::vector<int32_t> service_order, substitution_delay, first_stockpile, releasing_stockpile;
  std::vector<double> substitution_factor, tonnes_per_unit;
  std::vector<uint8_t> coupled;
  std::vector<int32_t> stockpile_material;
  std::vector<int64_t> stockpile_tonnes, stockpile_release_cap, stockpile_refill;
  std::vector<uint8_t> stockpile_releases, stockpile_refills, stockpile_serves;
  std::vector<int32_t> quota_material, quota_period, quota_in;
  std::vector<int64_t> quota_tonnes, quota_slack;

  //! From a validated scenario; need_per_buyer is [I * M] tonnes/day per buyer.
  RemedyArrays(const Scenario& s, const std::vector<double>& need_per_buyer);
  RemedyArrays() = default;

  //! Points the view's remedy fields (and its counts) at these arrays.
  void bind(ModelView* view) const;
};

}  // namespace chokepoint
