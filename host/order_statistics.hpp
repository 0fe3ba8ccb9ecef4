// Exact empirical order statistics of SPEC §5: quantiles, their 95% confidence
// bounds, and CVaR (expected shortfall), from sorted samples.
#pragma once

#include <cstdint>
#include <vector>

namespace chokepoint {

//! Rank k = ceil(q N - 1e-9) clamped to 1..N (1-based), in double arithmetic.
int64_t quantile_rank(double q, int64_t n);

//! 1-based ranks (low, high) of the 95% distribution-free confidence interval of
//! the q-quantile: P(X_(low) <= ξ_q <= X_(high)) ≈ 0.95, from the normal
//! approximation to Binomial(N, q), clamped to 1..N.
void quantile_ci_ranks(double q, int64_t n, int64_t* low, int64_t* high);

struct OrderStatistics {
  std::vector<double> quantiles, ci_low, ci_high, cvar;
};

//! Quantiles, bounds and CVaR of `sorted` (ascending, non-empty) at `levels`.
OrderStatistics order_statistics(const std::vector<double>& sorted,
                                 const std::vector<double>& levels);

}  // namespace chokepoint
