// A run with precision targets (simulation.precision, --precision): paths in
// checkpoints of path ids, every point evaluated at each, the stop at the
// first checkpoint from the second on where every target holds; the results
// are then exactly those of a run of that many paths.
#pragma once

#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/model/model.hpp"
#include "host/results/results_file.hpp"
#include "host/run/run.hpp"
#include "host/run/run_plan.hpp"

namespace chokepoint {

//! The axes of a plan's results file (run.cpp).
ResultsLayout make_layout(const RunPlan& plan, const Model& model, bool save_paths);

//! Runs `plan` (whose base has precision targets) after run()'s checks: the
//! output folder exists, `backend` holds the first point's model. Returns the exit code.
int run_to_precision(const RunOptions& options, const RunPlan& plan,
                     const std::vector<Model>& models, const std::string& target, Backend& backend,
                     uint64_t memory_budget);

}  // namespace chokepoint
