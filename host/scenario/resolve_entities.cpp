// Validation of the [[material]], [[regime]] and [[industry]] tables (see
// scenario_resolve.cpp for the rest of the document).
#include <cmath>
#include <limits>

#include "host/scenario/resolver.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint::detail {
namespace {

constexpr int64_t kMaxBuyers = 4096;
// Tonnes per day; anything larger is a unit mistake, and would overflow stock sums.
constexpr double kMaxNeed = 1e9;
// Ramp days; far beyond any simulated day (|t| <= 3650), they only need to fit.
constexpr int64_t kMaxRampDay = 1000000000;

const std::vector<std::string> kOverrideKeys = {"licence", "approval_prob", "review_days"};

}  // namespace

void Resolver::read_materials() {
  for (std::size_t i = 0; i < materials_.size(); ++i) {
    const toml::table& t = *materials_[i].table;
    const std::string& path = materials_[i].path;
    r_.check_keys(t, path, {"id", "alt_outage", "alt_capacity"});
    Material m;
    m.id = material_ids_[i];
    if (const toml::node* n = t.get("alt_outage")) {
      const std::string outage_path = path + ".alt_outage";
      const toml::table& o = r_.table(
          *n, outage_path,
          "a table such as { mean_days_between = 730, duration_days = 30 } (outages of the "
          "supply from outside the exporting country)");
      r_.check_keys(o, outage_path, {"mean_days_between", "duration_days"});
      const std::string between = "the mean number of days between outages, a number >= 1";
      AltOutage outage;
      outage.mean_days_between = r_.number_in(
          r_.require(o, "mean_days_between", outage_path, between),
          outage_path + ".mean_days_between", 1, std::numeric_limits<double>::max(), between);
      outage.duration_days = r_.distribution(
          r_.require(o, "duration_days", outage_path,
                     "duration_days = how long an outage lasts (days or a distribution)"),
          outage_path + ".duration_days");
      m.alt_outage = outage;
    }
    if (const toml::node* n = t.get("alt_capacity")) {
      m.alt_capacity = read_alt_capacity(*n, path + ".alt_capacity");
    }
    s_.materials.push_back(std::move(m));
  }
}

// A number >= 0 (inf: unlimited), or a ramp { day = [...], factor = [...] }.
AltCapacity Resolver::read_alt_capacity(const toml::node& n, const std::string& path) {
  const std::string expected =
      "a number >= 0 (a multiple of the alternative suppliers' normal volume per order; inf: "
      "unlimited), or a ramp such as { day = [0, 180], factor = [1.0, 2.5] }";
  AltCapacity capacity;
  if (n.is_number()) {
    const double value =
        n.is_integer() ? static_cast<double>(n.as_integer()->get()) : n.as_floating_point()->get();
    if (std::isnan(value))
      r_.fail(&n, path, "nan (not a number) is not allowed; expected " + expected);
    if (value < 0) r_.fail(&n, path, number_text(value) + " is negative; expected " + expected);
    capacity.value = value;
    return capacity;
  }
  if (!n.is_table()) r_.fail(&n, path, "got " + describe(n) + "; expected " + expected);
  const toml::table& ramp = *n.as_table();
  r_.check_keys(ramp, path, {"day", "factor"});
  const std::string days_expected = "an array of whole days in strictly increasing order";
  const std::string factors_expected = "an array of factors >= 0, one per day";
  const toml::node& day_node = r_.require(ramp, "day", path, "day = " + days_expected);
  const toml::node& factor_node = r_.require(ramp, "factor", path, "factor = " + factors_expected);
  const toml::array* days = day_node.as_array();
  if (days == nullptr) {
    r_.fail(&day_node, path + ".day", "got " + describe(day_node) + "; expected " + days_expected);
  }
  const toml::array* factors = factor_node.as_array();
  if (factors == nullptr) {
    r_.fail(&factor_node, path + ".factor",
            "got " + describe(factor_node) + "; expected " + factors_expected);
  }
  if (days->empty()) r_.fail(&day_node, path + ".day", "is empty; expected " + days_expected);
  if (factors->empty()) {
    r_.fail(&factor_node, path + ".factor", "is empty; expected " + factors_expected);
  }
  if (days->size() != factors->size()) {
    r_.fail(&factor_node, path + ".factor",
            "day has " + std::to_string(days->size()) + " entries, factor has " +
                std::to_string(factors->size()) + "; expected one factor per day");
  }
  capacity.is_ramp = true;
  for (std::size_t j = 0; j < days->size(); ++j) {
    const std::string at = path + ".day[" + std::to_string(j) + "]";
    const toml::node& d = (*days)[j];
    const int64_t day = r_.whole_days(d, at, -kMaxRampDay, kMaxRampDay);
    if (!capacity.day.empty() && day <= capacity.day.back()) {
      r_.fail(&d, at,
              std::to_string(day) + " does not come after " + std::to_string(capacity.day.back()) +
                  "; expected " + days_expected);
    }
    capacity.day.push_back(day);
    const std::string fat = path + ".factor[" + std::to_string(j) + "]";
    capacity.factor.push_back(r_.number_in(
        (*factors)[j], fat, 0, std::numeric_limits<double>::max(), "a finite factor >= 0"));
  }
  return capacity;
}

