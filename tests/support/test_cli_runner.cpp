// Definitions of cli_runner.hpp.
#include <sys/wait.h>
#include <cstdlib>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/cli_runner.hpp"

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

//! The environment's value of `name`, else `built_in`.
std::string configured(const char* name, const char* built_in) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : built_in;
}

std::string binary_path() {
  return configured("CHOKEPOINT_BINARY", CHOKEPOINT_BINARY);
}

std::string test_tmp_dir() {
  return configured("CHOKEPOINT_TEST_TMP", CHOKEPOINT_TEST_TMP);
}

std::string scratch_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(test_tmp_dir()) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string source_path(const std::string& relative) {
  return configured("CHOKEPOINT_SOURCE_DIR", CHOKEPOINT_SOURCE_DIR) + "/" + relative;
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
  command += quote(binary_path());
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
