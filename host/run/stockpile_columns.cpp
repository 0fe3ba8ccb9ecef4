#include "host/run/stockpile_columns.hpp"

namespace chokepoint {

void StockpileColumns::add(const PathOutputs& rows, int64_t count) {
  const int64_t S = stockpiles_, K = intervals_;
  for (int64_t j = 0; j < count; ++j) {
    for (int64_t s = 0; s < S; ++s) {
      values_[static_cast<std::size_t>(s)].push_back(
          rows.remedies.stockpile_held[(j * S + s) * K + K - 1]);
    }
  }
}

std::vector<std::vector<int64_t>> StockpileColumns::finish(Combiner& ranks) {
  std::vector<std::vector<int64_t>> all(values_.size());
  for (std::size_t s = 0; s < values_.size(); ++s) {
    const std::vector<uint64_t> local(values_[s].begin(), values_[s].end());
    std::vector<int64_t>().swap(values_[s]);
    const std::vector<uint64_t> gathered = ranks.gather(local);
    all[s].assign(gathered.begin(), gathered.end());
  }
  return all;
}

}  // namespace chokepoint
