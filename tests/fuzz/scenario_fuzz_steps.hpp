// The steps that the scenario fuzz target (tests/fuzz/fuzz_scenario.cpp) and the
// regression test (tests/scenario/test_fuzz_regressions.cpp) run on one input, so that a
// crasher replays in the test exactly as the fuzzer found it.
//
// Input layout:
//   * If the first byte is '@' or any byte with (byte % 4 == 0), the first line
//     (without that byte) is a --set assignment KEY=VALUE and the rest is the TOML.
//   * If the first byte has (byte % 4 == 1) (e.g. '!'), the first line (without that
//     byte) is a --vary spec and the rest is the TOML.
//   * Otherwise the whole input is the TOML (every seed: they start with '#' or '[').
//   * Anywhere in the TOML, comment lines `#set KEY=VALUE` and `#vary KEY=VALUES` (at the
//     start of a line) add up to 4 assignments and 4 sweeps.
//
// Steps: parse (ScenarioDocument::from_string) and resolve; the --set assignments,
// then resolve again; the sweeps (parse_vary, sweep_points with the [[sweep]]
// tables), applying the first and last point like `chokepoint run` does. Every
// resolved scenario must be written by to_toml as text that loads again and is a
// fixed point (to_toml(resolve(to_toml(s))) == to_toml(s)), and must flatten into a
// Model. Only InputError is an expected exception; a broken invariant calls
// `violation` (the fuzzer traps, the test records a failure); any other exception
// propagates (a crash in the fuzzer, a failure in the test).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/model/model.hpp"
#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/scenario.hpp"

