// Internals of the scenario loader shared by its source files (scenario_*.cpp,
// sweep_spec.cpp). Only those files include it: it brings in toml++.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "host/scenario/scenario.hpp"

namespace chokepoint::detail {

//! Any number of days in a scenario (review, transit, stock, distribution values):
//! about 274 years; larger values are typos, and would overflow day counters.
inline constexpr int64_t kMaxDays = 100000;

//! toml::parse (throwing toml::parse_error the same way), guarded against defects of
//! toml++ 3.3 that break its own preconditions (an abort in debug builds, undefined
//! behaviour in release builds) instead of reporting a parse error: a table header
//! without a key (`[@x]`, `[[[x]]]`, marzer/tomlplusplus#301), non-ASCII characters
//! outside strings (its Unicode whitespace test reaches __builtin_unreachable), and
//! malformed values (`[1, }`, `1979-05-27T:`). The text is scanned first, and such a
//! spot is reported as a parse_error at its position (scenario_document.cpp).
toml::table parse_toml(std::string_view text, std::string_view source);

//! Validates a parsed scenario into a Scenario (scenario_resolve.cpp).
Scenario resolve_scenario(const toml::table& root, const std::string& source);

//! Writes `value` at the parameter address `key` (docs/scenario-reference.md, "Parameter addresses"),
//! creating override tables and expanding number-or-table fields. Returns an empty
//! string on success, else what is wrong with the address (with suggestions);
//! on failure `root` may hold new empty tables, so callers try on a copy first.
//! `value` is moved into the tree, so that it keeps its source (see parse_value_text).
std::string assign_address(toml::table& root, const std::string& key, toml::node& value);

//! Empty when `key` addresses a settable parameter of `root`, else why not.
std::string address_problem(const toml::table& root, const std::string& key);

//! Every address of `root` (scalars present plus the settable keys of each element).
std::vector<std::string> list_addresses(const toml::table& root);

//! Parses a --set/--vary VALUE as a TOML value; nullptr when it is not one. The node
//! and everything in it carry `origin` as their source path (e.g. `--set KEY=VALUE`),
//! which messages show instead of the scenario file's name and position.
std::unique_ptr<toml::node> parse_value_text(std::string_view text,
                                             const std::string& origin = "<value>");

//! Whether `node`, from parse_value_text, is the whole value rather than a part of it.
bool is_whole_value(const toml::node& node);

//! TOML text of a value (arrays and tables inline).
std::string value_text(const toml::node& node);

//! A number of a START:STOP:STEP range, as written.
struct RangeNumber {
  bool is_integer = false;
  int64_t integer = 0;
  double real = 0;
  double as_double() const { return is_integer ? static_cast<double>(integer) : real; }
};

//! Reads a TOML integer or float node; false for anything else.
bool range_number(const toml::node& node, RangeNumber& out);

//! The values START, START+STEP, ... up to STOP (included when reached within
//! 1e-9·|STEP|) as TOML texts. Throws InputError with a message that has no
//! location: callers add theirs.
std::vector<std::string> range_values(const RangeNumber& start, const RangeNumber& stop,
                                      const RangeNumber& step);

}  // namespace chokepoint::detail
