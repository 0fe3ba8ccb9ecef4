// Definitions of model_fixtures.hpp (linked into the one test binary).
#include <gtest/gtest.h>

#include "host/statistics/statistics.hpp"
#include "tests/support/model_fixtures.hpp"

namespace chokepoint::testing {

double RunOutputs::lost(const Model& model, int64_t p, int32_t i) const {
  return lost_output(shortfall_total[static_cast<size_t>(p) * industries + i],
                     model.buyers[static_cast<size_t>(i)], model.view().horizon);
}

bool RunOutputs::operator==(const RunOutputs& o) const {
  return shortfall_total == o.shortfall_total && interval_total == o.interval_total &&
         shortage_days == o.shortage_days && first_shortage == o.first_shortage &&
         regime_days == o.regime_days && interval_short == o.interval_short;
}

RunOutputs run_paths(Backend& backend, const Model& model, uint64_t first, int64_t count,
                     int64_t batch) {
  const ModelView& m = model.view();
  RunOutputs r;
  r.industries = m.industries;
  r.intervals = m.intervals;
  r.regimes = m.regimes;
  const PathOutputs all = r.bind(m, count);
  backend.load(model);
  std::atomic<bool> stop{false};
  for (int64_t done = 0; done < count; done += batch) {
    const int64_t n = std::min(batch, count - done);
    const PathOutputs out = all.from_row(done, m);
    backend.simulate(first + static_cast<uint64_t>(done), n, &out, stop);
  }
  return r;
}

PointReduction reduce_point(Backend& backend, const Model& model, const PointRequest& request,
                            int64_t batch) {
  backend.load(model);
  backend.begin_point(request);
  std::atomic<bool> stop{false};
  for (int64_t done = 0; done < request.paths; done += batch) {
    backend.simulate(static_cast<uint64_t>(done), std::min(batch, request.paths - done), nullptr,
                     stop);
  }
  return backend.finish_point();
}

PointStatistics point_statistics_of(Backend& backend, const Model& model, int64_t paths,
                                    const std::vector<double>& quantiles, int32_t bins,
                                    int64_t batch) {
  const PointRequest request = make_point_request(paths, quantiles, bins);
  return point_statistics(model, quantiles, request, reduce_point(backend, model, request, batch));
}

void expect_same_reduction(const PointReduction& a, const PointReduction& b) {
  EXPECT_EQ(a.paths, b.paths);
  EXPECT_TRUE(a.counters == b.counters) << "counters differ";
  EXPECT_TRUE(a.cross == b.cross) << "cross products differ";
  ASSERT_EQ(a.lost.size(), b.lost.size());
  ASSERT_EQ(a.days.size(), b.days.size());
  for (size_t i = 0; i < a.lost.size(); ++i) {
    EXPECT_EQ(a.lost[i].at_rank, b.lost[i].at_rank) << "industry " << i;
    EXPECT_TRUE(a.lost[i].tail == b.lost[i].tail) << "industry " << i;
    EXPECT_EQ(a.days[i].at_rank, b.days[i].at_rank) << "industry " << i;
  }
}

Scenario single_material_scenario(LicenceRule rule, double inventory_days, int64_t horizon,
                                  int64_t buyers) {
  Scenario s;
  s.name = "closed form";
  s.horizon_days = horizon;
  s.report_interval_days = 10;
  s.seed = 42;
  s.materials.push_back(Material{"m", std::nullopt, AltCapacity{}});
  Regime only;
  only.id = "only";
  only.terms.licence = rule;
  s.regimes.push_back(only);
  Industry ind;
  ind.id = "ind";
  ind.buyers = buyers;
  ind.need = {{"m", static_cast<double>(buyers)}};
  ind.inventory_days.scalar = inventory_days;
  ind.review_days = 1;
  s.industries.push_back(ind);
  return s;
}

Scenario rich_scenario() {
  Scenario s;
  s.name = "rich";
  s.horizon_days = 200;
  s.report_interval_days = 7;
  s.seed = 20251218;
  s.materials.push_back(
      Material{"dy", AltOutage{60, DayDistribution::uniform(3, 12)}, AltCapacity{}});
  s.materials.push_back(Material{"magnets", std::nullopt, AltCapacity{}});

  const DayDistribution review = DayDistribution::triangular(5, 20, 45);
  const DayDistribution hold = DayDistribution::lognormal(20, 0.5, 60);

  Regime open;
  open.id = "open";
  open.mean_duration_days = 40;
  open.next = {{"truce", 0.5}, {"tight", 0.5}};
  Regime truce;
  truce.id = "truce";
  truce.mean_duration_days = 60;
  truce.next = {{"tight", 1.0}};
  truce.terms = LicenceTerms{LicenceRule::Required, 0.7, review};
  truce.general_licences = true;
  truce.inspection_prob = 0.2;
  truce.inspection_days = hold;
  truce.material_overrides = {{"magnets", LicenceTerms{std::nullopt, 0.5, std::nullopt}}};
  truce.industry_overrides = {
      {"defence", LicenceTerms{LicenceRule::Banned, std::nullopt, std::nullopt}}};
  Regime tight;
  tight.id = "tight";
  tight.mean_duration_days = 30.5;
  tight.next = {{"open", 0.3}, {"truce", 0.7}};
  tight.terms = LicenceTerms{LicenceRule::Required, 0.4, DayDistribution::fixed(30)};
  tight.inspection_prob = 0.5;
  tight.inspection_days = DayDistribution::empirical({10, 30, 60}, {0.5, 0.3, 0.2});
  s.regimes = {open, truce, tight};
  s.initial_regime = {{"truce", 0.8}, {"tight", 0.2}};

  s.general_licence.grant_prob = 0.8;
  s.general_licence.review_days = DayDistribution::fixed(15);
  s.general_licence.validity_days = 90;
  s.general_licence.renew_before_days = 20;
  s.general_licence.retry_days = 25;

  Industry autos;
  autos.id = "automotive";
  autos.buyers = 5;
  autos.need = {{"dy", 0.5}, {"magnets", 2.0}};
  autos.china_share.is_table = true;
  autos.china_share.entries = {{"dy", 0.95}};
  autos.inventory_days.scalar = 40;
  autos.target_days = PerMaterial{false, 60, {}};
  autos.review_days = 7;
  autos.transit_days = 14;
  autos.general_licence_adoption = 0.5;
  Industry wind;
  wind.id = "wind";
  wind.buyers = 3;
  wind.need = {{"magnets", 1.0}};
  wind.china_share.scalar = 0.8;
  wind.inventory_days.is_table = true;
  wind.inventory_days.entries = {{"magnets", 60}};
  wind.review_days = 14;
  wind.transit_days = 30;
  Industry defence;
  defence.id = "defence";
  defence.buyers = 2;
  defence.need = {{"dy", 0.1}, {"magnets", 0.2}};
  defence.china_share.scalar = 0.6;
  defence.inventory_days.scalar = 90;
  defence.review_days = 30;
  defence.transit_days = 10;
  defence.general_licence_adoption = 1.0;
  s.industries = {autos, wind, defence};

  Event ev;
  ev.day = 120;
  ev.from = {"truce"};
  ev.to = "tight";
  ev.probability = 0.5;
  s.events.push_back(ev);
  return s;
}

}  // namespace chokepoint::testing
