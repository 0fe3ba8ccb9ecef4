#include "host/run/run_plan.hpp"

#include <filesystem>
#include <optional>

#include "host/run/design_plan.hpp"
#include "host/run/plan_checks.hpp"
#include "host/scenario/default_scenario.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/precision_target.hpp"

namespace chokepoint {

namespace {

// Keys that change the shape of the results or the random numbers of every
// point cannot be swept: points must share paths, seed and axes. The shortage
// threshold changes neither.
void check_sweepable_key(const Sweep& sweep, const std::string& key) {
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

void check_sweepable(const Sweep& sweep) {
  for (const std::string& key : sweep.keys()) check_sweepable_key(sweep, key);
}

std::string describe_point(const std::vector<std::pair<std::string, std::string>>& point) {
  std::string text;
  for (const auto& [key, value] : point) text += (text.empty() ? "" : ", ") + key + " = " + value;
  return text;
}

std::string sweep_tables(const std::vector<Sweep>& sweeps) {
  std::string text;
  for (const auto& sweep : sweeps) {
    if (sweep.linked.empty()) {
      text += "\n[[sweep]]\nkey = \"" + sweep.key + "\"\nvalues = [";
    } else {
      text += "\n[[sweep]]\nkeys = [";
      for (const auto& key : sweep.keys()) text += (key == sweep.key ? "\"" : ", \"") + key + "\"";
      text += "]\nvalues = [";
    }
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

namespace {

//! Precision targets stop a run inside a batch and take the paths past the
//! stop out of the counters again; the remedies' counters and per-path columns
//! are not yet handled there, so the two are refused together (exit 2).
void refuse_precision_with_remedies(const RunPlan& plan) {
  if (plan.base.precision.empty()) return;
  for (const Scenario& point : plan.points) {
    bool substitution = false;
    for (const Industry& ind : point.industries) substitution |= !ind.substitution.empty();
    if (point.stockpiles.empty() && point.quotas.empty() && !substitution) continue;
    throw InputError(
        plan.source_name +
        ": simulation.precision / --precision: expected a scenario without [[stockpile]], "
        "[[quota]] and industry substitution; precision targets do not yet work with the "
        "remedies (run a fixed path count with -n instead)");
  }
}

}  // namespace

RunPlan make_plan(const PlanRequest& request) {
  RunPlan plan;
  ScenarioDocument document = load_document(request.scenario_path, &plan.source_name);
  plan.stem = std::filesystem::path(plan.source_name).stem().string();
  plan.output_stem = default_output_stem(plan.stem, request.sets, request.varies);
  std::optional<Scenario> before_sets;  // for the warnings; absent when only --set makes it valid
  if (!request.sets.empty()) {
    try {
      before_sets = document.resolve();
    } catch (const InputError&) {
    }
  }
  std::vector<PlanChange> set_changes;
  for (const auto& assignment : request.sets) {
    const auto [key, value] = split_assignment(assignment, "--set");
    document.set(key, value, "--set " + assignment);
    set_changes.push_back({key, {value}, "--set " + assignment});
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
  std::vector<PlanChange> sweep_changes;
  for (const auto& sweep : plan.sweeps) {
    check_sweepable(sweep);
    for (const auto& key : sweep.keys()) {
      // A --vary key that addresses nothing is named once, not at its first point.
      if (!sweep.values.empty()) ScenarioDocument(document).set(key, sweep.values[0], sweep.origin);
      sweep_changes.push_back(
          {key, sweep.values, sweep.origin.empty() ? "sweep of " + key : sweep.origin});
    }
  }
  plan.warnings =
      plan_warnings(before_sets ? *before_sets : plan.base, plan.base, set_changes, sweep_changes);
  plan.design = plan_design(plan.base, document, request.design, request.factors,
                            !plan.sweeps.empty(), [](const Factor& factor) {
                              check_sweepable(Sweep{factor.key, {}, factor.origin});
                            });
  plan.resolved_toml = to_toml(plan.base) + sweep_tables(plan.sweeps) +
                       (plan.design ? design_tables(*plan.design) : "");

  const auto points = plan.design ? design_points(*plan.design) : sweep_points(plan.sweeps);
  // Where each key of a point was given, for messages.
  std::vector<std::string> key_origins;
  for (const Sweep& sweep : plan.sweeps) {
    key_origins.push_back(sweep.origin.empty() ? "sweep of " + sweep.axis_name() : sweep.origin);
  }
  if (plan.design) {
    for (const Factor& factor : plan.design->factors) key_origins.push_back(factor.origin);
  }
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
      origins.push_back(key_origins[k] + ", value " + points[p][k].second + " (sweep point " +
                        std::to_string(p) + ")");
    }
    try {
      for (size_t k = 0; k < points[p].size(); ++k) {
        if (k < plan.sweeps.size()) {  // a sweep's axis moves each of its (linked) keys
          for (const auto& key : plan.sweeps[k].keys())
            variant.set(key, points[p][k].second, origins[k]);
        } else {  // a design's factor
          variant.set(points[p][k].first, points[p][k].second, origins[k]);
        }
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
  refuse_precision_with_remedies(plan);
  return plan;
}

}  // namespace chokepoint
