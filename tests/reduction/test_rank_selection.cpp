// Order statistics by counting passes (host/reduction/rank_selection): the
// values at the requested ranks and the tail sums above them equal those of a
// full sort, whatever the limits on buckets and kept values (which only change
// the number of passes), whether one process holds the values or several share
// them (emulated by threads with a combiner that sums across them), at ranks
// inside long runs of equal values, at 0 and at the maximum, and for q close
// to 0 and 1.
#include <gtest/gtest.h>

#include "host/reduction/point_reduction.hpp"
#include "host/reduction/rank_selection.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

namespace chokepoint {
namespace {

//! `processes` threads, each a process: every collective waits for all, and
//! hands each the sum (or the concatenation, in process order).
class ThreadCombiner {
 public:
  explicit ThreadCombiner(int processes) : processes_(processes) {}

  class Member final : public Combiner {
   public:
    Member(ThreadCombiner* group, int id) : group_(group), id_(id) {}
    void sum(std::vector<uint64_t>* v) override {
      group_->exchange(
          id_,
          [&](std::vector<std::vector<uint64_t>>& all) {
            std::vector<uint64_t> total(all[0].size(), 0);
            for (const auto& one : all) {
              if (one.size() != total.size())
                throw std::logic_error("sizes differ across processes");
              for (size_t k = 0; k < total.size(); ++k) total[k] += one[k];
            }
            return total;
          },
          v);
    }
    void sum(std::vector<ExactSum>* v) override {
      // As limb pairs: the same collective over 64-bit words.
      std::vector<uint64_t> lo(v->size()), hi(v->size());
      for (size_t k = 0; k < v->size(); ++k) {
        lo[k] = static_cast<uint64_t>((*v)[k] & 0xffffffffu);
        hi[k] = static_cast<uint64_t>((*v)[k] >> 32);  // below 2^64 in these tests
      }
      sum(&lo);
      sum(&hi);
      for (size_t k = 0; k < v->size(); ++k) (*v)[k] = (static_cast<ExactSum>(hi[k]) << 32) + lo[k];
    }
    std::vector<uint64_t> gather(const std::vector<uint64_t>& local) override {
      std::vector<uint64_t> v = local;
      group_->exchange(
          id_,
          [](std::vector<std::vector<uint64_t>>& all) {
            std::vector<uint64_t> joined;
            for (const auto& one : all) joined.insert(joined.end(), one.begin(), one.end());
            return joined;
          },
          &v);
      return v;
    }

   private:
    ThreadCombiner* group_;
    int id_;
  };

 private:
  template <typename Combine>
  void exchange(int id, Combine combine, std::vector<uint64_t>* v) {
    std::unique_lock<std::mutex> lock(mutex_);
    const uint64_t generation = generation_;
    if (inputs_.empty()) inputs_.resize(static_cast<size_t>(processes_));
    inputs_[static_cast<size_t>(id)] = *v;
    if (++arrived_ == processes_) {
      result_ = combine(inputs_);
      arrived_ = 0;
      inputs_.clear();
      ++generation_;
      cv_.notify_all();
    } else {
      cv_.wait(lock, [&] { return generation_ != generation; });
    }
    *v = result_;
    // Nobody may start the next collective before everyone has read this one.
    if (++read_ == processes_) {
      read_ = 0;
      ++read_generation_;
      cv_.notify_all();
    } else {
      const uint64_t g = read_generation_;
      cv_.wait(lock, [&] { return read_generation_ != g; });
    }
  }

