// Sweeps (docs/scenario-reference.md): `--vary` specs, START:STOP:STEP ranges, TOML value texts,
// and the cartesian product of sweep points.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>

#include "host/scenario/detail.hpp"
#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint {
namespace detail {
namespace {

constexpr std::size_t kMaxRangeValues = 100000;
constexpr std::size_t kMaxSweepPoints = 1000000;

std::string trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

// Splits on `separator` outside quotes, brackets and braces.
std::vector<std::string> split_top_level(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"' && i + 1 < text.size()) {
        current += c;
        current += text[++i];
        continue;
      }
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if (c == ']' || c == '}') {
      --depth;
    } else if (c == separator && depth == 0) {
      parts.push_back(current);
      current.clear();
      continue;
    }
    current += c;
  }
  parts.push_back(current);
  return parts;
}

// Short text for a range value: start + i*step carries rounding noise in its last
// digits (0.1 * 3 = 0.30000000000000004), which is not what the user asked for.
std::string range_float_text(double value, double step) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.15g", value);
  const double rounded = std::strtod(buffer, nullptr);
  return toml_float_text(std::fabs(rounded - value) <= 1e-9 * std::fabs(step) ? rounded : value);
}

bool is_integral(double v) {
  return std::fabs(v) < 9e15 && v == std::floor(v);
}

}  // namespace

// The value is parsed as the document `v = TEXT`: it starts on line 1, column 5.
constexpr uint32_t kValueColumn = 5;

std::unique_ptr<toml::node> parse_value_text(std::string_view text, const std::string& origin) {
  const std::string document = "v = " + std::string(text) + "\n";
  try {
    toml::table table = parse_toml(document, origin);
    toml::node* node = table.get("v");
    if (table.size() != 1 || node == nullptr) return nullptr;
    // Moved, not copied: a copy drops the source, a move keeps it (with `origin`).
    return std::move(*node).visit([](auto&& concrete) -> std::unique_ptr<toml::node> {
      using Concrete = std::decay_t<decltype(concrete)>;
      return std::make_unique<Concrete>(std::move(concrete));
    });
  } catch (const toml::parse_error&) {
    return nullptr;
  }
}

bool is_whole_value(const toml::node& node) {
  const toml::source_position& begin = node.source().begin;
  return begin.line == 1 && begin.column == kValueColumn;
}

std::string value_text(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return toml_string_text(node.as_string()->get());
    case toml::node_type::integer:
      return std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point:
      return toml_float_text(node.as_floating_point()->get());
    case toml::node_type::boolean:
      return node.as_boolean()->get() ? "true" : "false";
    case toml::node_type::array: {
      std::string out = "[";
      const toml::array& array = *node.as_array();
      for (std::size_t i = 0; i < array.size(); ++i) {
        out += (i ? ", " : "") + value_text(array[i]);
      }
      return out + "]";
    }
    case toml::node_type::table: {
      std::string out = "{";
      bool first = true;
      for (auto&& [key, value] : *node.as_table()) {
        out += (first ? " " : ", ") + toml_key_text(key.str()) + " = " + value_text(value);
        first = false;
      }
      return out + (first ? "}" : " }");
    }
    default: {  // dates and times: toml++ prints them in TOML syntax
      std::ostringstream out;
      node.visit([&](const auto& concrete) { out << concrete; });
      return out.str();
    }
  }
}

bool range_number(const toml::node& node, RangeNumber& out) {
  if (const auto* i = node.as_integer()) {
    out = {true, i->get(), 0};
    return true;
  }
  if (const auto* f = node.as_floating_point()) {
    out = {false, 0, f->get()};
    return true;
  }
  return false;
}

std::vector<std::string> range_values(const RangeNumber& start, const RangeNumber& stop,
                                      const RangeNumber& step) {
  const double a = start.as_double(), b = stop.as_double(), h = step.as_double();
  if (!std::isfinite(a) || !std::isfinite(b) || !std::isfinite(h)) {
    throw InputError("start, stop and step must be finite numbers; expected numbers");
  }
  if (h == 0) throw InputError("the step is 0; expected a step that is not 0");
  if ((b - a) * h < 0) {
    throw InputError("the step " + number_text(h) + " goes away from " + number_text(b) +
                     "; expected a step with the sign of stop - start");
  }
  // Includes STOP when reached within 1e-9·|step|.
  const double count = std::floor((b - a) / h + 1e-9) + 1;
  if (!(count <= static_cast<double>(kMaxRangeValues))) {
    throw InputError("the range has " + number_text(count) + " values; expected at most " +
                     std::to_string(kMaxRangeValues));
  }
  const auto n = static_cast<std::size_t>(count);
  std::vector<std::string> values;
  // Whole start and step give whole values (integers in TOML, so that counts accept them).
  const bool integral = is_integral(a) && is_integral(h) && std::fabs(b) < 9e15;
  for (std::size_t i = 0; i < n; ++i) {
    if (integral) {
      values.push_back(std::to_string(static_cast<int64_t>(a) +
                                      static_cast<int64_t>(i) * static_cast<int64_t>(h)));
    } else {
      values.push_back(range_float_text(a + static_cast<double>(i) * h, h));
    }
  }
  return values;
}

}  // namespace detail

