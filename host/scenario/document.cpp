// ScenarioDocument: the parsed TOML of a scenario, editable by --set and sweep
// points, validated into a Scenario by resolve() (scenario_resolve.cpp).
#include "host/scenario/document.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "host/scenario/detail.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint {

namespace {

// Scenario files are a few kilobytes; anything this large is the wrong file.
constexpr std::streamoff kMaxFileBytes = 16 * 1024 * 1024;

toml::table parse_text(const std::string& text, const std::string& source) {
  try {
    return detail::parse_toml(text, source);
  } catch (const toml::parse_error& e) {
    std::string where = source;
    if (e.source().begin) {
      where += ":" + std::to_string(e.source().begin.line) + ":" +
               std::to_string(e.source().begin.column);
    }
    throw InputError(where + ": invalid TOML: " + std::string(e.description()) +
                     "; expected a valid TOML document (see https://toml.io)");
  }
}

// The node of a --set/--vary value. Its source is `origin` rather than the file, so
// that messages about it name the option (Reader::where).
std::unique_ptr<toml::node> value_node(const std::string& value_text, const std::string& origin) {
  std::unique_ptr<toml::node> node = detail::parse_value_text(value_text, origin);
  if (!node) node = detail::parse_value_text(toml_string_text(value_text), origin);
  if (!node) node = std::make_unique<toml::value<std::string>>(value_text);
  return node;
}

struct Assignment {
  std::string key, value, origin;
};

}  // namespace

struct ScenarioDocument::Impl {
  std::string source_name;
  // The text and the --set calls are kept so that a copy can parse again: toml++
  // drops source positions when it copies nodes, and messages need them.
  std::shared_ptr<const std::string> text;
  std::vector<Assignment> sets;
  toml::table root;
};

ScenarioDocument ScenarioDocument::from_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw InputError(path + ": is a directory; expected a scenario file (TOML)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(path + ": cannot open the scenario file (" + std::strerror(errno) +
                     "); expected a readable TOML file");
  }
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw InputError(path + ": cannot read the scenario file; expected a TOML file");
  if (size > kMaxFileBytes) {
    throw InputError(path + ": the file has " + std::to_string(size) +
                     " bytes; expected a scenario file of at most 16 MiB");
  }
  in.seekg(0, std::ios::beg);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(path + ": cannot read the scenario file; expected a TOML file");
  return from_string(buffer.str(), path);
}

ScenarioDocument ScenarioDocument::from_string(std::string_view text,
                                               const std::string& source_name) {
  auto impl = std::make_unique<Impl>();
  impl->source_name = source_name;
  impl->text = std::make_shared<const std::string>(text);
  impl->root = parse_text(*impl->text, source_name);
  return ScenarioDocument(std::move(impl));
}

ScenarioDocument::ScenarioDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ScenarioDocument::ScenarioDocument(const ScenarioDocument& other)
    : impl_(std::make_unique<Impl>()) {
  impl_->source_name = other.impl_->source_name;
  impl_->text = other.impl_->text;
  impl_->sets = other.impl_->sets;
  impl_->root = parse_text(*impl_->text, impl_->source_name);
  for (const Assignment& set : impl_->sets) {
    detail::assign_address(impl_->root, set.key, *value_node(set.value, set.origin));
  }
}

ScenarioDocument& ScenarioDocument::operator=(const ScenarioDocument& other) {
  if (this != &other) *this = ScenarioDocument(other);
  return *this;
}

ScenarioDocument::ScenarioDocument(ScenarioDocument&&) noexcept = default;
ScenarioDocument& ScenarioDocument::operator=(ScenarioDocument&&) noexcept = default;
ScenarioDocument::~ScenarioDocument() = default;

void ScenarioDocument::set(const std::string& key, const std::string& value_text,
                           const std::string& origin) {
  const std::string from = origin.empty() ? "--set " + key + "=" + value_text : origin;
  // Tried on a copy first, so that a bad address leaves the document untouched. The
  // value is moved into the tree (a copy would lose its source), so each try gets one.
  toml::table scratch = impl_->root;
  const std::string problem = detail::assign_address(scratch, key, *value_node(value_text, from));
  if (!problem.empty()) throw InputError(from + ": " + problem);
  detail::assign_address(impl_->root, key, *value_node(value_text, from));
  impl_->sets.push_back({key, value_text, from});
}

Scenario ScenarioDocument::resolve() const {
  return detail::resolve_scenario(impl_->root, impl_->source_name);
}

std::vector<std::string> ScenarioDocument::addresses() const {
  return detail::list_addresses(impl_->root);
}

const std::string& ScenarioDocument::source_name() const {
  return impl_->source_name;
}

}  // namespace chokepoint
