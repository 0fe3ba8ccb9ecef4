#include "host/cli/precision_summary.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace chokepoint {

namespace {

std::string text(const char* pattern, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

std::string thousands(int64_t value) {
  std::string digits = std::to_string(value), out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

}  // namespace

void print_precision_summary(const Hdf5File& file, std::ostream& out) {
  if (!file.has_attribute("/", "stopped_by")) return;
  const int64_t n = file.read_integer_attribute("/", "paths");
  const int64_t max_paths = file.read_integer_attribute("/", "max_paths");
  const std::string stopped_by = file.read_string_attribute("/", "stopped_by");
  const auto targets = file.read_strings("target");
  const auto industries = file.read_strings("industry");
  const auto materials = file.read_strings("material");
  const auto levels = file.read_doubles("quantile");
  const auto points = file.read_integers("point");
  const auto hw = file.read_doubles("precision/half_width");
  const auto hw_material = file.read_doubles("precision/half_width_material");
  const size_t P = points.size(), I = industries.size(), M = materials.size(), F = targets.size();
  const size_t Q = levels.size();
  out << "\nprecision: "
      << (stopped_by == "precision"
              ? "stopped at " + thousands(n) + " paths, every target met (maximum " +
                    thousands(max_paths) + ")"
              : "reached the maximum of " + thousands(max_paths) +
                    " paths before every target was met")
      << "\n";
  char header[200];
  std::snprintf(header, sizeof header, "%-34s %5s %-28s %12s %12s %12s\n", "target", "point",
                "industry/material", "figure", "±half-width", "target ±");
  out << header;
  for (size_t f = 0; f < F; ++f) {
    const std::string& t = targets[f];
    const auto eq = t.find('=');
    const std::string figure = t.substr(0, eq);
    std::string value = t.substr(eq + 1);
    const bool relative = !value.empty() && value.back() == '%';
    const double goal = std::strtod(value.c_str(), nullptr) / (relative ? 100.0 : 1.0);
    const bool material = figure == "unmet_tonnes/mean";
    std::vector<double> figures;
    size_t stride = 1, offset = 0;
    if (figure == "lost_output/mean") {
      figures = file.read_doubles("lost_output/mean");
    } else if (figure == "lost_output/prob_any") {
      figures = file.read_doubles("lost_output/prob_any");
    } else if (figure == "shortage_days/mean") {
      figures = file.read_doubles("shortage_days/mean");
    } else if (material) {
      figures = file.read_doubles("unmet_tonnes/mean");
    } else {
      const double q = std::strtod(figure.substr(figure.find('@') + 1).c_str(), nullptr);
      figures = file.read_doubles("lost_output/quantiles");
      stride = Q;
      for (size_t k = 0; k < Q; ++k) {
        if (std::fabs(levels[k] - q) <= 1e-12) offset = k;
      }
    }
    const bool percent = figure.rfind("lost_output/", 0) == 0;
    const auto show = [&](double x) { return percent ? text("%.4f%%", 100 * x) : text("%.4g", x); };
    const size_t E = material ? M : I;
    for (size_t p = 0; p < P; ++p) {
      for (size_t e = 0; e < E; ++e) {
        const double h = (material ? hw_material : hw)[(p * E + e) * F + f];
        const double x = figures[(p * E + e) * stride + offset];
        const std::string& id = material ? materials[e] : industries[e];
        char row[260];
        if (std::isnan(h)) {
          const std::string bound =
              figure == "lost_output/prob_any"
                  ? "no event in " + thousands(n) + " paths (95% upper bound " +
                        text("%.3g%%", 300.0 / static_cast<double>(n)) + ")"
                  : "no event in " + thousands(n) + " paths (0 on every path)";
          std::snprintf(row, sizeof row, "%-34s %5zu %-28s %s\n", t.c_str(), p, id.c_str(),
                        bound.c_str());
        } else {
          const double limit = relative ? goal * std::fabs(x) : goal;
          std::snprintf(row, sizeof row, "%-34s %5zu %-28s %12s %12s %12s %s\n", t.c_str(), p,
                        id.c_str(), show(x).c_str(), show(h).c_str(), show(limit).c_str(),
                        h <= limit ? "met" : "not met");
        }
        out << row;
      }
    }
  }
}

}  // namespace chokepoint
