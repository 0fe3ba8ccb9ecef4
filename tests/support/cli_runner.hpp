// Runs the chokepoint binary from tests and captures what it did.
#pragma once

#include <string>
#include <vector>

namespace chokepoint::testing {

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};

//! Runs CHOKEPOINT_BINARY with `args` (each shell-quoted), in `directory` if given.
CliResult run_cli(const std::vector<std::string>& args, const std::string& directory = "");

// The source tree, the binary under test and the scratch root are fixed when
// the tests are built; the environment variables CHOKEPOINT_SOURCE_DIR,
// CHOKEPOINT_BINARY and CHOKEPOINT_TEST_TMP override them, so that a built
// test binary can run from another checkout (e.g. on a GPU machine).

//! The chokepoint binary under test.
std::string binary_path();

//! Root of the tests' scratch directories.
std::string test_tmp_dir();

//! A fresh scratch directory for one test, under test_tmp_dir().
std::string scratch_dir(const std::string& name);

//! Path of a file in the source tree.
std::string source_path(const std::string& relative);

bool file_exists(const std::string& path);

}  // namespace chokepoint::testing
