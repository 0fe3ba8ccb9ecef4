// `chokepoint summary`: the headline figures of a results file, per point and
// industry, as a table for people or CSV for spreadsheets.
#pragma once

#include <cstdint>
#include <ostream>
#include <stdexcept>
#include <string>

namespace chokepoint {

//! Error reading a results file (not HDF5, truncated, other format): exit code 2.
class ResultsReadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! Prints the summary of `path`; throws ResultsReadError for unreadable files.
void print_summary(const std::string& path, bool csv, std::ostream& out);

//! Prints the change of each headline figure from point `a` to point `b`, with
//! standard errors from the paired paths (and the unpaired ones for contrast), as a
//! table or CSV. Two points that are not different points of the file throw InputError.
void print_difference(const std::string& path, int64_t a, int64_t b, bool csv, std::ostream& out);

}  // namespace chokepoint
