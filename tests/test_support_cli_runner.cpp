// Definitions of cli_runner.hpp.
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/cli_runner.hpp"

namespace chokepoint::testing {

namespace {

std::string quote(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string scratch_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(CHOKEPOINT_TEST_TMP) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string source_path(const std::string& relative) {
  return std::string(CHOKEPOINT_SOURCE_DIR) + "/" + relative;
}

bool file_exists(const std::string& path) {
  return std::filesystem::exists(path);
}

CliResult run_cli(const std::vector<std::string>& args, const std::string& directory) {
  static int counter = 0;
  const std::string base =
      scratch_dir("cli_capture_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::string command;
  if (!directory.empty()) command += "cd " + quote(directory) + " && ";
  command += quote(CHOKEPOINT_BINARY);
  for (const auto& a : args) command += " " + quote(a);
  command += " >" + quote(base + "/out") + " 2>" + quote(base + "/err") + " </dev/null";
  const int status = std::system(command.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(base + "/out");
  r.err = slurp(base + "/err");
  std::filesystem::remove_all(base);
  return r;
}

}  // namespace chokepoint::testing
