#include "host/cli/summary.hpp"
#include "host/cli/summary_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "host/cli/significance.hpp"
#include "host/cli/precision_summary.hpp"
#include "host/cli/summary_remedies.hpp"
#include "host/results/hdf5_file.hpp"
#include "host/results/results_file.hpp"
#include "host/scenario/input_error.hpp"
#include "host/statistics/paired_moments.hpp"

namespace chokepoint {

namespace {

//! Index of quantile level q in `levels`, or -1.
int64_t level_index(const std::vector<double>& levels, double q) {
  for (size_t k = 0; k < levels.size(); ++k) {
    if (std::fabs(levels[k] - q) < 1e-12) return static_cast<int64_t>(k);
  }
  return -1;
}

std::string format(const char* pattern, double value) {
  if (std::isnan(value)) return "n/a";
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

Hdf5File open_results(const std::string& path) {
  Hdf5File file = [&] {
    try {
      return Hdf5File::open_read(path);
    } catch (const Hdf5Error& e) {
      throw ResultsReadError(std::string(e.what()));
    }
  }();
  if (!file.has_attribute("/", "format") ||
      file.read_string_attribute("/", "format") != kResultsFormat) {
    throw ResultsReadError(path + ": not a chokepoint results file (root attribute format != \"" +
                           kResultsFormat + "\")");
  }
  const std::string version = file.read_string_attribute("/", "format_version");
  if (std::atoi(version.c_str()) != kResultsFormatMajor) {
    throw ResultsReadError(path + ": results format version " + version +
                           " is not supported by this chokepoint (reads " +
                           std::to_string(kResultsFormatMajor) + ".x); use a matching release");
  }
  return file;
}

//! The swept keys of a results file and each key's value at each point, as text.
struct SweepText {
  std::vector<std::string> keys;
  std::vector<std::vector<std::string>> values;  //!< [key][point]

  //! "k1=v1, k2=v2" at point p; empty without sweeps.
  std::string at(size_t p) const {
    std::string text;
    for (size_t k = 0; k < keys.size(); ++k) {
      text += (k ? ", " : "") + keys[k] + "=" + values[k][p];
    }
    return text;
  }
};

SweepText read_sweeps(const Hdf5File& file) {
  SweepText sweeps;
  const std::string keys = file.read_string_attribute("/", "sweep_keys");
  for (size_t start = 0; !keys.empty() && start <= keys.size();) {
    const size_t comma = std::min(keys.find(',', start), keys.size());
    sweeps.keys.push_back(keys.substr(start, comma - start));
    start = comma + 1;
  }
  for (const auto& key : sweeps.keys) {
    std::vector<std::string> texts;
    const std::string dataset = "sweep/" + key;
    try {
      for (double v : file.read_doubles(dataset)) texts.push_back(format("%.12g", v));
    } catch (const Hdf5Error&) {
      texts = file.read_strings(dataset);
    }
    sweeps.values.push_back(texts);
  }
  return sweeps;
}

//! lost_output/prob_any_stderr; computed from prob_any for files written before it.
std::vector<double> prob_any_stderr(const Hdf5File& file, const std::vector<double>& prob_any) {
  if (file.exists("lost_output/prob_any_stderr")) {
    return file.read_doubles("lost_output/prob_any_stderr");
  }
  const auto n = static_cast<double>(file.read_integer_attribute("/", "paths"));
  std::vector<double> se;
  for (double p : prob_any) se.push_back(std::sqrt(std::max(p * (1 - p), 0.0) / n));
  return se;
}

}  // namespace

void print_summary(const std::string& path, bool csv, std::ostream& out) {
  try {
    const Hdf5File file = open_results(path);
    const auto industries = file.read_strings("industry");
    const auto levels = file.read_doubles("quantile");
    const auto mean = file.read_doubles("lost_output/mean");
    const auto stderr_ = file.read_doubles("lost_output/stderr");
    const auto quantiles = file.read_doubles("lost_output/quantiles");
    const auto cvar = file.read_doubles("lost_output/cvar");
    const auto prob_any = file.read_doubles("lost_output/prob_any");
    const auto prob_se = prob_any_stderr(file, prob_any);
    const auto points = file.read_integers("point");
    const SweepText sweeps = read_sweeps(file);
    const std::vector<std::string>& sweep_keys = sweeps.keys;
    const std::vector<std::vector<std::string>>& sweep_text = sweeps.values;
    const RemedySummary remedies(file);
    const size_t I = industries.size(), Q = levels.size();
    const int64_t q95 = level_index(levels, 0.95);
    const auto at = [&](const std::vector<double>& v, size_t p, size_t i, int64_t q) {
      return q < 0 ? std::nan("") : v[(p * I + i) * Q + static_cast<size_t>(q)];
    };

    if (csv) {
      out << "point";
      for (const auto& key : sweep_keys) out << "," << key;
      out << ",industry,lost_output_mean,lost_output_stderr,lost_output_p95,lost_output_cvar95,"
             "prob_any_shortage,prob_any_shortage_stderr\n";
    } else {
      out << "scenario: " << file.read_string_attribute("/", "scenario_name") << "\n"
          << "paths: " << file.read_integer_attribute("/", "paths")
          << "   horizon: " << file.read_integer_attribute("/", "horizon_days") << " days"
          << "   seed: " << file.read_integer_attribute("/", "seed")
          << "   backend: " << file.read_string_attribute("/", "backend") << "\n"
          << "lost output = fraction of planned output lost over the horizon\n";
      if (file.has_attribute("/", "shortage_threshold")) {
        const bool swept = std::find(sweep_keys.begin(), sweep_keys.end(),
                                     "output.shortage_threshold") != sweep_keys.end();
        const double theta = file.read_double_attribute("/", "shortage_threshold");
        out << "P(short) = share of paths with a shortage day, s(t) > "
            << (swept ? std::string("output.shortage_threshold of each point")
                      : format("%g", theta))
            << " (s(t): the industry's shortfall on day t)\n";
      }
    }
    if (!csv && has_sensitivity(file)) {
      out << "(per-point figures: summary --csv)\n";
      print_sensitivity(file, out);
      return;
    }
    for (size_t p = 0; p < points.size(); ++p) {
      if (!csv) {
        out << "\n";
        if (!sweep_keys.empty()) {
          out << "point " << p << ":";
          for (size_t k = 0; k < sweep_keys.size(); ++k)
            out << "  " << sweep_keys[k] << " = " << sweep_text[k][p];
          out << "\n";
        }
        char header[160];
        std::snprintf(header, sizeof header, "%-28s %10s %10s %10s %10s %10s %10s\n", "industry",
                      "mean", "±stderr", "P95", "CVaR95", "P(short)", "±stderr");
        out << header;
      }
      for (size_t i = 0; i < I; ++i) {
        const size_t c = p * I + i;
        if (csv) {
          out << p;
          for (const auto& texts : sweep_text) out << "," << texts[p];
          out << "," << industries[i] << "," << format("%.9g", mean[c]) << ","
              << format("%.9g", stderr_[c]) << "," << format("%.9g", at(quantiles, p, i, q95))
              << "," << format("%.9g", at(cvar, p, i, q95)) << "," << format("%.9g", prob_any[c])
              << "," << format("%.9g", prob_se[c]) << "\n";
        } else {
          char row[200];
          std::snprintf(
              row, sizeof row, "%-28s %9s%% %9s%% %9s%% %9s%% %9s%% %9s%%\n", industries[i].c_str(),
              format("%.2f", 100 * mean[c]).c_str(), format("%.2f", 100 * stderr_[c]).c_str(),
              format("%.2f", 100 * at(quantiles, p, i, q95)).c_str(),
              format("%.2f", 100 * at(cvar, p, i, q95)).c_str(),
              format("%.1f", 100 * prob_any[c]).c_str(), format("%.1f", 100 * prob_se[c]).c_str());
          out << row;
        }
      }
      if (!csv) remedies.print_text(p, out);
    }
    if (csv) remedies.print_csv(sweep_keys, sweep_text, points.size(), out);
    if (!csv) print_precision_summary(file, out);
  } catch (const Hdf5Error& e) {
    throw ResultsReadError(path + ": " + e.what());
  }
}

void print_difference(const std::string& path, int64_t a, int64_t b, bool csv, std::ostream& out) {
  try {
    const Hdf5File file = open_results(path);
    const auto P = static_cast<int64_t>(file.read_integers("point").size());
    const std::string option = "--diff " + std::to_string(a) + " " + std::to_string(b);
    if (P == 1) {
      throw InputError(option + ": " + path +
                       " has a single point (no sweep); expected a results file of a sweep, whose "
                       "points --diff compares");
    }
    for (int64_t p : {a, b}) {
      if (p < 0 || p >= P) {
        throw InputError(option + ": " + path + " has no point " + std::to_string(p) +
                         "; expected points from 0 to " + std::to_string(P - 1));
      }
    }
    if (a == b) {
      throw InputError(option +
                       ": a point compared with itself; expected two different points "
                       "from 0 to " +
                       std::to_string(P - 1));
    }
    const auto industries = file.read_strings("industry");
    const auto I = static_cast<int64_t>(industries.size());
    const int64_t N = file.read_integer_attribute("/", "paths");
    const auto mean = file.read_doubles("lost_output/mean");
    const auto sd = file.read_doubles("lost_output/std");
    const auto se = file.read_doubles("lost_output/stderr");
    const auto prob = file.read_doubles("lost_output/prob_any");
    const auto prob_se = prob_any_stderr(file, prob);
    const SweepText sweeps = read_sweeps(file);
    const bool paired = file.exists("paired/lost_output_cov");
    std::vector<double> cov, both;
    if (paired) {
      cov = file.read_doubles("paired/lost_output_cov");
      both = file.read_doubles("paired/prob_short_both");
    }
    const auto at = [&](int64_t p, int64_t i) { return static_cast<size_t>(p * I + i); };
    const auto pair_at = [&](int64_t i) { return static_cast<size_t>((a * P + b) * I + i); };
    const auto point = [&](int64_t p) {
      const std::string values = sweeps.at(static_cast<size_t>(p));
      return "point " + std::to_string(p) + (values.empty() ? "" : " (" + values + ")");
    };
    if (csv) {
      out << "point_a,point_b,industry,lost_output_mean_a,lost_output_mean_b,lost_output_change,"
             "lost_output_change_stderr_paired,lost_output_change_stderr_unpaired,"
             "prob_any_shortage_a,prob_any_shortage_b,prob_any_shortage_change,"
             "prob_any_shortage_change_stderr_paired,prob_any_shortage_change_stderr_unpaired,"
             "lost_output_change_z,prob_any_shortage_change_z\n";
    } else {
      out << "change from " << point(a) << " to " << point(b) << "\n"
          << N << " paired paths (common random numbers)\n";
      if (!paired) {
        out << "note: this file has no paired/ moments; only unpaired errors are shown\n";
      }
      out << "z = change / its standard error (" << (paired ? "paired" : "unpaired")
          << "); |z| > 3 is rarely chance\n";
    }
    struct Row {
      double da, db, pse, unpaired, pa, pb, ppse, punpaired, z, pz;
    };
    std::vector<Row> rows;
    std::vector<double> lost_errors, prob_errors;
    for (int64_t i = 0; i < I; ++i) {
      Row r{};
      r.da = mean[at(a, i)];
      r.db = mean[at(b, i)];
      r.unpaired = std::sqrt(se[at(a, i)] * se[at(a, i)] + se[at(b, i)] * se[at(b, i)]);
      const double va = sd[at(a, i)] * sd[at(a, i)], vb = sd[at(b, i)] * sd[at(b, i)];
      r.pse = paired ? paired_stderr(va, vb, cov[pair_at(i)], N) : std::nan("");
      r.pa = prob[at(a, i)];
      r.pb = prob[at(b, i)];
      r.ppse = paired ? paired_proportion_stderr(r.pa, r.pb, both[pair_at(i)], N) : std::nan("");
      r.punpaired =
          std::sqrt(prob_se[at(a, i)] * prob_se[at(a, i)] + prob_se[at(b, i)] * prob_se[at(b, i)]);
      // z of each change: paired where the points share paths, else unpaired.
      r.z = z_score(r.db - r.da, paired ? r.pse : r.unpaired);
      r.pz = z_score(r.pb - r.pa, paired ? r.ppse : r.punpaired);
      lost_errors.push_back(paired ? r.pse : r.unpaired);
      prob_errors.push_back(paired ? r.ppse : r.punpaired);
      rows.push_back(r);
    }
    const int ld = percent_decimals(lost_errors, 3), pd = percent_decimals(prob_errors, 1);
    const auto pct = [](int decimals, double v, bool sign = false) {
      return format((std::string(sign ? "%+." : "%.") + std::to_string(decimals) + "f").c_str(),
                    100 * v);
    };
    if (!csv) {
      const int lw = std::max(9, ld + 5), pw = std::max(8, pd + 5);
      char header[240];  // widths + 1 where a "±" (two bytes) is counted as two
      std::snprintf(header, sizeof header, "%-28s %*s %*s %*s %*s %*s %6s   %*s %*s %*s %*s %6s\n",
                    "industry", lw, "mean A", lw, "mean B", lw, "change", lw + 1, "±paired", lw + 1,
                    "±unpaired", "z", pw, "P(s) A", pw, "P(s) B", pw, "change", pw + 1,
                    paired ? "±paired" : "±unpaired", "z");
      out << header;
    }
    for (int64_t i = 0; i < I; ++i) {
      const Row& r = rows[static_cast<size_t>(i)];
      if (csv) {
        out << a << "," << b << "," << industries[static_cast<size_t>(i)];
        for (double v : {r.da, r.db, r.db - r.da, r.pse, r.unpaired, r.pa, r.pb, r.pb - r.pa,
                         r.ppse, r.punpaired, r.z, r.pz}) {
          out << "," << format("%.9g", v);
        }
        out << "\n";
        continue;
      }
      const int lw = std::max(8, ld + 4), pw = std::max(7, pd + 4);
      char row[400];
      std::snprintf(row, sizeof row,
                    "%-28s %*s%% %*s%% %*s%% %*s%% %*s%% %6s   %*s%% %*s%% %*s%% %*s%% %6s\n",
                    industries[static_cast<size_t>(i)].c_str(), lw, pct(ld, r.da).c_str(), lw,
                    pct(ld, r.db).c_str(), lw, pct(ld, r.db - r.da, true).c_str(), lw,
                    pct(ld, r.pse).c_str(), lw, pct(ld, r.unpaired).c_str(),
                    format("%+.1f", r.z).c_str(), pw, pct(pd, r.pa).c_str(), pw,
                    pct(pd, r.pb).c_str(), pw, pct(pd, r.pb - r.pa, true).c_str(), pw,
                    pct(pd, paired ? r.ppse : r.punpaired).c_str(), format("%+.1f", r.pz).c_str());
      out << row;
    }
  } catch (const Hdf5Error& e) {
    throw ResultsReadError(path + ": " + e.what());
  }
}

}  // namespace chokepoint
