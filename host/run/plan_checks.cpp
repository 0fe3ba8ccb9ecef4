#include "host/run/plan_checks.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>

#include "host/scenario/toml_text.hpp"

namespace chokepoint {

namespace {

std::vector<std::string> split_key(const std::string& key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    parts.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool is_licence_term(const std::string& field) {
  return field == "approval_prob" || field == "review_days" || field == "licence";
}

bool has_term(const LicenceTerms& terms, const std::string& field) {
  if (field == "approval_prob") return terms.approval_prob.has_value();
  if (field == "review_days") return terms.review_days.has_value();
  return terms.licence.has_value();
}

const LicenceTerms* find_terms(const std::vector<std::pair<std::string, LicenceTerms>>& list,
                               const std::string& id) {
  for (const auto& [key, terms] : list) {
    if (key == id) return &terms;
  }
  return nullptr;
}

//! True when `address` or a part of it (`address.sub`) is among the changed keys.
bool changed(const std::vector<std::string>& moved, const std::string& address) {
  return std::any_of(moved.begin(), moved.end(), [&](const std::string& key) {
    return key == address || key.rfind(address + ".", 0) == 0;
  });
}

// Cells (industry, material) a licence-term key does not reach, grouped by the
// override address that holds them; empty when the key is no such term.
std::string shadow_warning(const Scenario& s, const PlanChange& change,
                           const std::vector<std::string>& moved, bool is_set) {
  const std::vector<std::string> parts = split_key(change.key);
  if (parts.size() < 3 || parts[0] != "regime") return {};
  const auto regime = std::find_if(s.regimes.begin(), s.regimes.end(),
                                   [&](const Regime& r) { return r.id == parts[1]; });
  if (regime == s.regimes.end()) return {};
  std::string field, material;  // material: set for regime.R.materials.M.FIELD
  if (is_licence_term(parts[2])) {
    field = parts[2];
  } else if (parts.size() >= 5 && parts[2] == "materials" && is_licence_term(parts[4])) {
    material = parts[3];
    field = parts[4];
  } else {
    return {};
  }
  const std::string prefix = "regime." + regime->id + ".";
  std::map<std::string, std::vector<std::string>> held;  // override address -> cells
  std::vector<std::string> order;
  std::size_t cells = 0, shadowed = 0;
  for (const Industry& industry : s.industries) {
    for (const auto& [mid, need] : industry.need) {
      if (need <= 0 || (!material.empty() && mid != material)) continue;
      ++cells;
      std::string address;
      const LicenceTerms* by_industry = find_terms(regime->industry_overrides, industry.id);
      const LicenceTerms* by_material = find_terms(regime->material_overrides, mid);
      if (by_industry != nullptr && has_term(*by_industry, field)) {
        address = prefix + "industries." + industry.id + "." + field;
      } else if (material.empty() && by_material != nullptr && has_term(*by_material, field)) {
        address = prefix + "materials." + mid + "." + field;
      }
      if (address.empty() || changed(moved, address)) continue;
      ++shadowed;
      if (held.find(address) == held.end()) order.push_back(address);
      held[address].push_back("(" + industry.id + ", " + mid + ")");
    }
  }
  if (shadowed == 0) return {};
  std::string text = change.origin + ": " + change.key + " does not reach " +
                     std::to_string(shadowed) + " of the " + std::to_string(cells) +
                     " (industry, material) cells it addresses; overrides keep their own value:";
  for (std::size_t k = 0; k < order.size(); ++k) {
    text += (k ? ";" : "") + std::string(" ") + order[k] + " in ";
    const auto& list = held[order[k]];
    for (std::size_t j = 0; j < list.size(); ++j) text += (j ? ", " : "") + list[j];
  }
  if (is_set) {
    text += ". To change them too, --set those keys as well";
  } else {
    std::string keys = change.key;
    for (const auto& address : order) keys += "," + address;
    text += ". To move them with it, link the keys: --vary '" + keys +
            "=VALUES' (or keys = [...] in a [[sweep]])";
  }
  return text;
}

std::string per_material_text(const PerMaterial& table) {
  std::string text = "{ ";
  for (std::size_t k = 0; k < table.entries.size(); ++k) {
    text +=
        (k ? ", " : "") + table.entries[k].first + " = " + toml_float_text(table.entries[k].second);
  }
  return text + " }";
}

bool is_scalar_text(const std::string& value) {
  const std::size_t first = value.find_first_not_of(" \t");
  return first == std::string::npos || value[first] != '{';
}

// One value replacing a per-material table or a capacity ramp; empty otherwise.
std::string table_warning(const Scenario& before, const PlanChange& change) {
  const std::vector<std::string> parts = split_key(change.key);
  if (parts.size() != 3) return {};
  if (!std::any_of(change.values.begin(), change.values.end(), is_scalar_text)) return {};
  std::string replaced, example;
  if (parts[0] == "industry") {
    const auto industry = std::find_if(before.industries.begin(), before.industries.end(),
                                       [&](const Industry& i) { return i.id == parts[1]; });
    if (industry == before.industries.end()) return {};
    const PerMaterial* table = nullptr;
    if (parts[2] == "china_share") table = &industry->china_share;
    if (parts[2] == "inventory_days") table = &industry->inventory_days;
    if (parts[2] == "target_days" && industry->target_days) table = &*industry->target_days;
    if (table == nullptr || !table->is_table || table->entries.empty()) return {};
    replaced = "a per-material table in the scenario, " + per_material_text(*table);
    example = change.key + "." + table->entries.front().first;
  } else if (parts[0] == "material" && parts[2] == "alt_capacity") {
    const auto material = std::find_if(before.materials.begin(), before.materials.end(),
                                       [&](const Material& m) { return m.id == parts[1]; });
    if (material == before.materials.end() || !material->alt_capacity.is_ramp) return {};
    replaced = "a ramp over days in the scenario";
    example = change.key + ".factor.0";
  } else {
    return {};
  }
  return change.origin + ": " + change.key + " is " + replaced +
         "; one number replaces all of it (every entry takes that value, so no value "
         "reproduces the scenario as written). To change one entry, address it, e.g. " +
         example;
}

std::string sanitised(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-' || c == '+' || c == '=' || c == ',';
    out += keep ? c : '_';
  }
  return out;
}

}  // namespace

std::vector<std::string> plan_warnings(const Scenario& before_sets, const Scenario& base,
                                       const std::vector<PlanChange>& sets,
                                       const std::vector<PlanChange>& sweeps) {
  std::vector<std::string> moved;
  for (const auto& list : {&sets, &sweeps}) {
    for (const PlanChange& change : *list) moved.push_back(change.key);
  }
  std::vector<std::string> warnings;
  const auto add = [&](std::string text) {
    if (!text.empty() && std::find(warnings.begin(), warnings.end(), text) == warnings.end()) {
      warnings.push_back(std::move(text));
    }
  };
  for (const PlanChange& change : sets) {
    add(table_warning(before_sets, change));
    add(shadow_warning(base, change, moved, true));
  }
  for (const PlanChange& change : sweeps) {
    add(table_warning(base, change));
    add(shadow_warning(base, change, moved, false));
  }
  return warnings;
}

std::string default_output_stem(const std::string& stem, const std::vector<std::string>& sets,
                                const std::vector<std::string>& varies) {
  std::string name = stem;
  for (const auto& set : sets) name += "--" + sanitised(set);
  for (const auto& vary : varies) name += "--vary-" + sanitised(vary);
  constexpr std::size_t kMaxLength = 160;
  if (name.size() <= kMaxLength) return name;
  uint32_t hash = 2166136261u;  // FNV-1a over the whole name
  for (const char c : name) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "-%08x", static_cast<unsigned>(hash));
  return name.substr(0, kMaxLength - 9) + suffix;
}

}  // namespace chokepoint
