// Digits and z scores for tables of estimates with standard errors (`summary`).
#pragma once

#include <vector>

namespace chokepoint {

//! Decimals to print percentages with, so that the smallest positive standard
//! error among `stderrs` (fractions, printed ×100) shows at least two
//! significant digits, and a change of a few standard errors never prints as
//! 0: at least `minimum`, at most 8.
int percent_decimals(const std::vector<double>& stderrs, int minimum);

//! change / stderr; NaN when the error is not positive or not finite (no
//! spread: the change is exact, or not known).
double z_score(double change, double stderr_);

}  // namespace chokepoint
