// Checks of what --set, --vary and [[sweep]] change, made before a run: warnings
// when a change does less than its key suggests, and the default name of the
// results file of a run with changes (docs/scenario-reference.md, "Sweeps").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "host/scenario/scenario.hpp"

namespace chokepoint {

//! One change of a run: a key, the values it takes, and where it was given
//! (`--set KEY=VALUE`, `--vary ...`, a [[sweep]] table), plus the keys that move
//! with it (the other --set keys, the other keys of a linked sweep).
struct PlanChange {
  std::string key;
  std::vector<std::string> values;  //!< TOML value texts
  std::string origin;
};

//! Warnings (one line each, without a prefix) for changes that do less than their
//! key suggests:
//!  * a regime-wide or per-material licence term (approval_prob, review_days,
//!    licence) that a more specific override holds for some (industry, material)
//!    cells an industry needs: the message names the cells and the override keys;
//!    overrides that are themselves among `changes` are not counted;
//!  * one value replacing a per-material table (industry china_share,
//!    inventory_days, target_days) or a capacity ramp: `before` is the scenario
//!    the change applies to.
//! `base` is the scenario after every --set, whose overrides are checked.
std::vector<std::string> plan_warnings(const Scenario& before_sets, const Scenario& base,
                                       const std::vector<PlanChange>& sets,
                                       const std::vector<PlanChange>& sweeps);

//! The default results name of a run, without folder and `.h5`: the scenario's
//! stem, then `--KEY=VALUE` for each --set and `--vary-KEY=SPEC` for each --vary,
//! in the order given, so that a run with changes never replaces the results of
//! the scenario as written. Characters other than letters, digits and
//! `. _ - + = ,` become `_`; a name longer than 160 characters is cut and ends in
//! a hash of the whole (FNV-1a, 8 hex digits), so that names stay unique.
std::string default_output_stem(const std::string& stem, const std::vector<std::string>& sets,
                                const std::vector<std::string>& varies);

}  // namespace chokepoint
