// Parameter addresses (docs/scenario-reference.md): dotted paths in which array elements are named
// by id (`regime.truce.approval_prob`) or, for events and quotas, by 0-based index. One schema
// table below drives both `--set` and the list of addresses used for suggestions.
#include <algorithm>
#include <cstdlib>
#include <utility>

#include "host/scenario/detail.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint::detail {
namespace {

enum class Kind {
  Scalar,       // a value
  Dist,         // a day distribution: a whole number, or a table with the keys below
  IdValues,     // a table of values by id (need, next, initial_regime)
  PerMaterial,  // a number for every material, or a table of them by material id
  Object,       // a table with its own fields (alt_outage)
  Ramp,         // a number, or a table of parallel arrays addressed by 0-based index (alt_capacity)
  IdObjects,    // a table of tables by id, each with its own fields (overrides)
};

enum class Ids { None, Materials, Regimes, Industries };

struct Field {
  const char* name;
  Kind kind;
  Ids ids = Ids::None;
  const std::vector<Field>* fields = nullptr;
};

const std::vector<std::string> kDistKeys = {"dist",   "value", "min",    "max",    "mode",
                                            "median", "sigma", "values", "weights"};

const std::vector<Field> kOverrideFields = {
    {"licence", Kind::Scalar}, {"approval_prob", Kind::Scalar}, {"review_days", Kind::Dist}};
const std::vector<Field> kOutageFields = {{"mean_days_between", Kind::Scalar},
                                          {"duration_days", Kind::Dist}};

const std::vector<Field> kScenarioFields = {{"name", Kind::Scalar}, {"start_date", Kind::Scalar}};
const std::vector<Field> kSimulationFields = {{"paths", Kind::Scalar},
                                              {"horizon_days", Kind::Scalar},
                                              {"seed", Kind::Scalar},
                                              {"initial_regime", Kind::IdValues, Ids::Regimes},
                                              {"report_interval_days", Kind::Scalar},
                                              {"warmup_days", Kind::Scalar},
                                              {"precision", Kind::Scalar},
                                              {"precision_check_paths", Kind::Scalar}};
const std::vector<Field> kOutputFields = {{"quantiles", Kind::Scalar},
                                          {"histogram_bins", Kind::Scalar},
                                          {"shortage_threshold", Kind::Scalar}};
const std::vector<Field> kGeneralLicenceFields = {{"grant_prob", Kind::Scalar},
                                                  {"review_days", Kind::Dist},
                                                  {"validity_days", Kind::Scalar},
                                                  {"renew_before_days", Kind::Scalar},
                                                  {"retry_days", Kind::Scalar}};
const std::vector<Field> kMaterialFields = {{"alt_outage", Kind::Object, Ids::None, &kOutageFields},
                                            {"alt_capacity", Kind::Ramp}};
const std::vector<std::string> kRampKeys = {"day", "factor"};
const std::vector<Field> kRegimeFields = {
    {"mean_duration_days", Kind::Scalar},
    {"next", Kind::IdValues, Ids::Regimes},
    {"licence", Kind::Scalar},
    {"approval_prob", Kind::Scalar},
    {"review_days", Kind::Dist},
    {"general_licences", Kind::Scalar},
    {"inspection_prob", Kind::Scalar},
    {"inspection_days", Kind::Dist},
    {"materials", Kind::IdObjects, Ids::Materials, &kOverrideFields},
    {"industries", Kind::IdObjects, Ids::Industries, &kOverrideFields}};
const std::vector<Field> kSubstitutionFields = {{"delay_days", Kind::Scalar},
                                                {"need_factor", Kind::Scalar}};
const std::vector<Field> kIndustryFields = {
    {"buyers", Kind::Scalar},
    {"need", Kind::IdValues, Ids::Materials},
    {"china_share", Kind::PerMaterial},
    {"inventory_days", Kind::PerMaterial},
    {"target_days", Kind::PerMaterial},
    {"review_days", Kind::Scalar},
    {"transit_days", Kind::Scalar},
    {"general_licence_adoption", Kind::Scalar},
    {"priority", Kind::Scalar},
    {"substitution", Kind::IdObjects, Ids::Materials, &kSubstitutionFields}};
const std::vector<Field> kStockpileFields = {
    {"material", Kind::Scalar},        {"tonnes", Kind::Scalar},
    {"release_to", Kind::Scalar},      {"max_release_tonnes_per_day", Kind::Scalar},
    {"release_regimes", Kind::Scalar}, {"refill_tonnes_per_day", Kind::Scalar},
    {"refill_regimes", Kind::Scalar}};
const std::vector<Field> kQuotaFields = {{"material", Kind::Scalar},
                                         {"tonnes_per_period", Kind::Scalar},
                                         {"period_days", Kind::Scalar},
                                         {"regimes", Kind::Scalar}};
const std::vector<Field> kEventFields = {{"day", Kind::Scalar},
                                         {"date", Kind::Scalar},
                                         {"from", Kind::Scalar},
                                         {"to", Kind::Scalar},
                                         {"probability", Kind::Scalar}};

struct Section {
  const char* name;
  const std::vector<Field>* fields;
  bool is_array;          // [[name]] elements, addressed by id
  bool by_index = false;  // ... or by 0-based index (elements without an id)
};

const std::vector<Section> kSections = {
    {"scenario", &kScenarioFields, false}, {"simulation", &kSimulationFields, false},
    {"output", &kOutputFields, false},     {"general_licence", &kGeneralLicenceFields, false},
    {"material", &kMaterialFields, true},  {"regime", &kRegimeFields, true},
    {"industry", &kIndustryFields, true},  {"stockpile", &kStockpileFields, true},
    {"quota", &kQuotaFields, true, true},  {"event", &kEventFields, true, true}};

// The ids of the elements of a [[kind]] array (those with a string id).
std::vector<std::string> element_ids(const toml::table& root, const char* kind) {
  std::vector<std::string> ids;
  if (const toml::array* array = root[kind].as_array()) {
    for (const toml::node& element : *array) {
      if (const toml::table* t = element.as_table()) {
        if (const auto* id = (*t)["id"].as_string()) ids.push_back(id->get());
      }
    }
  }
  return ids;
}

struct Context {
  std::vector<std::string> materials, regimes, industries;
  const std::vector<std::string>& ids(Ids kind) const {
    static const std::vector<std::string> none;
    switch (kind) {
      case Ids::Materials:
        return materials;
      case Ids::Regimes:
        return regimes;
      case Ids::Industries:
        return industries;
      default:
        return none;
    }
  }
};

Context context_of(const toml::table& root) {
  return {element_ids(root, "material"), element_ids(root, "regime"),
          element_ids(root, "industry")};
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// Thrown inside the walk; turned into the returned problem text.
struct NoSuchAddress {};
struct BadAddress {
  std::string message;
};

// The table at `name` in `parent`, created when absent.
toml::table& child_table(toml::table& parent, const std::string& name, const std::string& address) {
  toml::node* node = parent.get(name);
  if (node == nullptr) {
    parent.insert_or_assign(name, toml::table{});
    node = parent.get(name);
  }
  if (toml::table* t = node->as_table()) return *t;
  throw BadAddress{address + " does not name a table in this scenario (" + name +
                   " is a single value here); set " + name + " itself instead"};
}

class Walker {
 public:
  Walker(const Context& ctx, const std::vector<std::string>& segments, toml::node& value)
      : ctx_(ctx), segments_(segments), value_(value) {}

  void fields(toml::table& container, const std::vector<Field>& list, std::size_t k) {
    if (k >= segments_.size()) throw NoSuchAddress{};
    const std::string& name = segments_[k];
    const auto field =
        std::find_if(list.begin(), list.end(), [&](const Field& f) { return name == f.name; });
    if (field == list.end()) throw NoSuchAddress{};
    const bool last = k + 1 == segments_.size();
    if (last) {  // every field may be set whole
      container.insert_or_assign(name, std::move(value_));
      return;
    }
    const std::string& sub = segments_[k + 1];
    const bool sub_last = k + 2 == segments_.size();
    switch (field->kind) {
      case Kind::Scalar:
        throw NoSuchAddress{};
      case Kind::Dist: {
        if (!sub_last || !contains(kDistKeys, sub)) throw NoSuchAddress{};
        const toml::node* existing = container.get(name);
        if (existing != nullptr && existing->is_number()) {
          throw BadAddress{"here " + name +
                           " is a fixed number of days; set the whole distribution instead, "
                           "e.g. " +
                           prefix(k + 1) + "={dist=\"uniform\",min=10,max=30}"};
        }
        child_table(container, name, prefix(k + 2)).insert_or_assign(sub, std::move(value_));
        return;
      }
      case Kind::IdValues: {
        if (!sub_last || !contains(ctx_.ids(field->ids), sub)) throw NoSuchAddress{};
        // An initial regime given by id becomes the table { id = 1.0 }.
        toml::node* existing = container.get(name);
        if (existing != nullptr && existing->is_string()) {
          toml::table expanded;
          expanded.insert_or_assign(existing->as_string()->get(), 1.0);
          container.insert_or_assign(name, std::move(expanded));
        }
        child_table(container, name, prefix(k + 2)).insert_or_assign(sub, std::move(value_));
        return;
      }
      case Kind::PerMaterial: {
        if (!sub_last || !contains(ctx_.materials, sub)) throw NoSuchAddress{};
        // One value for every material becomes a table with that value for each of
        // them, so that only the addressed material changes.
        toml::node* existing = container.get(name);
        if (existing != nullptr && !existing->is_table()) {
          toml::table expanded;
          for (const std::string& id : ctx_.materials) expanded.insert_or_assign(id, *existing);
          container.insert_or_assign(name, std::move(expanded));
        }
        child_table(container, name, prefix(k + 2)).insert_or_assign(sub, std::move(value_));
        return;
      }
      case Kind::Object:
        fields(child_table(container, name, prefix(k + 2)), *field->fields, k + 1);
        return;
      case Kind::Ramp: {
        // NAME.day.J or NAME.factor.J: entry J of an array of the ramp (or
        // NAME.day, NAME.factor: the whole array).
        if (k + 3 < segments_.size() || !contains(kRampKeys, sub)) throw NoSuchAddress{};
        const toml::node* existing = container.get(name);
        if (existing == nullptr || !existing->is_table()) {
          throw BadAddress{"here " + name + " is " +
                           (existing == nullptr ? std::string("not given (a single factor, 1)")
                                                : std::string("a single factor")) +
                           ", not a ramp; set the whole ramp instead, e.g. " + prefix(k + 1) +
                           "={day=[0,180],factor=[1.0,2.5]}"};
        }
        toml::table& ramp = *container.get(name)->as_table();
        if (sub_last) {
          ramp.insert_or_assign(sub, value_);
          return;
        }
        toml::array* array = ramp[sub].as_array();
        const std::string& index = segments_[k + 2];
        if (array == nullptr || index.empty() || index.size() > 9 ||
            index.find_first_not_of("0123456789") != std::string::npos) {
          throw NoSuchAddress{};
        }
        const std::size_t j = std::strtoul(index.c_str(), nullptr, 10);
        if (j >= array->size()) throw NoSuchAddress{};
        array->replace(array->cbegin() + static_cast<std::ptrdiff_t>(j), value_);
        return;
      }
      case Kind::IdObjects: {
        if (!contains(ctx_.ids(field->ids), sub)) throw NoSuchAddress{};
        toml::table& by_id = child_table(container, name, prefix(k + 2));
        if (sub_last) {
          by_id.insert_or_assign(sub, std::move(value_));
          return;
        }
        fields(child_table(by_id, sub, prefix(k + 2)), *field->fields, k + 2);
        return;
      }
    }
  }

 private:
  // The first `count` segments, joined.
  std::string prefix(std::size_t count) const {
    std::string out;
    for (std::size_t i = 0; i < count && i < segments_.size(); ++i) {
      out += (i ? "." : "") + segments_[i];
    }
    return out;
  }

  const Context& ctx_;
  const std::vector<std::string>& segments_;
  toml::node& value_;  // moved into the tree, so that it keeps its source
};

std::vector<std::string> split_address(const std::string& key) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = key.find('.', start);
    segments.push_back(key.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return segments;
}

// Finds element `id` of [[kind]] (by index for events and quotas); nullptr when there is none.
toml::table* find_element(toml::table& root, const Section& section, const std::string& id) {
  toml::array* array = root[section.name].as_array();
  if (array == nullptr) return nullptr;
  if (section.by_index) {
    if (id.empty() || id.size() > 9 || id.find_first_not_of("0123456789") != std::string::npos) {
      return nullptr;
    }
    const std::size_t index = std::strtoul(id.c_str(), nullptr, 10);
    return index < array->size() ? (*array)[index].as_table() : nullptr;
  }
  for (toml::node& element : *array) {
    toml::table* t = element.as_table();
    if (t != nullptr && (*t)["id"].value<std::string>() == id) return t;
  }
  return nullptr;
}

void list_fields(const Context& ctx, const std::string& prefix, const std::vector<Field>& list,
                 const toml::table* container, std::vector<std::string>& out) {
  for (const Field& field : list) {
    const std::string address = prefix + field.name;
    const toml::node* node = container ? container->get(field.name) : nullptr;
    const toml::table* table = node ? node->as_table() : nullptr;
    if (field.kind != Kind::IdObjects) out.push_back(address);
    switch (field.kind) {
      case Kind::Scalar:
        break;
      case Kind::Dist:
        if (table != nullptr) {
          for (auto&& [key, value] : *table) {
            if (contains(kDistKeys, std::string(key.str()))) {
              out.push_back(address + "." + std::string(key.str()));
            }
          }
        }
        break;
      case Kind::IdValues:
        for (const std::string& id : ctx.ids(field.ids)) out.push_back(address + "." + id);
        break;
      case Kind::PerMaterial:
        for (const std::string& id : ctx.materials) out.push_back(address + "." + id);
        break;
      case Kind::Object:
        list_fields(ctx, address + ".", *field.fields, table, out);
        break;
      case Kind::Ramp:
        if (table != nullptr) {
          for (const std::string& key : kRampKeys) {
            if (const toml::array* array = (*table)[key].as_array()) {
              for (std::size_t j = 0; j < array->size(); ++j) {
                out.push_back(address + "." + key + "." + std::to_string(j));
              }
            }
          }
        }
        break;
      case Kind::IdObjects:
        for (const std::string& id : ctx.ids(field.ids)) {
          const toml::table* sub = table ? (*table)[id].as_table() : nullptr;
          list_fields(ctx, address + "." + id + ".", *field.fields, sub, out);
        }
        break;
    }
  }
}

}  // namespace

std::vector<std::string> list_addresses(const toml::table& root) {
  const Context ctx = context_of(root);
  std::vector<std::string> out;
  for (const Section& section : kSections) {
    const std::string name = section.name;
    if (!section.is_array) {
      list_fields(ctx, name + ".", *section.fields, root[name].as_table(), out);
      continue;
    }
    const toml::array* array = root[name].as_array();
    if (array == nullptr) continue;
    for (std::size_t i = 0; i < array->size(); ++i) {
      const toml::table* t = (*array)[i].as_table();
      if (t == nullptr) continue;
      std::string id = std::to_string(i);
      if (!section.by_index) {
        const auto* id_node = (*t)["id"].as_string();
        if (id_node == nullptr) continue;
        id = id_node->get();
      }
      list_fields(ctx, name + "." + id + ".", *section.fields, t, out);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string assign_address(toml::table& root, const std::string& key, toml::node& value) {
  const std::vector<std::string> segments = split_address(key);
  const Context ctx = context_of(root);
  try {
    const auto section = std::find_if(kSections.begin(), kSections.end(),
                                      [&](const Section& s) { return segments[0] == s.name; });
    if (section == kSections.end() || segments.size() < 2) throw NoSuchAddress{};
    Walker walker(ctx, segments, value);
    if (!section->is_array) {
      walker.fields(child_table(root, segments[0], segments[0]), *section->fields, 1);
    } else {
      toml::table* element = find_element(root, *section, segments[1]);
      if (element == nullptr) throw NoSuchAddress{};
      walker.fields(*element, *section->fields, 2);
    }
  } catch (const BadAddress& bad) {
    return bad.message;
  } catch (const NoSuchAddress&) {
    const std::vector<std::string> near = nearest_words(key, list_addresses(root), 3);
    if (!near.empty()) return "no such address; did you mean " + join_words(near) + "?";
    return "no such address; expected a parameter address such as regime.<id>.approval_prob, "
           "industry.<id>.inventory_days, general_licence.grant_prob, simulation.horizon_days, "
           "stockpile.<id>.tonnes, quota.<index>.tonnes_per_period or event.<index>.probability";
  }
  return {};
}

std::string address_problem(const toml::table& root, const std::string& key) {
  toml::table scratch = root;
  toml::value<int64_t> value(0);
  return assign_address(scratch, key, value);
}

}  // namespace chokepoint::detail
