// Compares two results files dataset by dataset, for the promise of docs/model.md, "Randomness and
// determinism", that only run-metadata attributes may differ between runs of different backends,
// thread counts or batch sizes.
#pragma once

#include <string>
#include <vector>

namespace chokepoint::testing {

//! Adds a gtest failure for every dataset that differs between the files (or
//! exists in one only). Doubles are compared bit for bit (NaN equals NaN).
//! Returns the number of datasets compared. Members named in `ignored`
//! (root names such as "precision") are left out of both files.
int expect_same_datasets(const std::string& expected_file, const std::string& actual_file,
                         const std::vector<std::string>& ignored = {});

}  // namespace chokepoint::testing
