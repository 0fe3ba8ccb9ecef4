// The rows of experiment designs in [0, 1]^k, laid out as SALib's samplers lay
// them out (SALib.sample.sobol, SALib.sample.morris, SALib.sample.latin), so that
// SALib's analyse functions read the stored rows and outputs directly.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "host/scenario/design.hpp"
#include "host/scenario/input_error.hpp"
#include "host/scenario/sobol_directions.hpp"
#include "host/scenario/toml_text.hpp"

namespace chokepoint {
namespace {

constexpr int kBits = 32;

// SplitMix64 (Steele, Lea and Flood 2014): the design's own small generator; the
// paths' Philox streams are untouched by it.
class DesignRandom {
 public:
  explicit DesignRandom(uint64_t seed) : state_(seed ^ 0x6a09e667f3bcc909ULL) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  //! Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  //! Uniform on 0 .. n − 1 (rejection sampling: no modulo bias).
  uint64_t below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
      x = next();
    } while (x >= limit);
    return x % n;
  }

 private:
  uint64_t state_;
};

// Direction numbers of one dimension, most significant digit first (Bratley and Fox's
// recurrence as in scipy.stats.qmc.Sobol).
std::array<uint32_t, kBits> directions(int dimension) {
  std::array<uint64_t, kBits> m{};
  if (dimension == 0) {
    m.fill(1);
  } else {
    const uint32_t p = kSobolTable[dimension].polynomial;
    int degree = 0;
    while ((p >> (degree + 1)) != 0) ++degree;
    for (int j = 0; j < degree; ++j) m[j] = kSobolTable[dimension].initial[j];
    for (int j = degree; j < kBits; ++j) {
      uint64_t v = m[j - degree];
      uint64_t power = 1;
      for (int k = 0; k < degree; ++k) {
        power <<= 1;
        if ((p >> (degree - 1 - k)) & 1u) v ^= power * m[j - k - 1];
      }
      m[j] = v;
    }
  }
  std::array<uint32_t, kBits> v{};
  for (int j = 0; j < kBits; ++j) v[j] = static_cast<uint32_t>(m[j] << (kBits - 1 - j));
  return v;
}

}  // namespace

const char* design_method_name(DesignMethod method) {
  switch (method) {
    case DesignMethod::oat:
      return "oat";
    case DesignMethod::morris:
      return "morris";
    case DesignMethod::sobol:
      return "sobol";
    case DesignMethod::lhs:
      return "lhs";
  }
  return "?";
}

std::vector<double> sobol_points(int64_t count, int dimensions, bool scramble, uint64_t seed) {
  if (dimensions > kSobolDimensions) {
    throw InputError("a Sobol sequence of " + std::to_string(dimensions) +
                     " dimensions; expected at most " + std::to_string(kSobolDimensions));
  }
  if (count > (int64_t{1} << kBits)) {
    throw InputError("more than 2^32 Sobol points");
  }
  DesignRandom random(seed);
  std::vector<std::array<uint32_t, kBits>> v;
  std::vector<uint32_t> shift(static_cast<size_t>(dimensions), 0);
  for (int d = 0; d < dimensions; ++d) {
    std::array<uint32_t, kBits> dir = directions(d);
    if (scramble) {
      // Linear matrix scrambling: digit r of each direction number becomes the sum
      // (mod 2) of digits s <= r weighted by a random lower-triangular matrix with a
      // unit diagonal; then a random digital shift.
      std::array<uint32_t, kBits> rows{};  // row r: bit (31 − s) set where L[r][s] = 1
      for (int r = 0; r < kBits; ++r) {
        const uint32_t below_diagonal =
            r == 0 ? 0u : static_cast<uint32_t>(random.next()) & ~((1u << (kBits - r)) - 1u);
        rows[r] = below_diagonal | (1u << (kBits - 1 - r));
      }
      for (uint32_t& value : dir) {
        uint32_t scrambled = 0;
        for (int r = 0; r < kBits; ++r) {
          if (__builtin_parity(rows[r] & value)) scrambled |= 1u << (kBits - 1 - r);
        }
        value = scrambled;
      }
      shift[static_cast<size_t>(d)] = static_cast<uint32_t>(random.next());
    }
    v.push_back(dir);
  }
  std::vector<double> out(static_cast<size_t>(count) * static_cast<size_t>(dimensions));
  for (int64_t i = 0; i < count; ++i) {
    const auto gray = static_cast<uint64_t>(i) ^ (static_cast<uint64_t>(i) >> 1);
    for (int d = 0; d < dimensions; ++d) {
      uint32_t x = shift[static_cast<size_t>(d)];
      for (int b = 0; b < kBits; ++b) {
        if ((gray >> b) & 1u) x ^= v[static_cast<size_t>(d)][static_cast<size_t>(b)];
      }
      out[static_cast<size_t>(i) * static_cast<size_t>(dimensions) + static_cast<size_t>(d)] =
          static_cast<double>(x) * 0x1.0p-32;
    }
  }
  return out;
}

