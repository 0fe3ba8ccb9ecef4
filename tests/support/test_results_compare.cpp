// Definitions of results_compare.hpp (linked into the one test binary).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "host/results/hdf5_file.hpp"
#include "tests/support/results_compare.hpp"

namespace chokepoint::testing {

namespace {

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

std::string join(const std::string& group, const std::string& name) {
  return group == "/" ? name : group + "/" + name;
}

std::vector<std::string> without(std::vector<std::string> names,
                                 const std::vector<std::string>& ignored) {
  names.erase(std::remove_if(names.begin(), names.end(),
                             [&](const std::string& n) {
                               return std::find(ignored.begin(), ignored.end(), n) != ignored.end();
                             }),
              names.end());
  return names;
}

void compare_group(const Hdf5File& a, const Hdf5File& b, const std::string& group, int* compared,
                   const std::vector<std::string>& ignored) {
  const std::vector<std::string> names =
      without(a.list(group), group == "/" ? ignored : std::vector<std::string>{});
  EXPECT_EQ(names, without(b.list(group), group == "/" ? ignored : std::vector<std::string>{}))
      << "members of " << group;
  for (const std::string& name : names) {
    const std::string path = join(group, name);
    if (!b.exists(path)) continue;  // reported above
    bool is_group = true;
    try {
      a.list(path);
    } catch (const Hdf5Error&) {
      is_group = false;
    }
    if (is_group) {
      compare_group(a, b, path, compared, ignored);
      continue;
    }
    ++*compared;
    EXPECT_EQ(a.shape(path), b.shape(path)) << path;
    try {
      EXPECT_TRUE(same_bits(a.read_doubles(path), b.read_doubles(path))) << path << " differs";
    } catch (const Hdf5Error&) {
      try {
        EXPECT_EQ(a.read_integers(path), b.read_integers(path)) << path;
      } catch (const Hdf5Error&) {
        EXPECT_EQ(a.read_strings(path), b.read_strings(path)) << path;
      }
    }
  }
}

}  // namespace

int expect_same_datasets(const std::string& expected_file, const std::string& actual_file,
                         const std::vector<std::string>& ignored) {
  const Hdf5File a = Hdf5File::open_read(expected_file);
  const Hdf5File b = Hdf5File::open_read(actual_file);
  int compared = 0;
  compare_group(a, b, "/", &compared, ignored);
  return compared;
}

}  // namespace chokepoint::testing
