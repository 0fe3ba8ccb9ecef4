// Means and standard deviations over paths of the lockstep oracle
// (tests/kernels/lockstep_oracle.hpp) on random scenario K with remedies
// (tests/support/random_scenario.hpp), as JSON, for the comparison with
// tools/reference-model that does not involve the event engine
// (tests/tools/oracle_reference_test.py).
//
//     lockstep_means K PATHS
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "host/backend/host_rows.hpp"
#include "host/model/model.hpp"
#include "host/scenario/document.hpp"
#include "tests/kernels/lockstep_oracle.hpp"
#include "tests/support/random_scenario.hpp"

namespace {

using chokepoint::oracle::RemedyFigures;

//! "[mean, sd]" of f over paths 0 .. n - 1.
std::string moments(int64_t n, const std::function<double(int64_t)>& f) {
  double sum = 0, sum_sq = 0;
  for (int64_t p = 0; p < n; ++p) {
    const double x = f(p);
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / static_cast<double>(n);
  const double var = (sum_sq - sum * mean) / static_cast<double>(n - 1);
  char text[96];
  std::snprintf(text, sizeof text, "[%.17g, %.17g]", mean, var > 0 ? std::sqrt(var) : 0.0);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace chokepoint;
  if (argc != 3) {
    std::fprintf(stderr, "usage: lockstep_means K PATHS\n");
    return 2;
  }
  const int k = std::atoi(argv[1]);
  const int64_t n = std::atoll(argv[2]);
  if (n < 2) {
    std::fprintf(stderr, "lockstep_means: PATHS must be at least 2\n");
    return 2;
  }
  const testing::CoupledScenario c = testing::random_coupled_scenario(k);
  Scenario s = ScenarioDocument::from_string(testing::random_scenario_text(k), "random").resolve();
  c.remedies.apply(s);
  const Model model(s);
  const ModelView& m = model.view();
  HostRows rows;
  const PathOutputs out = rows.bind(m, n);
  std::vector<RemedyFigures> fig(static_cast<size_t>(n));
  for (int64_t p = 0; p < n; ++p) {
    oracle::simulate_path_lockstep(m, static_cast<uint64_t>(p), p, out, fig[p]);
  }
  const int32_t I = m.industries, M = m.materials;
  std::string json = "{\"lost\": [";
  for (int32_t i = 0; i < I; ++i) {
    json += (i ? ", " : "") + moments(n, [&](int64_t p) {
              return static_cast<double>(rows.shortfall_total[p * I + i]) * kShortfallUnit /
                     (m.buyers[i] * static_cast<double>(m.horizon));
            });
  }
  json += "], \"short_days\": [";
  for (int32_t i = 0; i < I; ++i) {
    json += (i ? ", " : "") + moments(n, [&](int64_t p) { return rows.shortage_days[p * I + i]; });
  }
  json += "], \"unmet\": [";
  for (int32_t mat = 0; mat < M; ++mat) {
    json += (mat ? ", " : "") + moments(n, [&](int64_t p) { return fig[p].unmet[mat]; });
  }
  json += "], \"denied\": [";
  for (int32_t mat = 0; mat < M; ++mat) {
    json += (mat ? ", " : "") + moments(n, [&](int64_t p) { return fig[p].quota_denied[mat]; });
  }
  json += "], \"share\": [";
  for (int32_t i = 0; i < I; ++i) {
    json += i ? ", [" : "[";
    for (int32_t mat = 0; mat < M; ++mat) {
      json += (mat ? ", " : "") + moments(n, [&](int64_t p) {
                return fig[p].substituted[i * M + mat] / static_cast<double>(m.buyers[i]);
              });
    }
    json += "]";
  }
  json += "], \"final\": [";
  for (int32_t q = 0; q < m.stockpiles; ++q) {
    json += (q ? ", " : "") + moments(n, [&](int64_t p) { return fig[p].stockpile_final[q]; });
  }
  json += "], \"released\": [";
  for (int32_t q = 0; q < m.stockpiles; ++q) {
    json += q ? ", [" : "[";
    for (int32_t i = 0; i < I; ++i) {
      json += (i ? ", " : "") + moments(n, [&](int64_t p) { return fig[p].released[q * I + i]; });
    }
    json += "]";
  }
  json += "]}\n";
  std::fputs(json.c_str(), stdout);
  return 0;
}
