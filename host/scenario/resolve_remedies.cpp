// Validation of the remedies (docs/scenario-reference.md, "Remedies"): the
// [[stockpile]] and [[quota]] tables, and an industry's priority and
// substitution (read with the rest of the industry in resolve_entities.cpp).
#include <algorithm>
#include <cmath>
#include <limits>

#include "host/scenario/resolver.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint::detail {
namespace {

// Tonnes of a stockpile, a rate or a quota; the engine holds them in fixed point
// (2^-32 tonne), in which 1e9 tonnes still fits with room for sums.
constexpr double kMaxTonnes = 1e9;
// A float priority must be a whole number that converts exactly.
constexpr double kMaxFloatPriority = 1e15;

// Tonnes (or tonnes per day): a number in [0, 1e9], or +inf where `allow_inf`.
double tonnes(const Reader& r, const toml::node& n, const std::string& path, bool allow_inf,
              const std::string& expected) {
  double value = 0;
  if (n.is_integer()) {
    value = static_cast<double>(n.as_integer()->get());
  } else if (n.is_floating_point()) {
    value = n.as_floating_point()->get();
  } else {
    r.fail(&n, path, "got " + describe(n) + "; expected " + expected);
  }
  if (std::isnan(value))
    r.fail(&n, path, "nan (not a number) is not allowed; expected " + expected);
  if (value < 0) r.fail(&n, path, number_text(value) + " is negative; expected " + expected);
  if (std::isinf(value)) {
    if (allow_inf) return value;
    r.fail(&n, path, "infinity is not allowed; expected " + expected);
  }
  if (value > kMaxTonnes) {
    r.fail(&n, path, number_text(value) + " is out of range; expected " + expected);
  }
  return value;
}

// An array of ids of one kind, each known and listed once; empty is valid.
std::vector<std::string> id_set(const Reader& r, const toml::node& n, const std::string& path,
                                const std::vector<std::string>& ids, const std::string& kind,
                                const std::string& expected) {
  const toml::array* list = n.as_array();
  if (list == nullptr) r.fail(&n, path, "got " + describe(n) + "; expected " + expected);
  std::vector<std::string> out;
  for (std::size_t j = 0; j < list->size(); ++j) {
    const toml::node& item = (*list)[j];
    const std::string item_path = path + "[" + std::to_string(j) + "]";
    const std::string id =
        r.text(item, item_path, (kind[0] == 'i' ? "an " : "a ") + kind + " id in quotes");
    r.check_known(id, ids, kind, &item, nullptr, item_path);
    const auto previous = std::find(out.begin(), out.end(), id);
    if (previous != out.end()) {
      r.fail(&item, item_path,
             toml_string_text(id) + " is already listed at " + path + "[" +
                 std::to_string(previous - out.begin()) + "]; expected each " + kind +
                 " at most once");
    }
    out.push_back(id);
  }
  return out;
}

std::string regimes_expected(const std::vector<std::string>& regime_ids, const std::string& what) {
  return "a list of regime ids such as [\"" + regime_ids.front() + "\"] (" + what + ")";
}

}  // namespace