namespace chokepoint::fuzz {

using Violation = std::function<void(const std::string& what)>;

//! What one input asks for, carved out of its bytes.
struct FuzzInput {
  std::string toml;
  std::vector<std::pair<std::string, std::string>> sets;  //!< KEY, VALUE
  std::vector<std::string> varies;                        //!< --vary specs
};

//! `text` split at its first '=' into (KEY, VALUE); the whole text is the key without one.
inline std::pair<std::string, std::string> split_assignment(std::string_view text) {
  const std::size_t eq = text.find('=');
  if (eq == std::string_view::npos) return {std::string(text), std::string()};
  return {std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

inline FuzzInput carve(const uint8_t* data, std::size_t size) {
  constexpr std::size_t kMaxDirectives = 4;
  FuzzInput in;
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  std::string_view text = all;
  if (size > 0 && (data[0] % 4 == 0 || data[0] % 4 == 1)) {
    const std::size_t newline = all.find('\n');
    const std::string_view first =
        all.substr(1, newline == std::string_view::npos ? std::string_view::npos : newline - 1);
    text = newline == std::string_view::npos ? std::string_view() : all.substr(newline + 1);
    if (data[0] % 4 == 0) {
      in.sets.push_back(split_assignment(first));
    } else {
      in.varies.emplace_back(first);
    }
  }
  in.toml = std::string(text);
  // Directives in comment lines.
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.rfind("#set ", 0) == 0 && in.sets.size() < kMaxDirectives) {
      in.sets.push_back(split_assignment(line.substr(5)));
    } else if (line.rfind("#vary ", 0) == 0 && in.varies.size() < kMaxDirectives) {
      in.varies.emplace_back(line.substr(6));
    }
    start = end + 1;
  }
  return in;
}

//! The invariants of a resolved scenario: to_toml loads again as the same text, and
//! the scenario flattens into a Model (or exceeds a documented limit: InputError).
inline void check_resolved(const Scenario& s, const Violation& violation) {
  const std::string first = to_toml(s);
  std::optional<Scenario> again;
  try {
    again = ScenarioDocument::from_string(first, "fuzz-resolved.toml").resolve();
  } catch (const InputError& e) {
    violation(std::string("to_toml of a resolved scenario does not load again: ") + e.what() +
              "\n--- to_toml ---\n" + first);
    return;
  }
  const std::string second = to_toml(*again);
  if (second != first) {
    violation("to_toml is not a fixed point\n--- to_toml(s) ---\n" + first +
              "\n--- to_toml(resolve(to_toml(s))) ---\n" + second);
  }
  try {
    const Model model(s);
    (void)model;
  } catch (const InputError& e) {
    const std::string message = e.what();
    if (message.rfind("internal", 0) == 0) violation("Model: " + message);
  }
}

//! Resolves `doc`; nullopt when it is invalid (InputError).
inline std::optional<Scenario> try_resolve(const ScenarioDocument& doc) {
  try {
    return doc.resolve();
  } catch (const InputError&) {
    return std::nullopt;
  }
}

//! A copy of the document (which replays its --set calls on a fresh parse) resolves
//! like the original.
inline void check_copy(const ScenarioDocument& doc, const std::optional<Scenario>& resolved,
                       const Violation& violation) {
  const ScenarioDocument copy = doc;
  const std::optional<Scenario> copied = try_resolve(copy);
  if (resolved.has_value() != copied.has_value()) {
    violation(std::string("a copy of the document ") +
              (resolved ? "fails to resolve" : "resolves") + " where the original " +
              (resolved ? "resolves" : "does not"));
  } else if (resolved && to_toml(*resolved) != to_toml(*copied)) {
    violation("a copy of the document resolves to a different scenario");
  }
}

//! An address listed by addresses() of a valid document can be set (the listing
//! feeds the "did you mean" suggestions, which must name real addresses).
inline void check_listed_address(const ScenarioDocument& doc, std::size_t pick,
                                 const Violation& violation) {
  const std::vector<std::string> addresses = doc.addresses();
  if (addresses.empty()) return;
  const std::string& address = addresses[pick % addresses.size()];
  ScenarioDocument copy = doc;
  try {
    copy.set(address, "1");
  } catch (const InputError& e) {
    violation("addresses() lists " + address + ", which set() rejects: " + e.what());
  }
  (void)try_resolve(copy);  // may be invalid (e.g. licence = 1): only must not crash
}

//! Sweeps from the [[sweep]] tables and the --vary specs: their points are expanded
//! when there are few, and the first and last point are applied to `doc`.
inline void run_sweeps(const ScenarioDocument& doc, const Scenario& base,
                       const std::vector<std::string>& varies, const Violation& violation) {
  constexpr std::size_t kMaxPointsToExpand = 4096;
  constexpr std::size_t kLoaderPointLimit = 1000000;  // sweep_points must refuse more
  std::vector<Sweep> sweeps = base.sweeps;
  for (const std::string& spec : varies) {
    try {
      sweeps.push_back(parse_vary(spec));
    } catch (const InputError&) {
    }
  }
  if (sweeps.empty()) return;
  std::size_t product = 1;  // saturates above the loader's limit
  bool any_empty = false;
  for (const Sweep& sweep : sweeps) {
    if (sweep.values.empty()) any_empty = true;
    if (!sweep.values.empty() && product <= kLoaderPointLimit) {
      product = product > (kLoaderPointLimit + 1) / sweep.values.size()
                    ? kLoaderPointLimit + 1
                    : product * sweep.values.size();
    }
  }
  if (!any_empty && product > kMaxPointsToExpand && product <= kLoaderPointLimit) return;
  std::vector<std::vector<std::pair<std::string, std::string>>> points;
  try {
    points = sweep_points(sweeps);
  } catch (const InputError&) {
    return;
  }
  if (product > kLoaderPointLimit) {
    violation("sweep_points accepted more than " + std::to_string(kLoaderPointLimit) + " points");
    return;
  }
  if (points.size() != product) {
    violation("sweep_points gave " + std::to_string(points.size()) + " points, expected " +
              std::to_string(product));
    return;
  }
  const std::size_t picks[2] = {0, points.size() - 1};
  for (std::size_t k = 0; k < (points.size() > 1 ? 2u : 1u); ++k) {
    ScenarioDocument variant = doc;
    try {
      for (const auto& [key, value] : points[picks[k]]) variant.set(key, value);
      check_resolved(variant.resolve(), violation);
    } catch (const InputError&) {
    }
  }
}

//! Runs every step on one input.
inline void run_steps(const uint8_t* data, std::size_t size, const Violation& violation) {
  const FuzzInput in = carve(data, size);
  // parse_vary alone, whether or not the TOML parses.
  for (const std::string& spec : in.varies) {
    try {
      const Sweep sweep = parse_vary(spec);
      (void)sweep_points({sweep});
    } catch (const InputError&) {
    }
  }
  std::optional<ScenarioDocument> doc;
  try {
    doc = ScenarioDocument::from_string(in.toml, "fuzz.toml");
  } catch (const InputError&) {
    return;
  }
  std::optional<Scenario> base = try_resolve(*doc);
  if (base) {
    check_resolved(*base, violation);
    check_listed_address(*doc, size, violation);
  }
  bool any_set = false;
  for (const auto& [key, value] : in.sets) {
    try {
      doc->set(key, value);
      any_set = true;
    } catch (const InputError&) {
    }
  }
  if (any_set) {
    base = try_resolve(*doc);
    if (base) check_resolved(*base, violation);
    check_copy(*doc, base, violation);
  }
  if (base) run_sweeps(*doc, *base, in.varies, violation);
}

}  // namespace chokepoint::fuzz
