// Precision targets of an adaptive run (`simulation.precision`, `--precision`):
// FIGURE=TARGET, parsed and checked against the scenario's output quantiles.
#pragma once

#include <string>
#include <vector>

#include "host/scenario/scenario.hpp"

namespace chokepoint {

//! The figures a target may name, as written ("lost_output/quantile@Q" for any Q).
const std::vector<std::string>& precision_figure_names();

//! Parses `text` ("lost_output/prob_any=2%", "lost_output/quantile@0.95=0.01").
//! On bad input returns false with `*error` saying what is wrong and what was
//! expected (without the location, which the caller adds).
bool parse_precision_target(const std::string& text, const std::vector<double>& quantiles,
                            PrecisionTarget* out, std::string* error);

//! Replaces the scenario's targets by those of --precision options (each
//! checked, an error naming its option: InputError).
void apply_precision_options(const std::vector<std::string>& options, Scenario* scenario);

//! Whether a target's figure is per material (unmet tonnes) rather than per industry.
inline bool per_material(const PrecisionTarget& t) {
  return t.figure == PrecisionFigure::unmet_tonnes_mean;
}

}  // namespace chokepoint