Sweep parse_vary(const std::string& spec) {
  const std::string usage =
      "expected KEY=V1,V2,... or KEY=START:STOP:STEP (or KEY1,KEY2=... for linked keys)";
  const std::size_t eq = spec.find('=');
  Sweep sweep;
  sweep.origin = "--vary " + spec;
  // KEY1,KEY2,...: linked keys, every one set to the same value at each point.
  const std::string key_list = eq == std::string::npos ? std::string() : spec.substr(0, eq);
  for (const std::string& part : detail::split_top_level(key_list, ',')) {
    const std::string key = detail::trim(part);
    if (eq == std::string::npos || key.empty() || key.find_first_of(" \t") != std::string::npos) {
      throw InputError("--vary " + spec + ": no KEY=...; " + usage);
    }
    if (sweep.key.empty()) {
      sweep.key = key;
    } else {
      sweep.linked.push_back(key);
    }
  }
  if (sweep.key.empty()) throw InputError("--vary " + spec + ": no KEY=...; " + usage);
  const std::string_view rest = std::string_view(spec).substr(eq + 1);
  const std::vector<std::string> items = detail::split_top_level(rest, ',');
  const std::vector<std::string> range = detail::split_top_level(rest, ':');
  if (items.size() == 1 && range.size() > 1) {
    detail::RangeNumber bounds[3];
    bool numbers = range.size() == 3;
    for (std::size_t i = 0; numbers && i < 3; ++i) {
      const auto node = detail::parse_value_text(detail::trim(range[i]));
      numbers = node && detail::range_number(*node, bounds[i]);
    }
    if (!numbers) {
      throw InputError("--vary " + spec + ": " + std::string(rest) +
                       " is not a range of three numbers; expected KEY=START:STOP:STEP, e.g. "
                       "0.5:0.9:0.1");
    }
    try {
      sweep.values = detail::range_values(bounds[0], bounds[1], bounds[2]);
    } catch (const InputError& e) {
      throw InputError("--vary " + spec + ": " + e.what());
    }
    return sweep;
  }
  for (const std::string& item : items) {
    const std::string text = detail::trim(item);
    if (text.empty()) throw InputError("--vary " + spec + ": an empty value; " + usage);
    // Text that is not a TOML value is a string, as for --set; stored quoted.
    sweep.values.push_back(detail::parse_value_text(text) ? text : toml_string_text(text));
  }
  return sweep;
}

std::vector<std::vector<std::pair<std::string, std::string>>> sweep_points(
    const std::vector<Sweep>& sweeps) {
  std::size_t total = 1;
  for (std::size_t i = 0; i < sweeps.size(); ++i) {
    if (sweeps[i].values.empty()) {
      throw InputError("sweep of " + sweeps[i].key + ": no values; expected at least one");
    }
    const std::vector<std::string> keys = sweeps[i].keys();
    for (std::size_t k = 0; k < keys.size(); ++k) {
      for (std::size_t j = 0; j <= i; ++j) {
        const std::vector<std::string> earlier = sweeps[j].keys();
        const std::size_t end = j == i ? k : earlier.size();
        if (std::find(earlier.begin(), earlier.begin() + static_cast<std::ptrdiff_t>(end),
                      keys[k]) != earlier.begin() + static_cast<std::ptrdiff_t>(end)) {
          throw InputError("sweep of " + keys[k] +
                           ": the key is swept twice; expected each key in one sweep only");
        }
      }
    }
    if (total > detail::kMaxSweepPoints / sweeps[i].values.size()) {
      throw InputError("the sweeps form more than " + std::to_string(detail::kMaxSweepPoints) +
                       " points; expected fewer values");
    }
    total *= sweeps[i].values.size();
  }
  std::vector<std::vector<std::pair<std::string, std::string>>> points;
  points.reserve(total);
  for (std::size_t p = 0; p < total; ++p) {
    std::vector<std::pair<std::string, std::string>> point(sweeps.size());
    std::size_t rest = p;
    for (std::size_t i = sweeps.size(); i-- > 0;) {  // the last sweep varies fastest
      const std::size_t n = sweeps[i].values.size();
      point[i] = {sweeps[i].key, sweeps[i].values[rest % n]};
      rest /= n;
    }
    points.push_back(std::move(point));
  }
  return points;
}

}  // namespace chokepoint
