// The built-in default scenario (configs/rare_earths_2026.toml, embedded at build time).
#pragma once

namespace chokepoint {

//! Text of the default scenario, exactly as shipped in configs/.
const char* default_scenario_text();

//! File name the default scenario stands for in messages and output names.
inline constexpr const char* kDefaultScenarioName = "rare_earths_2026.toml";

}  // namespace chokepoint
