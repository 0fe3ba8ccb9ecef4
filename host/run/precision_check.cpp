#include "host/run/precision_check.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "host/scenario/precision_target.hpp"
#include "kernels/limb_sums.hpp"
#include "kernels/path_reduction.hpp"

namespace chokepoint {

namespace {

constexpr double kZ = 1.96;  // two-sided 95%

double to_double(ExactSum v) {
  return static_cast<double>(v);
}

// n Σ x² − (Σ x)² (n(n − 1) times the sample variance), from exact sums.
double spread(int64_t n, const Wide& sum_of_squares, ExactSum sum) {
  return sum_of_squares.times(static_cast<uint64_t>(n)).minus(Wide::product(sum, sum)).to_double();
}

double mean_half_width(double spread_value, double n) {
  if (n < 2) return std::numeric_limits<double>::infinity();
  return kZ * std::sqrt(std::max(0.0, spread_value) / (n * (n - 1)) / n);
}

}  // namespace

double wilson_half_width(double k, double n) {
  const double p = k / n, z2 = kZ * kZ;
  return kZ / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
}

PrecisionSums::PrecisionSums(int32_t i)
    : industries(i), sums_(static_cast<size_t>(4 * i + 4 * industry_pairs(i)), 0) {}

void PrecisionSums::add(const PathOutputs& rows, int64_t count) {
  const int32_t I = industries;
  for (int64_t j = 0; j < count; ++j) {
    for (int32_t i = 0; i < I; ++i) {
      const size_t c = static_cast<size_t>(j) * I + i;
      const auto d = static_cast<uint64_t>(rows.shortage_days[c]);
      sums_[lost_sum(i)] += rows.shortfall_total[c];
      sums_[days_sum(i)] += d;
      sums_[days_square(i)] += d * d;
      sums_[short_paths(i)] += d > 0 ? 1 : 0;
    }
  }
  for (int64_t pair = 0; pair < industry_pairs(I); ++pair) {
    int32_t a = 0, b = 0;
    industry_pair(pair, I, &a, &b);
    LimbSum4 s;
    for (int64_t j = 0; j < count; ++j) {
      s.add_product(rows.shortfall_total[j * I + a], rows.shortfall_total[j * I + b]);
    }
    for (int k = 0; k < 4; ++k) sums_[cross(pair) + static_cast<size_t>(k)] += s.limb[k];
  }
}

std::vector<ExactSum> PrecisionSums::combined(Combiner& combiner) const {
  std::vector<ExactSum> all = sums_;
  combiner.sum(&all);
  return all;
}

PointPrecision evaluate_precision(const Model& model, const std::vector<PrecisionTarget>& targets,
                                  int64_t n, const std::vector<ExactSum>& sums,
                                  const PrecisionSums& layout,
                                  const std::vector<std::vector<QuantileBounds>>& bounds) {
  const ModelView& m = model.view();
  const int32_t I = m.industries, M = m.materials;
  const auto F = targets.size();
  const double nd = static_cast<double>(n);
  PointPrecision out;
  out.industry.assign(static_cast<size_t>(I) * F, PrecisionCell{0, 0, 0, false});
  out.material.assign(static_cast<size_t>(M) * F, PrecisionCell{0, 0, 0, false});
  const auto cross = [&](int32_t a, int32_t b) {
    return compose_limbs(sums.data() + layout.cross(pair_index(std::min(a, b), std::max(a, b), I)),
                         4);
  };
  const auto finish = [](const PrecisionTarget& t, bool zero, PrecisionCell* cell) {
    cell->target = t.relative ? t.value * std::fabs(cell->figure) : t.value;
    cell->applies = !(t.relative && zero);
  };
  for (size_t f = 0; f < F; ++f) {
    const PrecisionTarget& t = targets[f];
    if (per_material(t)) {
      for (int32_t mat = 0; mat < M; ++mat) {
        PrecisionCell& cell = out.material[static_cast<size_t>(mat) * F + f];
        double figure = 0, variance = 0;
        for (int32_t a = 0; a < I; ++a) {
          const double wa = model.need_per_buyer[static_cast<size_t>(a) * M + mat] * kShortfallUnit;
          figure += wa * to_double(sums[layout.lost_sum(a)]);
          for (int32_t b = 0; b < I; ++b) {
            const double wb =
                model.need_per_buyer[static_cast<size_t>(b) * M + mat] * kShortfallUnit;
            if (wa == 0 || wb == 0) continue;
            const double scaled_cov = signed_difference(
                cross(a, b).times(static_cast<uint64_t>(n)),
                Wide::product(sums[layout.lost_sum(a)], sums[layout.lost_sum(b)]));
            variance += wa * wb * scaled_cov;
          }
        }
        cell.figure = figure / nd;
        cell.half_width = mean_half_width(variance, nd);
        finish(t, figure == 0, &cell);
      }
      continue;
    }
    for (int32_t i = 0; i < I; ++i) {
      PrecisionCell& cell = out.industry[static_cast<size_t>(i) * F + f];
      const double per_path = kShortfallUnit / (static_cast<double>(m.buyers[i]) * m.horizon);
      const ExactSum lost = sums[layout.lost_sum(i)];
      bool zero = lost == 0;
      switch (t.figure) {
        case PrecisionFigure::lost_mean:
          cell.figure = to_double(lost) * per_path / nd;
          cell.half_width = mean_half_width(spread(n, cross(i, i), lost), nd) * per_path;
          break;
        case PrecisionFigure::lost_prob_any: {
          const double k = to_double(sums[layout.short_paths(i)]);
          cell.figure = k / nd;
          cell.half_width = wilson_half_width(k, nd);
          zero = k == 0;
          break;
        }
        case PrecisionFigure::shortage_days_mean: {
          const ExactSum d = sums[layout.days_sum(i)];
          cell.figure = to_double(d) / nd;
          cell.half_width = mean_half_width(spread(n, Wide(sums[layout.days_square(i)]), d), nd);
          zero = d == 0;
          break;
        }
        case PrecisionFigure::lost_quantile: {
          const QuantileBounds& q = bounds[f][static_cast<size_t>(i)];
          cell.figure = lost_output(q.at, m.buyers[i], m.horizon);
          cell.half_width = (lost_output(q.high, m.buyers[i], m.horizon) -
                             lost_output(q.low, m.buyers[i], m.horizon)) /
                            2;
          break;
        }
        case PrecisionFigure::unmet_tonnes_mean:
          break;
      }
      finish(t, zero, &cell);
    }
  }
  return out;
}

std::vector<uint64_t> select_column_ranks(const uint64_t* local, int64_t local_count,
                                          int64_t stride, int64_t paths,
                                          const std::vector<int64_t>& ranks, uint64_t max_value,
                                          Combiner& combiner) {
  RankSelection s(paths, ranks, max_value, SelectionLimits{});
  while (!s.done()) {
    s.begin_pass();
    for (int64_t j = 0; j < local_count; ++j) s.add(local[j * stride]);
    s.end_pass(combiner);
  }
  return s.at_rank();
}

std::vector<uint64_t> IncrementalRanks::select(const std::vector<int64_t>& ranks, int64_t n,
                                               const uint64_t* column, int64_t stride,
                                               int64_t margin) {
  if (built_) {
    std::vector<uint64_t> inside;
    for (int64_t j = seen_; j < n; ++j) {
      const uint64_t x = column[j * stride];
      if (x < lo_) {
        ++below_;
      } else if (x <= hi_) {
        inside.push_back(x);
      }
    }
    std::sort(inside.begin(), inside.end());
    std::vector<std::pair<uint64_t, int64_t>> merged;
    merged.reserve(window_.size() + inside.size());
    size_t a = 0, b = 0;
    while (a < window_.size() || b < inside.size()) {
      if (b == inside.size() || (a < window_.size() && window_[a].first <= inside[b])) {
        if (!merged.empty() && merged.back().first == window_[a].first) {
          merged.back().second += window_[a].second;
        } else {
          merged.push_back(window_[a]);
        }
        ++a;
      } else {
        if (!merged.empty() && merged.back().first == inside[b]) {
          merged.back().second += 1;
        } else {
          merged.emplace_back(inside[b], 1);
        }
        ++b;
      }
    }
    window_.swap(merged);
  }
  seen_ = n;
  int64_t kept = 0;
  for (const auto& v : window_) kept += v.second;
  if (!built_ || below_ >= ranks.front() || below_ + kept < ranks.back()) {
    // Rebuild from the column: pivots `margin` ranks outside the wanted ones.
    ++rebuilds_;
    built_ = true;
    std::vector<uint64_t> all(static_cast<size_t>(n));
    for (int64_t j = 0; j < n; ++j) all[static_cast<size_t>(j)] = column[j * stride];
    const int64_t a = std::max<int64_t>(1, ranks.front() - margin);
    const int64_t b = std::min<int64_t>(n, ranks.back() + margin);
    std::nth_element(all.begin(), all.begin() + (a - 1), all.end());
    lo_ = all[static_cast<size_t>(a - 1)];
    std::nth_element(all.begin() + (a - 1), all.begin() + (b - 1), all.end());
    hi_ = all[static_cast<size_t>(b - 1)];
    below_ = 0;
    std::vector<uint64_t> inside;
    for (uint64_t x : all) {
      if (x < lo_) {
        ++below_;
      } else if (x <= hi_) {
        inside.push_back(x);
      }
    }
    std::sort(inside.begin(), inside.end());
    window_.clear();
    for (uint64_t x : inside) {
      if (!window_.empty() && window_.back().first == x) {
        window_.back().second += 1;
      } else {
        window_.emplace_back(x, 1);
      }
    }
  }
  std::vector<uint64_t> values;
  int64_t seen = below_;
  size_t at = 0;
  for (int64_t rank : ranks) {
    while (seen + window_[at].second < rank) seen += window_[at++].second;
    values.push_back(window_[at].first);
  }
  return values;
}

}  // namespace chokepoint
