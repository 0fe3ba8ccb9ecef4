#include "host/statistics/paired_moments.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "host/reduction/wide_integer.hpp"
#include "kernels/limb_sums.hpp"

namespace chokepoint {

void PairedMoments::add_point(std::vector<uint64_t> shortfall_total, std::vector<uint8_t> is_short,
                              std::vector<double> lost_per_unit) {
  total_.push_back(std::move(shortfall_total));
  short_.push_back(std::move(is_short));
  per_unit_.push_back(std::move(lost_per_unit));
}

PairedMomentsResult PairedMoments::finish(Combiner& combiner) const {
  const size_t P = total_.size(), I = static_cast<size_t>(industries_);
  const size_t local = P > 0 ? total_[0].size() / std::max<size_t>(I, 1) : 0;
  // Per process: Σ q (as limb pairs), and for a <= b: Σ q_a q_b (four limbs)
  // and the paths short at both; combined, they are the sums over all paths.
  std::vector<ExactSum> sums(P * I, 0), cross(P * P * I * 4, 0);
  std::vector<uint64_t> both(P * P * I, 0);
  for (size_t p = 0; p < P; ++p) {
    for (size_t k = 0; k < local; ++k) {
      for (size_t i = 0; i < I; ++i) sums[p * I + i] += total_[p][k * I + i];
    }
  }
  for (size_t a = 0; a < P; ++a) {
    for (size_t b = a; b < P; ++b) {
      for (size_t i = 0; i < I; ++i) {
        const size_t c = (a * P + b) * I + i;
        for (size_t begin = 0; begin < local; begin += kMaxLimbAddends - 1) {
          const size_t end = std::min(local, begin + static_cast<size_t>(kMaxLimbAddends - 1));
          LimbSum4 s;
          uint64_t n_both = 0;
          for (size_t k = begin; k < end; ++k) {
            s.add_product(total_[a][k * I + i], total_[b][k * I + i]);
            n_both += short_[a][k * I + i] & short_[b][k * I + i];
          }
          for (int j = 0; j < 4; ++j) cross[c * 4 + j] += s.limb[j];
          both[c] += n_both;
        }
      }
    }
  }
  combiner.sum(&sums);
  combiner.sum(&cross);
  combiner.sum(&both);

  const double n = static_cast<double>(paths_);
  PairedMomentsResult r;
  r.lost_cov.assign(P * P * I, std::numeric_limits<double>::quiet_NaN());
  r.prob_short_both.assign(P * P * I, 0.0);
  for (size_t a = 0; a < P; ++a) {
    for (size_t b = 0; b < P; ++b) {
      const size_t lo = std::min(a, b), hi = std::max(a, b);
      for (size_t i = 0; i < I; ++i) {
        const size_t c = (lo * P + hi) * I + i;
        const size_t at = (a * P + b) * I + i;
        if (paths_ > 1) {
          // N Σ q_a q_b − Σ q_a Σ q_b = N (N − 1) times the sample covariance of q, exactly.
          const Wide scaled =
              compose_limbs(cross.data() + c * 4, 4).times(static_cast<uint64_t>(paths_));
          const Wide product = Wide::product(sums[a * I + i], sums[b * I + i]);
          r.lost_cov[at] = signed_difference(scaled, product) / (n * (n - 1)) * per_unit_[a][i] *
                           per_unit_[b][i];
        }
        r.prob_short_both[at] = static_cast<double>(both[c]) / n;
      }
    }
  }
  return r;
}

double paired_stderr(double var_a, double var_b, double cov_ab, int64_t paths) {
  return std::sqrt(std::max(0.0, var_a + var_b - 2 * cov_ab) / static_cast<double>(paths));
}

double paired_proportion_stderr(double p_a, double p_b, double p_both, int64_t paths) {
  if (paths < 2) return std::numeric_limits<double>::quiet_NaN();
  const double d = p_b - p_a;
  const double var = p_a + p_b - 2 * p_both - d * d;  // variance of the paired indicator difference
  return std::sqrt(std::max(0.0, var) / static_cast<double>(paths - 1));
}

}  // namespace chokepoint
