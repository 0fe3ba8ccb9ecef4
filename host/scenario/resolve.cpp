// Validation of a parsed scenario into the typed Scenario: every rule of docs/scenario-reference.md
// and the "Precise rules" of docs/model.md. The first violation throws.
// This file: the top level, [scenario], [simulation], [output], [general_licence],
// [[event]] and [[sweep]]; scenario_resolve_entities.cpp: materials, regimes, industries.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "host/scenario/detail.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/resolver.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint::detail {
namespace {

constexpr int64_t kMaxHorizonDays = 3650;
constexpr int64_t kMaxWarmupDays = 3650;
constexpr int64_t kMaxHistogramBins = 100000;
constexpr std::size_t kMaxSweepValues = 100000;

}  // namespace

Scenario Resolver::run() {
  r_.check_keys(root_, "",
                {"scenario", "simulation", "output", "general_licence", "material", "regime",
                 "industry", "stockpile", "quota", "event", "sweep", "factor", "design"});
  read_scenario();
  materials_ = elements("material", true);
  regimes_ = elements("regime", true);
  industries_ = elements("industry", true);
  material_ids_ = collect_ids("material", materials_);
  regime_ids_ = collect_ids("regime", regimes_);
  industry_ids_ = collect_ids("industry", industries_);
  read_simulation();
  read_output();
  read_precision();
  read_materials();
  read_regimes();
  read_general_licence();
  read_industries();
  check_licence_terms();
  read_stockpiles();
  read_quotas();
  read_events();
  read_sweeps();
  read_design();
  return s_;
}

// An optional [name] table; nullptr when absent.
const toml::table* Resolver::section(const std::string& name) {
  const toml::node* node = root_.get(name);
  if (node == nullptr) return nullptr;
  return &r_.table(*node, name, "a table, written [" + name + "]");
}

std::vector<Element> Resolver::elements(const std::string& kind, bool required) {
  std::vector<Element> out;
  const toml::node* node = root_.get(kind);
  if (node == nullptr) {
    if (required) {
      r_.fail(nullptr, kind,
              "no [[" + kind + "]] table; expected at least one, e.g. [[" + kind +
                  "]] with id = \"...\"");
    }
    return out;
  }
  const toml::array* array = node->as_array();
  if (array == nullptr) {
    r_.fail(node, kind,
            "got " + describe(*node) + "; expected an array of tables, written [[" + kind +
                "]] (double brackets)");
  }
  if (array->empty() && required) {
    r_.fail(node, kind, "empty; expected at least one [[" + kind + "]] table");
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string path = kind + "[" + std::to_string(i) + "]";
    const toml::node& element = (*array)[i];
    out.push_back({&r_.table(element, path, "a table, written [[" + kind + "]]"), path});
  }
  return out;
}

// Validates the ids of one kind and renames the elements' paths `kind[id]`.
std::vector<std::string> Resolver::collect_ids(const std::string& kind,
                                               std::vector<Element>& list) {
  std::vector<std::string> ids;
  const std::string expected =
      "an id of lowercase letters, digits and _ (e.g. \"dysprosium\"), unique among the [[" + kind +
      "]] tables";
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string path = list[i].path + ".id";
    const toml::node& node = r_.require(*list[i].table, "id", list[i].path, "id = " + expected);
    const std::string id = r_.text(node, path, expected);
    if (!is_valid_id(id)) {
      r_.fail(&node, path, toml_string_text(id) + " is not a valid id; expected " + expected);
    }
    const auto previous = std::find(ids.begin(), ids.end(), id);
    if (previous != ids.end()) {
      const std::size_t j = static_cast<std::size_t>(previous - ids.begin());
      r_.fail(&node, path,
              "duplicate id: " + toml_string_text(id) + " is already the id of " + kind + "[" +
                  std::to_string(j) + "] (" + r_.where(list[j].table) + "); expected " + expected);
    }
    ids.push_back(id);
  }
  for (std::size_t i = 0; i < list.size(); ++i) list[i].path = kind + "[" + ids[i] + "]";
  r_.set_element_ids(kind, ids);
  return ids;
}

