// Runs any command from tests (mpirun, env, the binary) and captures what it
// did, with the child's peak resident memory; and the mpirun command line of
// the MPI tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/support/cli_runner.hpp"

namespace chokepoint::testing {

struct CommandResult : CliResult {
  int64_t peak_rss_bytes = 0;  //!< getrusage of the child: its largest resident set
};

//! Runs argv[0] (looked up on PATH) with the rest as arguments, stdin empty.
CommandResult run_command(const std::vector<std::string>& argv);

//! "mpirun --oversubscribe ... -n N": ranks may outnumber the cores.
std::vector<std::string> mpirun(int ranks);

//! Empty when the MPI tests can run; else why not (built without MPI, no mpirun).
std::string mpi_unavailable();

}  // namespace chokepoint::testing
