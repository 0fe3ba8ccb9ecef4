// The built-in default scenario (configs/rare_earths_2026.toml, embedded at build time).
#pragma once

namespace chokepoint {

//! Text of the default scenario, exactly as shipped in configs/ when the binary was built.
const char* default_scenario_text();

//! When that copy was taken ("YYYY-MM-DD HH:MM UTC"): edits to the file after it do
//! not reach the binary until it is rebuilt.
const char* default_scenario_embedded_at();

//! The file the default scenario is a copy of, relative to the source tree.
inline constexpr const char* kDefaultScenarioFile = "configs/rare_earths_2026.toml";

//! File name the default scenario stands for in messages and output names.
inline constexpr const char* kDefaultScenarioName = "rare_earths_2026.toml";

}  // namespace chokepoint
