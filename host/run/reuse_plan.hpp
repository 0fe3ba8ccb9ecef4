// Incremental evaluation: every point uses the same paths and random numbers, so an
// industry whose inputs at a point equal its inputs at an earlier point has, path by
// path, the same outputs there. The plan names, per point and industry, such an
// earlier point, so that the backend copies those outputs instead of simulating.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chokepoint {

struct ReusePlan {
  std::vector<std::vector<int64_t>> sources;  //!< [P][I]: the earlier point, or −1
  std::vector<bool> keep;                     //!< [P]: later points reuse this one's outputs
  std::vector<std::vector<int64_t>> release;  //!< [P]: kept points no point from here on reuses
  int64_t reused = 0;                         //!< (point, industry) pairs not simulated
};

//! Whether a swept key can change industry `industry`'s outputs: every key but those
//! of another industry (`industry.<other id>.…`) is taken to touch every industry
//! (regimes, materials, events and general licences reach every buyer).
bool key_touches_industry(const std::string& key, const std::string& industry);

//! The plan for swept `keys` with `values[k][p]` (TOML texts; equal texts are equal
//! inputs) over `industries`, the source at most `window` points back (so that at
//! most `window` points' outputs are kept at once). An empty plan (no sources)
//! when `window` < 1.
ReusePlan plan_reuse(const std::vector<std::string>& keys,
                     const std::vector<std::vector<std::string>>& values,
                     const std::vector<std::string>& industries, int64_t points, int64_t window);

}  // namespace chokepoint
