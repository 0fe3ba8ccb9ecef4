// The remedies' part of `chokepoint summary`: per point, a stockpile table
// (tonnes held at the end, P(empty by the end), tonnes released per industry),
// a quota line per material under a quota and a substitution line per
// (industry, material) with a substitution; nothing for a file without them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "host/results/hdf5_file.hpp"

namespace chokepoint {

//! What a results file holds of the remedies, read once for every point.
class RemedySummary {
 public:
  explicit RemedySummary(const Hdf5File& file);

  //! True when the file has a stockpile, quota or substitution.
  bool any() const { return stockpiles_ || quotas_ || substitution_; }

  //! The remedies' lines of point p, for people.
  void print_text(size_t p, std::ostream& out) const;

  //! The remedies' CSV tables (each after a blank line, with its own header); each row
  //! starts with the point and `sweep_values` of the point (one column per swept key).
  void print_csv(const std::vector<std::string>& sweep_keys,
                 const std::vector<std::vector<std::string>>& sweep_values, size_t points,
                 std::ostream& out) const;

 private:
  struct QuantileColumn {
    int64_t index = -1;  //!< in the quantile levels; -1: none
    std::string label;   //!< "P5"
    std::string csv;     //!< "remaining_p5"
  };

  bool stockpiles_ = false, quotas_ = false, substitution_ = false;
  std::vector<std::string> industries_, materials_, stockpile_ids_;
  std::vector<int64_t> interval_starts_;  //!< first day of each report interval
  size_t K_ = 0, Q_ = 0;
  std::vector<double> remaining_, prob_empty_, quantiles_, released_;  // stockpiles/
  QuantileColumn low_, mid_;
  std::vector<size_t> quota_materials_;                 // indices into materials_
  std::vector<double> denied_, binding_;                // quota/
  std::vector<std::pair<size_t, size_t>> substituted_;  // (industry, material)
  std::vector<double> share_;                           // substitution/share
};

}  // namespace chokepoint