// priority: a whole number of any sign; an integral float (2.0) is accepted, as for days.
// substitution: { <material> = { delay_days = d, need_factor = phi } } over needed materials.
void Resolver::read_industry_remedies(const toml::table& t, const std::string& path,
                                      const std::vector<std::string>& needed, Industry& ind) {
  if (const toml::node* n = t.get("priority")) {
    const std::string at = path + ".priority";
    const std::string expected =
        "a whole number of any sign (lower is served first where industries share a stockpile "
        "or a quota; default 0)";
    if (n->is_integer()) {
      ind.priority = n->as_integer()->get();
    } else if (n->is_floating_point()) {
      const double real = r_.number(*n, at, expected);
      if (real != std::floor(real)) {
        r_.fail(n, at, number_text(real) + " is not a whole number; expected " + expected);
      }
      if (std::fabs(real) > kMaxFloatPriority) {
        r_.fail(n, at,
                number_text(real) + " is too large to be read exactly as a float; expected " +
                    expected +
                    ", written as an integer (no decimal point or exponent) beyond 1e15");
      }
      ind.priority = static_cast<int64_t>(real);
    } else {
      r_.fail(n, at, "got " + describe(*n) + "; expected " + expected);
    }
  }
  const toml::node* node = t.get("substitution");
  if (node == nullptr) return;
  const std::string sub_path = path + ".substitution";
  const std::string example = needed.front();
  const toml::table& table = r_.table(*node, sub_path,
                                      "a table by material id, such as { " + example +
                                          " = { delay_days = 180, need_factor = 0.6 } }");
  for (const auto& [key, value] : entries_in_file_order(table)) {
    const std::string id(key->str());
    const std::string entry_path = sub_path + "." + id;
    r_.check_known(id, material_ids_, "material", value, key, entry_path);
    if (std::find(needed.begin(), needed.end(), id) == needed.end()) {
      r_.fail_key(*key, entry_path,
                  "industry " + ind.id + " does not need " + id +
                      " (its need of it is 0 or not given), so it cannot substitute it; expected "
                      "a material the industry needs: " +
                      join_words(needed));
    }
    const toml::table& entry =
        r_.table(*value, entry_path,
                 "a table { delay_days = d, need_factor = phi }, e.g. { delay_days = "
                 "180, need_factor = 0.6 }");
    r_.check_keys(entry, entry_path, {"delay_days", "need_factor"});
    Substitution s;
    s.material = id;
    s.delay_days =
        r_.whole_days(r_.require(entry, "delay_days", entry_path,
                                 "delay_days = the days from the first shortage because of " + id +
                                     " to the reduced need (a whole number >= 0)"),
                      entry_path + ".delay_days", 0, kMaxDays);
    const std::string factor_expected = "a need factor from 0 to 1 (the share of the need of " +
                                        id + " left after substitution; 0: no longer needed)";
    const toml::node& factor =
        r_.require(entry, "need_factor", entry_path, "need_factor = " + factor_expected);
    s.need_factor = r_.number(factor, entry_path + ".need_factor", factor_expected);
    if (s.need_factor < 0 || s.need_factor > 1) {
      r_.fail(&factor, entry_path + ".need_factor",
              number_text(s.need_factor) + " is outside [0, 1]; expected " + factor_expected);
    }
    ind.substitution.push_back(std::move(s));
  }
}

void Resolver::read_stockpiles() {
  std::vector<Element> list = elements("stockpile", false);
  const std::vector<std::string> ids = collect_ids("stockpile", list);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const toml::table& t = *list[i].table;
    const std::string& path = list[i].path;
    r_.check_keys(t, path,
                  {"id", "material", "tonnes", "release_to", "max_release_tonnes_per_day",
                   "release_regimes", "refill_tonnes_per_day", "refill_regimes"});
    Stockpile s;
    s.id = ids[i];
    const toml::node& material =
        r_.require(t, "material", path, "material = the id of the material it holds");
    s.material = r_.text(material, path + ".material", "a material id in quotes");
    r_.check_known(s.material, material_ids_, "material", &material, nullptr, path + ".material");
    s.tonnes = tonnes(
        r_,
        r_.require(t, "tonnes", path, "tonnes = the tonnes held on day 0 (a number from 0 to 1e9)"),
        path + ".tonnes", false, "tonnes held on day 0, a number from 0 to 1e9");
    // The industries that need the material (need > 0), in file order.
    std::vector<std::string> needing;
    for (const Industry& ind : s_.industries) {
      const double* n = find_by_id(ind.need, s.material);
      if (n != nullptr && *n > 0) needing.push_back(ind.id);
    }
    if (const toml::node* n = t.get("release_to")) {
      const std::string at = path + ".release_to";
      s.release_to = id_set(r_, *n, at, industry_ids_, "industry",
                            "a list of industry ids that need " + s.material +
                                " (leave release_to out for every such industry; [] releases to "
                                "none)");
      const toml::array& items = *n->as_array();
      for (std::size_t j = 0; j < s.release_to->size(); ++j) {
        const std::string& id = (*s.release_to)[j];
        if (std::find(needing.begin(), needing.end(), id) != needing.end()) continue;
        r_.fail(&items[j], at + "[" + std::to_string(j) + "]",
                "industry " + id + " does not need " + s.material +
                    " (its need of it is 0 or not given); expected industries that need it" +
                    (needing.empty() ? std::string(" (none does)")
                                     : ": " + join_words(needing, " and ")));
      }
    }
    if (const toml::node* n = t.get("max_release_tonnes_per_day")) {
      s.max_release_tonnes_per_day =
          tonnes(r_, *n, path + ".max_release_tonnes_per_day", true,
                 "tonnes per day, a number from 0 to 1e9, or inf (no cap)");
    }
    if (const toml::node* n = t.get("release_regimes")) {
      s.release_regimes = id_set(r_, *n, path + ".release_regimes", regime_ids_, "regime",
                                 regimes_expected(regime_ids_,
                                                  "leave release_regimes out to release in every "
                                                  "regime; [] never releases"));
    }
    if (const toml::node* n = t.get("refill_tonnes_per_day")) {
      s.refill_tonnes_per_day = tonnes(r_, *n, path + ".refill_tonnes_per_day", true,
                                       "tonnes per day, a number from 0 to 1e9, or inf");
    }
    if (const toml::node* n = t.get("refill_regimes")) {
      s.refill_regimes =
          id_set(r_, *n, path + ".refill_regimes", regime_ids_, "regime",
                 regimes_expected(regime_ids_, "the regimes in which it refills; default none"));
    }
    s_.stockpiles.push_back(std::move(s));
  }
}

