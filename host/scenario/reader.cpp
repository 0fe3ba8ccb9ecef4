#include "host/scenario/reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <tuple>

#include "host/scenario/input_error.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint::detail {
namespace {

std::tuple<uint32_t, uint32_t> position(const toml::source_region& source) {
  if (!source.begin) return {std::numeric_limits<uint32_t>::max(), 0};
  return {source.begin.line, source.begin.column};
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const auto near = nearest_words(word, candidates, 1);
  return near.empty() ? std::string() : " (did you mean " + near.front() + "?)";
}

bool is_leap(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int64_t days_in_month(int64_t year, int64_t month) {
  static const int64_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : kDays[month - 1];
}

// Strict YYYY-MM-DD with a real calendar day.
bool parse_iso_date(std::string_view s, int64_t& year, int64_t& month, int64_t& day) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  auto digits = [&](std::size_t from, std::size_t count, int64_t& out) {
    out = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  if (!digits(0, 4, year) || !digits(5, 2, month) || !digits(8, 2, day)) return false;
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

std::string date_text(int64_t year, int64_t month, int64_t day) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(year),
                static_cast<int>(month), static_cast<int>(day));
  return buffer;
}

}  // namespace

std::vector<std::pair<const toml::key*, const toml::node*>> entries_in_file_order(
    const toml::table& table) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, node] : table) entries.emplace_back(&key, &node);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return position(a.first->source()) < position(b.first->source());
  });
  return entries;
}

std::string describe(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: {
      std::string s = node.as_string()->get();
      if (s.size() > 40) s = s.substr(0, 37) + "...";
      return "the text " + toml_string_text(s);
    }
    case toml::node_type::integer:
      return "the integer " + std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point:
      return "the number " + number_text(node.as_floating_point()->get());
    case toml::node_type::boolean:
      return node.as_boolean()->get() ? "the value true" : "the value false";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time of day";
    case toml::node_type::date_time:
      return "a date and time";
    default:
      return "an empty value";
  }
}

int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
  // H. Hinnant's days_from_civil.
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

std::string date_from_days(int64_t days) {
  // H. Hinnant's civil_from_days.
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return date_text(year, month, day);
}

bool is_valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

const toml::table& Reader::table(const toml::node& node, const std::string& path,
                                 const std::string& expected) const {
  if (!node.is_table()) fail(&node, path, "got " + describe(node) + "; expected " + expected);
  return *node.as_table();
}

const toml::node& Reader::require(const toml::table& table, std::string_view key,
                                  const std::string& path, const std::string& expected) const {
  const toml::node* node = table.get(key);
  if (node == nullptr) fail_missing(&table, path + "." + std::string(key), expected);
  return *node;
}

double Reader::number(const toml::node& node, const std::string& path,
                      const std::string& expected) const {
  double value = 0;
  if (node.is_integer()) {
    value = static_cast<double>(node.as_integer()->get());
  } else if (node.is_floating_point()) {
    value = node.as_floating_point()->get();
  } else {
    fail(&node, path, "got " + describe(node) + "; expected " + expected);
  }
  if (std::isnan(value))
    fail(&node, path, "nan (not a number) is not allowed; expected " + expected);
  if (std::isinf(value)) fail(&node, path, "infinity is not allowed; expected " + expected);
  return value;
}

double Reader::number_in(const toml::node& node, const std::string& path, double lo, double hi,
                         const std::string& expected) const {
  const double value = number(node, path, expected);
  if (value < lo || value > hi) {
    fail(&node, path, number_text(value) + " is out of range; expected " + expected);
  }
  return value;
}

double Reader::probability(const toml::node& node, const std::string& path) const {
  const std::string expected = "a probability between 0 and 1";
  const double value = number(node, path, expected);
  if (value < 0 || value > 1) {
    fail(&node, path, number_text(value) + " is outside [0, 1]; expected " + expected);
  }
  return value;
}

int64_t Reader::whole_days(const toml::node& node, const std::string& path, int64_t lo,
                           int64_t hi) const {
  const std::string expected =
      hi == std::numeric_limits<int64_t>::max()
          ? "a whole number of days >= " + std::to_string(lo)
          : "a whole number of days from " + std::to_string(lo) + " to " + std::to_string(hi);
  int64_t value = 0;
  if (node.is_integer()) {
    value = node.as_integer()->get();
  } else if (node.is_floating_point()) {
    const double real = number(node, path, expected);
    if (real != std::floor(real)) {
      fail(&node, path, number_text(real) + " is not a whole number of days; expected " + expected);
    }
    // Beyond any limit below, and not representable as int64.
    if (std::fabs(real) > 1e15) {
      fail(&node, path, number_text(real) + " days is out of range; expected " + expected);
    }
    value = static_cast<int64_t>(real);
  } else {
    fail(&node, path, "got " + describe(node) + "; expected " + expected);
  }
  if (value < 0 && lo >= 0) {
    fail(&node, path, std::to_string(value) + " is negative; expected " + expected);
  }
  if (value > hi && hi == kMaxDays) {
    fail(&node, path,
         std::to_string(value) + " days is beyond the limit of " + std::to_string(kMaxDays) +
             " days (about 274 years); expected " + expected);
  }
  if (value < lo || value > hi) {
    fail(&node, path, std::to_string(value) + " is out of range; expected " + expected);
  }
  return value;
}

