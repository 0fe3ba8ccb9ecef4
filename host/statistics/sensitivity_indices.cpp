#include "host/statistics/sensitivity_indices.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "host/statistics/compensated_sum.hpp"

namespace chokepoint {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// SplitMix64: the bootstrap's resampling indices, from the design's seed.
class BootstrapRandom {
 public:
  explicit BootstrapRandom(uint64_t seed) : state_(seed ^ 0xbb67ae8584caa73bULL) {}
  uint64_t below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
      uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      x = z ^ (z >> 31);
    } while (x >= limit);
    return x % n;
  }

 private:
  uint64_t state_;
};

double mean_of(const std::vector<double>& v) {
  CompensatedSum s;
  for (double x : v) s.add(x);
  return s.value() / static_cast<double>(v.size());
}

// Standard deviation with `ddof` degrees of freedom removed (numpy's std).
double deviation(const std::vector<double>& v, int ddof) {
  if (static_cast<int64_t>(v.size()) <= ddof) return kNaN;
  const double m = mean_of(v);
  CompensatedSum s;
  for (double x : v) s.add((x - m) * (x - m));
  return std::sqrt(s.value() / static_cast<double>(static_cast<int64_t>(v.size()) - ddof));
}

// The columns of a Saltelli layout, for the base rows `rows` (a resample or all).
struct SaltelliColumns {
  const std::vector<double>& y;
  size_t k, step;
  bool second_order;
  double a(size_t n) const { return y[n * step]; }
  double b(size_t n) const { return y[n * step + step - 1]; }
  double ab(size_t n, size_t j) const { return y[n * step + 1 + j]; }
  double ba(size_t n, size_t j) const { return y[n * step + 1 + k + j]; }
};

// Population variance of A and B together (numpy's var of np.r_[A, B]).
double joint_variance(const SaltelliColumns& c, const std::vector<size_t>& rows) {
  CompensatedSum s;
  for (size_t n : rows) {
    s.add(c.a(n));
    s.add(c.b(n));
  }
  const double m = s.value() / static_cast<double>(2 * rows.size());
  CompensatedSum d;
  for (size_t n : rows) {
    d.add((c.a(n) - m) * (c.a(n) - m));
    d.add((c.b(n) - m) * (c.b(n) - m));
  }
  return d.value() / static_cast<double>(2 * rows.size());
}

double first_order(const SaltelliColumns& c, const std::vector<size_t>& rows, size_t j,
                   double var) {
  CompensatedSum s;
  for (size_t n : rows) s.add(c.b(n) * (c.ab(n, j) - c.a(n)));
  return s.value() / static_cast<double>(rows.size()) / var;
}

double total_order(const SaltelliColumns& c, const std::vector<size_t>& rows, size_t j,
                   double var) {
  CompensatedSum s;
  for (size_t n : rows) s.add((c.a(n) - c.ab(n, j)) * (c.a(n) - c.ab(n, j)));
  return 0.5 * s.value() / static_cast<double>(rows.size()) / var;
}

double second_order_index(const SaltelliColumns& c, const std::vector<size_t>& rows, size_t j,
                          size_t l, double var) {
  CompensatedSum s;
  for (size_t n : rows) s.add(c.ba(n, j) * c.ab(n, l) - c.a(n) * c.b(n));
  const double vjl = s.value() / static_cast<double>(rows.size()) / var;
  return vjl - first_order(c, rows, j, var) - first_order(c, rows, l, var);
}

// Ranks 1..n, ties given their average rank.
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<size_t> order(v.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double average = 0.5 * static_cast<double>(i + j) + 1.0;
    for (size_t m = i; m <= j; ++m) r[order[m]] = average;
    i = j + 1;
  }
  return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const double mx = mean_of(x), my = mean_of(y);
  CompensatedSum sxy, sxx, syy;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy.add((x[i] - mx) * (y[i] - my));
    sxx.add((x[i] - mx) * (x[i] - mx));
    syy.add((y[i] - my) * (y[i] - my));
  }
  if (sxx.value() <= 0 || syy.value() <= 0) return kNaN;
  return sxy.value() / std::sqrt(sxx.value() * syy.value());
}

}  // namespace

