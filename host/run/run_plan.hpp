// What a run will do, settled before anything runs: the scenario after --set,
// the sweep points (each validated), the output path and the resolved text.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/scenario/design.hpp"
#include "host/scenario/document.hpp"
#include "host/scenario/scenario.hpp"

namespace chokepoint {

struct PlanRequest {
  std::optional<std::string> scenario_path;  //!< absent: the built-in default
  std::optional<int64_t> paths;
  std::optional<uint64_t> seed;
  std::vector<std::string> sets;      //!< KEY=VALUE
  std::vector<std::string> varies;    //!< KEY=SPEC
  std::optional<std::string> design;  //!< METHOD[:SAMPLES]
  std::vector<std::string> factors;   //!< KEY=LOW:HIGH
  std::vector<std::string>
      precision;  //!< --precision FIGURE=TARGET (replaces simulation.precision)
};

struct RunPlan {
  std::string source_name;  //!< file as given, or the default scenario's name
  std::string stem;         //!< file stem, for the default output name
  Scenario base;            //!< after --set, before sweeps
  std::vector<Sweep> sweeps;
  std::optional<Design> design;  //!< a design's factors and rows (its points are the sweep points)
  std::vector<Scenario> points;  //!< one per sweep point, in order
  std::string resolved_toml;     //!< the base scenario, defaults written, plus its sweeps
  std::string output_stem;       //!< default results name: stem plus the changes (plan_checks.hpp)
  std::vector<std::string> warnings;  //!< changes that do less than their key says
};

//! Loads, applies --set/--seed/-n and the sweeps, and validates every point.
//! Throws InputError naming the point and the rule on the first violation.
RunPlan make_plan(const PlanRequest& request);

//! The scenario a request runs, for the first line of `run` and `validate`: the file as
//! given, or "built-in default scenario (configs/... as of build DATE)".
std::string describe_source(const PlanRequest& request);

//! Loads the scenario document of a request (file or built-in default).
ScenarioDocument load_document(const std::optional<std::string>& path, std::string* source_name);

//! Splits "KEY=VALUE" at the first '='; throws InputError naming `option` otherwise.
std::pair<std::string, std::string> split_assignment(const std::string& text, const char* option);

}  // namespace chokepoint
