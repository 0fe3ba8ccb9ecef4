#include "host/scenario/toml_text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

namespace chokepoint {

std::string number_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // The shortest text that reads back exactly.
  // Plain digits for the magnitudes people write (1000000, 0.001), exponents beyond.
  const double magnitude = std::fabs(value);
  const bool plain = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16);
  char buffer[400];
  const auto result =
      plain ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed)
            : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string toml_float_text(double value) {
  std::string text = number_text(value);
  // A TOML float needs a fraction, an exponent or a special name; "30" would be an integer.
  if (text.find_first_of(".eni") == std::string::npos) text += ".0";
  return text;
}

std::string toml_number_text(double value) {
  // -0 stays a float: the integer 0 would read back as +0.
  const bool whole = std::isfinite(value) && value == std::floor(value) &&
                     std::fabs(value) < 9007199254740992.0 && !(value == 0 && std::signbit(value));
  return whole ? number_text(value) : toml_float_text(value);
}

std::string toml_string_text(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
  return out;
}

std::string toml_key_text(std::string_view key) {
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  return bare ? std::string(key) : toml_string_text(key);
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and swaps of two
  // adjacent characters ("opne" is one edit from "open") each cost 1.
  const std::size_t n = b.size();
  std::vector<std::size_t> before(n + 1), previous(n + 1), row(n + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      row[j] = std::min(
          {previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        row[j] = std::min(row[j], before[j - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(row);
  }
  return previous[n];
}

std::vector<std::string> nearest_words(std::string_view word,
                                       const std::vector<std::string>& candidates,
                                       std::size_t max_count) {
  // A likely typo: a third of the word wrong at most, or a truncation of at least
  // 4 characters ("horizon" for "horizon_days").
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, candidate index)
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string_view candidate = candidates[i];
    if (candidate == word) continue;
    const std::size_t d = edit_distance(word, candidate);
    const std::string_view shorter = word.size() < candidate.size() ? word : candidate;
    const std::string_view longer = word.size() < candidate.size() ? candidate : word;
    const bool truncated = shorter.size() >= 4 && longer.substr(0, shorter.size()) == shorter;
    if (d <= limit || truncated) scored.emplace_back(d, i);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (const auto& [distance, index] : scored) {
    // Only the nearest (ties included), not every address of the scenario.
    if (out.size() == max_count || distance > scored.front().first) break;
    if (std::find(out.begin(), out.end(), candidates[index]) == out.end()) {
      out.push_back(candidates[index]);
    }
  }
  return out;
}

std::string join_words(const std::vector<std::string>& words, std::string_view last) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += (i + 1 == words.size()) ? std::string(last) : std::string(", ");
    out += words[i];
  }
  return out;
}

}  // namespace chokepoint