LicenceTerms Resolver::read_terms(const toml::table& t, const std::string& path) {
  LicenceTerms terms;
  if (const toml::node* n = t.get("licence")) {
    const std::string expected = "\"none\", \"required\" or \"banned\"";
    const std::string rule = r_.text(*n, path + ".licence", expected);
    if (rule == "none") {
      terms.licence = LicenceRule::None;
    } else if (rule == "required") {
      terms.licence = LicenceRule::Required;
    } else if (rule == "banned") {
      terms.licence = LicenceRule::Banned;
    } else {
      r_.fail(n, path + ".licence",
              toml_string_text(rule) + " is not a licence rule" +
                  Reader::nearest_choice(rule, {"none", "required", "banned"}) + "; expected " +
                  expected);
    }
  }
  if (const toml::node* n = t.get("approval_prob")) {
    terms.approval_prob = r_.probability(*n, path + ".approval_prob");
  }
  if (const toml::node* n = t.get("review_days")) {
    terms.review_days = r_.distribution(*n, path + ".review_days");
  }
  return terms;
}

std::vector<std::pair<std::string, LicenceTerms>> Resolver::read_overrides(
    const toml::node& node, const std::string& path, const std::vector<std::string>& ids,
    const std::string& kind) {
  const toml::table& t = r_.table(
      node, path,
      "a table of overrides by " + kind + " id, e.g. [regime." + kind + "s." + ids.front() + "]");
  std::vector<std::pair<std::string, LicenceTerms>> out;
  for (const auto& [key, value] : entries_in_file_order(t)) {
    const std::string id(key->str());
    const std::string entry_path = path + "." + id;
    r_.check_known(id, ids, kind, value, key, entry_path);
    const toml::table& o =
        r_.table(*value, entry_path, "a table of overrides of licence, approval_prob, review_days");
    r_.check_keys(o, entry_path, kOverrideKeys);
    out.emplace_back(id, read_terms(o, entry_path));
  }
  return out;
}

