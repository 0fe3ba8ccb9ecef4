#include "host/reduction/path_columns.hpp"

#include <omp.h>

#include <algorithm>
#include <stdexcept>

#include "host/reduction/order_statistics.hpp"
#include "kernels/limb_sums.hpp"

namespace chokepoint {

PathColumns::PathColumns(int32_t industries, int64_t paths)
    : industries_(industries),
      paths_(paths),
      lost_(static_cast<size_t>(industries) * paths),
      days_(static_cast<size_t>(industries) * paths) {}

void PathColumns::append(const uint64_t* shortfall_total, const int32_t* shortage_days,
                         int64_t count) {
  if (filled_ + count > paths_) throw std::logic_error("PathColumns: more paths than planned");
  const int32_t I = industries_;
  for (int32_t i = 0; i < I; ++i) {
    uint64_t* lost = lost_.data() + static_cast<size_t>(i) * paths_ + filled_;
    uint32_t* days = days_.data() + static_cast<size_t>(i) * paths_ + filled_;
    for (int64_t j = 0; j < count; ++j) {
      lost[j] = shortfall_total[j * I + i];
      days[j] = static_cast<uint32_t>(shortage_days[j * I + i]);
    }
  }
  filled_ += count;
}

void add_cross_products(const uint64_t* a, const uint64_t* b, int64_t n, ExactSum* out) {
  for (int64_t begin = 0; begin < n; begin += kMaxLimbAddends - 1) {
    const int64_t end = std::min(n, begin + kMaxLimbAddends - 1);
    LimbSum4 s;
    for (int64_t p = begin; p < end; ++p) s.add_product(a[p], b[p]);
    for (int j = 0; j < 4; ++j) out[j] += s.limb[j];
  }
}

void PathColumns::summarise(const std::vector<int64_t>& ranks, int threads, PointReduction* out) {
  if (filled_ != paths_) throw std::logic_error("PathColumns: summarised before every path");
  const int32_t I = industries_;
  const int64_t N = paths_, pairs = industry_pairs(I);
  if (threads <= 0) threads = omp_get_max_threads();
  out->cross.assign(static_cast<size_t>(pairs) * 4, 0);
  // Before the selection below reorders the columns: the pairs need path order.
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (int64_t pair = 0; pair < pairs; ++pair) {
    int32_t a = 0, b = 0;
    industry_pair(pair, I, &a, &b);
    add_cross_products(lost_.data() + static_cast<size_t>(a) * N,
                       lost_.data() + static_cast<size_t>(b) * N, N,
                       out->cross.data() + static_cast<size_t>(pair) * 4);
  }
  out->lost.assign(static_cast<size_t>(I), ColumnSummary{});
  out->days.assign(static_cast<size_t>(I), ColumnSummary{});
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (int32_t c = 0; c < 2 * I; ++c) {
    const int32_t i = c / 2;
    if (c % 2 == 0) {
      ColumnSummary& s = out->lost[static_cast<size_t>(i)];
      select_ranks(lost_.data() + static_cast<size_t>(i) * N, N, ranks, &s.at_rank, &s.tail);
    } else {
      ColumnSummary& s = out->days[static_cast<size_t>(i)];
      select_ranks(days_.data() + static_cast<size_t>(i) * N, N, ranks, &s.at_rank, &s.tail);
    }
  }
}

}  // namespace chokepoint
