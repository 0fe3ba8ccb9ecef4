// Exact empirical order statistics of docs/results-format.md: the ranks of quantiles and of
// their 95% confidence bounds, and the selection of given ranks from a column
// of per-path integers together with exact sums of the tail above each rank
// (for CVaR). Selecting a few ranks costs O(N) per rank, not a full sort.
#pragma once

#include <cstdint>
#include <vector>

#include "host/reduction/wide_integer.hpp"

namespace chokepoint {

//! Rank k = ceil(q N - 1e-9) clamped to 1..N (1-based), in double arithmetic.
int64_t quantile_rank(double q, int64_t n);

//! 1-based ranks (low, high) of the 95% distribution-free confidence interval of
//! the q-quantile: P(X_(low) <= ξ_q <= X_(high)) ≈ 0.95, from the normal
//! approximation to Binomial(N, q), clamped to 1..N.
void quantile_ci_ranks(double q, int64_t n, int64_t* low, int64_t* high);

//! Values of the given 1-based ranks (ascending, distinct, within 1..n) of
//! column[0 .. n), and Σ of the values of ranks ranks[j] .. n for each j.
//! Reorders the column (partial sorting in place).
template <typename T>
void select_ranks(T* column, int64_t n, const std::vector<int64_t>& ranks,
                  std::vector<uint64_t>* at_rank, std::vector<ExactSum>* tail);

extern template void select_ranks<uint64_t>(uint64_t*, int64_t, const std::vector<int64_t>&,
                                            std::vector<uint64_t>*, std::vector<ExactSum>*);
extern template void select_ranks<uint32_t>(uint32_t*, int64_t, const std::vector<int64_t>&,
                                            std::vector<uint64_t>*, std::vector<ExactSum>*);

}  // namespace chokepoint
