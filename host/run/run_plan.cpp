#include "host/run/run_plan.hpp"

#include <filesystem>

#include "host/scenario/default_scenario.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/precision_target.hpp"

namespace chokepoint {

namespace {

// Keys that change the shape of the results or the random numbers of every
// point cannot be swept: points must share paths, seed and axes. The shortage
// threshold changes neither.
void check_sweepable(const Sweep& sweep) {
  const std::string& key = sweep.key;
  if (key == "output.shortage_threshold") return;
  const std::string origin = sweep.origin.empty() ? "sweep key " + key : sweep.origin;
  for (const char* prefix : {"simulation.", "output.", "scenario."}) {
    if (key.rfind(prefix, 0) == 0) {
      throw InputError(origin + ": " + key +
                       " cannot be swept (every point must share the paths, seed, horizon and "
                       "output axes); use --set, or separate runs");
    }
  }
  if (key.size() >= 3 && key.compare(key.size() - 3, 3, ".id") == 0) {
    throw InputError(origin + ": ids cannot be swept");
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

std::string describe_source(const PlanRequest& request) {
  if (request.scenario_path) return *request.scenario_path;
  return std::string("built-in default scenario (") + kDefaultScenarioFile + " as of build " +
         default_scenario_embedded_at() + ")";
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
    document.set(key, value, "--set " + assignment);
  }
  if (request.paths) {
    const std::string paths = std::to_string(*request.paths);
    document.set("simulation.paths", paths, "-n " + paths);
  }
  if (request.seed) {
    const std::string seed = std::to_string(*request.seed);
    document.set("simulation.seed", seed, "--seed " + seed);
  }
  plan.base = document.resolve();
  apply_precision_options(request.precision, &plan.base);

  plan.sweeps = plan.base.sweeps;
  for (const auto& spec : request.varies) plan.sweeps.push_back(parse_vary(spec));
  for (const auto& sweep : plan.sweeps) {
    check_sweepable(sweep);
    // A --vary key that addresses nothing is named once, not at its first point.
    if (!sweep.values.empty())
      ScenarioDocument(document).set(sweep.key, sweep.values[0], sweep.origin);
  }
  plan.resolved_toml = to_toml(plan.base) + sweep_tables(plan.sweeps);

  const auto points = sweep_points(plan.sweeps);
  for (size_t p = 0; p < points.size(); ++p) {
    if (points[p].empty()) {
      plan.points.push_back(plan.base);
      continue;
    }
    ScenarioDocument variant = document;
    // Each value names its sweep and point, so that an error in it says where it came
    // from (`--vary KEY=SPEC, value V (sweep point P)`); other errors name the point.
    std::vector<std::string> origins;
    for (size_t k = 0; k < points[p].size(); ++k) {
      const Sweep& sweep = plan.sweeps[k];
      origins.push_back((sweep.origin.empty() ? "sweep of " + sweep.key : sweep.origin) +
                        ", value " + points[p][k].second + " (sweep point " + std::to_string(p) +
                        ")");
    }
    try {
      for (size_t k = 0; k < points[p].size(); ++k) {
        variant.set(points[p][k].first, points[p][k].second, origins[k]);
      }
      plan.points.push_back(variant.resolve());
    } catch (const InputError& e) {
      const std::string message = e.what();
      for (const std::string& origin : origins) {
        if (message.rfind(origin + ":", 0) == 0) throw;
      }
      throw InputError("sweep point " + std::to_string(p) + " (" + describe_point(points[p]) +
                       "): " + message);
    }
  }
  return plan;
}

}  // namespace chokepoint