SobolIndices sobol_indices(const std::vector<double>& y_raw, int64_t factors, bool second_order,
                           int64_t resamples, uint64_t seed) {
  const auto k = static_cast<size_t>(factors);
  const size_t step = second_order ? 2 * k + 2 : k + 2;
  const size_t N = y_raw.size() / step;
  // SALib standardises the outputs first: (Y − mean) / std (population).
  const double m = mean_of(y_raw), sd = deviation(y_raw, 0);
  std::vector<double> y(y_raw.size());
  for (size_t i = 0; i < y.size(); ++i) y[i] = (y_raw[i] - m) / sd;
  const SaltelliColumns c{y, k, step, second_order};

  std::vector<size_t> all(N);
  std::iota(all.begin(), all.end(), size_t{0});
  // One set of resamples of the base rows for every index, as SALib draws them.
  BootstrapRandom random(seed);
  std::vector<std::vector<size_t>> draws(static_cast<size_t>(resamples), std::vector<size_t>(N));
  for (size_t n = 0; n < N; ++n) {
    for (auto& draw : draws) draw[n] = static_cast<size_t>(random.below(N));
  }
  const double var = joint_variance(c, all);
  std::vector<double> draw_var;
  for (const auto& draw : draws) draw_var.push_back(joint_variance(c, draw));

  SobolIndices r;
  std::vector<double> boot(draws.size());
  for (size_t j = 0; j < k; ++j) {
    r.s1.push_back(first_order(c, all, j, var));
    for (size_t d = 0; d < draws.size(); ++d) boot[d] = first_order(c, draws[d], j, draw_var[d]);
    r.s1_conf.push_back(kNormal975 * deviation(boot, 1));
    r.st.push_back(total_order(c, all, j, var));
    for (size_t d = 0; d < draws.size(); ++d) boot[d] = total_order(c, draws[d], j, draw_var[d]);
    r.st_conf.push_back(kNormal975 * deviation(boot, 1));
  }
  if (second_order) {
    r.s2.assign(k * k, kNaN);
    r.s2_conf.assign(k * k, kNaN);
    for (size_t j = 0; j < k; ++j) {
      for (size_t l = j + 1; l < k; ++l) {
        r.s2[j * k + l] = second_order_index(c, all, j, l, var);
        for (size_t d = 0; d < draws.size(); ++d) {
          boot[d] = second_order_index(c, draws[d], j, l, draw_var[d]);
        }
        r.s2_conf[j * k + l] = kNormal975 * deviation(boot, 1);
      }
    }
  }
  return r;
}

MorrisIndices morris_indices(const std::vector<double>& unit, const std::vector<double>& y,
                             int64_t factors, int64_t levels, int64_t resamples, uint64_t seed) {
  const auto k = static_cast<size_t>(factors);
  const size_t rows = k + 1, trajectories = y.size() / rows;
  const double delta = static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
  // effects[j][t]: factor j's elementary effect in trajectory t.
  std::vector<std::vector<double>> effects(k, std::vector<double>(trajectories, 0.0));
  for (size_t t = 0; t < trajectories; ++t) {
    for (size_t s = 0; s + 1 < rows; ++s) {
      const size_t before = t * rows + s, after = before + 1;
      for (size_t j = 0; j < k; ++j) {
        const double change = unit[after * k + j] - unit[before * k + j];
        if (change > 0) effects[j][t] = (y[after] - y[before]) / delta;
        if (change < 0) effects[j][t] = (y[before] - y[after]) / delta;
      }
    }
  }
  MorrisIndices r;
  BootstrapRandom random(seed);
  std::vector<double> absolute(trajectories), boot(static_cast<size_t>(resamples));
  for (size_t j = 0; j < k; ++j) {
    for (size_t t = 0; t < trajectories; ++t) absolute[t] = std::fabs(effects[j][t]);
    r.mu.push_back(mean_of(effects[j]));
    r.mu_star.push_back(mean_of(absolute));
    r.sigma.push_back(deviation(effects[j], 1));
    for (double& b : boot) {
      CompensatedSum s;
      for (size_t t = 0; t < trajectories; ++t) s.add(absolute[random.below(trajectories)]);
      b = s.value() / static_cast<double>(trajectories);
    }
    r.mu_star_conf.push_back(kNormal975 * deviation(boot, 1));
  }
  return r;
}

std::vector<double> spearman(const std::vector<double>& unit, const std::vector<double>& y,
                             int64_t factors) {
  const auto k = static_cast<size_t>(factors);
  const std::vector<double> ry = ranks(y);
  std::vector<double> out;
  std::vector<double> column(y.size());
  for (size_t j = 0; j < k; ++j) {
    for (size_t p = 0; p < y.size(); ++p) column[p] = unit[p * k + j];
    out.push_back(pearson(ranks(column), ry));
  }
  return out;
}

double noise_share(const std::vector<double>& y, const std::vector<double>& stderrs) {
  if (y.size() < 2) return kNaN;
  CompensatedSum s;
  for (double e : stderrs) s.add(e * e);
  const double noise = s.value() / static_cast<double>(stderrs.size());
  const double sd = deviation(y, 1);
  if (!(sd > 0)) return kNaN;
  return noise / (sd * sd);
}

}  // namespace chokepoint
