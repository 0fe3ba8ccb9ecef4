// Designs in scenarios and on the command line: [[factor]] and [design] tables,
// `--factor KEY=LOW:HIGH` and `--design METHOD[:SAMPLES]`, and the rules every
// design obeys wherever it was given (docs/scenario-reference.md, "Designs").
#include <cmath>
#include <cstdlib>

#include "host/scenario/design.hpp"
#include "host/scenario/design_rules.hpp"
#include "host/scenario/detail.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/reader.hpp"
#include "host/scenario/resolver.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint {
namespace {

const std::vector<std::string> kMethods = {"oat", "morris", "sobol", "lhs"};

std::string trim(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool parse_number(const std::string& text, double* out) {
  const std::string t = trim(text);
  if (t.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size();
}

bool is_power_of_two(int64_t n) {
  return n > 0 && (n & (n - 1)) == 0;
}

}  // namespace

std::optional<DesignMethod> design_method(const std::string& name) {
  if (name == "oat") return DesignMethod::oat;
  if (name == "morris") return DesignMethod::morris;
  if (name == "sobol") return DesignMethod::sobol;
  if (name == "lhs") return DesignMethod::lhs;
  return std::nullopt;
}

std::string design_method_problem(const std::string& name) {
  if (design_method(name)) return {};
  return "unknown method " + toml_string_text(name) +
         detail::Reader::nearest_choice(name, kMethods) +
         "; expected \"oat\", \"morris\", \"sobol\" or \"lhs\"";
}

std::string design_output_problem(const std::string& output, const std::vector<double>& quantiles) {
  const std::string expected =
      "expected lost_output/mean, lost_output/prob_any, lost_output/cvar@Q, "
      "lost_output/quantile@Q (Q one of the scenario's quantile levels) or shortage_days/mean";
  if (output == "lost_output/mean" || output == "lost_output/prob_any" ||
      output == "shortage_days/mean") {
    return {};
  }
  for (const char* prefix : {"lost_output/cvar@", "lost_output/quantile@"}) {
    const std::string p = prefix;
    if (output.rfind(p, 0) != 0) continue;
    double q = 0;
    if (!parse_number(output.substr(p.size()), &q)) {
      return toml_string_text(output) + ": the level after @ is not a number; " + expected;
    }
    if (design_output_quantile(q, quantiles) < 0) {
      std::string levels;
      for (double level : quantiles) levels += (levels.empty() ? "" : ", ") + number_text(level);
      return toml_string_text(output) + ": " + number_text(q) +
             " is not one of the scenario's quantile levels (" + levels +
             "); expected one of them, or add it to output.quantiles";
    }
    return {};
  }
  return toml_string_text(output) + " is not an output of designs; " + expected;
}

int design_output_quantile(double q, const std::vector<double>& quantiles) {
  for (size_t i = 0; i < quantiles.size(); ++i) {
    if (std::fabs(quantiles[i] - q) <= 1e-12) return static_cast<int>(i);
  }
  return -1;
}

std::string design_samples_problem(const DesignSpec& spec) {
  switch (spec.method) {
    case DesignMethod::oat:
      return {};
    case DesignMethod::sobol:
      if (spec.samples < 2) {
        return "samples = " + std::to_string(spec.samples) +
               "; expected the number of base rows N, a power of two of at least 2 (e.g. 64)";
      }
      if (!is_power_of_two(spec.samples)) {
        int64_t up = 1;
        while (up < spec.samples) up <<= 1;
        return "samples = " + std::to_string(spec.samples) +
               " is not a power of two, which the Sobol sequence needs for its balance; expected "
               "a power of two such as " +
               std::to_string(up / 2) + " or " + std::to_string(up);
      }
      return {};
    case DesignMethod::morris:
      if (spec.samples < 2) {
        return "samples = " + std::to_string(spec.samples) +
               "; expected the number of trajectories, at least 2 (e.g. 20)";
      }
      if (spec.levels < 2 || spec.levels % 2 != 0) {
        return "levels = " + std::to_string(spec.levels) +
               "; expected an even number of grid levels of at least 2 (e.g. 4)";
      }
      return {};
    case DesignMethod::lhs:
      if (spec.samples < 2) {
        return "samples = " + std::to_string(spec.samples) +
               "; expected the number of rows, at least 2 (e.g. 100)";
      }
      return {};
  }
  return {};
}

Factor parse_factor_option(const std::string& spec) {
  const std::string usage = "expected KEY=LOW:HIGH, e.g. regime.truce.approval_prob=0.5:0.9";
  Factor factor;
  factor.origin = "--factor " + spec;
  const std::size_t eq = spec.find('=');
  factor.key = trim(eq == std::string::npos ? std::string() : spec.substr(0, eq));
  if (eq == std::string::npos || factor.key.empty() ||
      factor.key.find_first_of(" \t") != std::string::npos) {
    throw InputError(factor.origin + ": no KEY=...; " + usage);
  }
  const std::string rest = spec.substr(eq + 1);
  const std::size_t colon = rest.find(':');
  if (colon == std::string::npos || rest.find(':', colon + 1) != std::string::npos ||
      !parse_number(rest.substr(0, colon), &factor.low) ||
      !parse_number(rest.substr(colon + 1), &factor.high)) {
    throw InputError(factor.origin + ": " + rest + " is not LOW:HIGH; " + usage);
  }
  const std::string problem = factor_bounds_problem(factor.low, factor.high);
  if (!problem.empty()) throw InputError(factor.origin + ": " + problem);
  return factor;
}

std::string factor_bounds_problem(double low, double high) {
  if (!std::isfinite(low) || !std::isfinite(high)) {
    return "the bounds " + number_text(low) + " and " + number_text(high) +
           " are not both finite; expected finite numbers LOW <= HIGH";
  }
  if (low > high) {
    return "low = " + number_text(low) + " is above high = " + number_text(high) +
           "; expected low <= high";
  }
  return {};
}

void apply_design_option(const std::string& text, DesignSpec* spec) {
  spec->origin = "--design " + text;
  const std::size_t colon = text.find(':');
  const std::string name = trim(text.substr(0, colon));
  const std::string problem = design_method_problem(name);
  if (!problem.empty()) throw InputError(spec->origin + ": " + problem);
  spec->method = *design_method(name);
  if (colon != std::string::npos) {
    const std::string count = trim(text.substr(colon + 1));
    char* end = nullptr;
    const long long samples = std::strtoll(count.c_str(), &end, 10);
    if (count.empty() || end != count.c_str() + count.size()) {
      throw InputError(spec->origin + ": " + count +
                       " is not a whole number of samples; expected METHOD[:SAMPLES], e.g. "
                       "sobol:64");
    }
    spec->samples = samples;
  }
}

namespace detail {

void Resolver::read_design() {
  const std::vector<Element> factors = elements("factor", false);
  for (std::size_t i = 0; i < factors.size(); ++i) {
    const toml::table& t = *factors[i].table;
    const std::string& path = factors[i].path;
    r_.check_keys(t, path, {"key", "low", "high"});
    Factor factor;
    const std::string key_expected = "a parameter address such as regime.<id>.approval_prob";
    const toml::node& key = r_.require(t, "key", path, "key = " + key_expected);
    factor.key = r_.text(key, path + ".key", key_expected);
    factor.origin = r_.where(&t) + ": " + path + " (" + factor.key + ")";
    const std::string problem = address_problem(root_, factor.key);
    if (!problem.empty()) {
      r_.fail(&key, path + ".key",
              toml_string_text(factor.key) + ": " + problem +
                  (problem.find("expected") == std::string::npos
                       ? "; expected a parameter address of this scenario"
                       : ""));
    }
    for (std::size_t j = 0; j < s_.factors.size(); ++j) {
      if (s_.factors[j].key == factor.key) {
        r_.fail(&key, path + ".key",
                factor.key + " is already a factor (factor[" + std::to_string(j) +
                    "]); expected each key in one factor only");
      }
    }
    const toml::node& low = r_.require(t, "low", path, "low = a number");
    const toml::node& high = r_.require(t, "high", path, "high = a number");
    factor.low = r_.number(low, path + ".low", "a finite number");
    factor.high = r_.number(high, path + ".high", "a finite number");
    const std::string bounds = factor_bounds_problem(factor.low, factor.high);
    if (!bounds.empty()) r_.fail(&low, path + ".low", bounds);
    s_.factors.push_back(std::move(factor));
  }

  const toml::table* t = section("design");
  if (t == nullptr) return;
  r_.check_keys(*t, "design",
                {"method", "samples", "levels", "second_order", "seed", "resamples", "outputs"});
  DesignSpec spec;
  spec.origin = r_.where(t) + ": [design]";
  const toml::node& method =
      r_.require(*t, "method", "design", "method = \"sobol\" (or oat, morris, lhs)");
  const std::string name = r_.text(method, "design.method", "a method in quotes");
  const std::string method_problem = design_method_problem(name);
  if (!method_problem.empty()) r_.fail(&method, "design.method", method_problem);
  spec.method = *design_method(name);
  spec.samples = spec.method == DesignMethod::sobol ? 64
                 : spec.method == DesignMethod::lhs ? 100
                                                    : 20;
  if (const toml::node* n = t->get("samples")) {
    spec.samples =
        r_.integer(*n, "design.samples", 0, kMaxDesignPoints, "a whole number of samples");
  }
  if (const toml::node* n = t->get("levels")) {
    spec.levels = r_.integer(*n, "design.levels", 0, 1000, "an even number of grid levels");
  }
  if (const toml::node* n = t->get("second_order")) {
    spec.second_order = r_.boolean(*n, "design.second_order");
  }
  if (const toml::node* n = t->get("seed")) {
    spec.seed = static_cast<uint64_t>(
        r_.integer(*n, "design.seed", 0, INT64_MAX, "a whole number from 0 (the design's seed)"));
  }
  if (const toml::node* n = t->get("resamples")) {
    spec.resamples =
        r_.integer(*n, "design.resamples", 2, 1000000, "a whole number of bootstrap resamples");
  }
  if (const toml::node* n = t->get("outputs")) {
    const toml::array* list = n->as_array();
    if (list == nullptr || list->empty()) {
      r_.fail(n, "design.outputs",
              "got " + describe(*n) +
                  "; expected a non-empty array of outputs, e.g. [\"lost_output/mean\"]");
    }
    spec.outputs.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string item = "design.outputs[" + std::to_string(i) + "]";
      const std::string output = r_.text((*list)[i], item, "an output name in quotes");
      const std::string problem = design_output_problem(output, s_.quantiles);
      if (!problem.empty()) r_.fail(&(*list)[i], item, problem);
      for (const std::string& earlier : spec.outputs) {
        if (earlier == output) r_.fail(&(*list)[i], item, output + " is listed twice");
      }
      spec.outputs.push_back(output);
    }
  }
  const std::string samples_problem = design_samples_problem(spec);
  if (!samples_problem.empty()) {
    const toml::node* at = t->get(samples_problem.rfind("levels", 0) == 0 ? "levels" : "samples");
    r_.fail(at != nullptr ? at : t,
            samples_problem.rfind("levels", 0) == 0 ? "design.levels" : "design.samples",
            samples_problem);
  }
  s_.design = std::move(spec);
}

}  // namespace detail
}  // namespace chokepoint
