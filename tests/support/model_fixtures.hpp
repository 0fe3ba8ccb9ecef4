// Small scenarios built in C++ and a helper that runs them on a backend, for
// tests that need exact per-path outputs rather than a results file.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "host/backend/backend.hpp"
#include "host/backend/host_rows.hpp"
#include "host/model/model.hpp"
#include "host/scenario/scenario.hpp"
#include "host/statistics/statistics.hpp"

namespace chokepoint::testing {

//! Per-path outputs of a run, owned.
struct RunOutputs : HostRows {
  int32_t industries = 0, intervals = 0, regimes = 0;

  //! Lost output L of path p, industry i.
  double lost(const Model& model, int64_t p, int32_t i) const;
  bool operator==(const RunOutputs& other) const;
};

//! Runs paths [first, first + count) in batches of `batch` on `backend`.
RunOutputs run_paths(Backend& backend, const Model& model, uint64_t first, int64_t count,
                     int64_t batch);

//! The reduction of paths 0 .. request.paths - 1 of `model`, in batches of `batch`.
PointReduction reduce_point(Backend& backend, const Model& model, const PointRequest& request,
                            int64_t batch);

//! The statistics of paths 0 .. paths - 1, as a run computes them.
PointStatistics point_statistics_of(Backend& backend, const Model& model, int64_t paths,
                                    const std::vector<double>& quantiles, int32_t bins,
                                    int64_t batch);

//! Expects two reductions to be identical, element by element.
void expect_same_reduction(const PointReduction& expected, const PointReduction& actual);

//! A scenario with one material `m`, one industry `ind` (need 1 t/day per buyer,
//! `buyers` buyers, daily review, no transit) and one absorbing regime `only`.
Scenario single_material_scenario(LicenceRule rule, double inventory_days, int64_t horizon,
                                  int64_t buyers = 1);

//! A richer scenario using every feature, for determinism and backend checks.
Scenario rich_scenario();

}  // namespace chokepoint::testing
