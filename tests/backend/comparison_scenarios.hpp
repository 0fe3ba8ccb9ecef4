// The scenarios on which the CUDA backend is compared with the CPU backend
// (tests/backend/test_cuda_backend.cpp): small, and together they exercise
// every branch of the daily model.
#pragma once

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "host/scenario/scenario.hpp"

namespace chokepoint::testing {

inline PerMaterial scalar(double value) {
  PerMaterial p;
  p.scalar = value;
  return p;
}

inline PerMaterial table(std::vector<std::pair<std::string, double>> entries) {
  PerMaterial p;
  p.is_table = true;
  p.entries = std::move(entries);
  return p;
}

// 4 regimes that switch every few weeks (none absorbing), licences of every
// kind with overrides, general licences, inspections, outages, scheduled events,
// 3 industries x 2 materials with several buyers each.
inline Scenario comparison_scenario() {
  Scenario s;
  s.name = "cuda backend comparison";
  s.horizon_days = 365;
  s.seed = 20251218;
  s.report_interval_days = 7;
  s.initial_regime = {{"truce", 0.7}, {"open", 0.3}};

  Material dysprosium;
  dysprosium.id = "dysprosium";
  dysprosium.alt_outage = AltOutage{60, DayDistribution::uniform(5, 20)};
  Material terbium;
  terbium.id = "terbium";
  terbium.alt_outage = AltOutage{120, DayDistribution::lognormal(10, 0.5, 40)};
  s.materials = {dysprosium, terbium};

  Regime open;
  open.id = "open";
  open.mean_duration_days = 120;
  open.next = {{"truce", 1.0}};
  open.terms.licence = LicenceRule::None;
  open.general_licences = true;

  Regime truce;
  truce.id = "truce";
  truce.mean_duration_days = 50;
  truce.next = {{"tightened", 0.4}, {"open", 0.6}};
  truce.terms.licence = LicenceRule::Required;
  truce.terms.approval_prob = 0.7;
  truce.terms.review_days = DayDistribution::triangular(5, 15, 40);
  truce.general_licences = true;
  truce.inspection_prob = 0.2;
  truce.inspection_days = DayDistribution::uniform(3, 10);

  Regime tightened;
  tightened.id = "tightened";
  tightened.mean_duration_days = 30;
  tightened.next = {{"truce", 0.5}, {"banned", 0.5}};
  tightened.terms.licence = LicenceRule::Required;
  tightened.terms.approval_prob = 0.3;
  tightened.terms.review_days = DayDistribution::uniform(20, 60);
  tightened.inspection_prob = 0.5;
  tightened.inspection_days = DayDistribution::empirical({0, 7, 30}, {0.2, 0.5, 0.3});
  LicenceTerms terbium_terms;
  terbium_terms.approval_prob = 0.1;
  terbium_terms.review_days =
      DayDistribution::empirical({0, 10, 45}, {0.3, 0.4, 0.3});  // same-day decisions
  tightened.material_overrides = {{"terbium", terbium_terms}};
  LicenceTerms defence_terms;
  defence_terms.approval_prob = 0.0;
  tightened.industry_overrides = {{"defence", defence_terms}};

  Regime banned;
  banned.id = "banned";
  banned.mean_duration_days = 20;
  banned.next = {{"tightened", 1.0}};
  banned.terms.licence = LicenceRule::Banned;
  banned.general_licences = true;  // a valid GL still ships
  LicenceTerms wind_terms;
  wind_terms.licence = LicenceRule::Required;
  wind_terms.approval_prob = 0.5;
  wind_terms.review_days = DayDistribution::uniform(10, 30);
  banned.industry_overrides = {{"wind", wind_terms}};

  s.regimes = {open, truce, tightened, banned};

  s.general_licence.grant_prob = 0.8;
  s.general_licence.review_days = DayDistribution::empirical({0, 10}, {0.5, 0.5});
  s.general_licence.validity_days = 90;
  s.general_licence.renew_before_days = 15;
  s.general_licence.retry_days = 20;

  Industry automotive;
  automotive.id = "automotive";
  automotive.buyers = 5;
  automotive.need = {{"dysprosium", 0.8}, {"terbium", 0.15}};
  automotive.china_share = table({{"dysprosium", 0.9}});  // terbium: 1
  automotive.inventory_days = scalar(60);
  automotive.target_days = scalar(90);
  automotive.review_days = 10;
  automotive.transit_days = 7;
  automotive.general_licence_adoption = 0.5;

  Industry wind;
  wind.id = "wind";
  wind.buyers = 3;
  wind.need = {{"dysprosium", 0.5}};
  wind.china_share = scalar(0.7);
  wind.inventory_days = table({{"dysprosium", 50}});
  wind.review_days = 14;
  wind.transit_days = 5;
  wind.general_licence_adoption = 0.2;

  Industry defence;
  defence.id = "defence";
  defence.buyers = 4;
  defence.need = {{"dysprosium", 0.1}, {"terbium", 0.05}};
  defence.inventory_days = table({{"dysprosium", 120}, {"terbium", 90}});
  defence.target_days = table({{"dysprosium", 150}, {"terbium", 120}});
  defence.review_days = 30;
  defence.transit_days = 14;

  s.industries = {automotive, wind, defence};

  Event tighten;
  tighten.day = 100;
  tighten.from = {"truce"};
  tighten.to = "tightened";
  tighten.probability = 0.5;
  Event ban;
  ban.day = 200;
  ban.to = "banned";
  ban.probability = 0.3;
  Event reopen;
  reopen.day = 0;
  reopen.from = {"open"};
  reopen.to = "truce";
  reopen.probability = 0.25;
  s.events = {tighten, ban, reopen};
  return s;
}

//! The comparison scenario with a warm-up, a ramp of alternative capacity that
//! starts inside the warm-up and a shortage threshold: every day-indexed rule
//! runs on negative days too, and the threshold decides the day counts.
inline Scenario warmup_ramp_threshold_scenario() {
  Scenario s = comparison_scenario();
  s.warmup_days = 45;
  s.shortage_threshold = 0.15;
  s.materials[0].alt_capacity.is_ramp = true;
  s.materials[0].alt_capacity.day = {-30, 60, 200};
  s.materials[0].alt_capacity.factor = {0.5, 1.0, 3.0};
  s.materials[1].alt_capacity.value = std::numeric_limits<double>::infinity();
  s.industries[2].china_share = scalar(0.6);
  return s;
}

//! The comparison scenario with industries that need 2, 6 and 11 materials,
//! so that every form of a buyer's state runs (kernels/buyer_model.hpp: in
//! the object for up to 4 or 8 needed materials, in scratch beyond).
inline Scenario many_materials_scenario() {
  Scenario s = comparison_scenario();
  for (int k = 0; k < 9; ++k) {
    Material extra;
    extra.id = "extra_" + std::to_string(k);
    if (k % 3 == 0) extra.alt_outage = AltOutage{90.0 + 10 * k, DayDistribution::uniform(4, 25)};
    s.materials.push_back(extra);
  }
  Industry electronics;
  electronics.id = "electronics";
  electronics.buyers = 3;
  electronics.need = {{"dysprosium", 0.2}, {"terbium", 0.05}, {"extra_0", 1.0},
                      {"extra_1", 0.3},    {"extra_2", 2.0},  {"extra_3", 0.1}};
  electronics.china_share = table({{"extra_1", 0.5}, {"extra_3", 0.8}});
  electronics.inventory_days = scalar(30);
  electronics.target_days = scalar(70);
  electronics.review_days = 9;
  electronics.transit_days = 6;
  electronics.general_licence_adoption = 0.3;
  Industry medical;
  medical.id = "medical";
  medical.buyers = 2;
  medical.need = {{"dysprosium", 0.05}, {"terbium", 0.02}};
  for (int k = 0; k < 9; ++k) medical.need.emplace_back("extra_" + std::to_string(k), 0.1 + k);
  medical.china_share = scalar(0.85);
  medical.inventory_days = scalar(25);
  medical.target_days = scalar(60);
  medical.review_days = 12;
  medical.transit_days = 9;
  s.industries.push_back(electronics);
  s.industries.push_back(medical);
  return s;
}

}  // namespace chokepoint::testing
