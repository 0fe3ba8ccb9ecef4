// The rules of designs wherever they are given (scenario tables or options), and
// the parsers of `--factor` and `--design` (host/scenario/design_spec.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/scenario/design.hpp"

namespace chokepoint {

//! The method named `name`; absent when there is none.
std::optional<DesignMethod> design_method(const std::string& name);
//! Empty when `name` is a method, else what is wrong (with a suggestion).
std::string design_method_problem(const std::string& name);
//! Empty when `output` is an output of designs for these quantile levels, else why not.
std::string design_output_problem(const std::string& output, const std::vector<double>& quantiles);
//! Index of level `q` in `quantiles` (within 1e-12); −1 when absent.
int design_output_quantile(double q, const std::vector<double>& quantiles);
//! Empty when `samples` and `levels` suit the method, else what is wrong.
std::string design_samples_problem(const DesignSpec& spec);
//! Empty when [low, high] is a finite interval, else what is wrong.
std::string factor_bounds_problem(double low, double high);

//! Parses `--factor KEY=LOW:HIGH`; throws InputError naming the option.
Factor parse_factor_option(const std::string& spec);
//! Applies `--design METHOD[:SAMPLES]` to `spec`; throws InputError naming the option.
void apply_design_option(const std::string& text, DesignSpec* spec);

}  // namespace chokepoint