void Resolver::read_scenario() {
  const toml::node* node = root_.get("scenario");
  if (node == nullptr) {
    r_.fail(nullptr, "scenario",
            "missing; expected a [scenario] table with name = \"...\" (the scenario's title)");
  }
  const toml::table& t = r_.table(*node, "scenario", "a table, written [scenario]");
  r_.check_keys(t, "scenario", {"name", "start_date"});
  const std::string expected = "a non-empty name in quotes, e.g. name = \"truce ends\"";
  const toml::node& name = r_.require(t, "name", "scenario", "name = \"...\" (required)");
  s_.name = r_.text(name, "scenario.name", expected);
  if (s_.name.find_first_not_of(" \t\r\n") == std::string::npos) {
    r_.fail(&name, "scenario.name", "is empty; expected " + expected);
  }
  if (const toml::node* date = t.get("start_date")) {
    s_.start_date = r_.iso_date(*date, "scenario.start_date", start_day_);
  }
}

void Resolver::read_simulation() {
  const toml::table* t = section("simulation");
  const toml::table empty;
  if (t == nullptr) t = &empty;
  r_.check_keys(*t, "simulation",
                {"paths", "horizon_days", "seed", "initial_regime", "report_interval_days",
                 "warmup_days", "precision", "precision_check_paths"});
  if (const toml::node* n = t->get("paths")) {
    s_.paths = r_.integer(*n, "simulation.paths", 1, std::numeric_limits<int64_t>::max(),
                          "a whole number of paths from 1 to 9223372036854775807");
  }
  if (const toml::node* n = t->get("horizon_days")) {
    s_.horizon_days = r_.whole_days(*n, "simulation.horizon_days", 1, kMaxHorizonDays);
  }
  if (const toml::node* n = t->get("seed")) s_.seed = read_seed(*n);
  if (const toml::node* n = t->get("initial_regime")) {
    const std::string path = "simulation.initial_regime";
    if (n->is_string()) {
      const std::string id = n->as_string()->get();
      r_.check_known(id, regime_ids_, "regime", n, nullptr, path);
      s_.initial_regime = {{id, 1.0}};
    } else if (n->is_table()) {
      s_.initial_regime = r_.distribution_over(*n, path, regime_ids_, "regime");
    } else {
      r_.fail(n, path,
              "got " + describe(*n) + "; expected a regime id such as \"" + regime_ids_.front() +
                  "\", or a table of probabilities by regime id");
    }
  } else {
    s_.initial_regime = {{regime_ids_.front(), 1.0}};
  }
  if (const toml::node* n = t->get("report_interval_days")) {
    s_.report_interval_days =
        r_.whole_days(*n, "simulation.report_interval_days", 1, s_.horizon_days);
  } else {
    s_.report_interval_days = std::min<int64_t>(7, s_.horizon_days);
  }
  if (const toml::node* n = t->get("warmup_days")) {
    s_.warmup_days = r_.whole_days(*n, "simulation.warmup_days", 0, kMaxWarmupDays);
  }
}

// toml++ integers are signed 64-bit; seeds above 2^63-1 may be written as a quoted string.
uint64_t Resolver::read_seed(const toml::node& n) {
  const std::string path = "simulation.seed";
  const std::string expected =
      "a whole number from 0 to 18446744073709551615 (above 9223372036854775807 only as a "
      "quoted string of digits)";
  if (n.is_string()) {
    const std::string text = n.as_string()->get();
    const bool digits = !text.empty() && text.size() <= 20 &&
                        text.find_first_not_of("0123456789") == std::string::npos;
    errno = 0;
    const unsigned long long value = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
    if (!digits || errno == ERANGE) {
      r_.fail(&n, path, describe(n) + " is not a 64-bit seed; expected " + expected);
    }
    return static_cast<uint64_t>(value);
  }
  return static_cast<uint64_t>(
      r_.integer(n, path, 0, std::numeric_limits<int64_t>::max(), expected));
}

