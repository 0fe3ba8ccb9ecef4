#include "host/cli/significance.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace chokepoint {

int percent_decimals(const std::vector<double>& stderrs, int minimum) {
  double smallest = std::numeric_limits<double>::infinity();
  for (double se : stderrs) {
    if (std::isfinite(se) && se > 0) smallest = std::min(smallest, 100 * se);
  }
  if (!std::isfinite(smallest)) return minimum;
  // Two significant digits of `smallest`: its leading digit at 10^floor(log10).
  const int decimals = 1 - static_cast<int>(std::floor(std::log10(smallest)));
  return std::clamp(decimals, minimum, 8);
}

double z_score(double change, double stderr_) {
  if (!std::isfinite(stderr_) || !(stderr_ > 0)) return std::nan("");
  return change / stderr_;
}

}  // namespace chokepoint
