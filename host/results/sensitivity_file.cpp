// The design's part of the results file (docs/results-format.md, "Designs"): the
// rows in [0, 1]^k, the coordinates `factor` and `output`, and sensitivity/.
#include "host/results/results_file.hpp"
#include "host/statistics/sensitivity.hpp"

namespace chokepoint {

void ResultsFile::write_sensitivity() {
  const Design& design = *layout_.design;
  const SensitivityResult r =
      compute_sensitivity(design, points_, paired_ ? &*paired_ : nullptr, layout_.paths,
                          layout_.quantiles, layout_.industries.size());
  const uint64_t P = static_cast<uint64_t>(layout_.points), k = r.factors, O = r.outputs,
                 I = r.industries;
  std::vector<std::string> keys;
  for (const Factor& f : design.factors) keys.push_back(f.key);
  const auto scale = [this](const std::string& name, const std::string& description) {
    file_->make_dimension_scale(name, name);
    file_->set_attribute(name, "units", std::string("1"));
    file_->set_attribute(name, "description", description);
  };
  file_->write_strings("factor", keys);
  scale("factor", "parameter address of each factor of the design");
  file_->write_strings("factor_other", keys);
  scale("factor_other", "factor addresses again, the second factor axis of sensitivity/S2");
  file_->write_strings("output", design.spec.outputs);
  scale("output", "the figures whose sensitivity is measured, e.g. lost_output/mean");

  put("design/unit", {P, k}, design.unit, {"point", "factor"}, "1",
      std::string("the design's row of each point in [0, 1]^k (value = low + unit (high - low)), "
                  "in the order of SALib's ") +
          design_method_name(design.spec.method) + " sampler");
  file_->set_attribute("design", "method", std::string(design_method_name(design.spec.method)));
  file_->set_attribute("design", "samples", design.spec.samples);
  file_->set_attribute("design", "levels", design.spec.levels);
  file_->set_attribute("design", "second_order", int64_t{design.spec.second_order ? 1 : 0});
  file_->set_attribute("design", "seed", design.seed);
  file_->set_attribute("design", "resamples", design.spec.resamples);
  std::vector<double> low, high;
  for (const Factor& f : design.factors) {
    low.push_back(f.low);
    high.push_back(f.high);
  }
  put("design/low", {k}, low, {"factor"}, "as in the scenario", "lower bound of each factor");
  put("design/high", {k}, high, {"factor"}, "as in the scenario", "upper bound of each factor");

  const std::vector<std::string> OIk = {"output", "industry", "factor"};
  const auto index = [&](const char* name, const std::vector<double>& data, const char* what) {
    if (!data.empty()) put(std::string("sensitivity/") + name, {O, I, k}, data, OIk, "1", what);
  };
  index("S1", r.s1, "first-order Sobol index (Saltelli 2010 estimator on standardised outputs)");
  index("S1_conf", r.s1_conf, "95% bootstrap half-width of S1");
  index("ST", r.st, "total-order Sobol index (Jansen estimator on standardised outputs)");
  index("ST_conf", r.st_conf, "95% bootstrap half-width of ST");
  if (!r.s2.empty()) {
    const std::vector<std::string> dims = {"output", "industry", "factor", "factor_other"};
    put("sensitivity/S2", {O, I, k, k}, r.s2, dims, "1",
        "second-order Sobol index of factors (j, l), j < l; NaN elsewhere");
    put("sensitivity/S2_conf", {O, I, k, k}, r.s2_conf, dims, "1",
        "95% bootstrap half-width of S2");
  }
  index("mu", r.mu, "Morris: mean elementary effect (output change per unit of [0, 1] range)");
  index("mu_star", r.mu_star, "Morris: mean absolute elementary effect");
  index("sigma", r.sigma, "Morris: standard deviation of the elementary effects");
  index("mu_star_conf", r.mu_star_conf, "Morris: 95% bootstrap half-width of mu_star");
  index("base", r.base, "OAT: the output with every factor at its midpoint");
  index("low", r.low, "OAT: the output with this factor at low, the others at their midpoints");
  index("high", r.high, "OAT: the output with this factor at high, the others at their midpoints");
  index("swing_stderr", r.swing_stderr,
        "OAT: paired standard error of high - low over the same paths (common random numbers); "
        "NaN for outputs without paired moments");
  index("spearman", r.spearman, "LHS: Spearman rank correlation of the factor with the output");
  put("sensitivity/noise_share", {O, I}, r.noise_share, {"output", "industry"}, "1",
      "mean squared standard error of the points' figures over their variance across points "
      "(above 0.1 the indices are much affected by Monte Carlo noise); NaN where the figures "
      "carry no standard error or do not vary");
  file_->set_attribute("sensitivity", "method",
                       std::string(design_method_name(design.spec.method)));
}

}  // namespace chokepoint
