// Hostile inputs and failing outputs, through the binary: every bad scenario
// exits 2 with its message and writes nothing; a write that fails midway
// leaves no file; readers refuse files that are not chokepoint results.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "host/results/hdf5_file.hpp"
#include "tests/support/cli_runner.hpp"

namespace chokepoint {
namespace {

using testing::file_exists;
using testing::run_cli;
using testing::scratch_dir;
using testing::source_path;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// tests/bad_scenarios/: the first line of each file is "# expect: <text the
// message must contain>". Each run must exit 2, name the problem, create no
// output and leave an existing output file as it was.
TEST(Robustness, EveryBadScenarioExitsTwoAndWritesNothing) {
  const std::string dir = scratch_dir("robust_corpus");
  const std::string existing = dir + "/existing.h5";
  int checked = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(source_path("tests/bad_scenarios"))) {
    const std::string path = entry.path().string();
    if (entry.path().extension() != ".toml") continue;
    const std::string text = read_text(path);
    std::string expect;
    if (text.rfind("# expect: ", 0) == 0) expect = text.substr(10, text.find('\n') - 10);
    const std::string fresh = dir + "/fresh.h5";
    const auto r = run_cli({"run", path, "-o", fresh, "--backend", "cpu"});
    EXPECT_EQ(r.exit_code, 2) << path << "\n" << r.err;
    EXPECT_FALSE(file_exists(fresh)) << path;
    if (!expect.empty()) {
      EXPECT_NE(r.err.find(expect), std::string::npos) << path << "\n" << r.err;
    }
    EXPECT_EQ(r.err.find("terminate"), std::string::npos) << r.err;
    write_text(existing, "keep me");
    EXPECT_EQ(run_cli({"run", path, "-o", existing}).exit_code, 2);
    EXPECT_EQ(read_text(existing), "keep me") << path;
    ++checked;
  }
  EXPECT_GE(checked, 40);
}

TEST(Robustness, DirectoryOrMissingFileAsScenario) {
  const std::string dir = scratch_dir("robust_dir");
  for (const std::string& path : {dir, dir + "/missing.toml"}) {
    const auto r = run_cli({"run", path, "-o", dir + "/out.h5"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(path), std::string::npos) << r.err;
    EXPECT_FALSE(file_exists(dir + "/out.h5"));
  }
}

TEST(Robustness, AbsurdRequestsAreRefusedUpFront) {
  const std::string dir = scratch_dir("robust_absurd");
  const std::string scenario = source_path("configs/rare_earths_2026.toml");
  // 10^15 paths run in bounded memory (replays), but not in 100 kB, and their
  // stored paths would not fit the disk: both refused with the figures.
  auto r = run_cli({"run", scenario, "-n", "1000000000000000", "--memory-budget", "100kB", "-o",
                    dir + "/out.h5"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--memory-budget 0.1 MiB is too small"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("MiB"), std::string::npos) << r.err;
  EXPECT_FALSE(file_exists(dir + "/out.h5"));
  r = run_cli({"run", scenario, "-n", "1000000000000000", "--save-paths", "-o", dir + "/out.h5"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("GiB"), std::string::npos) << r.err;
  EXPECT_FALSE(file_exists(dir + "/out.h5"));
  EXPECT_EQ(run_cli({"run", scenario, "-n", "1e15"}).exit_code, 2);
  EXPECT_EQ(run_cli({"run", scenario, "-n", "0"}).exit_code, 2);
  EXPECT_EQ(run_cli({"run", scenario, "--threads", "0"}).exit_code, 2);
  EXPECT_EQ(run_cli({"run", scenario, "--set", "simulation.horizon_days=10000000"}).exit_code, 2);
  EXPECT_EQ(run_cli({"run", scenario, "--set", "nonsense"}).exit_code, 2);
}

// A file-size limit makes the write fail: 64 KiB while the file is created
// (its coordinates), 600 KiB when the last data is flushed on commit (the whole
// file takes about 690 KiB). Exit 1, the reason on stderr, neither the target
// nor the temporary file left behind, no crash at exit.
TEST(Robustness, WriteFailingMidwayLeavesNoFile) {
  for (const char* blocks : {"64", "600"}) {
    const std::string dir = scratch_dir(std::string("robust_fsize_") + blocks);
    const std::string command =
        "ulimit -f " + std::string(blocks) + " && exec '" + testing::binary_path() + "' run '" +
        source_path("tests/scenarios/geometric_ban.toml") + "' -n 40000 --save-paths --quiet -o '" +
        dir + "/out.h5' 2>'" + dir + "/err'";
    const int status = std::system(("bash -c \"" + command + "\"").c_str());
    EXPECT_TRUE(WIFEXITED(status)) << blocks;
    EXPECT_EQ(WEXITSTATUS(status), 1) << blocks;
    EXPECT_FALSE(file_exists(dir + "/out.h5"));
    int leftovers = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      leftovers += e.path().filename().string().find(".tmp-") != std::string::npos;
    }
    EXPECT_EQ(leftovers, 0) << blocks;
    const std::string err = read_text(dir + "/err");
    EXPECT_NE(err.find("File too large"), std::string::npos) << err;
    // One line with the reason, not HDF5's record of the system call.
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    EXPECT_EQ(err.find("errno ="), std::string::npos) << err;
  }
}

TEST(Robustness, ReadersRefuseFilesThatAreNotResults) {
  const std::string dir = scratch_dir("robust_readers");
  const auto ok = run_cli({"run", source_path("tests/scenarios/permanent_ban.toml"), "-n", "50",
                           "--quiet", "-o", dir + "/good.h5"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  // Truncated: half of a real results file.
  const std::string good = read_text(dir + "/good.h5");
  write_text(dir + "/truncated.h5", good.substr(0, good.size() / 2));
  // Another format, and an unknown major version of ours.
  {
    Hdf5File other = Hdf5File::create(dir + "/other.h5");
    other.set_attribute("/", "format", std::string("someone-elses-results"));
    other.close();
    Hdf5File future = Hdf5File::create(dir + "/future.h5");
    future.set_attribute("/", "format", std::string("chokepoint-results"));
    future.set_attribute("/", "format_version", std::string("2.0"));
    future.close();
  }
  write_text(dir + "/garbage.h5", std::string("\x89HDF\r\n\x1a\n garbage", 17));
  for (const char* name : {"truncated.h5", "other.h5", "future.h5", "garbage.h5"}) {
    const auto r = run_cli({"summary", dir + "/" + name});
    EXPECT_EQ(r.exit_code, 2) << name << "\n" << r.err;
    EXPECT_NE(r.err.find(name), std::string::npos) << r.err;
  }
  EXPECT_NE(run_cli({"summary", dir + "/future.h5"}).err.find("version 2.0"), std::string::npos);
}

}  // namespace
}  // namespace chokepoint