int64_t Reader::integer(const toml::node& node, const std::string& path, int64_t lo, int64_t hi,
                        const std::string& expected) const {
  if (node.is_floating_point()) {
    fail(&node, path,
         "got the number " + number_text(node.as_floating_point()->get()) +
             ", written as a float; expected " + expected +
             ", written without a decimal point or exponent");
  }
  if (!node.is_integer()) fail(&node, path, "got " + describe(node) + "; expected " + expected);
  const int64_t value = node.as_integer()->get();
  if (value < lo || value > hi) {
    fail(&node, path, std::to_string(value) + " is out of range; expected " + expected);
  }
  return value;
}

std::string Reader::text(const toml::node& node, const std::string& path,
                         const std::string& expected) const {
  if (!node.is_string()) fail(&node, path, "got " + describe(node) + "; expected " + expected);
  return node.as_string()->get();
}

bool Reader::boolean(const toml::node& node, const std::string& path) const {
  if (!node.is_boolean()) {
    fail(&node, path, "got " + describe(node) + "; expected true or false (without quotes)");
  }
  return node.as_boolean()->get();
}

std::string Reader::iso_date(const toml::node& node, const std::string& path,
                             int64_t& day_number) const {
  const std::string expected = "an ISO date \"YYYY-MM-DD\" such as \"2025-12-18\"";
  int64_t year = 0, month = 0, day = 0;
  if (node.is_date()) {
    const toml::date& date = node.as_date()->get();
    year = date.year;
    month = date.month;
    day = date.day;
  } else if (node.is_string()) {
    if (!parse_iso_date(node.as_string()->get(), year, month, day)) {
      fail(&node, path, describe(node) + " is not a calendar date; expected " + expected);
    }
  } else {
    fail(&node, path, "got " + describe(node) + "; expected " + expected);
  }
  day_number = days_from_civil(year, month, day);
  return date_text(year, month, day);
}

PerMaterial Reader::per_material(
    const toml::node& node, const std::string& path, const std::vector<std::string>& materials,
    const std::function<double(const toml::node&, const std::string&)>& entry) const {
  PerMaterial out;
  if (node.is_number()) {
    out.scalar = entry(node, path);
    return out;
  }
  if (!node.is_table()) {
    fail(&node, path,
         "got " + describe(node) +
             "; expected a number for every material, or a table by material id such as "
             "{ " +
             materials.front() + " = ... }");
  }
  out.is_table = true;
  for (const auto& [key, value] : entries_in_file_order(*node.as_table())) {
    const std::string id(key->str());
    const std::string entry_path = path + "." + id;
    check_known(id, materials, "material", value, key, entry_path);
    out.entries.emplace_back(id, entry(*value, entry_path));
  }
  return out;
}

std::vector<std::pair<std::string, double>> Reader::distribution_over(
    const toml::node& node, const std::string& path, const std::vector<std::string>& ids,
    const std::string& kind) const {
  const toml::table& t =
      table(node, path,
            "a table of probabilities by " + kind + " id, such as { " + ids.front() + " = 1.0 }");
  if (t.empty()) {
    fail(&node, path, "empty table; expected at least one " + kind + " id with its probability");
  }
  std::vector<std::pair<std::string, double>> out;
  double sum = 0;
  for (const auto& [key, value] : entries_in_file_order(t)) {
    const std::string id(key->str());
    const std::string entry_path = path + "." + id;
    check_known(id, ids, kind, value, key, entry_path);
    out.emplace_back(id, probability(*value, entry_path));
    sum += out.back().second;
  }
  if (std::fabs(sum - 1) > 1e-9) {
    // 12 digits: enough to show a sum off by more than 1e-9, without the noise of
    // adding decimals in binary (0.9 + 0.6 + 0.3 = 1.7999999999999998).
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", sum);
    fail(&node, path,
         std::string("the probabilities sum to ") + text + "; expected them to sum to 1 (±1e-9)");
  }
  return out;
}

void Reader::check_known(const std::string& id, const std::vector<std::string>& ids,
                         const std::string& kind, const toml::node* at, const toml::key* key,
                         const std::string& path) const {
  if (std::find(ids.begin(), ids.end(), id) != ids.end()) return;
  const std::string message = "no " + kind + " has the id " + toml_string_text(id) +
                              did_you_mean(id, ids) + "; expected one of " + join_words(ids);
  if (key != nullptr) fail_key(*key, path, message);
  fail(at, path, message);
}

}  // namespace chokepoint::detail
