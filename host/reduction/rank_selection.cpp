#include "host/reduction/rank_selection.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace chokepoint {

RankSelection::RankSelection(int64_t paths, const std::vector<int64_t>& ranks, uint64_t max_value,
                             SelectionLimits limits)
    : paths_(paths),
      max_value_(max_value),
      limits_(limits),
      at_rank_(ranks.size(), 0),
      tail_(ranks.size(), 0) {
  if (limits_.max_buckets < 2 || limits_.max_kept < 1) {
    throw std::logic_error("RankSelection: limits too small");
  }
  for (size_t j = 0; j < ranks.size(); ++j) {
    if (ranks[j] < 1 || ranks[j] > paths || (j > 0 && ranks[j] <= ranks[j - 1])) {
      throw std::logic_error("RankSelection: ranks out of order or range");
    }
    Target t;
    t.rank = ranks[j];
    t.lo = 0;
    t.hi = max_value;
    t.within = ranks[j];
    t.count = static_cast<uint64_t>(paths);
    targets_.push_back(t);
  }
}

bool RankSelection::done() const {
  return std::all_of(targets_.begin(), targets_.end(), [](const Target& t) { return t.found; });
}

void RankSelection::out_of_range(uint64_t x) const {
  throw std::logic_error("RankSelection: value " + std::to_string(x) + " above the maximum " +
                         std::to_string(max_value_));
}

void RankSelection::begin_pass() {
  // Targets' ranges are nested bucket by bucket, so two of them are either the
  // same range or disjoint: one Range per distinct (lo, hi).
  ranges_.clear();
  std::vector<std::pair<uint64_t, uint64_t>> bounds;  // (lo, count)
  for (const Target& t : targets_) {
    if (t.found) continue;
    const bool seen = std::any_of(ranges_.begin(), ranges_.end(),
                                  [&](const Range& r) { return r.lo == t.lo && r.hi == t.hi; });
    if (seen) continue;
    Range r;
    r.lo = t.lo;
    r.hi = t.hi;
    r.count = t.count;
    ranges_.push_back(std::move(r));
    bounds.emplace_back(t.lo, t.count);
  }
  // Keep the values of the smallest ranges while they fit; count the others.
  std::vector<size_t> order(ranges_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return bounds[a].second < bounds[b].second; });
  uint64_t kept = 0;
  for (size_t k : order) {
    const uint64_t count = bounds[k].second;
    if (kept + count <= static_cast<uint64_t>(limits_.max_kept)) {
      kept += count;
      ranges_[k].keep = true;
    }
  }
  const auto buckets = static_cast<uint64_t>(limits_.max_buckets);
  for (Range& r : ranges_) {
    if (r.keep) continue;
    const uint64_t span = r.hi - r.lo;  // values lo .. hi: span + 1 of them
    r.width = span / buckets + 1;       // so that buckets · width > span
    const uint64_t n = span / r.width + 1;
    r.counts.assign(n, 0);
    r.sums.assign(n, 0);
  }
  std::sort(ranges_.begin(), ranges_.end(),
            [](const Range& a, const Range& b) { return a.lo < b.lo; });
}

uint64_t RankSelection::pass_bytes() const {
  uint64_t bytes = 0;
  for (const Range& r : ranges_) {
    // Counts and sums, and their concatenation that is combined.
    bytes += 2 * r.counts.size() * (sizeof(uint64_t) + sizeof(ExactSum));
    // Kept values: this process's (at most all of them), then all of them
    // gathered, and the concatenation the gather is made from.
    if (r.keep) bytes += 3 * r.count * sizeof(uint64_t);
  }
  return bytes;
}

uint64_t RankSelection::first_pass_bytes(int64_t ranks, SelectionLimits limits) {
  return 2 * static_cast<uint64_t>(ranks) * static_cast<uint64_t>(limits.max_buckets) *
             (sizeof(uint64_t) + sizeof(ExactSum)) +
         3 * static_cast<uint64_t>(limits.max_kept) * sizeof(uint64_t);
}

void RankSelection::end_pass(Combiner& combiner) {
  // One combined vector each for counts, sums and kept values, in range order.
  std::vector<uint64_t> counts, kept;
  std::vector<ExactSum> sums;
  for (const Range& r : ranges_) {
    counts.insert(counts.end(), r.counts.begin(), r.counts.end());
    sums.insert(sums.end(), r.sums.begin(), r.sums.end());
    kept.insert(kept.end(), r.kept.begin(), r.kept.end());
  }
  combiner.sum(&counts);
  combiner.sum(&sums);
  std::vector<uint64_t> all = combiner.gather(kept);
  kept.clear();
  kept.shrink_to_fit();
  std::sort(all.begin(), all.end());

  size_t offset = 0;
  for (Range& r : ranges_) {
    const size_t n = r.counts.size();
    std::copy(counts.begin() + static_cast<std::ptrdiff_t>(offset),
              counts.begin() + static_cast<std::ptrdiff_t>(offset + n), r.counts.begin());
    std::copy(sums.begin() + static_cast<std::ptrdiff_t>(offset),
              sums.begin() + static_cast<std::ptrdiff_t>(offset + n), r.sums.begin());
    offset += n;
  }
  for (size_t j = 0; j < targets_.size(); ++j) {
    Target& t = targets_[j];
    if (t.found) continue;
    const auto range = std::find_if(ranges_.begin(), ranges_.end(),
                                    [&](const Range& r) { return r.lo == t.lo && r.hi == t.hi; });
    if (range->keep) {
      // The range's values, sorted: every process's, each exactly once.
      const auto first = std::lower_bound(all.begin(), all.end(), t.lo);
      const auto last = std::upper_bound(all.begin(), all.end(), t.hi);
      if (static_cast<uint64_t>(last - first) != t.count) {
        throw std::logic_error("RankSelection: the pass saw other values than counted before");
      }
      const auto at = first + (t.within - 1);
      ExactSum tail = t.above;
      for (auto it = at; it != last; ++it) tail += *it;
      at_rank_[j] = *at;
      tail_[j] = tail;
      t.found = true;
      continue;
    }
    // The bucket that holds the rank; the buckets above it go to the tail.
    uint64_t below = 0;
    size_t b = 0;
    const size_t n = range->counts.size();
    while (b < n && below + range->counts[b] < static_cast<uint64_t>(t.within)) {
      below += range->counts[b++];
    }
    if (b == n) throw std::logic_error("RankSelection: the pass counted fewer values than before");
    for (size_t k = b + 1; k < range->counts.size(); ++k) t.above += range->sums[k];
    t.within -= static_cast<int64_t>(below);
    t.count = range->counts[b];
    t.lo = range->lo + b * range->width;
    // lo + width - 1, or the range's end for the last bucket (without overflow).
    t.hi = range->hi - t.lo <= range->width - 1 ? range->hi : t.lo + (range->width - 1);
    if (t.lo == t.hi) {
      at_rank_[j] = t.lo;
      tail_[j] =
          t.above + static_cast<ExactSum>(t.count - static_cast<uint64_t>(t.within) + 1) * t.lo;
      t.found = true;
    }
  }
  ranges_.clear();
  ++passes_;
}

}  // namespace chokepoint
