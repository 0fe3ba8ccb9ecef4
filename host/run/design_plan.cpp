#include "host/run/design_plan.hpp"

#include <cmath>
#include <cstdint>

#include "host/scenario/design_rules.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint {
namespace {

// Whether a factor's key takes whole numbers: a value with a fraction is refused
// where the same value rounded is accepted (counts, days).
bool takes_whole_numbers(const ScenarioDocument& document, const Factor& factor) {
  const double mid = 0.5 * (factor.low + factor.high);
  double probe = mid;
  if (probe == std::floor(probe)) probe += factor.high - factor.low >= 1 ? 0.5 : 0.25;
  if (probe == std::floor(probe)) return false;  // a zero-width factor: kept as given
  const auto accepts = [&](const std::string& text) {
    try {
      ScenarioDocument copy(document);
      copy.set(factor.key, text, factor.origin);
      copy.resolve();
      return true;
    } catch (const InputError&) {
      return false;
    }
  };
  if (accepts(toml_float_text(probe))) return false;
  return accepts(std::to_string(static_cast<int64_t>(std::llround(probe))));
}

}  // namespace

std::optional<Design> plan_design(const Scenario& base, const ScenarioDocument& document,
                                  const std::optional<std::string>& design_option,
                                  const std::vector<std::string>& factor_options, bool has_sweeps,
                                  const std::function<void(const Factor&)>& check_sweepable) {
  if (!base.design && !design_option && base.factors.empty() && factor_options.empty()) {
    return std::nullopt;
  }
  Design design;
  design.factors = base.factors;
  for (const std::string& option : factor_options) {
    Factor factor = parse_factor_option(option);
    for (const Factor& earlier : design.factors) {
      if (earlier.key == factor.key) {
        throw InputError(factor.origin + ": " + factor.key + " is already a factor (" +
                         earlier.origin + "); expected each key in one factor only");
      }
    }
    // A key that addresses nothing is named here, with suggestions.
    ScenarioDocument(document).set(factor.key, toml_float_text(factor.low), factor.origin);
    design.factors.push_back(std::move(factor));
  }
  if (base.design) {
    design.spec = *base.design;
  } else {
    design.spec.origin = design_option ? "--design " + *design_option : "";
  }
  if (design_option) {
    const bool had_samples = base.design.has_value();
    apply_design_option(*design_option, &design.spec);
    if (!had_samples && design_option->find(':') == std::string::npos) {
      design.spec.samples = design.spec.method == DesignMethod::sobol ? 64
                            : design.spec.method == DesignMethod::lhs ? 100
                                                                      : 20;
    }
    const std::string problem = design_samples_problem(design.spec);
    if (!problem.empty()) throw InputError(design.spec.origin + ": " + problem);
  }
  if (!base.design && !design_option) {
    throw InputError(design.factors.front().origin +
                     ": factors without a design; expected a [design] table with method = "
                     "\"oat\", \"morris\", \"sobol\" or \"lhs\", or --design METHOD[:SAMPLES]");
  }
  if (design.factors.empty()) {
    throw InputError(design.spec.origin +
                     ": a design without factors; expected [[factor]] tables (key, low, high) or "
                     "--factor KEY=LOW:HIGH");
  }
  if (has_sweeps) {
    throw InputError(design.spec.origin +
                     ": a design and sweeps in one run; expected either [[sweep]]/--vary or a "
                     "design with [[factor]]/--factor, not both");
  }
  if (static_cast<int64_t>(design.factors.size()) > kMaxFactors) {
    throw InputError(design.spec.origin + ": " + std::to_string(design.factors.size()) +
                     " factors; expected at most " + std::to_string(kMaxFactors));
  }
  for (const Factor& factor : design.factors) {
    check_sweepable(factor);
    design.integer.push_back(takes_whole_numbers(document, factor));
  }
  design.seed = design.spec.seed ? *design.spec.seed : base.seed;
  try {
    design.unit =
        design_unit_rows(design.spec, static_cast<int64_t>(design.factors.size()), design.seed);
  } catch (const InputError& e) {
    throw InputError(design.spec.origin + ": " + e.what());
  }
  return design;
}

std::vector<std::vector<std::pair<std::string, std::string>>> design_points(const Design& design) {
  const size_t k = design.factors.size();
  std::vector<std::vector<std::pair<std::string, std::string>>> points;
  for (int64_t p = 0; p < design.points(); ++p) {
    std::vector<std::pair<std::string, std::string>> point;
    for (size_t j = 0; j < k; ++j) {
      point.emplace_back(
          design.factors[j].key,
          factor_value_text(design.factors[j], design.unit[static_cast<size_t>(p) * k + j],
                            design.integer[j]));
    }
    points.push_back(std::move(point));
  }
  return points;
}

std::string design_tables(const Design& design) {
  std::string text;
  for (const Factor& factor : design.factors) {
    text += "\n[[factor]]\nkey = " + toml_string_text(factor.key) +
            "\nlow = " + toml_float_text(factor.low) + "\nhigh = " + toml_float_text(factor.high) +
            "\n";
  }
  const DesignSpec& s = design.spec;
  text += "\n[design]\nmethod = \"" + std::string(design_method_name(s.method)) + "\"\n";
  text += "samples = " + std::to_string(s.samples) + "\n";
  text += "levels = " + std::to_string(s.levels) + "\n";
  text += std::string("second_order = ") + (s.second_order ? "true" : "false") + "\n";
  if (design.seed <= static_cast<uint64_t>(INT64_MAX)) {
    text += "seed = " + std::to_string(design.seed) + "\n";
  }
  text += "resamples = " + std::to_string(s.resamples) + "\noutputs = [";
  for (size_t i = 0; i < s.outputs.size(); ++i) {
    text += (i ? ", " : "") + toml_string_text(s.outputs[i]);
  }
  return text + "]\n";
}

}  // namespace chokepoint
