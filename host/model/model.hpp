// A scenario flattened for simulation: owns the arrays a ModelView points into,
// plus the ids and sizes the statistics and the results file need.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/model/remedies_arrays.hpp"
#include "host/scenario/scenario.hpp"
#include "kernels/model_view.hpp"

namespace chokepoint {

class Model {
 public:
  //! Flattens a validated scenario; throws InputError where it exceeds the
  //! model's limits (255 regimes, 256 materials, 4096 industries, 65535 events).
  explicit Model(const Scenario& scenario);
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;

  //! The flat view, pointing into this object's storage.
  const ModelView& view() const { return view_; }

  std::vector<std::string> industry_ids, material_ids, regime_ids;
  std::vector<int32_t> buyers;         //!< [I]
  std::vector<double> need_per_buyer;  //!< [I * M], tonnes/day

 private:
  void bind_view();
  //! Appends the guide of a table's cdf to guide_pool_ (kernels/day_table.hpp).
  void add_guide(const std::vector<double>& cdf, DayTable* table);

  ModelView view_;
  std::vector<double> cdf_pool_;
  //! Thresholds on a block's bits (kernels/rng_streams.hpp, unit_threshold).
  std::vector<uint64_t> cdf_bits_pool_, inspection_bits_, approval_bits_, leave_bits_,
      outage_start_bits_;
  std::vector<int32_t> guide_pool_;
  std::vector<double> initial_cdf_, leave_prob_, next_cdf_, inspection_prob_;
  std::vector<uint8_t> gl_honoured_;
  std::vector<DayTable> inspection_days_;
  std::vector<uint8_t> licence_;
  std::vector<double> approval_prob_;
  std::vector<DayTable> review_days_;
  std::vector<int32_t> event_day_, event_to_;
  std::vector<double> event_prob_;
  std::vector<uint8_t> event_from_;
  std::vector<double> outage_start_prob_;
  std::vector<DayTable> outage_duration_;
  std::vector<double> alt_capacity_;  //!< [M * (W + T)]
  std::vector<int32_t> review_period_, transit_days_;
  std::vector<double> gl_adoption_, china_share_, initial_stock_, target_stock_;
  std::vector<int64_t> initial_units_, target_units_;
  std::vector<int32_t> needed_, needed_count_;
  RemedyArrays remedies_;
};

}  // namespace chokepoint
