#include "host/run/reuse_plan.hpp"

#include <algorithm>

namespace chokepoint {

bool key_touches_industry(const std::string& key, const std::string& industry) {
  const std::string prefix = "industry.";
  if (key.rfind(prefix, 0) != 0) return true;
  const std::size_t dot = key.find('.', prefix.size());
  const std::string id =
      key.substr(prefix.size(), dot == std::string::npos ? std::string::npos : dot - prefix.size());
  return id == industry;
}

ReusePlan plan_reuse(const std::vector<std::string>& keys,
                     const std::vector<std::vector<std::string>>& values,
                     const std::vector<std::string>& industries, int64_t points, int64_t window) {
  const auto P = static_cast<size_t>(points), I = industries.size();
  ReusePlan plan;
  plan.sources.assign(P, std::vector<int64_t>(I, -1));
  plan.keep.assign(P, false);
  plan.release.assign(P, {});
  if (window < 1) return plan;
  std::vector<int64_t> last_use(P, -1);
  for (size_t i = 0; i < I; ++i) {
    std::vector<size_t> touching;
    for (size_t k = 0; k < keys.size(); ++k) {
      if (key_touches_industry(keys[k], industries[i])) touching.push_back(k);
    }
    for (size_t p = 1; p < P; ++p) {
      // The nearest earlier point with the same values of every key touching i.
      const size_t oldest = p > static_cast<size_t>(window) ? p - static_cast<size_t>(window) : 0;
      for (size_t q = p; q-- > oldest;) {
        const bool same = std::all_of(touching.begin(), touching.end(),
                                      [&](size_t k) { return values[k][q] == values[k][p]; });
        if (!same) continue;
        // Chains collapse: q's own source for i, if still in the window, holds the
        // same outputs, and fewer points are kept.
        const int64_t source = plan.sources[q][i] >= static_cast<int64_t>(oldest)
                                   ? plan.sources[q][i]
                                   : static_cast<int64_t>(q);
        plan.sources[p][i] = source;
        plan.keep[static_cast<size_t>(source)] = true;
        last_use[static_cast<size_t>(source)] =
            std::max(last_use[static_cast<size_t>(source)], static_cast<int64_t>(p));
        ++plan.reused;
        break;
      }
    }
  }
  for (size_t q = 0; q < P; ++q) {
    if (plan.keep[q] && last_use[q] + 1 < static_cast<int64_t>(P)) {
      plan.release[static_cast<size_t>(last_use[q] + 1)].push_back(static_cast<int64_t>(q));
    }
  }
  return plan;
}

}  // namespace chokepoint
