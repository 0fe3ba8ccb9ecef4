// `chokepoint summary` for a design: per output and industry, the factors ranked
// by the method's index, with half-widths, and the noise-share warning.
#pragma once

#include <ostream>

#include "host/results/hdf5_file.hpp"

namespace chokepoint {

//! Whether the results file holds a design's sensitivity/ group.
bool has_sensitivity(const Hdf5File& file);

//! The ranked factors of every output and industry.
void print_sensitivity(const Hdf5File& file, std::ostream& out);

//! Paths per point that would bring a noise share `share` (measured with `paths`)
//! below `target`, the spread beyond noise staying as estimated; −1 when all noise.
double paths_for_noise_share(double share, int64_t paths, double target);

}  // namespace chokepoint
