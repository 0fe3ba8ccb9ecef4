#include "tests/support/run_command.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

namespace chokepoint::testing {

namespace {

std::string slurp_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv) {
  static int counter = 0;
  const std::string base =
      scratch_dir("command_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string out = base + "/out", err = base + "/err";
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(in, 0);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  CommandResult r;
  int status = 0;
  struct rusage usage {};
  if (child < 0 || ::wait4(child, &status, 0, &usage) != child) return r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.peak_rss_bytes = static_cast<int64_t>(usage.ru_maxrss) * 1024;  // Linux: kilobytes
  r.out = slurp_file(out);
  r.err = slurp_file(err);
  return r;
}

std::vector<std::string> mpirun(int ranks) {
  // Open MPI keeps allocations past MPI_Finalize, in components it has
  // unloaded (so no suppression can name them): a sanitizer build checks the
  // ranks for leaks no further (the single-process tests cover the same code).
  return {"mpirun",
          "--oversubscribe",
          "--allow-run-as-root",
          "--bind-to",
          "none",
          "-x",
          "OMP_NUM_THREADS=1",
          "-x",
          "LSAN_OPTIONS=detect_leaks=0",
          "-n",
          std::to_string(ranks)};
}

std::string mpi_unavailable() {
#ifndef CHOKEPOINT_HAVE_MPI
  return "built without MPI (-DCHOKEPOINT_MPI=OFF or no MPI found)";
#else
  if (std::system("command -v mpirun >/dev/null 2>&1") != 0) return "no mpirun on PATH";
  return "";
#endif
}

TEST(RunCommand, CapturesExitCodeOutputAndMemory) {
  const CommandResult r = run_command({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_GT(r.peak_rss_bytes, 0);
}

}  // namespace chokepoint::testing
