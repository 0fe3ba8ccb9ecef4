#include "host/reduction/point_reduction.hpp"

#include <algorithm>

#include "host/reduction/order_statistics.hpp"

namespace chokepoint {

PointRequest make_point_request(int64_t paths, const std::vector<double>& quantiles,
                                int32_t histogram_bins) {
  PointRequest request;
  request.paths = paths;
  request.histogram_bins = histogram_bins;
  for (double q : quantiles) {
    int64_t low = 0, high = 0;
    quantile_ci_ranks(q, paths, &low, &high);
    request.ranks.push_back(quantile_rank(q, paths));
    request.ranks.push_back(low);
    request.ranks.push_back(high);
  }
  std::sort(request.ranks.begin(), request.ranks.end());
  request.ranks.erase(std::unique(request.ranks.begin(), request.ranks.end()), request.ranks.end());
  return request;
}

PointCounters::PointCounters(const ModelView& m, const PointRequest& r)
    : request(r),
      layout(make_reduction_layout(m, r.histogram_bins)),
      batch(static_cast<size_t>(layout.total), 0),
      totals(static_cast<size_t>(layout.total), 0) {}

void PointCounters::add_batch() {
  for (size_t k = 0; k < batch.size(); ++k) totals[k] += batch[k];
}

void reduce_rows(const ModelView& m, const ReductionLayout& L, const PathOutputs& rows,
                 int64_t count, int threads, std::vector<uint64_t>* counters) {
  uint64_t* c = counters->data();
  const auto add = [c](int64_t counter, uint64_t value) { c[counter] += value; };
  // Industries write disjoint counters: no two threads touch the same one.
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (int32_t i = 0; i < m.industries; ++i) {
    for (int64_t row = 0; row < count; ++row) reduce_path_industry(m, L, rows, row, i, add);
  }
  for (int64_t row = 0; row < count; ++row) reduce_path_totals(m, L, rows, row, add);
}

}  // namespace chokepoint
