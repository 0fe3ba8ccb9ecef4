// Up-front checks that a run fits the machine, so that an oversized request is
// refused with its figures before anything runs, never killed half-way.
#pragma once

#include <cstdint>
#include <string>

#include "host/model/model.hpp"

namespace chokepoint {

//! Bytes of host memory the statistics of one point hold for `paths` paths.
uint64_t statistics_bytes(const Model& model, int64_t paths);

//! Whether every point's per-path lost output fits in memory at once (for paired/).
bool paired_moments_fit(const Model& model, int64_t paths, int64_t points);

//! Upper bound of the bytes a results file takes (uncompressed per-path data).
uint64_t results_bytes(const Model& model, int64_t paths, int64_t points, bool save_paths);

//! Throws InputError when the run's memory would exceed the machine's, or its
//! results the free space of the directory of `output`.
void check_resources(const Model& model, int64_t paths, int64_t points, bool save_paths,
                     const std::string& output);

}  // namespace chokepoint