  int processes_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::vector<uint64_t>> inputs_;
  std::vector<uint64_t> result_;
  int arrived_ = 0, read_ = 0;
  uint64_t generation_ = 0, read_generation_ = 0;
};

struct Expected {
  std::vector<uint64_t> at;
  std::vector<ExactSum> tail;
};

Expected by_sorting(std::vector<uint64_t> values, const std::vector<int64_t>& ranks) {
  std::sort(values.begin(), values.end());
  Expected e;
  for (int64_t r : ranks) {
    e.at.push_back(values[static_cast<size_t>(r - 1)]);
    ExactSum t = 0;
    for (size_t k = static_cast<size_t>(r - 1); k < values.size(); ++k) t += values[k];
    e.tail.push_back(t);
  }
  return e;
}

//! Selects `ranks` of `values` split into `processes` contiguous blocks, each
//! pass reading each block once; returns the result of process 0 and checks
//! that every process got the same.
Expected by_passes(const std::vector<uint64_t>& values, const std::vector<int64_t>& ranks,
                   uint64_t max_value, SelectionLimits limits, int processes, int* passes) {
  ThreadCombiner group(processes);
  std::vector<Expected> got(static_cast<size_t>(processes));
  std::vector<int> pass_count(static_cast<size_t>(processes));
  std::vector<std::thread> threads;
  const auto n = static_cast<int64_t>(values.size());
  for (int p = 0; p < processes; ++p) {
    threads.emplace_back([&, p] {
      ThreadCombiner::Member combiner(&group, p);
      const int64_t from = n * p / processes, to = n * (p + 1) / processes;
      RankSelection s(n, ranks, max_value, limits);
      while (!s.done()) {
        s.begin_pass();
        for (int64_t k = from; k < to; ++k) s.add(values[static_cast<size_t>(k)]);
        s.end_pass(combiner);
      }
      got[static_cast<size_t>(p)] = {s.at_rank(), s.tail()};
      pass_count[static_cast<size_t>(p)] = s.passes();
    });
  }
  for (auto& t : threads) t.join();
  for (int p = 1; p < processes; ++p) {
    EXPECT_EQ(got[static_cast<size_t>(p)].at, got[0].at);
    EXPECT_TRUE(got[static_cast<size_t>(p)].tail == got[0].tail);
  }
  *passes = pass_count[0];
  return got[0];
}

void expect_same(const Expected& want, const Expected& got) {
  ASSERT_EQ(got.at.size(), want.at.size());
  for (size_t j = 0; j < want.at.size(); ++j) {
    EXPECT_EQ(got.at[j], want.at[j]) << "rank slot " << j;
    EXPECT_TRUE(got.tail[j] == want.tail[j]) << "tail of rank slot " << j;
  }
}

//! A column like lost output: a long run of zeros, a run at the maximum,
//! runs of equal values, and a spread in between.
std::vector<uint64_t> lumpy_column(int64_t n, uint64_t max_value, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint64_t> v;
  for (int64_t k = 0; k < n; ++k) {
    const uint64_t u = rng() % 100;
    if (u < 40) {
      v.push_back(0);
    } else if (u < 45) {
      v.push_back(max_value);
    } else if (u < 70) {
      v.push_back(max_value / 3);
    } else {
      v.push_back(rng() % (max_value + 1));
    }
  }
  return v;
}

std::vector<int64_t> edge_ranks(int64_t n) {
  PointRequest r = make_point_request(n, {1e-7, 0.001, 0.4, 0.5, 0.9, 0.999, 1 - 1e-7}, 1);
  r.ranks.insert(r.ranks.begin(), 1);
  r.ranks.push_back(n);
  std::sort(r.ranks.begin(), r.ranks.end());
  r.ranks.erase(std::unique(r.ranks.begin(), r.ranks.end()), r.ranks.end());
  return r.ranks;
}

TEST(RankSelection, MatchesAFullSortForAnyLimitsAndProcessCount) {
  const uint64_t max_value = (uint64_t{1} << 50) + 12345;  // a lost-output-like range
  const int64_t n = 20011;
  const std::vector<uint64_t> values = lumpy_column(n, max_value, 3);
  const std::vector<int64_t> ranks = edge_ranks(n);
  const Expected want = by_sorting(values, ranks);
  // From one pass that keeps every value to many passes of two buckets each.
  for (const SelectionLimits limits :
       {SelectionLimits{1 << 20, 1 << 16}, SelectionLimits{1000, 256}, SelectionLimits{1, 2},
        SelectionLimits{7, 3}}) {
    for (int processes : {1, 2, 3, 7}) {
      SCOPED_TRACE(::testing::Message() << "max_kept " << limits.max_kept << ", buckets "
                                        << limits.max_buckets << ", processes " << processes);
      int passes = 0;
      expect_same(want, by_passes(values, ranks, max_value, limits, processes, &passes));
      if (limits.max_buckets == 2 && limits.max_kept == 1) {
        EXPECT_GT(passes, 40);
      }
      if (limits.max_kept >= n) {
        EXPECT_EQ(passes, 1);
      }
    }
  }
}

TEST(RankSelection, RanksInsideRunsOfEqualValuesAtZeroAndAtTheMaximum) {
  // 1000 zeros, 1000 copies of the maximum: every rank lies in a run of ties.
  const uint64_t max_value = 3650;
  std::vector<uint64_t> values(2000, 0);
  std::fill(values.begin() + 1000, values.end(), max_value);
  std::shuffle(values.begin(), values.end(), std::mt19937_64(5));
  const std::vector<int64_t> ranks = {1, 2, 999, 1000, 1001, 1002, 1999, 2000};
  const Expected want = by_sorting(values, ranks);
  EXPECT_EQ(want.at,
            (std::vector<uint64_t>{0, 0, 0, 0, max_value, max_value, max_value, max_value}));
  for (const SelectionLimits limits :
       {SelectionLimits{1, 2}, SelectionLimits{10, 64}, SelectionLimits{5000, 4096}}) {
    for (int processes : {1, 3}) {
      int passes = 0;
      expect_same(want, by_passes(values, ranks, max_value, limits, processes, &passes));
    }
  }
}

TEST(RankSelection, OneValueAndAllEqual) {
  int passes = 0;
  expect_same(by_sorting({42}, {1}), by_passes({42}, {1}, 100, {1, 2}, 1, &passes));
  const std::vector<uint64_t> same(999, 7);
  expect_same(by_sorting(same, {1, 500, 999}),
              by_passes(same, {1, 500, 999}, uint64_t{1} << 62, {1, 2}, 2, &passes));
  // The whole 64-bit range, values at both ends.
  const std::vector<uint64_t> ends = {0, ~uint64_t{0}, 0, ~uint64_t{0}, 1};
  expect_same(by_sorting(ends, {1, 3, 4, 5}),
              by_passes(ends, {1, 3, 4, 5}, ~uint64_t{0}, {1, 16}, 2, &passes));
}

TEST(RankSelection, RefusesValuesAboveTheMaximumAndBadRanks) {
  RankSelection s(3, {1, 2}, 10, {});
  s.begin_pass();
  EXPECT_THROW(s.add(11), std::logic_error);
  EXPECT_THROW(RankSelection(3, {2, 1}, 10, {}), std::logic_error);
  EXPECT_THROW(RankSelection(3, {4}, 10, {}), std::logic_error);
  EXPECT_THROW(RankSelection(3, {1}, 10, {1, 1}), std::logic_error);
}

TEST(RankSelection, NoticesAPassThatSawOtherValues) {
  // Counting 3 values, then seeing 2: the second pass must not silently succeed.
  SingleProcess one;
  RankSelection s(3, {2}, 1000, {1, 4});
  s.begin_pass();
  for (uint64_t x : {1, 2, 3}) s.add(x);
  s.end_pass(one);
  ASSERT_FALSE(s.done());
  s.begin_pass();
  s.add(1);
  EXPECT_THROW(s.end_pass(one), std::logic_error);
}

}  // namespace
}  // namespace chokepoint
