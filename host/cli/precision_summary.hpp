// The precision part of `chokepoint summary`: how the run stopped, and each
// targeted figure with its achieved half-width next to its target.
#pragma once

#include <ostream>

#include "host/results/hdf5_file.hpp"

namespace chokepoint {

//! Prints nothing for a file without precision targets.
void print_precision_summary(const Hdf5File& file, std::ostream& out);

}  // namespace chokepoint
