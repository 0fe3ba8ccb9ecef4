#include "host/cli/summary_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

namespace chokepoint {
namespace {

constexpr double kNoiseWarning = 0.1;

std::string number(double value, const char* pattern = "%.4g") {
  if (std::isnan(value)) return "-";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

}  // namespace

bool has_sensitivity(const Hdf5File& file) {
  return file.exists("sensitivity/noise_share");
}

double paths_for_noise_share(double share, int64_t paths, double target) {
  // share = noise / (signal + noise); noise falls as 1 / paths.
  if (!(share < 1) || !(share > 0)) return -1;
  const double signal_over_noise = (1 - share) / share;
  const double wanted_noise = signal_over_noise * target / (1 - target);
  return std::ceil(static_cast<double>(paths) / wanted_noise);
}

void print_sensitivity(const Hdf5File& file, std::ostream& out) {
  const auto factors = file.read_strings("factor");
  const auto outputs = file.read_strings("output");
  const auto industries = file.read_strings("industry");
  const std::string method = file.read_string_attribute("sensitivity", "method");
  const int64_t paths = file.read_integer_attribute("/", "paths");
  const size_t k = factors.size(), I = industries.size();
  const auto noise = file.read_doubles("sensitivity/noise_share");
  const auto read = [&](const char* name) {
    const std::string path = std::string("sensitivity/") + name;
    return file.exists(path) ? file.read_doubles(path) : std::vector<double>();
  };
  // The ranking index, and the columns shown, per method.
  std::vector<std::string> headers;
  std::vector<std::vector<double>> columns;
  std::vector<double> rank_by;
  if (method == "sobol") {
    headers = {"ST", "±", "S1", "±"};
    columns = {read("ST"), read("ST_conf"), read("S1"), read("S1_conf")};
    rank_by = columns[0];
  } else if (method == "morris") {
    headers = {"mu*", "±", "mu", "sigma"};
    columns = {read("mu_star"), read("mu_star_conf"), read("mu"), read("sigma")};
    rank_by = columns[0];
  } else if (method == "oat") {
    const auto low = read("low"), high = read("high");
    std::vector<double> swing(low.size());
    for (size_t c = 0; c < low.size(); ++c) swing[c] = high[c] - low[c];
    headers = {"high-low", "±stderr", "low", "high", "base"};
    columns = {swing, read("swing_stderr"), low, high, read("base")};
    rank_by = swing;
    for (double& v : rank_by) v = std::fabs(v);
  } else {
    headers = {"spearman"};
    columns = {read("spearman")};
    rank_by = columns[0];
    for (double& v : rank_by) v = std::fabs(v);
  }
  out << "\ndesign: " << method << ", " << k << " factor" << (k == 1 ? "" : "s") << ", "
      << file.read_integers("point").size() << " points; factors ranked by "
      << (method == "sobol"    ? "total index ST"
          : method == "morris" ? "mu* (mean absolute elementary effect)"
          : method == "oat"    ? "|high - low| (tornado)"
                               : "|Spearman rank correlation|")
      << (method == "oat" ? "; ±stderr: paired standard error of high - low over the same paths\n"
          : method == "lhs" ? "\n"
                            : "; ± are 95% bootstrap half-widths\n");
  std::size_t width = 24;
  for (const auto& f : factors) width = std::max(width, f.size());
  for (size_t o = 0; o < outputs.size(); ++o) {
    for (size_t i = 0; i < I; ++i) {
      const size_t cell = o * I + i;
      out << "\n"
          << outputs[o] << ", " << industries[i] << "   (noise share "
          << number(noise[cell], "%.3f") << ")\n";
      char line[256];
      std::snprintf(line, sizeof line, "  %-*s", static_cast<int>(width), "factor");
      out << line;
      for (const auto& h : headers) {
        std::snprintf(line, sizeof line, " %10s", h.c_str());
        out << line;
      }
      out << "\n";
      std::vector<size_t> order(k);
      std::iota(order.begin(), order.end(), size_t{0});
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const double x = rank_by[cell * k + a], y = rank_by[cell * k + b];
        if (std::isnan(x) != std::isnan(y)) return std::isnan(y);
        return x > y;
      });
      for (size_t j : order) {
        std::snprintf(line, sizeof line, "  %-*s", static_cast<int>(width), factors[j].c_str());
        out << line;
        for (const auto& column : columns) {
          std::snprintf(line, sizeof line, " %10s", number(column[cell * k + j]).c_str());
          out << line;
        }
        out << "\n";
      }
      if (noise[cell] > kNoiseWarning) {
        const double wanted = paths_for_noise_share(noise[cell], paths, kNoiseWarning);
        out << "  warning: noise share " << number(noise[cell], "%.2f") << " (above "
            << kNoiseWarning
            << "): the points' standard errors are large beside the spread of this figure "
               "across points, so its indices may be mostly Monte Carlo noise; "
            << (wanted > 0 ? "about " + number(wanted, "%.0f") +
                                 " paths per point (-n) would bring the share below 0.1"
                           : std::string("the figure varies across points by less than its "
                                         "standard errors: run more paths per point (-n)"))
            << "\n";
      }
    }
  }
}

}  // namespace chokepoint
