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

//! Throws InputError when the run's results would exceed the free space of
//! the directory of `output`. (Memory is planned by plan_memory.)
void check_resources(const Model& model, int64_t paths, int64_t points, bool save_paths,
                     const std::string& output);

//! "1GB", "500MB", "2GiB", "64k", "1000000" (bytes; k/M/G/T powers of 1000,
//! Ki/Mi/Gi/Ti of 1024, an optional trailing B); throws InputError naming
//! --memory-budget otherwise.
uint64_t parse_memory_size(const std::string& text);

//! The default memory budget of one process: 80% of the machine's physical
//! memory, shared by the `processes` on this node.
uint64_t default_memory_budget(int processes);

//! How a run keeps its order statistics within a memory budget.
struct MemoryPlan {
  bool in_memory = true;                  //!< the columns fit: keep them; else count and replay
  uint64_t need_bytes = 0;                //!< what the chosen method holds
  uint64_t columns_bytes = 0;             //!< what the columns alone would take
  int64_t max_kept = 0, max_buckets = 0;  //!< selection limits (replay)
};

//! Plans the memory of a process that simulates `local_paths` of each point:
//! `fixed_bytes` are held whatever the method (rows of a batch, paired
//! columns); `shared` when the order statistics are reduced by the run
//! (ranks, or replay) rather than by the backend. Throws InputError when even
//! the replay method would not fit `budget`.
MemoryPlan plan_memory(const Model& model, int64_t local_paths, int64_t ranks, uint64_t fixed_bytes,
                       uint64_t budget, bool shared);

//! "1.5 GiB"
std::string format_bytes(double bytes);

}  // namespace chokepoint
