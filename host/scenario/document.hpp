// A scenario as parsed TOML, kept editable so that --set and sweep points can
// change it before it is validated into a Scenario. The TOML tree stays behind
// a pointer so that toml++ never reaches files that do not need it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "host/scenario/scenario.hpp"

namespace chokepoint {

class ScenarioDocument {
 public:
  //! Parses a TOML file; syntax errors throw InputError naming file, line and column.
  static ScenarioDocument from_file(const std::string& path);
  //! Parses TOML text; `source_name` stands for the file name in messages.
  static ScenarioDocument from_string(std::string_view text, const std::string& source_name);

  ScenarioDocument(const ScenarioDocument&);
  ScenarioDocument& operator=(const ScenarioDocument&);
  ScenarioDocument(ScenarioDocument&&) noexcept;
  ScenarioDocument& operator=(ScenarioDocument&&) noexcept;
  ~ScenarioDocument();

  //! Applies `--set KEY=VALUE` (docs/scenario-reference.md, "Parameter addresses"): VALUE is parsed as
  //! a TOML value, else taken as a string. Creates missing override tables, turns a
  //! number-or-table field into a table when one material is addressed. An address
  //! that names nothing throws InputError suggesting the nearest valid addresses.
  //! `origin` names where the value came from in messages, both here and in
  //! resolve() (default `--set KEY=VALUE`; e.g. `--vary KEY=VALUES, value V (sweep point 3)`).
  void set(const std::string& key, const std::string& value_text, const std::string& origin = "");

  //! Validates the document (every rule of docs/scenario-reference.md) and returns the typed scenario,
  //! including its [[sweep]] tables. Throws InputError on the first violation.
  Scenario resolve() const;

  //! Every scalar address of the document (for suggestions and docs), sorted.
  std::vector<std::string> addresses() const;

  //! Name used for the source in messages (the file path as given).
  const std::string& source_name() const;

 private:
  struct Impl;
  explicit ScenarioDocument(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

//! Parses `--vary KEY=V1,V2,...` or `--vary KEY=START:STOP:STEP` (docs/scenario-reference.md, "Sweeps").
Sweep parse_vary(const std::string& spec);

//! Expands sweeps into their cartesian product of points, the last varying fastest.
//! Each point is a list of (key, TOML value text) to apply with ScenarioDocument::set.
std::vector<std::vector<std::pair<std::string, std::string>>> sweep_points(
    const std::vector<Sweep>& sweeps);

//! The resolved scenario as TOML text, every default written out, so that running it
//! again gives the same model (stored in results as `scenario_toml`).
std::string to_toml(const Scenario& scenario);

}  // namespace chokepoint