void Resolver::read_regimes() {
  for (std::size_t i = 0; i < regimes_.size(); ++i) {
    const toml::table& t = *regimes_[i].table;
    const std::string& path = regimes_[i].path;
    r_.check_keys(
        t, path,
        {"id", "mean_duration_days", "next", "licence", "approval_prob", "review_days",
         "general_licences", "inspection_prob", "inspection_days", "materials", "industries"});
    Regime g;
    g.id = regime_ids_[i];
    if (const toml::node* n = t.get("mean_duration_days")) {
      const std::string expected =
          "the mean number of days the regime lasts, a number >= 1 (leave it out for a regime "
          "that never ends)";
      g.mean_duration_days = r_.number_in(*n, path + ".mean_duration_days", 1,
                                          std::numeric_limits<double>::max(), expected);
    }
    if (const toml::node* n = t.get("next")) {
      g.next = r_.distribution_over(*n, path + ".next", regime_ids_, "regime");
      if (const toml::node* self = n->as_table()->get(g.id)) {
        r_.fail(self, path + ".next." + g.id,
                "a regime cannot move to itself (how long it lasts is set by "
                "mean_duration_days); expected other regime ids");
      }
    } else if (g.mean_duration_days) {
      r_.fail_missing(&t, path + ".next",
                      "next = { other_regime = probability, ... }, because mean_duration_days is "
                      "given (the regime ends); leave mean_duration_days out for a regime that "
                      "never ends");
    }
    g.terms = read_terms(t, path);
    if (!g.terms.licence) g.terms.licence = LicenceRule::None;
    if (const toml::node* n = t.get("general_licences")) {
      g.general_licences = r_.boolean(*n, path + ".general_licences");
    }
    if (const toml::node* n = t.get("inspection_prob")) {
      g.inspection_prob = r_.probability(*n, path + ".inspection_prob");
    }
    if (const toml::node* n = t.get("inspection_days")) {
      g.inspection_days = r_.distribution(*n, path + ".inspection_days");
    } else if (g.inspection_prob > 0) {
      r_.fail_missing(&t, path + ".inspection_days",
                      "inspection_days (the extra days a held shipment waits), because "
                      "inspection_prob > 0");
    }
    if (const toml::node* n = t.get("materials")) {
      g.material_overrides = read_overrides(*n, path + ".materials", material_ids_, "material");
    }
    if (const toml::node* n = t.get("industries")) {
      g.industry_overrides = read_overrides(*n, path + ".industries", industry_ids_, "industry");
    }
    s_.regimes.push_back(std::move(g));
  }
}

void Resolver::read_industries() {
  for (std::size_t i = 0; i < industries_.size(); ++i) {
    const toml::table& t = *industries_[i].table;
    const std::string& path = industries_[i].path;
    r_.check_keys(
        t, path,
        {"id", "buyers", "need", "china_share", "inventory_days", "target_days", "review_days",
         "transit_days", "general_licence_adoption", "priority", "substitution"});
    Industry ind;
    ind.id = industry_ids_[i];
    if (const toml::node* n = t.get("buyers")) {
      ind.buyers = r_.integer(*n, path + ".buyers", 1, kMaxBuyers,
                              "a whole number of buyers (firms) from 1 to 4096");
    }
    read_need(t, path, ind);
    std::vector<std::string> needed;
    for (const auto& [id, tonnes] : ind.need) {
      if (tonnes > 0) needed.push_back(id);
    }
    const auto share = [this](const toml::node& n, const std::string& p) {
      return r_.probability(n, p);
    };
    const auto days = [this](const toml::node& n, const std::string& p) {
      return r_.number_in(n, p, 0, static_cast<double>(kMaxDays),
                          "days of need, a number from 0 to 100000");
    };
    ind.china_share.scalar = 1;
    if (const toml::node* n = t.get("china_share")) {
      ind.china_share = r_.per_material(*n, path + ".china_share", material_ids_, share);
    }
    const std::string inventory_path = path + ".inventory_days";
    const toml::node& inventory = r_.require(
        t, "inventory_days", path,
        "inventory_days = the initial stock in days of need (a number, or a table by material)");
    ind.inventory_days = r_.per_material(inventory, inventory_path, material_ids_, days);
    if (ind.inventory_days.is_table) {
      for (const std::string& id : needed) {
        if (find_by_id(ind.inventory_days.entries, id) == nullptr) {
          r_.fail_missing(&inventory, inventory_path + "." + id,
                          "an entry for " + id + ", which the industry needs (need > 0)");
        }
      }
    }
    // target_days defaults to inventory_days, material by material; written out in full
    // so that nothing downstream has to know the rule.
    PerMaterial target = ind.inventory_days;
    if (const toml::node* n = t.get("target_days")) {
      target = r_.per_material(*n, path + ".target_days", material_ids_, days);
      if (target.is_table) {
        for (const std::string& id : needed) {
          if (find_by_id(target.entries, id) != nullptr) continue;
          const double* stock = ind.inventory_days.is_table
                                    ? find_by_id(ind.inventory_days.entries, id)
                                    : &ind.inventory_days.scalar;
          target.entries.emplace_back(id, *stock);
        }
      }
    }
    ind.target_days = target;
    ind.review_days =
        r_.whole_days(r_.require(t, "review_days", path,
                                 "review_days = the ordering period in days (a whole number >= 1)"),
                      path + ".review_days", 1, kMaxDays);
    if (const toml::node* n = t.get("transit_days")) {
      ind.transit_days = r_.whole_days(*n, path + ".transit_days", 0, kMaxDays);
    }
    if (const toml::node* n = t.get("general_licence_adoption")) {
      ind.general_licence_adoption = r_.probability(*n, path + ".general_licence_adoption");
    }
    read_industry_remedies(t, path, needed, ind);
    s_.industries.push_back(std::move(ind));
  }
}

