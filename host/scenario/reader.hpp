// Typed, checked reads of scenario TOML nodes. Every failure throws InputError
// in the form `FILE:LINE:COLUMN: KEY_PATH: what is wrong; expected ...`.
// Private to the scenario loader (includes toml++).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/scenario/detail.hpp"
#include "host/scenario/scenario.hpp"

namespace chokepoint::detail {

//! A table's entries in the order they were written (toml++ keeps keys sorted);
//! entries made by --set, which have no position, come last.
std::vector<std::pair<const toml::key*, const toml::node*>> entries_in_file_order(
    const toml::table& table);

//! Short description of a node for messages: `the text "abc"`, `the integer 3`, `a table`.
std::string describe(const toml::node& node);

//! Days from 1970-01-01 to a proleptic Gregorian date.
int64_t days_from_civil(int64_t year, int64_t month, int64_t day);

//! `YYYY-MM-DD` of a day number (days since 1970-01-01).
std::string date_from_days(int64_t days);

//! Whether `id` matches [a-z0-9_]+.
bool is_valid_id(std::string_view id);

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  //! `FILE:LINE:COLUMN` of a node, `FILE` when it has no position (root, tables made
  //! by --set), or the option a value came from (`--set KEY=VALUE`).
  std::string where(const toml::node* node) const;

  [[noreturn]] void fail(const toml::node* at, const std::string& path,
                         const std::string& message) const;
  [[noreturn]] void fail_key(const toml::key& key, const std::string& path,
                             const std::string& message) const;
  //! A required key is absent: located at its enclosing table.
  [[noreturn]] void fail_missing(const toml::node* parent, const std::string& path,
                                 const std::string& expected) const;

  //! Rejects keys of `table` outside `allowed`, suggesting the nearest allowed key.
  void check_keys(const toml::table& table, const std::string& path,
                  const std::vector<std::string>& allowed) const;
  //! The ids of the [[kind]] tables, so that check_keys can recognise a table header
  //! that tries to name an element by id (`[regime.truce.materials.dy]`).
  void set_element_ids(const std::string& kind, const std::vector<std::string>& ids);

  const toml::table& table(const toml::node& node, const std::string& path,
                           const std::string& expected) const;
  const toml::node& require(const toml::table& table, std::string_view key, const std::string& path,
                            const std::string& expected) const;

  //! A finite number (integer or float).
  double number(const toml::node& node, const std::string& path, const std::string& expected) const;
  //! A finite number in [lo, hi].
  double number_in(const toml::node& node, const std::string& path, double lo, double hi,
                   const std::string& expected) const;
  double probability(const toml::node& node, const std::string& path) const;
  //! Whole days in [lo, hi]: an integer, or a float with no fraction (`30.0`).
  int64_t whole_days(const toml::node& node, const std::string& path, int64_t lo, int64_t hi) const;
  //! A TOML integer in [lo, hi]; floats are rejected (counts, seeds).
  int64_t integer(const toml::node& node, const std::string& path, int64_t lo, int64_t hi,
                  const std::string& expected) const;
  std::string text(const toml::node& node, const std::string& path,
                   const std::string& expected) const;
  bool boolean(const toml::node& node, const std::string& path) const;
  //! An ISO date (`"2025-12-18"` or a TOML date), returned as `YYYY-MM-DD`;
  //! `day_number` receives its days since 1970-01-01.
  std::string iso_date(const toml::node& node, const std::string& path, int64_t& day_number) const;
  //! A day distribution of docs/scenario-reference.md (bare whole number = fixed).
  DayDistribution distribution(const toml::node& node, const std::string& path) const;
  //! A number for every material, or a table of them by material id; `entry` reads one value.
  PerMaterial per_material(
      const toml::node& node, const std::string& path, const std::vector<std::string>& materials,
      const std::function<double(const toml::node&, const std::string&)>& entry) const;
  //! A table {id = probability} over `ids`, summing to 1 (±1e-9).
  std::vector<std::pair<std::string, double>> distribution_over(const toml::node& node,
                                                                const std::string& path,
                                                                const std::vector<std::string>& ids,
                                                                const std::string& kind) const;
  //! " (did you mean \"x\"?)" for the choice nearest to a mistyped `word`, or "".
  static std::string nearest_choice(const std::string& word,
                                    const std::vector<std::string>& choices);
  //! Fails unless `id` is one of `ids` ("no KIND with this id; expected one of ...").
  void check_known(const std::string& id, const std::vector<std::string>& ids,
                   const std::string& kind, const toml::node* at, const toml::key* key,
                   const std::string& path) const;

 private:
  //! The option (--set, --vary) whose value holds this source; nullptr for the file.
  const std::string* option_of(const toml::source_region& source) const;
  //! For a table of the file, the first option that set a value inside it; else nullptr.
  const std::string* option_inside(const toml::node* node) const;
  //! The message for key `name` of element `path` when it is an element's id used in a
  //! table header; empty otherwise.
  std::string header_by_id(const std::string& path, const std::string& name, const toml::node& node,
                           const std::vector<std::string>& allowed) const;

  std::string source_;
  std::vector<std::pair<std::string, std::vector<std::string>>> element_ids_;
};

}  // namespace chokepoint::detail
