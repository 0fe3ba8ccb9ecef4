// Reader: where a message points (the file's line and column, or the --set/--vary
// option a value came from) and what it suggests (the nearest key or value, the
// header to write instead of one that names an array element by id).
#include <algorithm>

#include "host/scenario/input_error.hpp"
#include "host/scenario/reader.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint::detail {
namespace {

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const auto near = nearest_words(word, candidates, 1);
  return near.empty() ? std::string() : " (did you mean " + near.front() + "?)";
}

}  // namespace

const std::string* Reader::option_of(const toml::source_region& source) const {
  return source.path && *source.path != source_ ? source.path.get() : nullptr;
}

std::string Reader::where(const toml::node* node) const {
  if (node == nullptr) return source_;
  if (const std::string* option = option_of(node->source())) return *option;
  if (!node->source().begin) return source_;
  const auto& begin = node->source().begin;
  return source_ + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column);
}

const std::string* Reader::option_inside(const toml::node* node) const {
  const toml::table* table = node != nullptr ? node->as_table() : nullptr;
  if (table == nullptr || option_of(node->source())) return nullptr;
  for (auto&& [key, value] : *table) {
    if (const std::string* option = option_of(value.source())) return option;
    if (const std::string* option = option_inside(&value)) return option;
  }
  return nullptr;
}

void Reader::fail(const toml::node* at, const std::string& path, const std::string& message) const {
  // The whole value of an option: the option names it, the key path would repeat it.
  if (at != nullptr && option_of(at->source()) && is_whole_value(*at)) {
    throw InputError(where(at) + ": " + message);
  }
  // A table of the file that an option changed (a `next` that no longer sums to 1).
  const std::string* option = option_inside(at);
  throw InputError(where(at) + ": " + path + (option ? " (after " + *option + ")" : "") + ": " +
                   message);
}

void Reader::fail_key(const toml::key& key, const std::string& path,
                      const std::string& message) const {
  std::string location = source_;
  if (const std::string* option = option_of(key.source())) {
    location = *option;
  } else if (key.source().begin) {
    location += ":" + std::to_string(key.source().begin.line) + ":" +
                std::to_string(key.source().begin.column);
  }
  throw InputError(location + ": " + path + ": " + message);
}

void Reader::fail_missing(const toml::node* parent, const std::string& path,
                          const std::string& expected) const {
  const std::string* option = option_inside(parent);
  throw InputError(where(parent) + ": " + path + (option ? " (after " + *option + ")" : "") +
                   ": missing; expected " + expected);
}

void Reader::set_element_ids(const std::string& kind, const std::vector<std::string>& ids) {
  element_ids_.emplace_back(kind, ids);
}

// TOML table headers cannot name an element of an array of tables by id: after
// [[regime]] tables, `[regime.truce.materials.dy]` adds a key `truce` to the last
// [[regime]] table. An element's unknown key that holds a table, and is the id of an
// element of its kind or holds a key that the element has, is that mistake.
std::string Reader::header_by_id(const std::string& path, const std::string& name,
                                 const toml::node& node,
                                 const std::vector<std::string>& allowed) const {
  const std::size_t bracket = path.find('[');
  if (!node.is_table() || bracket == std::string::npos || path.back() != ']' ||
      path.find('.') != std::string::npos) {
    return {};
  }
  const std::string kind = path.substr(0, bracket);
  const auto ids = std::find_if(element_ids_.begin(), element_ids_.end(),
                                [&](const auto& entry) { return entry.first == kind; });
  if (ids == element_ids_.end()) return {};
  const bool is_id = std::find(ids->second.begin(), ids->second.end(), name) != ids->second.end();
  // The header as written, as far as the tables show it: down through tables that
  // hold only tables, following the first one written.
  std::vector<std::string> rest;
  const toml::table* table = node.as_table();
  while (true) {
    const auto entries = entries_in_file_order(*table);
    const bool only_tables =
        !entries.empty() && std::all_of(entries.begin(), entries.end(),
                                        [](const auto& entry) { return entry.second->is_table(); });
    if (!only_tables) break;
    rest.emplace_back(entries.front().first->str());
    table = entries.front().second->as_table();
  }
  const bool names_a_field =
      !rest.empty() && std::find(allowed.begin(), allowed.end(), rest.front()) != allowed.end();
  if (!is_id && !names_a_field) return {};
  std::string tail;
  for (const std::string& segment : rest) tail += "." + segment;
  const std::string written = "[" + kind + "." + name + tail + "]";
  const std::string element = is_id
                                  ? "the [[" + kind + "]] table with id = " + toml_string_text(name)
                                  : "the [[" + kind + "]] table it belongs to";
  return written + " does not name " +
         (is_id ? "the " + kind + " " + toml_string_text(name)
                : std::string(kind[0] == 'i' ? "an " : "a ") + kind + " by id") +
         " (TOML headers cannot name array elements by id: it adds a key " + name +
         " to the last [[" + kind + "]] table before it" +
         (is_id ? std::string()
                : "; no " + kind + " has the id " + toml_string_text(name) +
                      nearest_choice(name, ids->second)) +
         "); expected " +
         (rest.empty() ? "these keys in " + element + " itself"
                       : "[" + kind + tail + "] right after " + element);
}

void Reader::check_keys(const toml::table& table, const std::string& path,
                        const std::vector<std::string>& allowed) const {
  for (const auto& [key, node] : entries_in_file_order(table)) {
    const std::string name(key->str());
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    const std::string by_id = header_by_id(path, name, *node, allowed);
    if (!by_id.empty()) fail_key(*key, path + "." + name, by_id);
    fail_key(
        *key, path.empty() ? name : path + "." + name,
        "unknown key" + did_you_mean(name, allowed) + "; expected one of " + join_words(allowed));
  }
}

std::string Reader::nearest_choice(const std::string& word,
                                   const std::vector<std::string>& choices) {
  const auto near = nearest_words(word, choices, 1);
  return near.empty() ? std::string() : " (did you mean " + toml_string_text(near.front()) + "?)";
}

}  // namespace chokepoint::detail