void Resolver::read_need(const toml::table& t, const std::string& path, Industry& ind) {
  const std::string need_path = path + ".need";
  const std::string expected =
      "a table of tonnes per day by material id, such as { " + material_ids_.front() + " = 0.8 }";
  const toml::node& need = r_.require(t, "need", path, "need = " + expected);
  bool any_positive = false;
  for (const auto& [key, value] : entries_in_file_order(r_.table(need, need_path, expected))) {
    const std::string id(key->str());
    const std::string entry_path = need_path + "." + id;
    r_.check_known(id, material_ids_, "material", value, key, entry_path);
    const double tonnes =
        r_.number_in(*value, entry_path, 0, kMaxNeed, "tonnes per day, a number from 0 to 1e9");
    any_positive = any_positive || tonnes > 0;
    ind.need.emplace_back(id, tonnes);
  }
  if (!any_positive) {
    r_.fail(&need, need_path,
            "no material has a need above 0; expected at least one positive entry (tonnes per "
            "day)");
  }
}

// docs/model.md: approval_prob and review_days are needed for every (industry, material) pair
// with need > 0 whose effective licence (merged key by key) is "required".
void Resolver::check_licence_terms() {
  for (std::size_t k = 0; k < s_.regimes.size(); ++k) {
    const Regime& g = s_.regimes[k];
    for (const Industry& ind : s_.industries) {
      const LicenceTerms* by_industry = find_by_id(g.industry_overrides, ind.id);
      for (const auto& [material, tonnes] : ind.need) {
        if (!(tonnes > 0)) continue;
        const LicenceTerms* by_material = find_by_id(g.material_overrides, material);
        auto pick = [&](auto member) {
          if (by_industry && (by_industry->*member)) return by_industry->*member;
          if (by_material && (by_material->*member)) return by_material->*member;
          return g.terms.*member;
        };
        if (*pick(&LicenceTerms::licence) != LicenceRule::Required) continue;
        const char* missing = !pick(&LicenceTerms::approval_prob) ? "approval_prob"
                              : !pick(&LicenceTerms::review_days) ? "review_days"
                                                                  : nullptr;
        if (missing == nullptr) continue;
        r_.fail(regimes_[k].table, regimes_[k].path + "." + missing,
                std::string("missing for industry ") + ind.id + " and material " + material +
                    ", whose licence in regime " + g.id + " is \"required\"; expected " + missing +
                    " in the [[regime]] table " + g.id + ", in [regime.materials." + material +
                    "] or in [regime.industries." + ind.id + "]");
      }
    }
  }
}

}  // namespace chokepoint::detail
