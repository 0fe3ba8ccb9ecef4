#include "host/model/day_distribution.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace chokepoint {

double continuous_cdf(const DayDistribution& d, double x) {
  switch (d.kind) {
    case DayDistKind::Triangular: {
      const double a = static_cast<double>(d.min), b = static_cast<double>(d.max), c = d.mode;
      if (x <= a) return 0.0;
      if (x >= b) return 1.0;
      if (x <= c) return (x - a) * (x - a) / ((b - a) * (c - a));
      return 1.0 - (b - x) * (b - x) / ((b - a) * (b - c));
    }
    case DayDistKind::Lognormal: {
      if (x <= 0) return 0.0;
      const double z = (std::log(x) - std::log(d.median)) / d.sigma;
      return 0.5 * std::erfc(-z / std::sqrt(2.0));
    }
    default:
      throw std::logic_error("continuous_cdf: not a continuous distribution");
  }
}

namespace {

// Rounds a continuous law onto lo..hi (docs/scenario-reference.md).
DiscreteDays round_continuous(const DayDistribution& d, int64_t lo, int64_t hi) {
  DiscreteDays out;
  out.offset = lo;
  if (hi <= lo) {
    out.pmf = {1.0};
    return out;
  }
  out.pmf.resize(static_cast<size_t>(hi - lo + 1));
  const auto F = [&](int64_t k, double half) {
    return continuous_cdf(d, static_cast<double>(k) + half);
  };
  out.pmf.front() = F(lo, 0.5);
  for (int64_t k = lo + 1; k < hi; ++k) {
    out.pmf[static_cast<size_t>(k - lo)] = F(k, 0.5) - F(k, -0.5);
  }
  out.pmf.back() = 1.0 - F(hi, -0.5);
  return out;
}

}  // namespace

DiscreteDays discretise(const DayDistribution& d) {
  DiscreteDays out;
  switch (d.kind) {
    case DayDistKind::Fixed:
      out.offset = d.value;
      out.pmf = {1.0};
      return out;
    case DayDistKind::Uniform: {
      out.offset = d.min;
      const auto n = static_cast<size_t>(d.max - d.min + 1);
      out.pmf.assign(n, 1.0 / static_cast<double>(n));
      return out;
    }
    case DayDistKind::Triangular:
      return round_continuous(d, d.min, d.max);
    case DayDistKind::Lognormal:
      return round_continuous(d, 0, d.max);
    case DayDistKind::Empirical: {
      const int64_t lo = *std::min_element(d.values.begin(), d.values.end());
      const int64_t hi = *std::max_element(d.values.begin(), d.values.end());
      out.offset = lo;
      out.pmf.assign(static_cast<size_t>(hi - lo + 1), 0.0);
      double total = 0;
      for (double w : d.weights) total += w;
      for (size_t j = 0; j < d.values.size(); ++j) {
        const double w =
            d.weights.empty() ? 1.0 / static_cast<double>(d.values.size()) : d.weights[j] / total;
        out.pmf[static_cast<size_t>(d.values[j] - lo)] += w;
      }
      return out;
    }
  }
  throw std::logic_error("discretise: unknown distribution kind");
}

std::vector<double> cumulative(const std::vector<double>& pmf) {
  std::vector<double> cdf(pmf.size());
  double sum = 0;
  for (size_t k = 0; k < pmf.size(); ++k) {
    sum += pmf[k];
    cdf[k] = sum;
  }
  cdf.back() = 1.0;  // every draw u < 1 then finds a value
  return cdf;
}

}  // namespace chokepoint
