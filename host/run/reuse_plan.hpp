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

//! Whether a swept key is one of the pools' (`stockpile.…`, `quota.…`): it can change
//! the coupled industries' outputs and the pools', nothing else (an industry that
//! no stockpile serves and that needs no material under a quota never meets them).
bool key_of_pools(const std::string& key);

//! Whether a swept key can change the path environment: every key outside
//! `industry.…` and the pools'.
bool key_touches_environment(const std::string& key);

//! The plan for swept `keys` with `values[k][p]` (TOML texts; equal texts are equal
//! inputs) over `industries`, each source at most `window` points back (so that at
//! most `window` points' outputs are kept at once). No reuse when `window` < 1.
//!
//! `coupled[i]` (empty: none): industry i is coupled to others through the pools
//! at some point of the run. The coupled industries form one group, run together:
//! the keys that touch the group are those that touch any member (every key
//! outside `industry.…` among them, the pools' too), and every member takes the
//! group's source. With `pools` (the model has stockpiles or quotas) that source
//! is also the point's `pools_source`, even where no industry is coupled. The
//! pools' keys touch neither the other industries nor the environment.
ReusePlan plan_reuse(const std::vector<std::string>& keys,
                     const std::vector<std::vector<std::string>>& values,
                     const std::vector<std::string>& industries, int64_t points, int64_t window,
                     const std::vector<uint8_t>& coupled = {}, bool pools = false);

}  // namespace chokepoint
