// Scenario texts and helpers shared by the loader's tests (tests/scenario/):
// a small base scenario, one that uses every feature, and the few functions
// that edit a text, find a line or catch the loader's error.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"

namespace chokepoint::testing {

// Two materials, an absorbing and a licensing regime, one industry.
inline const std::string kBase = R"([scenario]
name = "base"

[[material]]
id = "dy"

[[material]]
id = "sm"

[[regime]]
id = "open"

[[regime]]
id = "strict"
mean_duration_days = 30
next = { open = 1.0 }
licence = "required"
approval_prob = 0.7
review_days = 10

[[industry]]
id = "auto"
need = { dy = 1.0, sm = 0.5 }
inventory_days = 30
review_days = 7
)";

// `text` with `from` replaced by `to` (which must occur).
inline std::string with(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "fixture text not found: " << from;
    return text;
  }
  return text.replace(at, from.size(), to);
}

// The base scenario with `extra` at its end.
inline std::string add(const std::string& extra) {
  return kBase + extra;
}

// 1-based line of the first occurrence of `needle`.
inline int line_of(const std::string& text, const std::string& needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string::npos) {
    ADD_FAILURE() << "needle not found: " << needle;
    return 0;
  }
  int line = 1;
  for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n';
  return line;
}

inline std::string error_of(const std::string& text) {
  try {
    ScenarioDocument::from_string(text, "test.toml").resolve();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

inline Scenario resolve(const std::string& text) {
  return ScenarioDocument::from_string(text, "test.toml").resolve();
}

// ---------------------------------------------------------------------------
// A scenario using every feature, and the structs it must resolve to.

inline const std::string kRich = R"([scenario]
name = "rich \"quoted\" scenario"
start_date = "2025-12-18"

[simulation]
paths = 5000
horizon_days = 365
seed = 20251218
initial_regime = { truce = 0.8, tightened = 0.2 }
report_interval_days = 30
warmup_days = 180.0

[output]
quantiles = [0.5, 0.9]
histogram_bins = 50
shortage_threshold = 0.05

[[material]]
id = "dysprosium"
alt_outage = { mean_days_between = 730, duration_days = { dist = "uniform", min = 14, max = 60 } }
alt_capacity = { day = [-30, 180, 365], factor = [1, 1.25, 2.5] }

[[material]]
id = "terbium"
alt_outage = { mean_days_between = 365.5, duration_days = { dist = "lognormal", median = 20, sigma = 0.5, max = 90 } }
alt_capacity = inf

[[material]]
id = "samarium"

[[regime]]
id = "truce"
mean_duration_days = 330
next = { tightened = 0.6, open = 0.4 }
licence = "required"
approval_prob = 0.7
review_days = { dist = "triangular", min = 20, mode = 40.5, max = 90 }
general_licences = true
inspection_prob = 0.2
inspection_days = { dist = "uniform", min = 30, max = 60 }
  [regime.materials.samarium]
  approval_prob = 0.5
  review_days = { dist = "empirical", values = [10, 20, 40], weights = [1, 1, 2] }
  [regime.industries.defence]
  licence = "banned"

[[regime]]
id = "tightened"
mean_duration_days = 90.5
next = { truce = 1 }
licence = "required"
approval_prob = 0.4
review_days = { dist = "lognormal", median = 45, sigma = 0.6, max = 180 }
inspection_days = { dist = "fixed", value = 3 }

[[regime]]
id = "open"
next = { truce = 1.0 }

[general_licence]
grant_prob = 0.8
review_days = 30
validity_days = 365
renew_before_days = 30
retry_days = 60

[[industry]]
id = "automotive"
buyers = 12
need = { dysprosium = 0.8, terbium = 0.15 }
china_share = 0.95
inventory_days = 30
target_days = 60
review_days = 30
transit_days = 21
general_licence_adoption = 0.4

[[industry]]
id = "defence"
buyers = 3
need = { dysprosium = 0.1, samarium = 0.05, terbium = 0 }
china_share = { dysprosium = 0.9 }
inventory_days = { dysprosium = 90, samarium = 120.5 }
target_days = { dysprosium = 100 }
review_days = 14.0

[[event]]
date = "2026-11-10"
from = ["truce"]
to = "tightened"
probability = 0.5

[[event]]
day = 0
to = "open"

[[sweep]]
key = "regime.truce.approval_prob"
values = [0.5, 0.7]

[[sweep]]
key = "simulation.horizon_days"
from = 30
to = 90
step = 30

[[sweep]]
key = "regime.truce.licence"
values = ["none", "banned"]
)";

}  // namespace chokepoint::testing
