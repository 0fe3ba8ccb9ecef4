// Replays the inputs that the scenario fuzzer (tests/fuzz/run_fuzz.sh) found to crash,
// hang or break an invariant, kept in tests/fuzz/regressions/, through the same steps
// as the fuzz target (tests/fuzz/scenario_fuzz_steps.hpp): only InputError may be
// thrown, and every resolved scenario must round-trip through to_toml. The corpus of
// invalid scenarios (tests/bad_scenarios) and the shipped scenarios go through the
// same steps too, so that the test checks something even with no regressions.
#include <gtest/gtest.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"
#include "tests/fuzz/scenario_fuzz_steps.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = fs::path(testing::source_path("."));

std::vector<fs::path> files_in(const fs::path& dir, const std::string& extension = "") {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (name.empty() || name[0] == '.') continue;  // .gitkeep and the like
    if (!extension.empty() && entry.path().extension() != extension) continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The fuzz target's steps on one file; a broken invariant or an exception other than
// InputError is a test failure.
void replay(const fs::path& file) {
  SCOPED_TRACE(file.string());
  const std::string bytes = read_bytes(file);
  try {
    fuzz::run_steps(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                    [](const std::string& what) { ADD_FAILURE() << what; });
  } catch (const InputError& e) {
    ADD_FAILURE() << "InputError escaped the steps (they catch it): " << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception: " << e.what();
  } catch (...) {
    ADD_FAILURE() << "unexpected exception of an unknown type";
  }
}

TEST(FuzzRegressions, EveryCrasherNowPasses) {
  const std::vector<fs::path> files = files_in(kSource / "tests" / "fuzz" / "regressions");
  for (const fs::path& file : files) replay(file);
  RecordProperty("regressions", static_cast<int>(files.size()));
}

TEST(FuzzRegressions, BadScenariosAreRejectedWithInputErrorOnly) {
  const std::vector<fs::path> files = files_in(kSource / "tests" / "bad_scenarios", ".toml");
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const std::string bytes = read_bytes(file);
    try {
      ScenarioDocument::from_string(bytes, file.filename().string()).resolve();
      ADD_FAILURE() << "accepted; expected an InputError";
    } catch (const InputError&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << "unexpected exception (expected InputError): " << e.what();
    }
    replay(file);
  }
}

TEST(FuzzRegressions, ShippedScenariosPassTheFuzzSteps) {
  std::vector<fs::path> files = files_in(kSource / "configs", ".toml");
  const std::vector<fs::path> bench = files_in(kSource / "bench", ".toml");
  files.insert(files.end(), bench.begin(), bench.end());
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) replay(file);
}

}  // namespace
}  // namespace chokepoint
