// Reader::distribution: the whole-day distributions of docs/scenario-reference.md (bare number,
// fixed, uniform, triangular, lognormal, empirical), with their own key checks.
#include <cmath>
#include <limits>

#include "host/scenario/reader.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint::detail {

DayDistribution Reader::distribution(const toml::node& node, const std::string& path) const {
  const std::string kinds =
      "\"fixed\", \"uniform\", \"triangular\", \"lognormal\" or \"empirical\"";
  if (node.is_number()) return DayDistribution::fixed(whole_days(node, path, 0, kMaxDays));
  if (!node.is_table()) {
    fail(&node, path,
         "got " + describe(node) +
             "; expected a whole number of days (e.g. 30) or a distribution such as "
             "{ dist = \"uniform\", min = 20, max = 90 }");
  }
  const toml::table& t = *node.as_table();
  const std::string kind =
      text(require(t, "dist", path, "dist = " + kinds), path + ".dist", "one of " + kinds);
  auto days_at = [&](const char* key, const std::string& expected) {
    return whole_days(require(t, key, path, expected), path + "." + key, 0, kMaxDays);
  };
  DayDistribution d;
  if (kind == "fixed") {
    check_keys(t, path, {"dist", "value"});
    d.kind = DayDistKind::Fixed;
    d.value = days_at("value", "value = the number of days");
  } else if (kind == "uniform" || kind == "triangular") {
    const bool triangular = kind == "triangular";
    if (triangular) {
      check_keys(t, path, {"dist", "min", "mode", "max"});
    } else {
      check_keys(t, path, {"dist", "min", "max"});
    }
    d.kind = triangular ? DayDistKind::Triangular : DayDistKind::Uniform;
    d.min = days_at("min", "min = the fewest days (a whole number)");
    d.max = days_at("max", "max = the most days (a whole number)");
    if (d.min > d.max) {
      fail(t.get("max"), path + ".max",
           "min (" + std::to_string(d.min) + ") is greater than max (" + std::to_string(d.max) +
               "); expected min <= max");
    }
    if (triangular) {
      const std::string mode_path = path + ".mode";
      const toml::node& mode = require(t, "mode", path, "mode = the most likely number of days");
      d.mode = number(mode, mode_path, "the most likely number of days, between min and max");
      if (d.mode < static_cast<double>(d.min) || d.mode > static_cast<double>(d.max)) {
        fail(&mode, mode_path,
             number_text(d.mode) + " is outside [min, max] = [" + std::to_string(d.min) + ", " +
                 std::to_string(d.max) + "]; expected min <= mode <= max");
      }
    }
  } else if (kind == "lognormal") {
    check_keys(t, path, {"dist", "median", "sigma", "max"});
    d.kind = DayDistKind::Lognormal;
    const std::string median_expected =
        "the median number of days, a number > 0 and <= " + std::to_string(kMaxDays);
    const toml::node& median = require(t, "median", path, "median = " + median_expected);
    d.median = number(median, path + ".median", median_expected);
    if (d.median <= 0 || d.median > static_cast<double>(kMaxDays)) {
      fail(&median, path + ".median",
           number_text(d.median) + " is out of range; expected " + median_expected);
    }
    const std::string sigma_expected = "sigma > 0 (the standard deviation of the log of the days)";
    const toml::node& sigma = require(t, "sigma", path, sigma_expected);
    d.sigma = number(sigma, path + ".sigma", sigma_expected);
    if (d.sigma <= 0)
      fail(&sigma, path + ".sigma",
           number_text(d.sigma) + " is not positive; expected " + sigma_expected);
    d.max = days_at("max", "max = the most days (a lognormal needs a cap on its long tail)");
  } else if (kind == "empirical") {
    check_keys(t, path, {"dist", "values", "weights"});
    d.kind = DayDistKind::Empirical;
    const std::string values_path = path + ".values";
    const toml::node& values_node =
        require(t, "values", path, "values = [...], the possible numbers of days");
    const toml::array* values = values_node.as_array();
    if (values == nullptr || values->empty() || values->size() > static_cast<size_t>(kMaxDays)) {
      fail(&values_node, values_path,
           (values == nullptr ? "got " + describe(values_node) : std::string("wrong length")) +
               "; expected an array of 1 to " + std::to_string(kMaxDays) +
               " whole numbers of days, e.g. [10, 20, 30]");
    }
    for (std::size_t i = 0; i < values->size(); ++i) {
      d.values.push_back(
          whole_days((*values)[i], values_path + "[" + std::to_string(i) + "]", 0, kMaxDays));
    }
    const double equal = 1.0 / static_cast<double>(d.values.size());
    d.weights.assign(d.values.size(), equal);
    if (const toml::node* weights_node = t.get("weights")) {
      const std::string weights_path = path + ".weights";
      const toml::array* weights = weights_node->as_array();
      if (weights == nullptr || weights->size() != d.values.size()) {
        fail(weights_node, weights_path,
             (weights == nullptr ? "got " + describe(*weights_node)
                                 : "has " + std::to_string(weights->size()) + " weights for " +
                                       std::to_string(d.values.size()) + " values") +
                 "; expected an array with one weight >= 0 per value");
      }
      double sum = 0;
      for (std::size_t i = 0; i < weights->size(); ++i) {
        d.weights[i] = number_in((*weights)[i], weights_path + "[" + std::to_string(i) + "]", 0,
                                 std::numeric_limits<double>::max(), "a weight >= 0");
        sum += d.weights[i];
      }
      if (!(sum > 0) || std::isinf(sum)) {
        fail(weights_node, weights_path,
             "the weights sum to " + number_text(sum) + "; expected at least one positive weight");
      }
      // Weights that already sum to 1 are kept as written, so that normalising is
      // idempotent and a written-out scenario reads back bit for bit.
      if (std::fabs(sum - 1) > 1e-12) {
        for (double& w : d.weights) w /= sum;
      }
    }
  } else {
    fail(t.get("dist"), path + ".dist",
         toml_string_text(kind) + " is not a distribution" +
             nearest_choice(kind, {"fixed", "uniform", "triangular", "lognormal", "empirical"}) +
             "; expected one of " + kinds);
  }
  return d;
}

}  // namespace chokepoint::detail
