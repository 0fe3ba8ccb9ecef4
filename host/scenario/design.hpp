// Experiment designs (docs/scenario-reference.md, "Designs"): factors that vary
// together, the method that samples them, and the rows it gives. A design's rows
// are sweep points: every row shares the seed and path ids of the run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chokepoint {

//! One [[factor]] table or --factor option: a parameter address, uniform on [low, high].
struct Factor {
  std::string key;
  double low = 0;
  double high = 0;
  //! Where it was given, for messages: `--factor KEY=LOW:HIGH`, or `FILE:LINE:COL: factor[i]
  //! (KEY)`.
  std::string origin = {};
};

enum class DesignMethod { oat, morris, sobol, lhs };

//! The [design] table, or --design METHOD[:SAMPLES].
struct DesignSpec {
  DesignMethod method = DesignMethod::sobol;
  int64_t samples = 0;  //!< sobol: N base rows; morris: trajectories; lhs: rows; oat: unused
  int64_t levels = 4;   //!< morris grid levels
  bool second_order = false;
  std::optional<uint64_t> seed;  //!< the design's sampling seed; absent: the simulation seed
  int64_t resamples = 1000;      //!< bootstrap resamples of the confidence half-widths
  std::vector<std::string> outputs = {"lost_output/mean", "lost_output/prob_any"};
  std::string origin = {};  //!< where it was given, for messages
};

inline constexpr int64_t kMaxFactors = 50;
inline constexpr int64_t kMaxDesignPoints = 1000000;

//! The method's name as written in scenarios and on the command line.
const char* design_method_name(DesignMethod method);

//! The rows of a design in [0, 1]^k, row-major [P, k], in the order SALib's
//! samplers give them (docs/scenario-reference.md, "Designs"). `seed` drives the
//! sampling; rows never depend on anything else. Throws InputError for designs
//! that cannot be built (too many points).
std::vector<double> design_unit_rows(const DesignSpec& spec, int64_t factors, uint64_t seed);

//! Rows a design will have for `factors` factors (without building them).
int64_t design_point_count(const DesignSpec& spec, int64_t factors);

//! The first `count` points of `dimensions` Sobol sequences (Joe-Kuo direction
//! numbers, Gray-code order), scrambled by a random linear matrix and a digital
//! shift drawn from `seed` (`scramble` false: the plain sequence), row-major.
std::vector<double> sobol_points(int64_t count, int dimensions, bool scramble, uint64_t seed);

//! A factor's value for unit coordinate u: low + u (high − low), as TOML text;
//! `integer` rounds it to the nearest integer.
std::string factor_value_text(const Factor& factor, double unit, bool integer);

}  // namespace chokepoint

namespace chokepoint {

//! A design as a run carries it: the spec, its factors, which factors take whole
//! numbers, the seed that drew the rows and the rows in [0, 1]^k ([P, k]).
struct Design {
  DesignSpec spec;
  std::vector<Factor> factors;
  std::vector<bool> integer;
  uint64_t seed = 0;
  std::vector<double> unit;
  int64_t points() const {
    return factors.empty() ? 0 : static_cast<int64_t>(unit.size() / factors.size());
  }
};

}  // namespace chokepoint
