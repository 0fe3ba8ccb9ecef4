#include "host/model/remedies_arrays.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "host/scenario/input_error.hpp"

namespace chokepoint {

namespace {

template <typename T>
int32_t position(const std::vector<T>& items, const std::string& id) {
  for (size_t k = 0; k < items.size(); ++k) {
    if (items[k].id == id) return static_cast<int32_t>(k);
  }
  throw InputError("internal: unknown id '" + id + "' after validation");
}

//! 1 for each regime listed (all when absent).
std::vector<uint8_t> regime_flags(const Scenario& s,
                                  const std::optional<std::vector<std::string>>& listed) {
  std::vector<uint8_t> flags(s.regimes.size(), listed ? 0 : 1);
  if (listed) {
    for (const std::string& id : *listed) flags[static_cast<size_t>(position(s.regimes, id))] = 1;
  }
  return flags;
}

int64_t rate_units(double tonnes_per_day) {
  return std::isinf(tonnes_per_day) ? kUnlimitedTonnes : tonne_units(tonnes_per_day);
}

}  // namespace

RemedyArrays::RemedyArrays(const Scenario& s, const std::vector<double>& need_per_buyer) {
  const auto R = static_cast<int32_t>(s.regimes.size());
  const auto I = static_cast<int32_t>(s.industries.size());
  const auto M = static_cast<int32_t>(s.materials.size());
  const auto cell = [M](int32_t i, int32_t m) { return static_cast<size_t>(i) * M + m; };

  // Service order: (priority, position in the file); a stable sort keeps the file order.
  service_order.resize(static_cast<size_t>(I));
  std::iota(service_order.begin(), service_order.end(), 0);
  std::stable_sort(service_order.begin(), service_order.end(), [&s](int32_t a, int32_t b) {
    return s.industries[static_cast<size_t>(a)].priority <
           s.industries[static_cast<size_t>(b)].priority;
  });

  substitution_delay.assign(static_cast<size_t>(I) * M, -1);
  substitution_factor.assign(static_cast<size_t>(I) * M, 1.0);
  tonnes_per_unit.resize(static_cast<size_t>(I) * M);
  for (int32_t i = 0; i < I; ++i) {
    for (int32_t m = 0; m < M; ++m) {
      // units * 2^-38 days * n t/day * 2^32 units/t
      tonnes_per_unit[cell(i, m)] = need_per_buyer[cell(i, m)] * 0x1p-6;
    }
    for (const Substitution& sub : s.industries[static_cast<size_t>(i)].substitution) {
      const int32_t m = position(s.materials, sub.material);
      substitution_delay[cell(i, m)] = static_cast<int32_t>(std::max<int64_t>(sub.delay_days, 1));
      substitution_factor[cell(i, m)] = sub.need_factor;
    }
  }

  coupled.assign(static_cast<size_t>(I), 0);
  first_stockpile.assign(static_cast<size_t>(I) * M, -1);
  const auto S = static_cast<int32_t>(s.stockpiles.size());
  stockpile_serves.assign(static_cast<size_t>(S) * I, 0);
  for (int32_t k = 0; k < S; ++k) {
    const Stockpile& p = s.stockpiles[static_cast<size_t>(k)];
    const int32_t m = position(s.materials, p.material);
    stockpile_material.push_back(m);
    stockpile_tonnes.push_back(tonne_units(p.tonnes));
    stockpile_release_cap.push_back(rate_units(p.max_release_tonnes_per_day));
    stockpile_refill.push_back(rate_units(p.refill_tonnes_per_day));
    const std::vector<uint8_t> releases = regime_flags(s, p.release_regimes);
    const std::vector<uint8_t> refills =
        regime_flags(s, std::optional<std::vector<std::string>>(p.refill_regimes));
    stockpile_releases.insert(stockpile_releases.end(), releases.begin(), releases.end());
    stockpile_refills.insert(stockpile_refills.end(), refills.begin(), refills.end());
    for (int32_t i = 0; i < I; ++i) {
      bool serves = need_per_buyer[cell(i, m)] > 0;
      if (p.release_to) {
        serves = std::find(p.release_to->begin(), p.release_to->end(),
                           s.industries[static_cast<size_t>(i)].id) != p.release_to->end();
      }
      if (!serves) continue;
      stockpile_serves[static_cast<size_t>(k) * I + i] = 1;
      coupled[static_cast<size_t>(i)] = 1;
      if (first_stockpile[cell(i, m)] < 0) first_stockpile[cell(i, m)] = k;
    }
  }
  releasing_stockpile.assign(static_cast<size_t>(R) * I * M, -1);
  for (int32_t r = 0; r < R; ++r) {
    for (int32_t i = 0; i < I; ++i) {
      for (int32_t k = S - 1; k >= 0; --k) {  // the first in file order wins
        if (!stockpile_serves[static_cast<size_t>(k) * I + i] ||
            !stockpile_releases[static_cast<size_t>(k) * R + r]) {
          continue;
        }
        const auto m = static_cast<size_t>(stockpile_material[static_cast<size_t>(k)]);
        releasing_stockpile[(static_cast<size_t>(r) * I + i) * M + m] = k;
      }
    }
  }

  quota_in.assign(static_cast<size_t>(R) * M, -1);
  for (size_t q = 0; q < s.quotas.size(); ++q) {
    const Quota& quota = s.quotas[q];
    const int32_t m = position(s.materials, quota.material);
    quota_material.push_back(m);
    quota_tonnes.push_back(rate_units(quota.tonnes_per_period));
    quota_slack.push_back(tonne_units(1e-9 * std::max(quota.tonnes_per_period, 1.0)));
    quota_period.push_back(static_cast<int32_t>(quota.period_days));
    const std::vector<uint8_t> in = regime_flags(s, quota.regimes);
    for (int32_t r = 0; r < R; ++r) {
      if (in[static_cast<size_t>(r)])
        quota_in[static_cast<size_t>(r) * M + m] = static_cast<int32_t>(q);
    }
    for (int32_t i = 0; i < I; ++i) {
      if (need_per_buyer[cell(i, m)] > 0) coupled[static_cast<size_t>(i)] = 1;
    }
  }
}

void RemedyArrays::bind(ModelView* v) const {
  v->service_order = service_order.data();
  v->substitution_delay = substitution_delay.data();
  v->substitution_factor = substitution_factor.data();
  v->tonnes_per_unit = tonnes_per_unit.data();
  v->coupled = coupled.data();
  v->stockpiles = static_cast<int32_t>(stockpile_material.size());
  v->stockpile_material = stockpile_material.data();
  v->stockpile_tonnes = stockpile_tonnes.data();
  v->stockpile_release_cap = stockpile_release_cap.data();
  v->stockpile_refill = stockpile_refill.data();
  v->stockpile_releases = stockpile_releases.data();
  v->stockpile_refills = stockpile_refills.data();
  v->stockpile_serves = stockpile_serves.data();
  v->first_stockpile = first_stockpile.data();
  v->releasing_stockpile = releasing_stockpile.data();
  v->quotas = static_cast<int32_t>(quota_material.size());
  v->quota_material = quota_material.data();
  v->quota_tonnes = quota_tonnes.data();
  v->quota_slack = quota_slack.data();
  v->quota_period = quota_period.data();
  v->quota_in = quota_in.data();
}

}  // namespace chokepoint
