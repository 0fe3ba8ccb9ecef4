// Runs the day-stepped engine (tests/kernels/day_stepped_oracle.hpp) and
// compares it with the event engine path by path, for the tests that check
// the one against the other.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "host/model/model.hpp"
#include "tests/kernels/day_stepped_oracle.hpp"
#include "tests/kernels/lockstep_oracle.hpp"
#include "tests/support/model_fixtures.hpp"

namespace chokepoint::testing {

//! The oracle's per-path outputs of paths first .. first + count - 1.
inline RunOutputs run_oracle(const Model& model, uint64_t first, int64_t count) {
  const ModelView& m = model.view();
  RunOutputs out;
  out.industries = m.industries;
  out.intervals = m.intervals;
  out.regimes = m.regimes;
  const PathOutputs rows = out.bind(m, count);
  // Items in flight per buyer and material: at most two per order, and at most
  // every review of the horizon has an order in flight.
  const int32_t days_run = simulated_days(m);
  int32_t capacity = 0;
  for (int32_t i = 0; i < m.industries; ++i) {
    capacity =
        std::max(capacity, 2 * ((days_run + m.review_period[i] - 1) / m.review_period[i] + 1));
  }
  std::vector<uint8_t> regime(static_cast<size_t>(days_run));
  std::vector<uint8_t> outage(static_cast<size_t>(m.materials) * days_run);
  std::vector<uint64_t> days(static_cast<size_t>(m.horizon));
  std::vector<oracle::FlightItem> items(static_cast<size_t>(m.materials) * capacity);
  std::vector<int32_t> counts(static_cast<size_t>(m.materials));
  std::vector<double> stock(counts.size());
  const oracle::PathScratch s{
      regime.data(), outage.data(), oracle::DayTotals{days.data(), 1},
      oracle::BuyerScratch{items.data(), counts.data(), stock.data(), capacity, 1}};
  for (int64_t j = 0; j < count; ++j) {
    oracle::simulate_path(m, first + static_cast<uint64_t>(j), j, s, rows);
  }
  return out;
}

//! The lockstep oracle's outputs of a batch of paths (tests/kernels/lockstep_oracle.hpp).
struct LockstepOutputs {
  RunOutputs rows;                           //!< as run_oracle's
  std::vector<oracle::RemedyFigures> paths;  //!< the remedies' figures, per path
};

//! The lockstep oracle's outputs of paths first .. first + count - 1 of view `m`
//! (which may carry the remedies' arrays).
inline LockstepOutputs run_lockstep_oracle(const ModelView& m, uint64_t first, int64_t count) {
  LockstepOutputs out;
  out.rows.industries = m.industries;
  out.rows.intervals = m.intervals;
  out.rows.regimes = m.regimes;
  const PathOutputs rows = out.rows.bind(m, count);
  out.paths.resize(static_cast<size_t>(count));
  for (int64_t j = 0; j < count; ++j) {
    oracle::simulate_path_lockstep(m, first + static_cast<uint64_t>(j), j, rows,
                                   out.paths[static_cast<size_t>(j)]);
  }
  return out;
}

struct Agreement {
  int64_t cells = 0;           //!< (path, industry) pairs compared
  int64_t days_differ = 0;     //!< cells whose shortage days or first shortage differ
  double worst_shortfall = 0;  //!< largest |difference| of a shortfall total, in buyer-days
};

//! Compares the event engine's rows (`events`) with an oracle's (`days`) on
//! paths 0 .. paths - 1 of view `m`.
inline Agreement compare_rows(const ModelView& m, const RunOutputs& events, const RunOutputs& days,
                              int64_t paths) {
  Agreement a;
  for (int64_t p = 0; p < paths; ++p) {
    for (int32_t r = 0; r < m.regimes; ++r) {
      const size_t k = static_cast<size_t>(p * m.regimes + r);
      EXPECT_EQ(events.regime_days[k], days.regime_days[k]) << "path " << p;
    }
    for (int32_t i = 0; i < m.industries; ++i) {
      const size_t k = static_cast<size_t>(p * m.industries + i);
      ++a.cells;
      if (events.shortage_days[k] != days.shortage_days[k] ||
          events.first_shortage[k] != days.first_shortage[k]) {
        ++a.days_differ;
      }
      const double diff = std::fabs(static_cast<double>(events.shortfall_total[k]) -
                                    static_cast<double>(days.shortfall_total[k])) *
                          kShortfallUnit;
      a.worst_shortfall = std::max(a.worst_shortfall, diff);
    }
  }
  return a;
}

//! Compares the event engine with the oracle on paths 0 .. paths - 1.
inline Agreement compare(const Model& model, int64_t paths) {
  auto cpu = make_cpu_backend(2);
  const RunOutputs events = run_paths(*cpu, model, 0, paths, paths);
  return compare_rows(model.view(), events, run_oracle(model, 0, paths), paths);
}

//! Expects an Agreement within the rounding of stocks (expect_agreement).
inline void expect_within(const ModelView& m, const Agreement& a, const std::string& what,
                          double per_buyer_day) {
  ASSERT_GT(a.cells, 0);
  EXPECT_EQ(a.days_differ, 0) << what << ": " << a.days_differ << " of " << a.cells
                              << " (path, industry) cells differ in their day counts";
  int64_t buyer_days = 0;
  for (int32_t i = 0; i < m.industries; ++i) {
    buyer_days = std::max<int64_t>(buyer_days, int64_t{m.buyers[i]} * m.horizon);
  }
  EXPECT_LT(a.worst_shortfall, per_buyer_day * static_cast<double>(buyer_days)) << what;
}

//! Expects agreement within the rounding of stocks: `buyer_days` buyer-days
//! per path-industry at most, each off by less than `per_buyer_day` (default
//! 1e-9: the old engine's shortfall was truncated from doubles, within 2^-38 +
//! the doubles' error).
inline void expect_agreement(const Model& model, int64_t paths, const std::string& what,
                             double per_buyer_day = 1e-9) {
  expect_within(model.view(), compare(model, paths), what, per_buyer_day);
}

//! The event engine on `model` against the lockstep oracle on `view` (the
//! model's view with the remedies; model.view() once the model carries them),
//! paths 0 .. paths - 1: the rows as expect_agreement. Returns the oracle's
//! outputs, whose remedies' figures (per path, in tonnes) a test compares with
//! the engine's own.
inline LockstepOutputs expect_lockstep_agreement(const Model& model, const ModelView& view,
                                                 int64_t paths, const std::string& what,
                                                 double per_buyer_day = 1e-9) {
  auto cpu = make_cpu_backend(2);
  const RunOutputs events = run_paths(*cpu, model, 0, paths, paths);
  LockstepOutputs oracle = run_lockstep_oracle(view, 0, paths);
  expect_within(view, compare_rows(view, events, oracle.rows, paths), what, per_buyer_day);
  return oracle;
}

}  // namespace chokepoint::testing
