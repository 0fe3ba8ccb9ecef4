#include "host/order_statistics.hpp"

#include <algorithm>
#include <cmath>

#include "host/compensated_sum.hpp"

namespace chokepoint {

int64_t quantile_rank(double q, int64_t n) {
  const auto k = static_cast<int64_t>(std::ceil(q * static_cast<double>(n) - 1e-9));
  return std::clamp<int64_t>(k, 1, n);
}

void quantile_ci_ranks(double q, int64_t n, int64_t* low, int64_t* high) {
  constexpr double z = 1.959963984540054;  // two-sided 95%
  const double nd = static_cast<double>(n);
  const double half = z * std::sqrt(nd * q * (1.0 - q));
  *low = std::clamp<int64_t>(static_cast<int64_t>(std::floor(nd * q - half)), 1, n);
  *high = std::clamp<int64_t>(static_cast<int64_t>(std::ceil(nd * q + half)) + 1, 1, n);
}

OrderStatistics order_statistics(const std::vector<double>& sorted,
                                 const std::vector<double>& levels) {
  const auto n = static_cast<int64_t>(sorted.size());
  OrderStatistics out;
  for (double q : levels) {
    const int64_t k = quantile_rank(q, n);
    int64_t lo = 0, hi = 0;
    quantile_ci_ranks(q, n, &lo, &hi);
    out.quantiles.push_back(sorted[static_cast<size_t>(k - 1)]);
    out.ci_low.push_back(sorted[static_cast<size_t>(lo - 1)]);
    out.ci_high.push_back(sorted[static_cast<size_t>(hi - 1)]);
    CompensatedSum tail;
    for (int64_t j = k - 1; j < n; ++j) tail.add(sorted[static_cast<size_t>(j)]);
    out.cvar.push_back(tail.value() / static_cast<double>(n - k + 1));
  }
  return out;
}

}  // namespace chokepoint
