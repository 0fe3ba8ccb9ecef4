// The discrete law of a whole-day distribution (docs/scenario-reference.md): continuous laws are
// rounded, P(D = k) = F(k + 1/2) - F(k - 1/2), with the mass below the lowest
// value put on it and the mass above `max` put on `max`.
#pragma once

#include <cstdint>
#include <vector>

#include "host/scenario/scenario.hpp"

namespace chokepoint {

//! P(D = offset + k) = pmf[k].
struct DiscreteDays {
  int64_t offset = 0;
  std::vector<double> pmf;

  int64_t max_value() const { return offset + static_cast<int64_t>(pmf.size()) - 1; }
};

//! The discrete law of `d` (which the loader has validated).
DiscreteDays discretise(const DayDistribution& d);

//! The continuous CDF that a triangular or lognormal distribution is rounded from.
double continuous_cdf(const DayDistribution& d, double x);

//! Cumulative table for inverse-CDF sampling; the last entry is exactly 1.
std::vector<double> cumulative(const std::vector<double>& pmf);

}  // namespace chokepoint
