// STOPGAP until host/model/model.cpp flattens the remedies: a ModelView of a
// Model with the remedies' arrays (service order, substitution, stockpiles,
// quotas) filled from the Scenario here, as kernels/model_view.hpp documents
// them. Once Model fills them itself, RemediesView(model, scenario).view()
// is just model.view(): replace its uses and delete this file.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "host/model/model.hpp"
#include "host/scenario/scenario.hpp"
#include "kernels/model_view.hpp"

namespace chokepoint::testing {

class RemediesView {
 public:
  RemediesView(const Model& model, const Scenario& s) : view_(model.view()) {
    const int32_t I = view_.industries, M = view_.materials, R = view_.regimes;
    auto index = [](const std::vector<std::string>& ids, const std::string& id) {
      return static_cast<int32_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
    };
    auto need = [&](int32_t i, int32_t mat) {
      return model.need_per_buyer[static_cast<size_t>(i) * M + mat];
    };
    for (int32_t i = 0; i < I; ++i) service_order_.push_back(i);
    std::stable_sort(service_order_.begin(), service_order_.end(), [&](int32_t a, int32_t b) {
      return s.industries[a].priority < s.industries[b].priority;
    });
    substitution_delay_.assign(static_cast<size_t>(I) * M, -1);
    substitution_factor_.assign(static_cast<size_t>(I) * M, 1.0);
    tonnes_per_unit_.assign(static_cast<size_t>(I) * M, 0.0);
    coupled_.assign(static_cast<size_t>(I), 0);
    first_stockpile_.assign(static_cast<size_t>(I) * M, -1);
    for (int32_t i = 0; i < I; ++i) {
      for (int32_t mat = 0; mat < M; ++mat) tonnes_per_unit_[i * M + mat] = need(i, mat) * 0x1p-6;
      for (const Substitution& sub : s.industries[i].substitution) {
        const int32_t mat = index(model.material_ids, sub.material);
        substitution_delay_[i * M + mat] =
            static_cast<int32_t>(std::max<int64_t>(sub.delay_days, 1));
        substitution_factor_[i * M + mat] = sub.need_factor;
      }
    }
    for (size_t k = 0; k < s.stockpiles.size(); ++k) {
      const Stockpile& p = s.stockpiles[k];
      const int32_t mat = index(model.material_ids, p.material);
      stockpile_material_.push_back(mat);
      stockpile_tonnes_.push_back(tonne_units(p.tonnes));
      stockpile_release_cap_.push_back(tonne_units(p.max_release_tonnes_per_day));
      stockpile_refill_.push_back(tonne_units(p.refill_tonnes_per_day));
      for (int32_t r = 0; r < R; ++r) {
        const std::string& id = model.regime_ids[r];
        const bool releases = !p.release_regimes ||
                              std::count(p.release_regimes->begin(), p.release_regimes->end(), id);
        stockpile_releases_.push_back(releases ? 1 : 0);
        stockpile_refills_.push_back(
            std::count(p.refill_regimes.begin(), p.refill_regimes.end(), id) ? 1 : 0);
      }
      for (int32_t i = 0; i < I; ++i) {
        const std::string& id = model.industry_ids[i];
        const bool serves = p.release_to
                                ? std::count(p.release_to->begin(), p.release_to->end(), id) > 0
                                : need(i, mat) > 0;
        stockpile_serves_.push_back(serves ? 1 : 0);
        if (serves) {
          coupled_[i] = 1;
          if (first_stockpile_[i * M + mat] < 0)
            first_stockpile_[i * M + mat] = static_cast<int32_t>(k);
        }
      }
    }
    quota_in_.assign(static_cast<size_t>(R) * M, -1);
    for (size_t q = 0; q < s.quotas.size(); ++q) {
      const Quota& quota = s.quotas[q];
      const int32_t mat = index(model.material_ids, quota.material);
      quota_material_.push_back(mat);
      quota_tonnes_.push_back(tonne_units(quota.tonnes_per_period));
      quota_slack_.push_back(tonne_units(1e-9 * std::max(quota.tonnes_per_period, 1.0)));
      quota_period_.push_back(static_cast<int32_t>(quota.period_days));
      for (int32_t r = 0; r < R; ++r) {
        const std::string& id = model.regime_ids[r];
        if (!quota.regimes || std::count(quota.regimes->begin(), quota.regimes->end(), id)) {
          quota_in_[r * M + mat] = static_cast<int32_t>(q);
        }
      }
      for (int32_t i = 0; i < I; ++i) {
        if (need(i, mat) > 0) coupled_[i] = 1;
      }
    }
    view_.service_order = service_order_.data();
    view_.substitution_delay = substitution_delay_.data();
    view_.substitution_factor = substitution_factor_.data();
    view_.tonnes_per_unit = tonnes_per_unit_.data();
    view_.coupled = coupled_.data();
    view_.stockpiles = static_cast<int32_t>(s.stockpiles.size());
    view_.stockpile_material = stockpile_material_.data();
    view_.stockpile_tonnes = stockpile_tonnes_.data();
    view_.stockpile_release_cap = stockpile_release_cap_.data();
    view_.stockpile_refill = stockpile_refill_.data();
    view_.stockpile_releases = stockpile_releases_.data();
    view_.stockpile_refills = stockpile_refills_.data();
    view_.stockpile_serves = stockpile_serves_.data();
    view_.first_stockpile = first_stockpile_.data();
    view_.quotas = static_cast<int32_t>(s.quotas.size());
    view_.quota_material = quota_material_.data();
    view_.quota_tonnes = quota_tonnes_.data();
    view_.quota_slack = quota_slack_.data();
    view_.quota_period = quota_period_.data();
    view_.quota_in = quota_in_.data();
  }
  RemediesView(const RemediesView&) = delete;
  RemediesView& operator=(const RemediesView&) = delete;

  const ModelView& view() const { return view_; }

 private:
  ModelView view_;
  std::vector<int32_t> service_order_, substitution_delay_, stockpile_material_, first_stockpile_,
      quota_material_, quota_period_, quota_in_;
  std::vector<double> substitution_factor_, tonnes_per_unit_;
  std::vector<uint8_t> coupled_, stockpile_releases_, stockpile_refills_, stockpile_serves_;
  std::vector<int64_t> stockpile_tonnes_, stockpile_release_cap_, stockpile_refill_, quota_tonnes_,
      quota_slack_;
};

}  // namespace chokepoint::testing
