#include "host/run/shared_reduction.hpp"

#include <chrono>
#include <stdexcept>

#include "kernels/limb_sums.hpp"
#include "kernels/path_reduction.hpp"

namespace chokepoint {

namespace {

//! The largest shortfall total of a path: every buyer short on every day.
uint64_t max_shortfall_total(const ModelView& m, int32_t i) {
  return static_cast<uint64_t>(m.buyers[i]) * static_cast<uint64_t>(m.horizon) *
         (uint64_t{1} << 38);
}

double seconds_since(std::chrono::steady_clock::time_point begin) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

}  // namespace

SharedReduction::SharedReduction(const ModelView& m, const PointRequest& request,
                                 int64_t local_paths, ColumnMethod method, SelectionLimits limits)
    : industries_(m.industries), local_paths_(local_paths), method_(method) {
  if (kShortfallUnit != 0x1p-38) throw std::logic_error("SharedReduction: shortfall unit changed");
  const int32_t I = m.industries;
  for (int32_t i = 0; i < I; ++i) {
    lost_.emplace_back(request.paths, request.ranks, max_shortfall_total(m, i), limits);
    days_.emplace_back(request.paths, request.ranks, static_cast<uint64_t>(m.horizon), limits);
  }
  for (auto* columns : {&lost_, &days_}) {
    for (RankSelection& s : *columns) {
      if (!s.done()) s.begin_pass();
    }
  }
  cross_.assign(static_cast<size_t>(industry_pairs(I)) * 4, 0);
  if (method == ColumnMethod::in_memory) {
    lost_column_.resize(static_cast<size_t>(I) * local_paths);
    days_column_.resize(static_cast<size_t>(I) * local_paths);
  }
}

uint64_t SharedReduction::bytes(const ModelView& m, const PointRequest& request,
                                int64_t local_paths, ColumnMethod method, SelectionLimits limits) {
  const auto I = static_cast<uint64_t>(m.industries);
  uint64_t b =
      2 * I * RankSelection::first_pass_bytes(static_cast<int64_t>(request.ranks.size()), limits);
  if (method == ColumnMethod::in_memory) b += I * static_cast<uint64_t>(local_paths) * (8 + 4);
  return b;
}

void SharedReduction::feed(const PathOutputs& rows, int64_t count) {
  const int32_t I = industries_;
  for (int64_t j = 0; j < count; ++j) {
    for (int32_t i = 0; i < I; ++i) {
      const size_t c = static_cast<size_t>(j) * I + i;
      RankSelection& lost = lost_[static_cast<size_t>(i)];
      RankSelection& days = days_[static_cast<size_t>(i)];
      if (!lost.done()) lost.add(rows.shortfall_total[c]);
      if (!days.done()) days.add(static_cast<uint64_t>(rows.shortage_days[c]));
    }
  }
}

void SharedReduction::add_rows(const PathOutputs& rows, int64_t count) {
  const auto begin = std::chrono::steady_clock::now();
  const int32_t I = industries_;
  if (filled_ + count > local_paths_) throw std::logic_error("SharedReduction: too many paths");
  for (int64_t pair = 0; pair < industry_pairs(I); ++pair) {
    int32_t a = 0, b = 0;
    industry_pair(pair, I, &a, &b);
    LimbSum4 s;  // a batch has far fewer than 2^32 paths
    for (int64_t j = 0; j < count; ++j) {
      s.add_product(rows.shortfall_total[j * I + a], rows.shortfall_total[j * I + b]);
    }
    for (int k = 0; k < 4; ++k) cross_[static_cast<size_t>(pair) * 4 + k] += s.limb[k];
  }
  feed(rows, count);
  if (method_ == ColumnMethod::in_memory) {
    for (int32_t i = 0; i < I; ++i) {
      uint64_t* lost = lost_column_.data() + static_cast<size_t>(i) * local_paths_ + filled_;
      uint32_t* days = days_column_.data() + static_cast<size_t>(i) * local_paths_ + filled_;
      for (int64_t j = 0; j < count; ++j) {
        lost[j] = rows.shortfall_total[j * I + i];
        days[j] = static_cast<uint32_t>(rows.shortage_days[j * I + i]);
      }
    }
  }
  filled_ += count;
  counting_seconds_ += seconds_since(begin);
}

void SharedReduction::finish(Combiner& combiner, const Replay& replay, PointReduction* out) {
  if (filled_ != local_paths_) throw std::logic_error("SharedReduction: paths missing");
  auto begin = std::chrono::steady_clock::now();
  const auto end_passes = [&] {
    for (auto* columns : {&lost_, &days_}) {
      for (RankSelection& s : *columns) {
        if (!s.done()) s.end_pass(combiner);
      }
    }
  };
  end_passes();
  const auto all_done = [&] {
    for (auto* columns : {&lost_, &days_}) {
      for (const RankSelection& s : *columns) {
        if (!s.done()) return false;
      }
    }
    return true;
  };
  const int32_t I = industries_;
  while (!all_done()) {
    for (auto* columns : {&lost_, &days_}) {
      for (RankSelection& s : *columns) {
        if (!s.done()) s.begin_pass();
      }
    }
    if (method_ == ColumnMethod::in_memory) {
      for (int32_t i = 0; i < I; ++i) {
        RankSelection& lost = lost_[static_cast<size_t>(i)];
        RankSelection& days = days_[static_cast<size_t>(i)];
        const uint64_t* lc = lost_column_.data() + static_cast<size_t>(i) * local_paths_;
        const uint32_t* dc = days_column_.data() + static_cast<size_t>(i) * local_paths_;
        if (!lost.done()) {
          for (int64_t p = 0; p < local_paths_; ++p) lost.add(lc[p]);
        }
        if (!days.done()) {
          for (int64_t p = 0; p < local_paths_; ++p) days.add(dc[p]);
        }
      }
    } else {
      counting_seconds_ += seconds_since(begin);
      // The replay's own time is the simulation's; only the counting is ours.
      replay([&](const PathOutputs& rows, int64_t count) {
        const auto feed_begin = std::chrono::steady_clock::now();
        feed(rows, count);
        counting_seconds_ += seconds_since(feed_begin);
      });
      begin = std::chrono::steady_clock::now();
    }
    end_passes();
  }
  out->lost.assign(static_cast<size_t>(I), ColumnSummary{});
  out->days.assign(static_cast<size_t>(I), ColumnSummary{});
  for (int32_t i = 0; i < I; ++i) {
    out->lost[static_cast<size_t>(i)] = {lost_[static_cast<size_t>(i)].at_rank(),
                                         lost_[static_cast<size_t>(i)].tail()};
    out->days[static_cast<size_t>(i)] = {days_[static_cast<size_t>(i)].at_rank(),
                                         days_[static_cast<size_t>(i)].tail()};
  }
  combiner.sum(&cross_);
  out->cross = cross_;
  combiner.sum(&out->counters);
  counting_seconds_ += seconds_since(begin);
}

}  // namespace chokepoint
