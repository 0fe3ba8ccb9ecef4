#include "host/reduction/order_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

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

template <typename T>
void select_ranks(T* column, int64_t n, const std::vector<int64_t>& ranks,
                  std::vector<uint64_t>* at_rank, std::vector<ExactSum>* tail) {
  const size_t count = ranks.size();
  at_rank->assign(count, 0);
  tail->assign(count, 0);
  // After nth_element at position p, [begin, p) holds ranks below p + 1 and
  // (p, n) those above, so the next rank is selected from (p, n) alone, and
  // the values between two selected positions are exactly the ranks between.
  int64_t begin = 0;
  for (size_t j = 0; j < count; ++j) {
    const int64_t p = ranks[j] - 1;
    if (p < begin || p >= n) throw std::logic_error("select_ranks: ranks out of order or range");
    std::nth_element(column + begin, column + p, column + n);
    (*at_rank)[j] = static_cast<uint64_t>(column[p]);
    begin = p + 1;
  }
  ExactSum above = 0;  // Σ of ranks after the current segment
  for (size_t j = count; j-- > 0;) {
    const int64_t from = ranks[j] - 1, to = j + 1 < count ? ranks[j + 1] - 1 : n;
    for (int64_t p = from; p < to; ++p) above += static_cast<uint64_t>(column[p]);
    (*tail)[j] = above;
  }
}

template void select_ranks<uint64_t>(uint64_t*, int64_t, const std::vector<int64_t>&,
                                     std::vector<uint64_t>*, std::vector<ExactSum>*);
template void select_ranks<uint32_t>(uint32_t*, int64_t, const std::vector<int64_t>&,
                                     std::vector<uint64_t>*, std::vector<ExactSum>*);

}  // namespace chokepoint
