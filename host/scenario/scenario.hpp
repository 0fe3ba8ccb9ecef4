// The validated scenario: plain structs, one per TOML table of docs/scenario-reference.md.
// Everything downstream (the flat model, the backends, the results writer)
// reads these structs; nothing downstream sees TOML.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "host/scenario/design.hpp"

namespace chokepoint {

//! The kinds of whole-day distributions of docs/scenario-reference.md.
enum class DayDistKind { Fixed, Uniform, Triangular, Lognormal, Empirical };

//! A distribution of a whole number of days, as written in the scenario.
struct DayDistribution {
  DayDistKind kind = DayDistKind::Fixed;
  int64_t value = 0;            //!< Fixed
  int64_t min = 0;              //!< Uniform, Triangular (inclusive)
  int64_t max = 0;              //!< Uniform, Triangular, Lognormal (inclusive cap)
  double mode = 0;              //!< Triangular, min <= mode <= max
  double median = 0;            //!< Lognormal, > 0
  double sigma = 0;             //!< Lognormal, > 0
  std::vector<int64_t> values;  //!< Empirical, non-negative
  std::vector<double> weights;  //!< Empirical, normalised to sum 1 by the loader

  static DayDistribution fixed(int64_t days) {
    DayDistribution d;
    d.value = days;
    return d;
  }
  static DayDistribution uniform(int64_t lo, int64_t hi) {
    DayDistribution d;
    d.kind = DayDistKind::Uniform;
    d.min = lo;
    d.max = hi;
    return d;
  }
  static DayDistribution triangular(int64_t lo, double mode, int64_t hi) {
    DayDistribution d = uniform(lo, hi);
    d.kind = DayDistKind::Triangular;
    d.mode = mode;
    return d;
  }
  static DayDistribution lognormal(double median, double sigma, int64_t hi) {
    DayDistribution d;
    d.kind = DayDistKind::Lognormal;
    d.median = median;
    d.sigma = sigma;
    d.max = hi;
    return d;
  }
  static DayDistribution empirical(std::vector<int64_t> values, std::vector<double> weights) {
    DayDistribution d;
    d.kind = DayDistKind::Empirical;
    d.values = std::move(values);
    d.weights = std::move(weights);
    return d;
  }
};

enum class LicenceRule { None, Required, Banned };

//! Licence terms of a regime, or an override of them; unset fields fall through
//! (industry override, else material override, else the regime's value).
struct LicenceTerms {
  std::optional<LicenceRule> licence;
  std::optional<double> approval_prob;
  std::optional<DayDistribution> review_days;
};

//! A value given either once for every material or per material id.
struct PerMaterial {
  bool is_table = false;
  double scalar = 0;                                    //!< when !is_table
  std::vector<std::pair<std::string, double>> entries;  //!< when is_table, file order
};

struct AltOutage {
  double mean_days_between = 0;  //!< > 0
  DayDistribution duration_days;
};

//! Capacity of alternative supply per order, as a multiple of its normal
//! volume: a constant (possibly +infinity: unlimited), or a ramp piecewise
//! linear in the day, constant beyond its first and last points.
struct AltCapacity {
  bool is_ramp = false;
  double value = 1;            //!< when !is_ramp; >= 0, may be +infinity
  std::vector<int64_t> day;    //!< when is_ramp: strictly increasing, k >= 1
  std::vector<double> factor;  //!< when is_ramp: >= 0 and finite, same length as day

