// Incremental evaluation: every point uses the same paths and random numbers, so an
// industry whose inputs at a point equal its inputs at an earlier point has, path by
// path, the same outputs there; and the path environment (regimes, outages) is the
// same wherever no key outside the industries differs. The plan names, per point,
// such earlier points, so that the backend copies instead of simulating.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"

namespace chokepoint {

struct ReusePlan {
  std::vector<PointReuse> points;  //!< [P]
  int64_t reused = 0;              //!< (point, industry) pairs not simulated
  int64_t environments = 0;        //!< points whose environment is not simulated
};

//! Whether a swept key can change industry `industry`'s outputs: every key but those
//! of another industry (`industry.<other id>.…`) is taken to touch every industry
//! (regimes, materials, events and general licences reach every buyer).
bool key_touches_industry(const std::string& key, const std::string& industry);

//! Whether a swept key can change the path environment: every key outside `industry.…`.
bool key_touches_environment(const std::string& key);

//! The plan for swept `keys` with `values[k][p]` (TOML texts; equal texts are equal
//! inputs) over `industries`, each source at most `window` points back (so that at
//! most `window` points' outputs are kept at once). No reuse when `window` < 1.
ReusePlan plan_reuse(const std::vector<std::string>& keys,
                     const std::vector<std::vector<std::string>>& values,
                     const std::vector<std::string>& industries, int64_t points, int64_t window);

}  // namespace chokepoint
