// The validation of a parsed scenario, section by section; its member functions
// live in scenario_resolve.cpp (top level, simulation, output, general licence,
// events, sweeps), scenario_resolve_entities.cpp (materials, regimes, industries) and
// resolve_remedies.cpp (stockpiles, quotas, priority, substitution).
// Private to the scenario loader.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "host/scenario/reader.hpp"
#include "host/scenario/scenario.hpp"

namespace chokepoint::detail {

//! One element of a [[kind]] array and the key path that names it in messages.
struct Element {
  const toml::table* table;
  std::string path;
};

//! The first entry of `list` with key `id`; nullptr when there is none.
template <typename T>
const T* find_by_id(const std::vector<std::pair<std::string, T>>& list, const std::string& id) {
  for (const auto& [key, value] : list) {
    if (key == id) return &value;
  }
  return nullptr;
}

class Resolver {
 public:
  Resolver(const toml::table& root, const std::string& source) : root_(root), r_(source) {}

  //! Validates the whole document; throws InputError on the first violation.
  Scenario run();

 private:
  const toml::table* section(const std::string& name);
  std::vector<Element> elements(const std::string& kind, bool required);
  std::vector<std::string> collect_ids(const std::string& kind, std::vector<Element>& list);
  void read_scenario();
  void read_simulation();
  uint64_t read_seed(const toml::node& n);
  void read_output();
  void read_precision();  // resolve_precision.cpp
  void read_general_licence();
  void read_events();
  void read_sweeps();
  void read_design();  // design_spec.cpp

  void read_materials();
  AltCapacity read_alt_capacity(const toml::node& n, const std::string& path);
  LicenceTerms read_terms(const toml::table& t, const std::string& path);
  std::vector<std::pair<std::string, LicenceTerms>> read_overrides(
      const toml::node& node, const std::string& path, const std::vector<std::string>& ids,
      const std::string& kind);
  void read_regimes();
  void read_industries();
  void read_need(const toml::table& t, const std::string& path, Industry& ind);
  void check_licence_terms();

  // resolve_remedies.cpp
  void read_industry_remedies(const toml::table& t, const std::string& path,
                              const std::vector<std::string>& needed, Industry& ind);
  void read_stockpiles();
  void read_quotas();

  const toml::table& root_;
  Reader r_;
  Scenario s_;
  int64_t start_day_ = 0;
  std::vector<Element> materials_, regimes_, industries_;
  std::vector<std::string> material_ids_, regime_ids_, industry_ids_;
};

}  // namespace chokepoint::detail