  //! c(t): the first factor up to the first day, the last from the last day
  //! on, linear interpolation in double arithmetic in between.
  double at(int64_t t) const {
    if (!is_ramp) return value;
    if (t <= day.front()) return factor.front();
    if (t >= day.back()) return factor.back();
    std::size_t j = 0;  // d_j <= t < d_{j+1}
    while (day[j + 1] <= t) ++j;
    const double w = static_cast<double>(t - day[j]) / static_cast<double>(day[j + 1] - day[j]);
    return factor[j] + w * (factor[j + 1] - factor[j]);
  }
};

struct Material {
  std::string id;
  std::optional<AltOutage> alt_outage;
  AltCapacity alt_capacity;  //!< default 1: no spare capacity
};

struct Regime {
  std::string id;
  std::optional<double> mean_duration_days;  //!< absent: absorbing
  std::vector<std::pair<std::string, double>> next;
  LicenceTerms terms;  //!< licence defaults to None when unset
  bool general_licences = false;
  double inspection_prob = 0;
  std::optional<DayDistribution> inspection_days;
  std::vector<std::pair<std::string, LicenceTerms>> material_overrides;  //!< by material id
  std::vector<std::pair<std::string, LicenceTerms>> industry_overrides;  //!< by industry id
};

struct GeneralLicencePolicy {
  double grant_prob = 1;
  DayDistribution review_days = DayDistribution::fixed(0);
  int64_t validity_days = 365;
  int64_t renew_before_days = 30;
  int64_t retry_days = 30;
};

//! A switch to a reduced need of one material (thrifting, redesign): from
//! max(delay_days, 1) days after the buyer is first short because of it, the
//! buyer needs need_factor times as much, for the rest of the path.
struct Substitution {
  std::string material;
  int64_t delay_days = 0;  //!< >= 0
  double need_factor = 1;  //!< in [0, 1]; 0: the material is no longer needed
};

struct Industry {
  std::string id;
  int64_t priority = 0;  //!< lower is served first where buyers share a stockpile or quota
  int64_t buyers = 1;
  std::vector<std::pair<std::string, double>> need;  //!< tonnes/day by material id
  PerMaterial china_share{false, 1.0, {}};           //!< default 1
  PerMaterial inventory_days;
  std::optional<PerMaterial> target_days;  //!< absent: inventory_days
  int64_t review_days = 1;
  int64_t transit_days = 0;
  double general_licence_adoption = 0;
  std::vector<Substitution> substitution;  //!< file order, one per material at most
};

//! A strategic stockpile of one material, released to short buyers (step 6 1/2).
struct Stockpile {
  std::string id;
  std::string material;
  double tonnes = 0;  //!< held on day 0, finite, >= 0
  //! Industries it serves; absent: every industry with need > 0 of the material.
  std::optional<std::vector<std::string>> release_to;
  double max_release_tonnes_per_day = std::numeric_limits<double>::infinity();
  //! Regimes of the day in which it releases; absent: all.
  std::optional<std::vector<std::string>> release_regimes;
  double refill_tonnes_per_day = 0;
  std::vector<std::string> refill_regimes;  //!< default: none
};

//! An exporter's quota on the tonnes of one material it approves per period.
struct Quota {
  std::string material;
  double tonnes_per_period = 0;  //!< >= 0, may be +infinity
  int64_t period_days = 1;       //!< >= 1
  //! Regimes of the approval day in which it applies; absent: all.
  std::optional<std::vector<std::string>> regimes;
};

struct Event {
  int64_t day = 0;                  //!< resolved from `day` or `date`
  std::optional<std::string> date;  //!< as written, when given by date
  std::vector<std::string> from;    //!< empty: any regime
  std::string to;
  double probability = 1;
};

//! One [[sweep]] table or --vary option: a key and its values, in order.
//! Each value is TOML value text (`0.5`, `"banned"`), applied like --set.
struct Sweep {
  std::string key;  //!< the (first) key
  std::vector<std::string> values;
  //! Where the sweep was given, for messages: `--vary KEY=VALUES`, or `FILE:LINE:COL: sweep[i]
  //! (KEY)`.
  std::string origin = {};
  //! Linked keys: further keys set to the same value at every point, so that the sweep
  //! stays one axis (`--vary 'K1,K2=...'`, `keys = [...]` in [[sweep]]).
  std::vector<std::string> linked = {};

  //! Every key the sweep sets: `key`, then the linked ones.
  std::vector<std::string> keys() const {
    std::vector<std::string> all{key};
    all.insert(all.end(), linked.begin(), linked.end());
    return all;
  }
  //! Name of the sweep's axis in results: the keys joined by `+`.
  std::string axis_name() const {
    std::string name = key;
    for (const auto& k : linked) name += "+" + k;
    return name;
  }
};

//! The figures a precision target may name (`simulation.precision`).
enum class PrecisionFigure {
  lost_mean,
  lost_prob_any,
  lost_quantile,
  shortage_days_mean,
  unmet_tonnes_mean
};

//! One precision target: a 95% half-width the run stops at, absolute or relative.
struct PrecisionTarget {
  std::string text;  //!< as written: "lost_output/prob_any=2%"
  PrecisionFigure figure = PrecisionFigure::lost_mean;
  double quantile = 0;    //!< the level of lost_output/quantile@Q
  double value = 0;       //!< the half-width, or with `relative` the share of |figure| (0.05)
  bool relative = false;  //!< written with '%'
};

struct Scenario {
  std::string name;
  std::optional<std::string> start_date;  //!< ISO date, validated
  int64_t paths = 100000;
  int64_t horizon_days = 365;
  uint64_t seed = 0;
  //! Initial regime distribution by id; a single id is {id, 1.0}.
  //! Empty when not given: the first regime.
  std::vector<std::pair<std::string, double>> initial_regime;
  int64_t report_interval_days = 7;  //!< capped at horizon_days by the loader
  int64_t warmup_days = 0;           //!< W, 0..3650: days -W .. -1 run before day 0
  std::vector<double> quantiles = {0.5, 0.9, 0.95, 0.99, 0.999};
  int64_t histogram_bins = 100;
  double shortage_threshold = 0;  //!< [0, 1): a shortage day has s(t) > max(this, 1e-9)
  std::vector<Material> materials;
  std::vector<Regime> regimes;
  GeneralLicencePolicy general_licence;
  std::vector<Industry> industries;
  std::vector<Event> events;
  std::vector<Stockpile> stockpiles;  //!< file order
  std::vector<Quota> quotas;          //!< file order (addressed by index)
  std::vector<Sweep> sweeps;  //!< from [[sweep]] tables
  std::vector<Factor> factors;       //!< from [[factor]] tables
  std::optional<DesignSpec> design;  //!< from the [design] table
  //! simulation.precision: the run stops once every target holds (paths is then the maximum).
  std::vector<PrecisionTarget> precision;
  int64_t precision_check_paths = 4096;  //!< checkpoint spacing in path ids, capped at paths
};

}  // namespace chokepoint