void Resolver::read_output() {
  const toml::table* t = section("output");
  if (t == nullptr) return;
  r_.check_keys(*t, "output", {"quantiles", "histogram_bins", "shortage_threshold"});
  if (const toml::node* n = t->get("quantiles")) {
    const std::string expected = "an array of quantile levels between 0 and 1 in increasing order";
    const toml::array* levels = n->as_array();
    if (levels == nullptr)
      r_.fail(n, "output.quantiles", "got " + describe(*n) + "; expected " + expected);
    if (levels->empty()) r_.fail(n, "output.quantiles", "empty; expected " + expected);
    s_.quantiles.clear();
    for (std::size_t i = 0; i < levels->size(); ++i) {
      const std::string path = "output.quantiles[" + std::to_string(i) + "]";
      const double q = r_.number_in((*levels)[i], path, 0, 1, "a quantile level between 0 and 1");
      if (!s_.quantiles.empty() && q <= s_.quantiles.back()) {
        r_.fail(&(*levels)[i], path,
                number_text(q) + " does not come after " + number_text(s_.quantiles.back()) +
                    "; expected levels in increasing order, without repeats");
      }
      s_.quantiles.push_back(q);
    }
  }
  if (const toml::node* n = t->get("histogram_bins")) {
    s_.histogram_bins = r_.integer(*n, "output.histogram_bins", 1, kMaxHistogramBins,
                                   "a whole number of bins from 1 to 100000");
  }
  if (const toml::node* n = t->get("shortage_threshold")) {
    const std::string path = "output.shortage_threshold";
    const std::string expected =
        "a shortfall from 0 (inclusive) to 1 (exclusive): a day counts as a shortage day when "
        "the industry loses more than this share of its output";
    const double x = r_.number(*n, path, expected);
    if (x < 0 || x >= 1)
      r_.fail(n, path, number_text(x) + " is outside [0, 1); expected " + expected);
    s_.shortage_threshold = x;
  }
}

void Resolver::read_general_licence() {
  const toml::table* t = section("general_licence");
  if (t == nullptr) return;
  const std::string path = "general_licence";
  r_.check_keys(*t, path,
                {"grant_prob", "review_days", "validity_days", "renew_before_days", "retry_days"});
  GeneralLicencePolicy& gl = s_.general_licence;
  if (const toml::node* n = t->get("grant_prob"))
    gl.grant_prob = r_.probability(*n, path + ".grant_prob");
  if (const toml::node* n = t->get("review_days")) {
    gl.review_days = r_.distribution(*n, path + ".review_days");
  }
  const toml::node* validity = t->get("validity_days");
  if (validity) gl.validity_days = r_.whole_days(*validity, path + ".validity_days", 1, kMaxDays);
  const toml::node* renew = t->get("renew_before_days");
  if (renew) {
    gl.renew_before_days = r_.whole_days(*renew, path + ".renew_before_days", 0, kMaxDays);
  }
  if (const toml::node* n = t->get("retry_days")) {
    gl.retry_days = r_.whole_days(*n, path + ".retry_days", 1, kMaxDays);
  }
  if (gl.renew_before_days >= gl.validity_days) {
    const bool at_renew = renew != nullptr;
    r_.fail(at_renew ? renew : validity,
            path + (at_renew ? ".renew_before_days" : ".validity_days"),
            "renew_before_days (" + std::to_string(gl.renew_before_days) +
                ") is not less than validity_days (" + std::to_string(gl.validity_days) +
                "); expected 0 <= renew_before_days < validity_days");
  }
}

