// `chokepoint run`: plan, simulate every point in batches, reduce, write.
#pragma once

#include <optional>
#include <string>

#include "host/run/run_plan.hpp"

namespace chokepoint {

struct RunOptions {
  PlanRequest plan;
  std::optional<std::string> output;         //!< default results/<stem>.h5
  std::string backend = "auto";              //!< auto | cpu | cuda
  int threads = 0;                           //!< CPU threads; 0: all cores
  int device = 0;                            //!< GPU index
  bool device_given = false;                 //!< --device given (else: the node-local MPI rank)
  std::optional<std::string> memory_budget;  //!< --memory-budget SIZE (default: 80% of RAM)
  bool save_paths = false;
  bool quiet = false;
  bool reuse = true;  //!< incremental evaluation across points (host/run/reuse_plan.hpp)
  std::string command_line;
};

//! Runs and returns the process exit code (0, or 130/143 when interrupted).
//! Bad input throws InputError; runtime failures throw other exceptions.
int run(const RunOptions& options);

}  // namespace chokepoint
