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

//! A fresh scratch directory for one test, under CHOKEPOINT_TEST_TMP.
std::string scratch_dir(const std::string& name);

//! Path of a file in the source tree.
std::string source_path(const std::string& relative);

bool file_exists(const std::string& path);

}  // namespace chokepoint::testing