void Resolver::read_quotas() {
  const std::vector<Element> list = elements("quota", false);
  // Where each quota's regimes were given (its table when they were not), for messages.
  std::vector<const toml::node*> regimes_at;
  for (std::size_t j = 0; j < list.size(); ++j) {
    const toml::table& t = *list[j].table;
    const std::string& path = list[j].path;
    r_.check_keys(t, path, {"material", "tonnes_per_period", "period_days", "regimes"});
    Quota q;
    const toml::node& material =
        r_.require(t, "material", path, "material = the id of the material it limits");
    q.material = r_.text(material, path + ".material", "a material id in quotes");
    r_.check_known(q.material, material_ids_, "material", &material, nullptr, path + ".material");
    q.tonnes_per_period =
        tonnes(r_,
               r_.require(t, "tonnes_per_period", path,
                          "tonnes_per_period = the tonnes approved per period at most (a number "
                          "from 0 to 1e9, or inf)"),
               path + ".tonnes_per_period", true,
               "tonnes per period, a number from 0 to 1e9, or inf (no limit)");
    q.period_days = r_.whole_days(r_.require(t, "period_days", path,
                                             "period_days = the length of a period (a whole number "
                                             "of days >= 1)"),
                                  path + ".period_days", 1, kMaxDays);
    const toml::node* regimes = t.get("regimes");
    if (regimes != nullptr) {
      q.regimes = id_set(r_, *regimes, path + ".regimes", regime_ids_, "regime",
                         regimes_expected(regime_ids_,
                                          "leave regimes out to apply in every "
                                          "regime"));
    }
    regimes_at.push_back(regimes != nullptr ? regimes : &t);
    // Two quotas on one material must not both apply in a regime.
    const std::vector<std::string>& mine = q.regimes ? *q.regimes : regime_ids_;
    for (std::size_t k = 0; k < j; ++k) {
      const Quota& other = s_.quotas[k];
      if (other.material != q.material) continue;
      const std::vector<std::string>& theirs = other.regimes ? *other.regimes : regime_ids_;
      for (const std::string& id : mine) {
        if (std::find(theirs.begin(), theirs.end(), id) == theirs.end()) continue;
        r_.fail(regimes_at[j], path + ".regimes",
                list[k].path + " (" + r_.where(regimes_at[k]) + ") and " + path +
                    " are both quotas on " + q.material + " in regime " + id +
                    "; expected quotas of one material to list disjoint regimes (a quota "
                    "without regimes applies in every regime)");
      }
    }
    s_.quotas.push_back(std::move(q));
  }
}

}  // namespace chokepoint::detail
