#include "host/scenario/precision_target.hpp"

#include <cmath>
#include <cstdlib>

#include "host/scenario/input_error.hpp"
#include "host/scenario/reader.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint {

namespace {

bool parse_number(const std::string& text, double* value) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return false;
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

std::string quantile_list(const std::vector<double>& quantiles) {
  std::string list;
  for (double q : quantiles) list += (list.empty() ? "" : ", ") + number_text(q);
  return list;
}

}  // namespace

const std::vector<std::string>& precision_figure_names() {
  static const std::vector<std::string> names = {"lost_output/mean", "lost_output/prob_any",
                                                 "lost_output/quantile@Q", "shortage_days/mean",
                                                 "unmet_tonnes/mean"};
  return names;
}

bool parse_precision_target(const std::string& text, const std::vector<double>& quantiles,
                            PrecisionTarget* out, std::string* error) {
  const std::string expected =
      "expected FIGURE=TARGET with FIGURE one of lost_output/mean, lost_output/prob_any, "
      "lost_output/quantile@Q, shortage_days/mean, unmet_tonnes/mean and TARGET a 95% "
      "half-width (0.002) or a share of the figure (5%)";
  const auto eq = text.find('=');
  if (eq == std::string::npos) {
    *error = "\"" + text + "\" has no '='; " + expected;
    return false;
  }
  PrecisionTarget t;
  t.text = text;
  const std::string figure = text.substr(0, eq);
  std::string value = text.substr(eq + 1);
  if (figure == "lost_output/mean") {
    t.figure = PrecisionFigure::lost_mean;
  } else if (figure == "lost_output/prob_any") {
    t.figure = PrecisionFigure::lost_prob_any;
  } else if (figure == "shortage_days/mean") {
    t.figure = PrecisionFigure::shortage_days_mean;
  } else if (figure == "unmet_tonnes/mean") {
    t.figure = PrecisionFigure::unmet_tonnes_mean;
  } else if (figure.rfind("lost_output/quantile@", 0) == 0) {
    t.figure = PrecisionFigure::lost_quantile;
    const std::string level = figure.substr(std::string("lost_output/quantile@").size());
    bool found = false;
    double q = 0;
    if (parse_number(level, &q)) {
      for (double known : quantiles) found = found || std::fabs(known - q) <= 1e-12;
    }
    if (!found) {
      *error = "the quantile level \"" + level +
               "\" is not among the output quantiles; expected one of " + quantile_list(quantiles) +
               " (output.quantiles)";
      return false;
    }
    for (double known : quantiles) {
      if (std::fabs(known - q) <= 1e-12) t.quantile = known;
    }
  } else {
    std::string word = figure;
    if (figure.rfind("lost_output/quantile", 0) == 0) word = "lost_output/quantile@Q";
    *error = "unknown figure \"" + figure + "\"" +
             detail::Reader::nearest_choice(word, precision_figure_names()) + "; " + expected;
    return false;
  }
  if (!value.empty() && value.back() == '%') {
    t.relative = true;
    value.pop_back();
  }
  double x = 0;
  if (!parse_number(value, &x) || !std::isfinite(x) || x <= 0) {
    *error = "the target \"" + text.substr(eq + 1) +
             "\" is not a positive number; expected a 95% half-width such as 0.002, or a share "
             "of the figure such as 5%";
    return false;
  }
  if (t.relative) {
    if (x > 100) {
      *error = "the relative target " + number_text(x) +
               "% is above 100%; expected a share of the figure from just above 0% to 100%";
      return false;
    }
    x /= 100;
  }
  t.value = x;
  *out = t;
  return true;
}

}  // namespace chokepoint

namespace chokepoint {

void apply_precision_options(const std::vector<std::string>& options, Scenario* scenario) {
  if (options.empty()) return;
  std::vector<PrecisionTarget> targets;
  for (const std::string& text : options) {
    PrecisionTarget target;
    std::string error;
    if (!parse_precision_target(text, scenario->quantiles, &target, &error)) {
      throw InputError("--precision " + text + ": " + error);
    }
    targets.push_back(target);
  }
  scenario->precision = targets;
}

}  // namespace chokepoint
