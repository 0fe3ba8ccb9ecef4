// The precision part of a results file: root attributes max_paths,
// precision_targets, stopped_by; the coordinate `target` and the achieved
// half-widths per point, industry (or material) and target.
#include "host/results/results_file.hpp"

namespace chokepoint {

void ResultsFile::write_precision() {
  const PrecisionResult& r = *precision_;
  const auto P = static_cast<uint64_t>(layout_.points);
  const auto I = static_cast<uint64_t>(layout_.industries.size());
  const auto M = static_cast<uint64_t>(layout_.materials.size());
  const auto F = static_cast<uint64_t>(r.targets.size());
  file_->write_strings("target", r.targets);
  file_->make_dimension_scale("target", "target");
  file_->set_attribute("target", "units", std::string("1"));
  file_->set_attribute("target", "description",
                       std::string("precision targets FIGURE=TARGET as written (a trailing % is "
                                   "relative to the figure)"));
  put("precision/half_width", {P, I, F}, r.half_width, {"point", "industry", "target"},
      "as the figure",
      "achieved 95% half-width of each targeted figure at the stop (1.96 standard errors for "
      "means, Wilson score interval for lost_output/prob_any, half the order-statistic "
      "interval for quantiles); NaN where a target does not apply (unmet-tonnes targets)");
  put("precision/half_width_material", {P, M, F}, r.half_width_material,
      {"point", "material", "target"}, "t",
      "achieved 95% half-width of unmet_tonnes/mean per material at the stop; NaN for the "
      "other targets");
  file_->set_attribute("/", "max_paths", r.max_paths);
  std::string targets;
  for (const std::string& t : r.targets) targets += (targets.empty() ? "" : "; ") + t;
  file_->set_attribute("/", "precision_targets", targets);
  file_->set_attribute("/", "stopped_by", r.stopped_by);
}

}  // namespace chokepoint
