// The resolved scenario as TOML (stored in results as `scenario_toml`): every default
// written out, numbers written so that they read back bit for bit (whole numbers as
// integers, as people write them), so that loading the text again gives the same Scenario.
#include <cstdint>
#include <limits>
#include <sstream>

#include "host/scenario/document.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint {
namespace {

std::string licence_text(LicenceRule rule) {
  switch (rule) {
    case LicenceRule::Required:
      return "\"required\"";
    case LicenceRule::Banned:
      return "\"banned\"";
    default:
      return "\"none\"";
  }
}

std::string dist_text(const DayDistribution& d) {
  switch (d.kind) {
    case DayDistKind::Fixed:
      return std::to_string(d.value);
    case DayDistKind::Uniform:
      return "{ dist = \"uniform\", min = " + std::to_string(d.min) +
             ", max = " + std::to_string(d.max) + " }";
    case DayDistKind::Triangular:
      return "{ dist = \"triangular\", min = " + std::to_string(d.min) +
             ", mode = " + toml_number_text(d.mode) + ", max = " + std::to_string(d.max) + " }";
    case DayDistKind::Lognormal:
      return "{ dist = \"lognormal\", median = " + toml_number_text(d.median) +
             ", sigma = " + toml_number_text(d.sigma) + ", max = " + std::to_string(d.max) + " }";
    case DayDistKind::Empirical: {
      std::string values, weights;
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        values += (i ? ", " : "") + std::to_string(d.values[i]);
        weights += (i ? ", " : "") + toml_number_text(d.weights[i]);
      }
      return "{ dist = \"empirical\", values = [" + values + "], weights = [" + weights + "] }";
    }
  }
  return "0";
}

std::string inline_table(const std::vector<std::pair<std::string, double>>& entries) {
  std::string out = "{";
  for (std::size_t i = 0; i < entries.size(); ++i) {
    out += (i ? ", " : " ") + toml_key_text(entries[i].first) + " = " +
           toml_number_text(entries[i].second);
  }
  return out + (entries.empty() ? "}" : " }");
}

std::string per_material_text(const PerMaterial& value) {
  return value.is_table ? inline_table(value.entries) : toml_number_text(value.scalar);
}

void write_terms(std::ostringstream& out, const LicenceTerms& terms, const char* indent) {
  if (terms.licence) out << indent << "licence = " << licence_text(*terms.licence) << "\n";
  if (terms.approval_prob)
    out << indent << "approval_prob = " << toml_number_text(*terms.approval_prob) << "\n";
  if (terms.review_days) out << indent << "review_days = " << dist_text(*terms.review_days) << "\n";
}

void write_regime(std::ostringstream& out, const Regime& g) {
  out << "\n[[regime]]\nid = " << toml_string_text(g.id) << "\n";
  if (g.mean_duration_days) {
    out << "mean_duration_days = " << toml_number_text(*g.mean_duration_days) << "\n";
  }
  if (!g.next.empty()) out << "next = " << inline_table(g.next) << "\n";
  write_terms(out, g.terms, "");
  out << "general_licences = " << (g.general_licences ? "true" : "false") << "\n";
  out << "inspection_prob = " << toml_number_text(g.inspection_prob) << "\n";
  if (g.inspection_days) out << "inspection_days = " << dist_text(*g.inspection_days) << "\n";
  for (const auto& [id, terms] : g.material_overrides) {
    out << "\n  [regime.materials." << toml_key_text(id) << "]\n";
    write_terms(out, terms, "  ");
  }
  for (const auto& [id, terms] : g.industry_overrides) {
    out << "\n  [regime.industries." << toml_key_text(id) << "]\n";
    write_terms(out, terms, "  ");
  }
}

std::string id_list_text(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + toml_string_text(ids[i]);
  return out + "]";
}

void write_industry(std::ostringstream& out, const Industry& ind) {
  out << "\n[[industry]]\nid = " << toml_string_text(ind.id) << "\n";
  out << "buyers = " << ind.buyers << "\n";
  out << "need = " << inline_table(ind.need) << "\n";
  out << "china_share = " << per_material_text(ind.china_share) << "\n";
  out << "inventory_days = " << per_material_text(ind.inventory_days) << "\n";
  out << "target_days = " << per_material_text(ind.target_days.value_or(ind.inventory_days))
      << "\n";
  out << "review_days = " << ind.review_days << "\n";
  out << "transit_days = " << ind.transit_days << "\n";
  out << "general_licence_adoption = " << toml_number_text(ind.general_licence_adoption) << "\n";
  out << "priority = " << ind.priority << "\n";
  if (!ind.substitution.empty()) {
    out << "substitution = {";
    for (std::size_t j = 0; j < ind.substitution.size(); ++j) {
      const Substitution& sub = ind.substitution[j];
      out << (j ? ", " : " ") << toml_key_text(sub.material)
          << " = { delay_days = " << sub.delay_days
          << ", need_factor = " << toml_number_text(sub.need_factor) << " }";
    }
    out << " }\n";
  }
}

