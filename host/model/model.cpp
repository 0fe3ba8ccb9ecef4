#include "host/model/model.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "host/model/day_distribution.hpp"
#include "host/scenario/input_error.hpp"
#include "kernels/rng_streams.hpp"

namespace chokepoint {

namespace {

template <typename T>
int32_t index_of(const std::vector<T>& items, const std::string& id) {
  for (size_t k = 0; k < items.size(); ++k) {
    if (items[k].id == id) return static_cast<int32_t>(k);
  }
  throw InputError("internal: unknown id '" + id + "' after validation");
}

const LicenceTerms* find_terms(const std::vector<std::pair<std::string, LicenceTerms>>& list,
                               const std::string& id) {
  for (const auto& entry : list) {
    if (entry.first == id) return &entry.second;
  }
  return nullptr;
}

double per_material(const PerMaterial& value, const std::string& material, double missing) {
  if (!value.is_table) return value.scalar;
  for (const auto& entry : value.entries) {
    if (entry.first == material) return entry.second;
  }
  return missing;
}

//! Days of stock in fixed point (units of 2^-38 day), rounded to nearest.
int64_t to_units(double days) {
  return static_cast<int64_t>(days * kShortfallScale + 0.5);
}

//! The smallest power of two above `value` and at least `at_least`.
int64_t power_of_two_above(int64_t value, int64_t at_least) {
  int64_t p = at_least;
  while (p <= value) p *= 2;
  return p;
}

}  // namespace

void Model::add_guide(const std::vector<double>& cdf, DayTable* table) {
  // 2^bits >= 8 * entries bins; guide[j] = k, the first entry above j / 2^bits,
  // or ~k when the whole bin lies below cdf[k] (then every uniform of the bin
  // gives entry k, with no comparison: most bins, with 8 bins per entry).
  int32_t bits = 0;
  while ((size_t{1} << bits) < 8 * cdf.size()) ++bits;
  const size_t bins = size_t{1} << bits;
  table->guide = static_cast<int32_t>(guide_pool_.size());
  table->guide_bits = bits;
  std::vector<int32_t> guide(bins);
  for (size_t j = 0, k = 0; j < bins; ++j) {
    const double low = static_cast<double>(j) / static_cast<double>(bins);       // exact
    const double high = static_cast<double>(j + 1) / static_cast<double>(bins);  // exact
    while (k + 1 < cdf.size() && !(low < cdf[k])) ++k;
    guide[j] = high <= cdf[k] ? ~static_cast<int32_t>(k) : static_cast<int32_t>(k);
  }
  guide_pool_.insert(guide_pool_.end(), guide.begin(), guide.end());
}

namespace {

void check_limit(size_t count, size_t limit, const char* what) {
  if (count > limit) {
    throw InputError("scenario has " + std::to_string(count) + " " + what + "; at most " +
                     std::to_string(limit) + " are supported");
  }
}

//! CHOKEPOINT_LOCKSTEP: which pools serve the lockstep pass themselves,
//! "short" (those that fell short in the speculative pass: the default) or
//! "every-pool" (ModelView::lockstep_every_pool).
bool lockstep_every_pool() {
  const char* text = std::getenv("CHOKEPOINT_LOCKSTEP");
  if (text == nullptr || std::string(text) == "short") return false;
  if (std::string(text) == "every-pool") return true;
  throw InputError(std::string("CHOKEPOINT_LOCKSTEP=") + text + ": expected short or every-pool");
}

}  // namespace

Model::Model(const Scenario& s) {
  const auto R = static_cast<int32_t>(s.regimes.size());
  const auto I = static_cast<int32_t>(s.industries.size());
  const auto M = static_cast<int32_t>(s.materials.size());
  const auto E = static_cast<int32_t>(s.events.size());
  check_limit(s.regimes.size(), 255, "regimes");
  check_limit(s.materials.size(), 256, "materials");
  check_limit(s.industries.size(), 4096, "industries");
  check_limit(s.events.size(), 65535, "events");
  // Licence terms are stored per (regime, industry, material).
  const uint64_t cells = uint64_t{s.regimes.size()} * s.industries.size() * s.materials.size();
  if (cells > (uint64_t{1} << 24)) {
    throw InputError("scenario has " + std::to_string(s.regimes.size()) + " regimes x " +
                     std::to_string(s.industries.size()) + " industries x " +
                     std::to_string(s.materials.size()) + " materials = " + std::to_string(cells) +
                     " licence cells; at most 16777216 are supported");
  }
  const auto T = static_cast<int32_t>(s.horizon_days);
  const auto W = static_cast<int32_t>(s.warmup_days);

  // Tables share one pool, and identical distributions share one table: a
  // regime's review distribution is usually the same for every industry and
  // material, so R x I x M cells need only a few tables.
  std::map<std::string, DayTable> tables;
  const auto add_table = [this, &tables](const DayDistribution& d) {
    std::string key = std::to_string(static_cast<int>(d.kind)) + ":" + std::to_string(d.value) +
                      ":" + std::to_string(d.min) + ":" + std::to_string(d.max);
    char reals[96];
    std::snprintf(reals, sizeof reals, ":%a:%a:%a", d.mode, d.median, d.sigma);
    key += reals;
    for (size_t j = 0; j < d.values.size(); ++j) {
      std::snprintf(reals, sizeof reals, ";%lld:%a", static_cast<long long>(d.values[j]),
                    j < d.weights.size() ? d.weights[j] : -1.0);
      key += reals;
    }
    const auto found = tables.find(key);
    if (found != tables.end()) return found->second;
    const DiscreteDays days = discretise(d);
    DayTable table;
    table.offset = static_cast<int32_t>(days.offset);
    table.size = static_cast<int32_t>(days.pmf.size());
    table.start = static_cast<int32_t>(cdf_pool_.size());
    table.max_value = static_cast<int32_t>(days.max_value());
    const std::vector<double> cdf = cumulative(days.pmf);
    cdf_pool_.insert(cdf_pool_.end(), cdf.begin(), cdf.end());
    add_guide(cdf, &table);
    tables.emplace(key, table);
    return table;
  };

  for (const auto& r : s.regimes) regime_ids.push_back(r.id);
  for (const auto& m : s.materials) material_ids.push_back(m.id);
  for (const auto& i : s.industries) industry_ids.push_back(i.id);

  // Regimes.
  initial_cdf_.assign(R, 0.0);
  if (s.initial_regime.empty()) {
    initial_cdf_[0] = 1.0;
  } else {
    for (const auto& [id, p] : s.initial_regime) initial_cdf_[index_of(s.regimes, id)] += p;
  }
  initial_cdf_ = cumulative(initial_cdf_);
  leave_prob_.assign(R, 0.0);
  next_cdf_.assign(static_cast<size_t>(R) * R, 0.0);
  gl_honoured_.assign(R, 0);
  inspection_prob_.assign(R, 0.0);
  inspection_days_.assign(R, DayTable{});
  int32_t max_inspection = 0;
  for (int32_t r = 0; r < R; ++r) {
    const Regime& reg = s.regimes[r];
    std::vector<double> row(R, 0.0);
    if (reg.mean_duration_days) {
      leave_prob_[r] = 1.0 / *reg.mean_duration_days;
      for (const auto& [id, p] : reg.next) row[index_of(s.regimes, id)] += p;
    } else {
      row[r] = 1.0;  // absorbing: never used, kept a valid distribution
    }
    row = cumulative(row);
    std::copy(row.begin(), row.end(), next_cdf_.begin() + static_cast<ptrdiff_t>(r) * R);
    gl_honoured_[r] = reg.general_licences ? 1 : 0;
    inspection_prob_[r] = reg.inspection_prob;
    inspection_days_[r] = add_table(reg.inspection_days.value_or(DayDistribution::fixed(0)));
    if (reg.inspection_prob > 0)
      max_inspection = std::max(max_inspection, inspection_days_[r].max_value);
  }

  // Effective licence terms: industry override, else material override, else regime.
  licence_.assign(cells, 0);
  approval_prob_.assign(cells, 0.0);
  review_days_.assign(cells, DayTable{});
  std::vector<int32_t> max_review(I, 0);
  for (int32_t r = 0; r < R; ++r) {
    const Regime& reg = s.regimes[r];
    for (int32_t i = 0; i < I; ++i) {
      const LicenceTerms* by_industry = find_terms(reg.industry_overrides, s.industries[i].id);
      for (int32_t m = 0; m < M; ++m) {
        const LicenceTerms* by_material = find_terms(reg.material_overrides, s.materials[m].id);
        const auto pick = [&](auto field) {
          if (by_industry && (by_industry->*field)) return by_industry->*field;
          if (by_material && (by_material->*field)) return by_material->*field;
          return reg.terms.*field;
        };
        const size_t c = (static_cast<size_t>(r) * I + i) * M + m;
        const LicenceRule rule = pick(&LicenceTerms::licence).value_or(LicenceRule::None);
        licence_[c] = static_cast<uint8_t>(rule == LicenceRule::None       ? Licence::kNone
                                           : rule == LicenceRule::Required ? Licence::kRequired
                                                                           : Licence::kBanned);
        approval_prob_[c] = pick(&LicenceTerms::approval_prob).value_or(0.0);
        review_days_[c] =
            add_table(pick(&LicenceTerms::review_days).value_or(DayDistribution::fixed(0)));
        if (rule == LicenceRule::Required)
          max_review[i] = std::max(max_review[i], review_days_[c].max_value);
      }
    }
  }

  // Events in file order.
  event_from_.assign(static_cast<size_t>(E) * R, 0);
  for (int32_t e = 0; e < E; ++e) {
    const Event& ev = s.events[e];
    event_day_.push_back(static_cast<int32_t>(ev.day));
    event_to_.push_back(index_of(s.regimes, ev.to));
    event_prob_.push_back(ev.probability);
    for (int32_t r = 0; r < R; ++r) {
      bool applies = ev.from.empty();
      for (const auto& id : ev.from) applies = applies || id == s.regimes[r].id;
      event_from_[static_cast<size_t>(e) * R + r] = applies ? 1 : 0;
    }
  }

  // Materials; alternative capacity c(t) for every simulated day t = -W .. T-1.
  alt_capacity_.reserve(static_cast<size_t>(M) * (W + T));
  for (const auto& mat : s.materials) {
    outage_start_prob_.push_back(mat.alt_outage ? 1.0 / mat.alt_outage->mean_days_between : 0.0);
    outage_duration_.push_back(
        add_table(mat.alt_outage ? mat.alt_outage->duration_days : DayDistribution::fixed(1)));
    for (int32_t t = -W; t < T; ++t) alt_capacity_.push_back(mat.alt_capacity.at(t));
  }

  // Industries.
  int64_t longest_lead = 0, review_span = 0;
  for (int32_t i = 0; i < I; ++i) {
    const Industry& ind = s.industries[i];
    const auto B = static_cast<int32_t>(ind.buyers);
    buyers.push_back(B);
    const auto period = static_cast<int32_t>(ind.review_days);
    review_period_.push_back(period);
    transit_days_.push_back(static_cast<int32_t>(ind.transit_days));
    gl_adoption_.push_back(ind.general_licence_adoption);
    // From an order to its arrival: review + inspection + transit at most; a
    // licence review spans at most max_review / period + 1 later reviews.
    longest_lead =
        std::max(longest_lead, int64_t{max_review[i]} + max_inspection + ind.transit_days);
    review_span = std::max(review_span, int64_t{max_review[i]} / period + 1);
    for (int32_t m = 0; m < M; ++m) {
      const std::string& mid = s.materials[m].id;
      double total_need = 0;
      for (const auto& [id, value] : ind.need) {
        if (id == mid) total_need = value;
      }
      const double n = total_need / B;
      const double inventory = per_material(ind.inventory_days, mid, 0.0);
      const double target =
          ind.target_days ? per_material(*ind.target_days, mid, inventory) : inventory;
      if (n > 0 && (inventory > kMaxStockDays || target > kMaxStockDays)) {
        throw InputError("industry[" + ind.id + "]: inventory_days and target_days of " + mid +
                         " must be at most 16777216 days");
      }
      need_per_buyer.push_back(n);
      china_share_.push_back(per_material(ind.china_share, mid, 1.0));
      initial_stock_.push_back(inventory * n);
      target_stock_.push_back(target * n);
      if (n > 0) needed_.push_back(m);
      initial_units_.push_back(n > 0 ? to_units(inventory) : 0);
      target_units_.push_back(n > 0 ? to_units(target) : 0);
    }
  }
  for (int32_t i = 0; i < I; ++i) {  // rows of needed_: the needed materials first
    int32_t count = 0;
    for (int32_t m = 0; m < M; ++m) count += need_per_buyer[static_cast<size_t>(i) * M + m] > 0;
    needed_count_.push_back(count);
  }
  {
    std::vector<int32_t> rows(static_cast<size_t>(I) * M, 0);
    size_t next = 0;
    for (int32_t i = 0; i < I; ++i) {
      for (int32_t c = 0; c < needed_count_[i]; ++c)
        rows[static_cast<size_t>(i) * M + c] = needed_[next++];
    }
    needed_ = std::move(rows);
  }
  // Scratch of the event engine: arrivals lie at most longest_lead days after
  // their order, and never beyond the horizon.
  const int64_t days_run = int64_t{W} + T;
  const int64_t lead = std::min(longest_lead, days_run - 1);
  view_.calendar_days = static_cast<int32_t>(power_of_two_above(lead, 64));
  view_.denial_slots = static_cast<int32_t>(power_of_two_above(review_span, 2));
  bool regime_changes = E > 0;
  for (int32_t r = 0; r < R; ++r) regime_changes = regime_changes || leave_prob_[r] > 0;
  // Spells: the initial one, then at most one starting on each day 0 .. T-1.
  view_.regime_capacity = regime_changes ? T + 1 : 1;
  bool outages = false;
  for (double p : outage_start_prob_) outages = outages || p > 0;
  view_.outage_capacity = outages ? static_cast<int32_t>((days_run + 1) / 2 + 1) : 0;

  view_.lockstep_every_pool = lockstep_every_pool();
  view_.seed = s.seed;
  view_.horizon = T;
  view_.report_interval = static_cast<int32_t>(std::min(s.report_interval_days, s.horizon_days));
  view_.intervals = (T + view_.report_interval - 1) / view_.report_interval;
  view_.regimes = R;
  view_.industries = I;
  view_.materials = M;
  view_.events = E;
  view_.warmup_days = W;
  view_.shortage_threshold = std::max(s.shortage_threshold, 1e-9);
  view_.gl_grant_prob = s.general_licence.grant_prob;
  view_.gl_review_days = add_table(s.general_licence.review_days);
  view_.gl_validity_days = static_cast<int32_t>(s.general_licence.validity_days);
  view_.gl_renew_before_days = static_cast<int32_t>(s.general_licence.renew_before_days);
  view_.gl_retry_days = static_cast<int32_t>(s.general_licence.retry_days);
  // The probabilities as thresholds on a draw's bits, once every one is known.
  const auto thresholds = [](const std::vector<double>& p) {
    std::vector<uint64_t> bits(p.size());
    for (size_t k = 0; k < p.size(); ++k) bits[k] = unit_threshold(p[k]);
    return bits;
  };
  cdf_bits_pool_ = thresholds(cdf_pool_);
  inspection_bits_ = thresholds(inspection_prob_);
  approval_bits_ = thresholds(approval_prob_);
  leave_bits_ = thresholds(leave_prob_);
  outage_start_bits_ = thresholds(outage_start_prob_);
  remedies_ = RemedyArrays(s, need_per_buyer);
  bind_view();
}

void Model::bind_view() {
  view_.cdf_bits_pool = cdf_bits_pool_.data();
  view_.inspection_bits = inspection_bits_.data();
  view_.approval_bits = approval_bits_.data();
  view_.leave_bits = leave_bits_.data();
  view_.outage_start_bits = outage_start_bits_.data();
  view_.cdf_pool = cdf_pool_.data();
  view_.guide_pool = guide_pool_.data();
  view_.initial_cdf = initial_cdf_.data();
  view_.leave_prob = leave_prob_.data();
  view_.next_cdf = next_cdf_.data();
  view_.gl_honoured = gl_honoured_.data();
  view_.inspection_prob = inspection_prob_.data();
  view_.inspection_days = inspection_days_.data();
  view_.licence = licence_.data();
  view_.approval_prob = approval_prob_.data();
  view_.review_days = review_days_.data();
  view_.event_day = event_day_.data();
  view_.event_to = event_to_.data();
  view_.event_prob = event_prob_.data();
  view_.event_from = event_from_.data();
  view_.outage_start_prob = outage_start_prob_.data();
  view_.outage_duration = outage_duration_.data();
  view_.alt_capacity = alt_capacity_.data();
  view_.buyers = buyers.data();
  view_.review_period = review_period_.data();
  view_.transit_days = transit_days_.data();
  view_.gl_adoption = gl_adoption_.data();
  view_.need = need_per_buyer.data();
  view_.china_share = china_share_.data();
  view_.initial_stock = initial_stock_.data();
  view_.target_stock = target_stock_.data();
  view_.needed = needed_.data();
  view_.needed_count = needed_count_.data();
  view_.initial_units = initial_units_.data();
  view_.target_units = target_units_.data();
  remedies_.bind(&view_);
}

}  // namespace chokepoint
