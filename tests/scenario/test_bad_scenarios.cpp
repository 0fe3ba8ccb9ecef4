// The corpus of invalid scenarios in tests/bad_scenarios/: each file's first line is
// `# expect: <substring>`, which the InputError message of loading it must contain
// (alongside the file's name).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "host/scenario/document.hpp"
#include "host/scenario/input_error.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(testing::source_path("tests/bad_scenarios"));

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kCorpus)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The substring after `# expect: ` on the first line (after a byte-order mark, if any).
std::string expected_substring(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string first_line;
  std::getline(in, first_line);
  if (first_line.rfind("\xEF\xBB\xBF", 0) == 0) first_line.erase(0, 3);
  const std::string marker = "# expect: ";
  if (first_line.rfind(marker, 0) != 0) return {};
  std::string expected = first_line.substr(marker.size());
  while (!expected.empty() && (expected.back() == '\r' || expected.back() == ' ')) {
    expected.pop_back();
  }
  return expected;
}

TEST(BadScenarios, CorpusCoversTheValidationRules) {
  // Guards against the test passing on an empty or misplaced directory.
  EXPECT_GE(corpus_files().size(), 70u) << kCorpus;
}

TEST(BadScenarios, EveryFileIsRejectedWithTheExpectedMessage) {
  for (const fs::path& file : corpus_files()) {
    SCOPED_TRACE(file.filename().string());
    const std::string expected = expected_substring(file);
    ASSERT_FALSE(expected.empty()) << "first line must be '# expect: <substring>'";
    try {
      ScenarioDocument::from_file(file.string()).resolve();
      ADD_FAILURE() << "accepted, expected an error containing: " << expected;
    } catch (const InputError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(expected), std::string::npos)
          << "expected: " << expected << "\n     got: " << message;
      EXPECT_NE(message.find(file.filename().string()), std::string::npos) << message;
      EXPECT_NE(message.find("expected"), std::string::npos) << message;
    }
  }
}

TEST(BadScenarios, BinaryGarbageIsNotUtf8) {
  // The file must stay what its name says; an editor could "fix" it.
  std::ifstream in(kCorpus / "binary_garbage.toml", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(bytes.find('\xff'), std::string::npos);
}

}  // namespace
}  // namespace chokepoint
