#include "host/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "host/compensated_sum.hpp"
#include "host/order_statistics.hpp"

namespace chokepoint {

double lost_output(uint64_t shortfall_total, int32_t buyers, int32_t horizon) {
  return static_cast<double>(shortfall_total) * kShortfallUnit /
         (static_cast<double>(buyers) * horizon);
}

double interval_shortfall(uint64_t interval_total, int32_t buyers, int32_t days) {
  return static_cast<double>(interval_total) * kShortfallUnit /
         (static_cast<double>(buyers) * days);
}

int32_t interval_length(const ModelView& m, int32_t k) {
  const int32_t begin = k * m.report_interval;
  return std::min(begin + m.report_interval, m.horizon) - begin;
}

std::vector<double> histogram_edges(int64_t bins) {
  std::vector<double> edges(static_cast<size_t>(bins + 1));
  for (int64_t k = 0; k <= bins; ++k)
    edges[static_cast<size_t>(k)] = static_cast<double>(k) / static_cast<double>(bins);
  return edges;
}

namespace {

//! Bin of x in [0, 1] over `edges` ([e_k, e_k+1), the last closed), by comparison
//! with the stored edges so that a value on an edge lands where the edges say.
int64_t bin_of(double x, const std::vector<double>& edges) {
  const auto bins = static_cast<int64_t>(edges.size()) - 1;
  auto k = std::clamp<int64_t>(static_cast<int64_t>(x * static_cast<double>(bins)), 0, bins - 1);
  while (k > 0 && x < edges[static_cast<size_t>(k)]) --k;
  while (k < bins - 1 && x >= edges[static_cast<size_t>(k + 1)]) ++k;
  return k;
}

double to_double(ExactSum v) {
  return static_cast<double>(v);
}

}  // namespace

StatisticsAccumulator::StatisticsAccumulator(const Model& model, int64_t paths,
                                             std::vector<double> quantiles, int64_t histogram_bins)
    : model_(model), paths_(paths), quantiles_(std::move(quantiles)), bins_(histogram_bins) {
  const ModelView& m = model.view();
  const size_t cells = static_cast<size_t>(paths) * m.industries;
  lost_.resize(cells);
  shortage_days_.resize(cells);
  first_shortage_.resize(cells);
  total_sum_.assign(static_cast<size_t>(m.industries), 0);
  interval_sum_.assign(static_cast<size_t>(m.industries) * m.intervals, 0);
  interval_short_.assign(static_cast<size_t>(m.industries) * m.intervals, 0);
  interval_hist_.assign(static_cast<size_t>(m.industries) * m.intervals * (kIntervalBins + 2), 0);
  regime_days_.assign(static_cast<size_t>(m.regimes), 0);
}

void StatisticsAccumulator::add(const PathOutputs& out, int64_t count) {
  const ModelView& m = model_.view();
  const int32_t I = m.industries, K = m.intervals;
  for (int64_t j = 0; j < count; ++j, ++added_) {
    for (int32_t i = 0; i < I; ++i) {
      const size_t src = static_cast<size_t>(j) * I + i;
      const size_t dst = static_cast<size_t>(added_) * I + i;
      lost_[dst] = lost_output(out.shortfall_total[src], m.buyers[i], m.horizon);
      shortage_days_[dst] = out.shortage_days[src];
      first_shortage_[dst] = out.first_shortage[src];
      total_sum_[i] += out.shortfall_total[src];
      for (int32_t k = 0; k < K; ++k) {
        const size_t cell = static_cast<size_t>(i) * K + k;
        const uint64_t q = out.interval_total[src * K + k];
        interval_sum_[cell] += q;
        interval_short_[cell] += out.interval_short[src * K + k];
        const double v = interval_shortfall(q, m.buyers[i], interval_length(m, k));
        int64_t slot = v <= 0   ? 0
                       : v >= 1 ? kIntervalBins + 1
                                : 1 + std::min<int64_t>(static_cast<int64_t>(v * kIntervalBins),
                                                        kIntervalBins - 1);
        ++interval_hist_[cell * (kIntervalBins + 2) + static_cast<size_t>(slot)];
      }
    }
    for (int32_t r = 0; r < m.regimes; ++r) {
      regime_days_[static_cast<size_t>(r)] +=
          static_cast<uint64_t>(out.regime_days[static_cast<size_t>(j) * m.regimes + r]);
    }
  }
}

PointStatistics StatisticsAccumulator::finish() const {
  const ModelView& m = model_.view();
  const int32_t I = m.industries, K = m.intervals, M = m.materials, R = m.regimes;
  const int64_t N = added_;
  const double n = static_cast<double>(N);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  PointStatistics s;

  const auto column = [&](const auto& values, int32_t i) {
    std::vector<double> c(static_cast<size_t>(N));
    for (int64_t p = 0; p < N; ++p)
      c[static_cast<size_t>(p)] = static_cast<double>(values[static_cast<size_t>(p) * I + i]);
    return c;
  };
  const std::vector<double> edges = histogram_edges(bins_);
  std::vector<double> means(static_cast<size_t>(I)), stds(static_cast<size_t>(I));
  for (int32_t i = 0; i < I; ++i) {
    const double mean = to_double(total_sum_[i]) * kShortfallUnit /
                        (n * static_cast<double>(m.buyers[i]) * m.horizon);
    std::vector<double> lost = column(lost_, i);
    CompensatedSum ss;
    for (double x : lost) ss.add((x - mean) * (x - mean));
    const double sd = N > 1 ? std::sqrt(ss.value() / (n - 1)) : nan;
    means[static_cast<size_t>(i)] = mean;
    stds[static_cast<size_t>(i)] = sd;
    s.lost_mean.push_back(mean);
    s.lost_std.push_back(sd);
    s.lost_stderr.push_back(sd / std::sqrt(n));
    std::vector<int64_t> hist(static_cast<size_t>(bins_), 0);
    for (double x : lost) ++hist[static_cast<size_t>(bin_of(x, edges))];
    s.lost_histogram.insert(s.lost_histogram.end(), hist.begin(), hist.end());
    std::sort(lost.begin(), lost.end());
    const OrderStatistics os = order_statistics(lost, quantiles_);
    s.lost_quantiles.insert(s.lost_quantiles.end(), os.quantiles.begin(), os.quantiles.end());
    s.lost_ci_low.insert(s.lost_ci_low.end(), os.ci_low.begin(), os.ci_low.end());
    s.lost_ci_high.insert(s.lost_ci_high.end(), os.ci_high.begin(), os.ci_high.end());
    s.lost_cvar.insert(s.lost_cvar.end(), os.cvar.begin(), os.cvar.end());

    std::vector<double> days = column(shortage_days_, i);
    int64_t short_paths = 0;
    double day_sum = 0;
    for (double d : days) {
      day_sum += d;
      short_paths += d > 0 ? 1 : 0;
    }
    s.lost_prob_any.push_back(static_cast<double>(short_paths) / n);
    s.shortage_days_mean.push_back(day_sum / n);
    std::sort(days.begin(), days.end());
    for (double q : quantiles_)
      s.shortage_days_quantiles.push_back(days[static_cast<size_t>(quantile_rank(q, N) - 1)]);

    for (int32_t k = 0; k < K; ++k) {
      const int32_t end = k * m.report_interval + interval_length(m, k);
      int64_t surviving = 0;
      for (int64_t p = 0; p < N; ++p)
        surviving += first_shortage_[static_cast<size_t>(p) * I + i] >= end ? 1 : 0;
      s.first_shortage_survival.push_back(static_cast<double>(surviving) / n);
      const size_t cell = static_cast<size_t>(i) * K + k;
      s.shortfall_mean.push_back(to_double(interval_sum_[cell]) * kShortfallUnit /
                                 (n * static_cast<double>(m.buyers[i]) * interval_length(m, k)));
      s.shortfall_prob_short.push_back(static_cast<double>(interval_short_[cell]) / n);
      const int64_t* counts = interval_hist_.data() + cell * (kIntervalBins + 2);
      for (double q : quantiles_) {
        const int64_t rank = quantile_rank(q, N);
        int64_t seen = 0;
        int32_t slot = 0;
        while (seen + counts[slot] < rank) seen += counts[slot++];
        const double value = slot == 0                   ? 0.0
                             : slot == kIntervalBins + 1 ? 1.0
                                                         : (slot - 0.5) / kIntervalBins;
        s.shortfall_quantiles.push_back(value);
      }
    }
  }

  // Pearson correlation of lost output between industries, sums in path order.
  for (int32_t a = 0; a < I; ++a) {
    for (int32_t b = 0; b < I; ++b) {
      CompensatedSum cov;
      for (int64_t p = 0; p < N; ++p) {
        cov.add((lost_[static_cast<size_t>(p) * I + a] - means[static_cast<size_t>(a)]) *
                (lost_[static_cast<size_t>(p) * I + b] - means[static_cast<size_t>(b)]));
      }
      const double sa = stds[static_cast<size_t>(a)], sb = stds[static_cast<size_t>(b)];
      s.correlation.push_back(N > 1 && sa > 0 && sb > 0 ? cov.value() / (n - 1) / (sa * sb) : nan);
    }
  }

  std::vector<int64_t> at_least(static_cast<size_t>(I) + 1, 0);
  for (int64_t p = 0; p < N; ++p) {
    int32_t short_industries = 0;
    for (int32_t i = 0; i < I; ++i)
      short_industries += shortage_days_[static_cast<size_t>(p) * I + i] > 0 ? 1 : 0;
    for (int32_t c = 1; c <= short_industries; ++c) ++at_least[static_cast<size_t>(c)];
  }
  for (int32_t c = 1; c <= I; ++c)
    s.prob_at_least.push_back(static_cast<double>(at_least[static_cast<size_t>(c)]) / n);

  // Unmet tonnes: a buyer-day's unmet need of material m is (1 - f) n_m, and n_m
  // is the same for every buyer of an industry.
  for (int32_t mat = 0; mat < M; ++mat) {
    double tonnes = 0;
    for (int32_t i = 0; i < I; ++i) {
      tonnes += model_.need_per_buyer[static_cast<size_t>(i) * M + mat] * to_double(total_sum_[i]) *
                kShortfallUnit;
    }
    s.unmet_tonnes.push_back(tonnes / n);
  }
  for (int32_t r = 0; r < R; ++r) {
    s.regime_occupancy.push_back(static_cast<double>(regime_days_[static_cast<size_t>(r)]) /
                                 (n * m.horizon));
  }
  return s;
}

void StatisticsAccumulator::release_paths(std::vector<double>* lost,
                                          std::vector<uint8_t>* is_short) {
  is_short->resize(shortage_days_.size());
  for (size_t k = 0; k < shortage_days_.size(); ++k) (*is_short)[k] = shortage_days_[k] > 0 ? 1 : 0;
  *lost = std::move(lost_);
  lost_.clear();
}

}  // namespace chokepoint
