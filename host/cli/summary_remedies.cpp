#include "host/cli/summary_remedies.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "host/scenario/detail.hpp"

namespace chokepoint {

namespace {

std::string text(const char* pattern, double value) {
  if (std::isnan(value)) return "n/a";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, pattern, value);
  return buffer;
}

std::string tonnes(double t) {
  return text("%.2f", t) + " t";
}

std::string percent(double share) {
  return text("%.1f", 100 * share) + "%";
}

size_t index_of(const std::vector<std::string>& names, const std::string& name) {
  return static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

}  // namespace

RemedySummary::RemedySummary(const Hdf5File& file) {
  industries_ = file.read_strings("industry");
  materials_ = file.read_strings("material");
  interval_starts_ = file.read_integers("interval");
  K_ = interval_starts_.size();
  const auto levels = file.read_doubles("quantile");
  Q_ = levels.size();
  stockpiles_ = file.exists("stockpile") && file.exists("stockpiles/remaining");
  quotas_ = file.exists("quota/denied_tonnes");
  substitution_ = file.exists("substitution/share");

  if (stockpiles_) {
    stockpile_ids_ = file.read_strings("stockpile");
    remaining_ = file.read_doubles("stockpiles/remaining");
    prob_empty_ = file.read_doubles("stockpiles/prob_empty");
    quantiles_ = file.read_doubles("stockpiles/remaining_quantiles");
    released_ = file.read_doubles("stockpiles/released");
    // P5 where 0.05 is a level, else the lowest level; P50 where 0.5 is one, else the
    // level nearest to it (when that is not the low column already).
    const auto column = [&](int64_t k) {
      QuantileColumn c;
      c.index = k;
      if (k >= 0) {
        const std::string level = text("%g", 100 * levels[static_cast<size_t>(k)]);
        c.label = "P" + level;
        c.csv = "remaining_p" + level + "_t";
        std::replace(c.csv.begin(), c.csv.end(), '.', '_');
      }
      return c;
    };
    int64_t low = -1, mid = -1;
    for (size_t k = 0; k < Q_; ++k) {
      const auto kk = static_cast<int64_t>(k);
      if (std::fabs(levels[k] - 0.05) < 1e-12) low = kk;
      if (mid < 0 || std::fabs(levels[k] - 0.5) < std::fabs(levels[static_cast<size_t>(mid)] - 0.5))
        mid = kk;
    }
    if (low < 0 && Q_ > 0) {
      low = static_cast<int64_t>(std::min_element(levels.begin(), levels.end()) - levels.begin());
    }
    low_ = column(low);
    mid_ = column(mid == low ? -1 : mid);
  }
  if (quotas_ || substitution_) {
    // Which materials have a quota, and which (industry, material) a substitution: from
    // the resolved scenario the file carries (a quota that never binds reports zeros).
    const std::string scenario = file.read_string_attribute("/", "scenario_toml");
    toml::table root;
    try {
      root = detail::parse_toml(scenario, "scenario_toml");
    } catch (const std::exception&) {
      // A file whose scenario text does not parse: no quota or substitution lines.
    }
    if (quotas_) {
      denied_ = file.read_doubles("quota/denied_tonnes");
      binding_ = file.read_doubles("quota/prob_binding");
      if (const toml::array* list = root["quota"].as_array()) {
        for (const toml::node& entry : *list) {
          const toml::table* quota = entry.as_table();
          const auto* material = quota ? quota->get_as<std::string>("material") : nullptr;
          if (!material) continue;
          const size_t m = index_of(materials_, material->get());
          if (m < materials_.size() && std::find(quota_materials_.begin(), quota_materials_.end(),
                                                 m) == quota_materials_.end()) {
            quota_materials_.push_back(m);
          }
        }
      }
      std::sort(quota_materials_.begin(), quota_materials_.end());
    }
    if (substitution_) {
      share_ = file.read_doubles("substitution/share");
      if (const toml::array* list = root["industry"].as_array()) {
        for (const toml::node& entry : *list) {
          const toml::table* industry = entry.as_table();
          if (!industry || !industry->get_as<std::string>("id")) continue;
          const size_t i = index_of(industries_, industry->get_as<std::string>("id")->get());
          const toml::table* subs = industry->get_as<toml::table>("substitution");
          if (i >= industries_.size() || !subs) continue;
          for (size_t m = 0; m < materials_.size(); ++m) {
            if (subs->contains(materials_[m])) substituted_.emplace_back(i, m);
          }
        }
      }
    }
  }
}

void RemedySummary::print_text(size_t p, std::ostream& out) const {
  const size_t S = stockpile_ids_.size(), I = industries_.size(), M = materials_.size();
  if (stockpiles_ && S > 0) {
    std::string levels = low_.label;
    if (!mid_.label.empty()) levels += (levels.empty() ? "" : ", ") + mid_.label;
    out << "\nstockpiles: tonnes held at the end of the horizon (mean"
        << (levels.empty() ? "" : "; quantiles over paths " + levels)
        << ");\nP(empty) = share of paths whose stockpile is empty at the end\n";
    char row[240];
    std::snprintf(row, sizeof row, "%-28s %12s %12s %12s %10s\n", "stockpile", "mean held",
                  low_.label.c_str(), mid_.label.c_str(), "P(empty)");
    out << row;
    for (size_t s = 0; s < S; ++s) {
      const auto quantile = [&](const QuantileColumn& c) {
        return c.index < 0 ? std::string()
                           : tonnes(quantiles_[(p * S + s) * Q_ + static_cast<size_t>(c.index)]);
      };
      std::snprintf(row, sizeof row, "%-28s %12s %12s %12s %10s\n", stockpile_ids_[s].c_str(),
                    tonnes(remaining_[(p * S + s) * K_ + K_ - 1]).c_str(), quantile(low_).c_str(),
                    quantile(mid_).c_str(),
                    percent(prob_empty_[(p * S + s) * K_ + K_ - 1]).c_str());
      out << row;
      std::string released;
      for (size_t i = 0; i < I; ++i) {
        const double t = released_[(p * S + s) * I + i];
        if (t > 0) released += (released.empty() ? "" : ", ") + industries_[i] + " " + tonnes(t);
      }
      out << "  released (mean over the horizon): " << (released.empty() ? "none" : released)
          << "\n";
    }
  }
  if (quotas_ && !quota_materials_.empty()) {
    out << "\nquotas: tonnes denied (mean over paths); P(a quota denied a request) is stored per\n"
           "report interval only: the largest interval's is shown\n";
    for (size_t m : quota_materials_) {
      size_t worst = 0;
      for (size_t k = 0; k < K_; ++k) {
        if (binding_[(p * M + m) * K_ + k] > binding_[(p * M + m) * K_ + worst]) worst = k;
      }
      out << "quota on " << materials_[m] << ": " << tonnes(denied_[p * M + m])
          << " denied; largest P(denied in an interval) "
          << percent(K_ ? binding_[(p * M + m) * K_ + worst] : 0.0)
          << (K_ ? " (the interval from day " + std::to_string(interval_starts_[worst]) + ")"
                 : std::string())
          << "\n";
    }
  }
  if (substitution_ && !substituted_.empty()) {
    out << "\nsubstitution: share of the industry's buyers using the reduced need by the end\n"
           "(switches in the warm-up included)\n";
    for (const auto& [i, m] : substituted_) {
      out << "substitution " << industries_[i] << " / " << materials_[m] << ": "
          << percent(share_[(p * I + i) * M + m]) << " switched\n";
    }
  }
}

void RemedySummary::print_csv(const std::vector<std::string>& sweep_keys,
                              const std::vector<std::vector<std::string>>& sweep_values,
                              size_t points, std::ostream& out) const {
  const size_t S = stockpile_ids_.size(), I = industries_.size(), M = materials_.size();
  const auto header = [&](const std::string& columns) {
    out << "\npoint";
    for (const auto& key : sweep_keys) out << "," << key;
    out << "," << columns << "\n";
  };
  const auto lead = [&](size_t p) {
    out << p;
    for (const auto& values : sweep_values) out << "," << values[p];
  };
  const auto number = [](double v) { return text("%.9g", v); };
  if (stockpiles_ && S > 0) {
    header("stockpile,remaining_mean_t" + (low_.index < 0 ? "" : "," + low_.csv) +
           (mid_.index < 0 ? "" : "," + mid_.csv) + ",prob_empty_end");
    for (size_t p = 0; p < points; ++p) {
      for (size_t s = 0; s < S; ++s) {
        lead(p);
        out << "," << stockpile_ids_[s] << "," << number(remaining_[(p * S + s) * K_ + K_ - 1]);
        for (const QuantileColumn* c : {&low_, &mid_}) {
          if (c->index >= 0)
            out << "," << number(quantiles_[(p * S + s) * Q_ + static_cast<size_t>(c->index)]);
        }
        out << "," << number(prob_empty_[(p * S + s) * K_ + K_ - 1]) << "\n";
      }
    }
    header("stockpile,industry,released_t");
    for (size_t p = 0; p < points; ++p) {
      for (size_t s = 0; s < S; ++s) {
        for (size_t i = 0; i < I; ++i) {
          lead(p);
          out << "," << stockpile_ids_[s] << "," << industries_[i] << ","
              << number(released_[(p * S + s) * I + i]) << "\n";
        }
      }
    }
  }
  if (quotas_ && !quota_materials_.empty()) {
    header("material,quota_denied_t,quota_prob_binding_max_interval");
    for (size_t p = 0; p < points; ++p) {
      for (size_t m : quota_materials_) {
        double worst = 0;
        for (size_t k = 0; k < K_; ++k) worst = std::max(worst, binding_[(p * M + m) * K_ + k]);
        lead(p);
        out << "," << materials_[m] << "," << number(denied_[p * M + m]) << "," << number(worst)
            << "\n";
      }
    }
  }
  if (substitution_ && !substituted_.empty()) {
    header("industry,material,substitution_share");
    for (size_t p = 0; p < points; ++p) {
      for (const auto& [i, m] : substituted_) {
        lead(p);
        out << "," << industries_[i] << "," << materials_[m] << ","
            << number(share_[(p * I + i) * M + m]) << "\n";
      }
    }
  }
}

}  // namespace chokepoint
