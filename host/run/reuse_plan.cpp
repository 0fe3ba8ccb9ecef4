#include "host/run/reuse_plan.hpp"

#include <algorithm>

namespace chokepoint {
namespace {

// Per point, the nearest earlier point (within `window`) where every key of
// `touching` has the same value, collapsed to that point's own source while it
// stays in the window (fewer points kept); −1 where there is none.
std::vector<int64_t> sources_for(const std::vector<size_t>& touching,
                                 const std::vector<std::vector<std::string>>& values, size_t P,
                                 int64_t window) {
  std::vector<int64_t> source(P, -1);
  for (size_t p = 1; p < P && window >= 1; ++p) {
    const size_t oldest = p > static_cast<size_t>(window) ? p - static_cast<size_t>(window) : 0;
    for (size_t q = p; q-- > oldest;) {
      const bool same = std::all_of(touching.begin(), touching.end(),
                                    [&](size_t k) { return values[k][q] == values[k][p]; });
      if (!same) continue;
      source[p] = source[q] >= static_cast<int64_t>(oldest) ? source[q] : static_cast<int64_t>(q);
      break;
    }
  }
  return source;
}

// Marks the points a column's sources name as kept, and releases each after its last use.
void keep_and_release(const std::vector<int64_t>& source, std::vector<char>* keep,
                      std::vector<std::vector<int64_t>>* release) {
  const size_t P = source.size();
  std::vector<int64_t> last_use(P, -1);
  for (size_t p = 0; p < P; ++p) {
    if (source[p] >= 0) {
      (*keep)[static_cast<size_t>(source[p])] = 1;
      last_use[static_cast<size_t>(source[p])] = static_cast<int64_t>(p);
    }
  }
  for (size_t q = 0; q < P; ++q) {
    if (last_use[q] >= 0 && last_use[q] + 1 < static_cast<int64_t>(P)) {
      (*release)[static_cast<size_t>(last_use[q] + 1)].push_back(static_cast<int64_t>(q));
    }
  }
}

}  // namespace

bool key_touches_industry(const std::string& key, const std::string& industry) {
  const std::string prefix = "industry.";
  if (key.rfind(prefix, 0) != 0) return true;
  const std::size_t dot = key.find('.', prefix.size());
  const std::string id =
      key.substr(prefix.size(), dot == std::string::npos ? std::string::npos : dot - prefix.size());
  return id == industry;
}

bool key_of_pools(const std::string& key) {
  return key.rfind("stockpile.", 0) == 0 || key.rfind("quota.", 0) == 0;
}

bool key_touches_environment(const std::string& key) {
  return key.rfind("industry.", 0) != 0 && !key_of_pools(key);
}

ReusePlan plan_reuse(const std::vector<std::string>& keys,
                     const std::vector<std::vector<std::string>>& values,
                     const std::vector<std::string>& industries, int64_t points, int64_t window,
                     const std::vector<uint8_t>& coupled, bool pools) {
  const auto P = static_cast<size_t>(points), I = industries.size();
  ReusePlan plan;
  plan.points.assign(P, PointReuse{});
  std::vector<char> keep(P, 0), keep_environment(P, 0);
  std::vector<std::vector<int64_t>> release(P), release_environment(P);
  // A point's kept rows serve every industry: one keep and release for all columns.
  std::vector<int64_t> last_use(P, -1);
  const auto use = [&](const std::vector<int64_t>& source) {
    for (size_t p = 0; p < P; ++p) {
      if (source[p] < 0) continue;
      const auto q = static_cast<size_t>(source[p]);
      keep[q] = 1;
      last_use[q] = std::max(last_use[q], static_cast<int64_t>(p));
    }
  };
  const auto member = [&](size_t i) { return i < coupled.size() && coupled[i] != 0; };
  for (size_t p = 0; p < P; ++p) plan.points[p].sources.assign(I, -1);
  // The group: the keys of any member, those outside the industries among them
  // (the pools' too).
  std::vector<size_t> group_keys;
  for (size_t k = 0; k < keys.size(); ++k) {
    bool touches = keys[k].rfind("industry.", 0) != 0;
    for (size_t i = 0; i < I && !touches; ++i) {
      touches = member(i) && key_touches_industry(keys[k], industries[i]);
    }
    if (touches) group_keys.push_back(k);
  }
  const bool grouped =
      pools || std::any_of(coupled.begin(), coupled.end(), [](uint8_t c) { return c != 0; });
  const std::vector<int64_t> group =
      grouped ? sources_for(group_keys, values, P, window) : std::vector<int64_t>(P, -1);
  use(group);
  for (size_t i = 0; i < I; ++i) {
    std::vector<int64_t> source = group;
    if (!member(i)) {
      std::vector<size_t> touching;
      for (size_t k = 0; k < keys.size(); ++k) {
        if (key_touches_industry(keys[k], industries[i]) && !key_of_pools(keys[k])) {
          touching.push_back(k);
        }
      }
      source = sources_for(touching, values, P, window);
      use(source);
    }
    for (size_t p = 0; p < P; ++p) {
      plan.points[p].sources[i] = source[p];
      if (source[p] >= 0) ++plan.reused;
    }
  }
  for (size_t p = 0; p < P && pools; ++p) plan.points[p].pools_source = group[p];
  for (size_t q = 0; q < P; ++q) {
    if (last_use[q] >= 0 && last_use[q] + 1 < static_cast<int64_t>(P)) {
      release[static_cast<size_t>(last_use[q] + 1)].push_back(static_cast<int64_t>(q));
    }
  }
  std::vector<size_t> environment_keys;
  for (size_t k = 0; k < keys.size(); ++k) {
    if (key_touches_environment(keys[k])) environment_keys.push_back(k);
  }
  const std::vector<int64_t> environment = sources_for(environment_keys, values, P, window);
  keep_and_release(environment, &keep_environment, &release_environment);
  for (size_t p = 0; p < P; ++p) {
    PointReuse& r = plan.points[p];
    r.keep = keep[p] != 0;
    r.release = release[p];
    r.environment_source = environment[p];
    r.keep_environment = keep_environment[p] != 0;
    r.environment_release = release_environment[p];
    if (environment[p] >= 0) ++plan.environments;
  }
  return plan;
}

}  // namespace chokepoint
