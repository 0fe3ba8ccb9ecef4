#include "host/run/run_plan.hpp"

#include <filesystem>

#include "host/scenario/default_scenario.hpp"
#include "host/scenario/input_error.hpp"

namespace chokepoint {

namespace {

// Keys that change the shape of the results or the random numbers of every
// point cannot be swept: points must share paths, seed and axes. The shortage
// threshold changes neither.
void check_sweepable(const std::string& key) {
  if (key == "output.shortage_threshold") return;
  for (const char* prefix : {"simulation.", "output.", "scenario."}) {
    if (key.rfind(prefix, 0) == 0) {
      throw InputError("sweep key " + key +
                       ": cannot be swept (every point must share the paths, seed, horizon and "
                       "output axes); use --set, or separate runs");
    }
  }
  if (key.size() >= 3 && key.compare(key.size() - 3, 3, ".id") == 0) {
    throw InputError("sweep key " + key + ": ids cannot be swept");
  }
}

std::string describe_point(const std::vector<std::pair<std::string, std::string>>& point) {
  std::string text;
  for (const auto& [key, value] : point) text += (text.empty() ? "" : ", ") + key + " = " + value;
  return text;
}

std::string sweep_tables(const std::vector<Sweep>& sweeps) {
  std::string text;
  for (const auto& sweep : sweeps) {
    text += "\n[[sweep]]\nkey = \"" + sweep.key + "\"\nvalues = [";
    for (size_t k = 0; k < sweep.values.size(); ++k) text += (k ? ", " : "") + sweep.values[k];
    text += "]\n";
  }
  return text;
}

}  // namespace

std::pair<std::string, std::string> split_assignment(const std::string& text, const char* option) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError(std::string(option) + " " + text + ": expected KEY=VALUE");
  }
  return {text.substr(0, eq), text.substr(eq + 1)};
}

ScenarioDocument load_document(const std::optional<std::string>& path, std::string* source_name) {
  if (!path) {
    *source_name = kDefaultScenarioName;
    return ScenarioDocument::from_string(default_scenario_text(), kDefaultScenarioName);
  }
  *source_name = *path;
  return ScenarioDocument::from_file(*path);
}

RunPlan make_plan(const PlanRequest& request) {
  RunPlan plan;
  ScenarioDocument document = load_document(request.scenario_path, &plan.source_name);
  plan.stem = std::filesystem::path(plan.source_name).stem().string();
  for (const auto& assignment : request.sets) {
    const auto [key, value] = split_assignment(assignment, "--set");
    document.set(key, value);
  }
  if (request.paths) document.set("simulation.paths", std::to_string(*request.paths));
  if (request.seed) document.set("simulation.seed", std::to_string(*request.seed));
  plan.base = document.resolve();

  plan.sweeps = plan.base.sweeps;
  for (const auto& spec : request.varies) plan.sweeps.push_back(parse_vary(spec));
  for (const auto& sweep : plan.sweeps) check_sweepable(sweep.key);
  plan.resolved_toml = to_toml(plan.base) + sweep_tables(plan.sweeps);

  const auto points = sweep_points(plan.sweeps);
  for (size_t p = 0; p < points.size(); ++p) {
    if (points[p].empty()) {
      plan.points.push_back(plan.base);
      continue;
    }
    ScenarioDocument variant = document;
    try {
      for (const auto& [key, value] : points[p]) variant.set(key, value);
      plan.points.push_back(variant.resolve());
    } catch (const InputError& e) {
      throw InputError("sweep point " + std::to_string(p) + " (" + describe_point(points[p]) +
                       "): " + e.what());
    }
  }
  return plan;
}

}  // namespace chokepoint
