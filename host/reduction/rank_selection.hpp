// Exact order statistics of a column of per-path integers without holding the
// column: passes over its values count them in buckets of value ranges, each
// pass narrowing the range around every requested rank, until a range holds
// one value or few enough values to keep; then those few are sorted. The
// counts are exact integers, so they combine across processes (Combiner) and
// the passes may read the values from memory or from a replay of the paths.
// Besides the value at each rank it gives the exact sum of the values of that
// rank and above (the tail sums behind CVaR), from bucket sums.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "host/reduction/combiner.hpp"
#include "host/reduction/wide_integer.hpp"

namespace chokepoint {

struct SelectionLimits {
  //! Values one pass may keep, over all processes together (each process
  //! receives all of them once the pass ends).
  int64_t max_kept = int64_t{1} << 20;
  //! Buckets per value range and pass (each a 64-bit count and a 128-bit sum).
  int64_t max_buckets = int64_t{1} << 16;
};

class RankSelection {
 public:
  //! `paths` values in all, each within 0 .. max_value; `ranks` 1-based,
  //! ascending, distinct, within 1 .. paths.
  RankSelection(int64_t paths, const std::vector<int64_t>& ranks, uint64_t max_value,
                SelectionLimits limits);

  //! Whether every rank is found (then at_rank() and tail() are final).
  bool done() const;
  //! Plans the next pass; call before its values, when !done().
  void begin_pass();
  //! One of this process's values, during a pass.
  void add(uint64_t x) {
    if (x > max_value_) out_of_range(x);
    // The range whose lower end is the last one <= x, if x is inside it.
    size_t lo = 0, hi = ranges_.size();
    while (hi - lo > 1) {
      const size_t mid = (lo + hi) / 2;
      (ranges_[mid].lo <= x ? lo : hi) = mid;
    }
    if (ranges_.empty() || x < ranges_[lo].lo || x > ranges_[lo].hi) return;
    Range& r = ranges_[lo];
    if (r.keep) {
      r.kept.push_back(x);
    } else {
      const uint64_t b = (x - r.lo) / r.width;
      r.counts[b] += 1;
      r.sums[b] += x;
    }
  }
  //! Combines the pass over every process (all must call it) and narrows the ranges.
  void end_pass(Combiner& combiner);

  //! Values of the ranks, and Σ of the values of ranks ranks[j] .. paths.
  const std::vector<uint64_t>& at_rank() const { return at_rank_; }
  const std::vector<ExactSum>& tail() const { return tail_; }
  //! Passes ended so far.
  int passes() const { return passes_; }
  //! Upper bound of the bytes the planned pass holds on a process.
  uint64_t pass_bytes() const;
  //! The same bound for a first pass, before any counts are known.
  static uint64_t first_pass_bytes(int64_t ranks, SelectionLimits limits);

 private:
  struct Target {
    int64_t rank = 0;  // global, 1-based
    uint64_t lo = 0, hi = 0;
    int64_t within = 0;  // rank among the values in lo .. hi
    uint64_t count = 0;  // values in lo .. hi, all processes
    ExactSum above = 0;  // Σ of the values above hi
    bool found = false;
  };
  struct Range {
    uint64_t lo = 0, hi = 0;
    uint64_t count = 0;  // values in lo .. hi, all processes
    bool keep = false;
    uint64_t width = 1;
    std::vector<uint64_t> counts;
    std::vector<ExactSum> sums;
    std::vector<uint64_t> kept;
  };
  [[noreturn]] void out_of_range(uint64_t x) const;

  int64_t paths_;
  uint64_t max_value_;
  SelectionLimits limits_;
  std::vector<Target> targets_;
  std::vector<Range> ranges_;
  std::vector<uint64_t> at_rank_;
  std::vector<ExactSum> tail_;
  int passes_ = 0;
};

}  // namespace chokepoint
