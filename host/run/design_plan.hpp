// The design of a run (scenario [[factor]]/[design] and --factor/--design): its
// checks, its rows and the sweep points they become.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/scenario/design.hpp"
#include "host/scenario/document.hpp"
#include "host/scenario/scenario.hpp"

namespace chokepoint {

//! Settles the design of a run from the base scenario and the options; absent
//! when neither gives factors or a design. Throws InputError (naming the key or
//! option) for any bad input, including a design mixed with sweeps;
//! `check_sweepable` refuses keys that no sweep may vary.
std::optional<Design> plan_design(const Scenario& base, const ScenarioDocument& document,
                                  const std::optional<std::string>& design_option,
                                  const std::vector<std::string>& factor_options, bool has_sweeps,
                                  const std::function<void(const Factor&)>& check_sweepable);

//! The points of a design: per row, (key, TOML value text) for each factor.
std::vector<std::vector<std::pair<std::string, std::string>>> design_points(const Design& design);

//! The design as scenario TOML ([[factor]] tables and [design]), for the resolved text.
std::string design_tables(const Design& design);

}  // namespace chokepoint