// Optional lists whose absence means "all" are left out (written as a comment), so
// that the text reads back to the same scenario.
void write_stockpile(std::ostringstream& out, const Stockpile& s) {
  out << "\n[[stockpile]]\nid = " << toml_string_text(s.id)
      << "\nmaterial = " << toml_string_text(s.material)
      << "\ntonnes = " << toml_number_text(s.tonnes) << "\n";
  if (s.release_to) {
    out << "release_to = " << id_list_text(*s.release_to) << "\n";
  } else {
    out << "# release_to not given: every industry that needs " << s.material << "\n";
  }
  out << "max_release_tonnes_per_day = " << toml_number_text(s.max_release_tonnes_per_day) << "\n";
  if (s.release_regimes) {
    out << "release_regimes = " << id_list_text(*s.release_regimes) << "\n";
  } else {
    out << "# release_regimes not given: every regime\n";
  }
  out << "refill_tonnes_per_day = " << toml_number_text(s.refill_tonnes_per_day) << "\n";
  out << "refill_regimes = " << id_list_text(s.refill_regimes) << "\n";
}

void write_quota(std::ostringstream& out, const Quota& q) {
  out << "\n[[quota]]\nmaterial = " << toml_string_text(q.material)
      << "\ntonnes_per_period = " << toml_number_text(q.tonnes_per_period)
      << "\nperiod_days = " << q.period_days << "\n";
  if (q.regimes) {
    out << "regimes = " << id_list_text(*q.regimes) << "\n";
  } else {
    out << "# regimes not given: every regime\n";
  }
}

}  // namespace

std::string to_toml(const Scenario& s) {
  std::ostringstream out;
  out << "# Resolved scenario: every default written out.\n\n[scenario]\nname = "
      << toml_string_text(s.name) << "\n";
  if (s.start_date) out << "start_date = " << toml_string_text(*s.start_date) << "\n";

  out << "\n[simulation]\npaths = " << s.paths << "\nhorizon_days = " << s.horizon_days << "\n";
  // TOML integers are signed 64-bit: larger seeds are written as a string of digits.
  if (s.seed <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    out << "seed = " << s.seed << "\n";
  } else {
    out << "seed = \"" << s.seed << "\"\n";
  }
  if (s.initial_regime.size() == 1 && s.initial_regime.front().second == 1.0) {
    out << "initial_regime = " << toml_string_text(s.initial_regime.front().first) << "\n";
  } else if (!s.initial_regime.empty()) {
    out << "initial_regime = " << inline_table(s.initial_regime) << "\n";
  } else if (!s.regimes.empty()) {
    out << "initial_regime = " << toml_string_text(s.regimes.front().id) << "\n";
  }
  out << "report_interval_days = " << s.report_interval_days << "\n";
  out << "warmup_days = " << s.warmup_days << "\n";
  if (!s.precision.empty()) {
    out << "precision = [";
    for (std::size_t k = 0; k < s.precision.size(); ++k) {
      out << (k ? ", " : "") << toml_string_text(s.precision[k].text);
    }
    out << "]\nprecision_check_paths = " << s.precision_check_paths << "\n";
  }

  out << "\n[output]\nquantiles = [";
  for (std::size_t i = 0; i < s.quantiles.size(); ++i) {
    out << (i ? ", " : "") << toml_number_text(s.quantiles[i]);
  }
  out << "]\nhistogram_bins = " << s.histogram_bins << "\n";
  out << "shortage_threshold = " << toml_float_text(s.shortage_threshold) << "\n";

  const GeneralLicencePolicy& gl = s.general_licence;
  out << "\n[general_licence]\ngrant_prob = " << toml_number_text(gl.grant_prob)
      << "\nreview_days = " << dist_text(gl.review_days) << "\nvalidity_days = " << gl.validity_days
      << "\nrenew_before_days = " << gl.renew_before_days << "\nretry_days = " << gl.retry_days
      << "\n";

  for (const Material& m : s.materials) {
    out << "\n[[material]]\nid = " << toml_string_text(m.id) << "\n";
    if (m.alt_outage) {
      out << "alt_outage = { mean_days_between = "
          << toml_number_text(m.alt_outage->mean_days_between)
          << ", duration_days = " << dist_text(m.alt_outage->duration_days) << " }\n";
    }
    const AltCapacity& c = m.alt_capacity;
    if (!c.is_ramp) {
      out << "alt_capacity = " << toml_float_text(c.value) << "\n";
    } else {
      out << "alt_capacity = { day = [";
      for (std::size_t j = 0; j < c.day.size(); ++j) out << (j ? ", " : "") << c.day[j];
      out << "], factor = [";
      for (std::size_t j = 0; j < c.factor.size(); ++j) {
        out << (j ? ", " : "") << toml_float_text(c.factor[j]);
      }
      out << "] }\n";
    }
  }
  for (const Regime& g : s.regimes) write_regime(out, g);
  for (const Industry& ind : s.industries) write_industry(out, ind);
  for (const Stockpile& stockpile : s.stockpiles) write_stockpile(out, stockpile);
  for (const Quota& quota : s.quotas) write_quota(out, quota);
  for (const Event& e : s.events) {
    out << "\n[[event]]\n";
    if (e.date) {
      out << "date = " << toml_string_text(*e.date) << "\n";
    } else {
      out << "day = " << e.day << "\n";
    }
    if (!e.from.empty()) {
      out << "from = [";
      for (std::size_t i = 0; i < e.from.size(); ++i) {
        out << (i ? ", " : "") << toml_string_text(e.from[i]);
      }
      out << "]\n";
    }
    out << "to = " << toml_string_text(e.to)
        << "\nprobability = " << toml_number_text(e.probability) << "\n";
  }
  return out.str();
}

}  // namespace chokepoint