void Resolver::read_events() {
  const std::vector<Element> events = elements("event", false);
  const int64_t horizon = s_.horizon_days;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const toml::table& t = *events[i].table;
    const std::string& path = events[i].path;
    r_.check_keys(t, path, {"day", "date", "from", "to", "probability"});
    Event e;
    const toml::node* day = t.get("day");
    const toml::node* date = t.get("date");
    if (day && date) {
      r_.fail(date, path + ".date", "both day and date are given; expected only one of them");
    }
    if (day) {
      e.day = r_.whole_days(*day, path + ".day", 0, std::numeric_limits<int64_t>::max());
      if (e.day >= horizon) {
        r_.fail(day, path + ".day",
                "day " + std::to_string(e.day) +
                    " is outside the horizon; expected a day from 0 to " +
                    std::to_string(horizon - 1) +
                    " (simulation.horizon_days = " + std::to_string(horizon) + ")");
      }
    } else if (date) {
      if (!s_.start_date) {
        r_.fail(date, path + ".date",
                "a date needs scenario.start_date (the date of day 0); expected start_date in "
                "[scenario], or day = N instead of date");
      }
      int64_t day_number = 0;
      e.date = r_.iso_date(*date, path + ".date", day_number);
      e.day = day_number - start_day_;
      if (e.day < 0 || e.day >= horizon) {
        r_.fail(date, path + ".date",
                *e.date + " is day " + std::to_string(e.day) +
                    ", outside the horizon; expected a date from " + *s_.start_date + " to " +
                    date_from_days(start_day_ + horizon - 1) +
                    " (simulation.horizon_days = " + std::to_string(horizon) + ")");
      }
    } else {
      r_.fail_missing(&t, path + ".day",
                      "day = N (days after the start, from 0) or date = \"YYYY-MM-DD\"");
    }
    if (const toml::node* n = t.get("from")) {
      const std::string from_path = path + ".from";
      const std::string expected = "a list of regime ids such as [\"" + regime_ids_.front() +
                                   "\"] (leave from out to apply in any regime)";
      const toml::array* list = n->as_array();
      if (list == nullptr) r_.fail(n, from_path, "got " + describe(*n) + "; expected " + expected);
      if (list->empty()) r_.fail(n, from_path, "empty list; expected " + expected);
      for (std::size_t j = 0; j < list->size(); ++j) {
        const std::string item_path = from_path + "[" + std::to_string(j) + "]";
        const std::string id = r_.text((*list)[j], item_path, "a regime id in quotes");
        r_.check_known(id, regime_ids_, "regime", &(*list)[j], nullptr, item_path);
        e.from.push_back(id);
      }
    }
    const toml::node& to = r_.require(t, "to", path, "to = the id of the regime it switches to");
    e.to = r_.text(to, path + ".to", "a regime id in quotes");
    r_.check_known(e.to, regime_ids_, "regime", &to, nullptr, path + ".to");
    if (const toml::node* n = t.get("probability")) {
      e.probability = r_.probability(*n, path + ".probability");
    }
    s_.events.push_back(std::move(e));
  }
}

