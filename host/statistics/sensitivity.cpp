#include "host/statistics/sensitivity.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "host/scenario/design_rules.hpp"
#include "host/statistics/sensitivity_indices.hpp"

namespace chokepoint {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Bootstrap stream of output o and industry i: the design's seed, mixed.
uint64_t stream_seed(uint64_t seed, size_t o, size_t i) {
  return seed ^ (0x9e3779b97f4a7c15ULL * (o * 1000003u + i + 1));
}

}  // namespace

OutputFigures output_figures(const std::string& output, const std::vector<PointStatistics>& points,
                             size_t i, const std::vector<double>& quantiles, int64_t paths) {
  OutputFigures f;
  const size_t Q = quantiles.size();
  const auto level = [&] {
    const size_t at = output.find('@');
    return static_cast<size_t>(
        design_output_quantile(std::strtod(output.c_str() + at + 1, nullptr), quantiles));
  };
  const auto n = static_cast<double>(paths);
  for (const PointStatistics& s : points) {
    if (output == "lost_output/mean") {
      f.value.push_back(s.lost_mean[i]);
      f.stderr_.push_back(s.lost_stderr[i]);
    } else if (output == "lost_output/prob_any") {
      const double p = s.lost_prob_any[i];
      f.value.push_back(p);
      f.stderr_.push_back(paths > 1 ? std::sqrt(p * (1 - p) / (n - 1)) : kNaN);
    } else if (output.rfind("lost_output/quantile@", 0) == 0) {
      const size_t q = level();
      f.value.push_back(s.lost_quantiles[i * Q + q]);
      // The 95% order-statistic interval's half-width over 1.96.
      f.stderr_.push_back((s.lost_ci_high[i * Q + q] - s.lost_ci_low[i * Q + q]) /
                          (2 * kNormal975));
    } else if (output.rfind("lost_output/cvar@", 0) == 0) {
      f.value.push_back(s.lost_cvar[i * Q + level()]);
      f.stderr_.push_back(kNaN);
    } else {  // shortage_days/mean
      f.value.push_back(s.shortage_days_mean[i]);
      f.stderr_.push_back(kNaN);
    }
  }
  return f;
}

SensitivityResult compute_sensitivity(const Design& design,
                                      const std::vector<PointStatistics>& points,
                                      const PairedMomentsResult* paired, int64_t paths,
                                      const std::vector<double>& quantiles, size_t industries) {
  SensitivityResult r;
  const DesignSpec& spec = design.spec;
  r.outputs = spec.outputs.size();
  r.industries = industries;
  r.factors = design.factors.size();
  const size_t k = r.factors, P = points.size();
  const auto k64 = static_cast<int64_t>(k);
  for (size_t o = 0; o < r.outputs; ++o) {
    const std::string& output = spec.outputs[o];
    for (size_t i = 0; i < industries; ++i) {
      const OutputFigures f = output_figures(output, points, i, quantiles, paths);
      r.noise_share.push_back(noise_share(f.value, f.stderr_));
      const uint64_t seed = stream_seed(design.seed, o, i);
      switch (spec.method) {
        case DesignMethod::sobol: {
          const SobolIndices s =
              sobol_indices(f.value, k64, spec.second_order, spec.resamples, seed);
          r.s1.insert(r.s1.end(), s.s1.begin(), s.s1.end());
          r.s1_conf.insert(r.s1_conf.end(), s.s1_conf.begin(), s.s1_conf.end());
          r.st.insert(r.st.end(), s.st.begin(), s.st.end());
          r.st_conf.insert(r.st_conf.end(), s.st_conf.begin(), s.st_conf.end());
          r.s2.insert(r.s2.end(), s.s2.begin(), s.s2.end());
          r.s2_conf.insert(r.s2_conf.end(), s.s2_conf.begin(), s.s2_conf.end());
          break;
        }
        case DesignMethod::morris: {
          const MorrisIndices m =
              morris_indices(design.unit, f.value, k64, spec.levels, spec.resamples, seed);
          r.mu.insert(r.mu.end(), m.mu.begin(), m.mu.end());
          r.mu_star.insert(r.mu_star.end(), m.mu_star.begin(), m.mu_star.end());
          r.sigma.insert(r.sigma.end(), m.sigma.begin(), m.sigma.end());
          r.mu_star_conf.insert(r.mu_star_conf.end(), m.mu_star_conf.begin(), m.mu_star_conf.end());
          break;
        }
        case DesignMethod::oat: {
          for (size_t j = 0; j < k; ++j) {
            const size_t lo = 1 + 2 * j, hi = 2 + 2 * j;
            r.base.push_back(f.value[0]);
            r.low.push_back(f.value[lo]);
            r.high.push_back(f.value[hi]);
            double se = kNaN;
            // Paired over the same paths: the covariance of the two points' paths.
            if (paired != nullptr && output == "lost_output/mean") {
              const double sd_lo = points[lo].lost_std[i], sd_hi = points[hi].lost_std[i];
              se = paired_stderr(sd_lo * sd_lo, sd_hi * sd_hi,
                                 paired->lost_cov[(lo * P + hi) * industries + i], paths);
            } else if (paired != nullptr && output == "lost_output/prob_any") {
              se = paired_proportion_stderr(f.value[lo], f.value[hi],
                                            paired->prob_short_both[(lo * P + hi) * industries + i],
                                            paths);
            }
            r.swing_stderr.push_back(se);
          }
          break;
        }
        case DesignMethod::lhs: {
          const std::vector<double> s = spearman(design.unit, f.value, k64);
          r.spearman.insert(r.spearman.end(), s.begin(), s.end());
          break;
        }
      }
    }
  }
  return r;
}

}  // namespace chokepoint