int64_t design_point_count(const DesignSpec& spec, int64_t factors) {
  switch (spec.method) {
    case DesignMethod::oat:
      return 2 * factors + 1;
    case DesignMethod::morris:
      return spec.samples * (factors + 1);
    case DesignMethod::sobol:
      return spec.samples * (spec.second_order ? 2 * factors + 2 : factors + 2);
    case DesignMethod::lhs:
      return spec.samples;
  }
  return 0;
}

std::vector<double> design_unit_rows(const DesignSpec& spec, int64_t factors, uint64_t seed) {
  const auto k = static_cast<size_t>(factors);
  const int64_t points = design_point_count(spec, factors);
  if (points > kMaxDesignPoints) {
    throw InputError("the design has " + std::to_string(points) + " points; expected at most " +
                     std::to_string(kMaxDesignPoints));
  }
  std::vector<double> rows;
  rows.reserve(static_cast<size_t>(points) * k);
  DesignRandom random(seed);
  switch (spec.method) {
    case DesignMethod::oat: {
      // The base row (every factor at its midpoint), then per factor low and high.
      rows.assign(k, 0.5);
      for (size_t j = 0; j < k; ++j) {
        for (const double end : {0.0, 1.0}) {
          for (size_t i = 0; i < k; ++i) rows.push_back(i == j ? end : 0.5);
        }
      }
      break;
    }
    case DesignMethod::sobol: {
      // Per base row j: A_j, AB_j^(1..k), [BA_j^(1..k)], B_j; A the first k columns of a
      // 2k-dimensional scrambled Sobol sequence, B the last k.
      const auto N = static_cast<size_t>(spec.samples);
      const std::vector<double> base =
          sobol_points(spec.samples, static_cast<int>(2 * k), true, seed);
      for (size_t n = 0; n < N; ++n) {
        const double* a = base.data() + n * 2 * k;
        const double* b = a + k;
        rows.insert(rows.end(), a, a + k);
        for (size_t c = 0; c < k; ++c) {
          for (size_t j = 0; j < k; ++j) rows.push_back(j == c ? b[j] : a[j]);
        }
        if (spec.second_order) {
          for (size_t c = 0; c < k; ++c) {
            for (size_t j = 0; j < k; ++j) rows.push_back(j == c ? a[j] : b[j]);
          }
        }
        rows.insert(rows.end(), b, b + k);
      }
      break;
    }
    case DesignMethod::morris: {
      // Trajectories of k + 1 rows on the grid {0, 1/(p−1), ..., 1}: a start x* on the
      // lower half of the grid, then each factor in a random order moves by
      // delta = p / (2 (p − 1)), up or down at random (SALib's B* = x* + delta/2 ((2 B P*ᵀ − J) D*
      // + J)).
      const auto levels = static_cast<double>(spec.levels);
      const double delta = levels / (2.0 * (levels - 1.0));
      const auto half = static_cast<uint64_t>(spec.levels / 2);
      for (int64_t t = 0; t < spec.samples; ++t) {
        std::vector<double> start(k);
        std::vector<int> direction(k);
        std::vector<size_t> order(k);  // order[j]: the step (0-based) at which factor j moves
        for (size_t j = 0; j < k; ++j) {
          const uint64_t level = random.below(half);
          start[j] =
              half > 1 ? static_cast<double>(level) * (1.0 - delta) / static_cast<double>(half - 1)
                       : 0.0;
        }
        for (size_t j = 0; j < k; ++j) direction[j] = random.below(2) == 0 ? -1 : 1;
        for (size_t j = 0; j < k; ++j) order[j] = j;
        for (size_t j = k; j-- > 1;) std::swap(order[j], order[random.below(j + 1)]);
        for (size_t row = 0; row <= k; ++row) {
          for (size_t j = 0; j < k; ++j) {
            const bool moved = order[j] < row;
            const bool high = direction[j] > 0 ? moved : !moved;
            rows.push_back(std::min(1.0, start[j] + (high ? delta : 0.0)));
          }
        }
      }
      break;
    }
    case DesignMethod::lhs: {
      // One point in each of n equal strata per factor, strata paired at random.
      const auto n = static_cast<size_t>(spec.samples);
      rows.assign(n * k, 0.0);
      std::vector<size_t> strata(n);
      for (size_t j = 0; j < k; ++j) {
        for (size_t i = 0; i < n; ++i) strata[i] = i;
        for (size_t i = n; i-- > 1;) std::swap(strata[i], strata[random.below(i + 1)]);
        for (size_t i = 0; i < n; ++i) {
          rows[i * k + j] =
              (static_cast<double>(strata[i]) + random.uniform()) / static_cast<double>(n);
        }
      }
      break;
    }
  }
  return rows;
}

std::string factor_value_text(const Factor& factor, double unit, bool integer) {
  const double value = unit >= 1.0 ? factor.high : factor.low + unit * (factor.high - factor.low);
  if (integer) return std::to_string(static_cast<int64_t>(std::llround(value)));
  return toml_float_text(value);
}

}  // namespace chokepoint