void Resolver::read_sweeps() {
  const std::vector<Element> sweeps = elements("sweep", false);
  for (std::size_t i = 0; i < sweeps.size(); ++i) {
    const toml::table& t = *sweeps[i].table;
    const std::string& path = sweeps[i].path;
    r_.check_keys(t, path, {"key", "keys", "values", "from", "to", "step"});
    Sweep sweep;
    const std::string key_expected = "a parameter address such as regime.<id>.approval_prob";
    // `key = "..."`, or `keys = [...]`: linked keys, set to the same value at each point.
    const toml::node* keys = t.get("keys");
    if (keys != nullptr && t.get("key") != nullptr) {
      r_.fail(keys, path + ".keys", "both key and keys are given; expected only one of the two");
    }
    std::vector<std::pair<const toml::node*, std::string>> given;  // node, address
    if (keys != nullptr) {
      const toml::array* list = keys->as_array();
      if (list == nullptr || list->empty()) {
        r_.fail(keys, path + ".keys",
                (list == nullptr ? "got " + describe(*keys) : std::string("an empty array")) +
                    "; expected an array of parameter addresses, e.g. "
                    "[\"regime.tightened.approval_prob\", "
                    "\"regime.tightened.materials.samarium.approval_prob\"]");
      }
      for (std::size_t k = 0; k < list->size(); ++k) {
        const toml::node& item = (*list)[k];
        const std::string item_path = path + ".keys[" + std::to_string(k) + "]";
        given.emplace_back(&item, r_.text(item, item_path, key_expected));
      }
    } else {
      const toml::node& key = r_.require(t, "key", path, "key = " + key_expected);
      given.emplace_back(&key, r_.text(key, path + ".key", key_expected));
    }
    sweep.key = given.front().second;
    for (std::size_t k = 1; k < given.size(); ++k) sweep.linked.push_back(given[k].second);
    sweep.origin = r_.where(&t) + ": " + path + " (" + sweep.axis_name() + ")";
    for (std::size_t k = 0; k < given.size(); ++k) {
      const auto& [node, address] = given[k];
      const std::string where = path + (keys != nullptr ? ".keys" : ".key");
      const std::string problem = address_problem(root_, address);
      if (!problem.empty()) {
        r_.fail(node, where,
                toml_string_text(address) + ": " + problem +
                    (problem.find("expected") == std::string::npos
                         ? "; expected a parameter address of this scenario"
                         : ""));
      }
      for (std::size_t j = 0; j < k; ++j) {
        if (given[j].second == address) {
          r_.fail(node, where, address + " is given twice; expected each key once");
        }
      }
      for (std::size_t j = 0; j < s_.sweeps.size(); ++j) {
        const std::vector<std::string> earlier = s_.sweeps[j].keys();
        if (std::find(earlier.begin(), earlier.end(), address) != earlier.end()) {
          r_.fail(node, where,
                  address + " is already swept by sweep[" + std::to_string(j) +
                      "]; expected each key in one sweep only");
        }
      }
    }
    const toml::node* values = t.get("values");
    const bool has_range = t.get("from") || t.get("to") || t.get("step");
    if (values && has_range) {
      r_.fail(values, path + ".values",
              "both values and from/to/step are given; expected only one of the two forms");
    }
    if (values) {
      const toml::array* list = values->as_array();
      const std::string expected = "a non-empty array of values, e.g. [0.5, 0.7, 0.9]";
      if (list == nullptr) {
        r_.fail(values, path + ".values", "got " + describe(*values) + "; expected " + expected);
      }
      if (list->empty() || list->size() > kMaxSweepValues) {
        r_.fail(values, path + ".values",
                std::to_string(list->size()) + " values; expected 1 to " +
                    std::to_string(kMaxSweepValues));
      }
      for (const toml::node& v : *list) sweep.values.push_back(value_text(v));
    } else if (has_range) {
      RangeNumber bounds[3];
      const char* names[3] = {"from", "to", "step"};
      for (int k = 0; k < 3; ++k) {
        const std::string item_path = path + "." + names[k];
        const toml::node& n = r_.require(
            t, names[k], path, std::string(names[k]) + " = a number (with from, to and step)");
        r_.number(n, item_path, "a number");
        range_number(n, bounds[k]);
      }
      try {
        sweep.values = range_values(bounds[0], bounds[1], bounds[2]);
      } catch (const InputError& e) {
        r_.fail(t.get("step"), path + ".step", e.what());
      }
    } else {
      r_.fail_missing(&t, path + ".values", "values = [...], or from, to and step");
    }
    s_.sweeps.push_back(std::move(sweep));
  }
}

Scenario resolve_scenario(const toml::table& root, const std::string& source) {
  return Resolver(root, source).run();
}

}  // namespace chokepoint::detail
