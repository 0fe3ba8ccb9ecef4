// Text helpers of the scenario loader that need no TOML parser: numbers and
// strings written so that TOML reads them back exactly, and "did you mean"
// suggestions for misspelt keys and addresses.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chokepoint {

//! TOML float text that reads back to the same double (`0.1`, `30.0`, `1e-300`, `inf`).
std::string toml_float_text(double value);

//! TOML text of a number read as a double: a whole number below 2^53 as an integer
//! (`35`, which reads back as the same double), anything else as toml_float_text.
std::string toml_number_text(double value);

//! Like toml_float_text, for messages: no `.0` added to whole numbers.
std::string number_text(double value);

//! A TOML basic string literal (quoted and escaped).
std::string toml_string_text(std::string_view text);

//! A TOML key: bare when it may be, else quoted.
std::string toml_key_text(std::string_view key);

//! Levenshtein distance between two strings (bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

//! Up to `max_count` candidates at the smallest edit distance from `word`, when that
//! is close enough to be a likely typo (or a truncation); empty when none is.
std::vector<std::string> nearest_words(std::string_view word,
                                       const std::vector<std::string>& candidates,
                                       std::size_t max_count);

//! "a, b or c" (with `last` as the final separator).
std::string join_words(const std::vector<std::string>& words, std::string_view last = " or ");

}  // namespace chokepoint
