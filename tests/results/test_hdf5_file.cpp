// Tests of the HDF5 wrapper: round trips through a closed and reopened file,
// the stored types and filters (checked with the C library directly), errors
// that name the file and the path, and the layout that xarray reads.
#include "host/results/hdf5_file.hpp"
#include "tests/support/cli_runner.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

namespace chokepoint {
namespace {

namespace fs = std::filesystem;

std::string scratch(const std::string& name) {
  const fs::path dir = fs::path(testing::test_tmp_dir()) / "hdf5_file";
  fs::create_directories(dir);
  return (dir / name).string();
}

std::string test_file() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return scratch(std::string(info->name()) + ".h5");
}

// Asserts that `statement` throws `Exception` whose message contains every
// fragment, and that HDF5 printed nothing on stderr meanwhile.
#define EXPECT_THROW_WITH(statement, Exception, ...)                              \
  do {                                                                            \
    ::testing::internal::CaptureStderr();                                         \
    bool thrown = false;                                                          \
    try {                                                                         \
      statement;                                                                  \
    } catch (const Exception& error) {                                            \
      thrown = true;                                                              \
      for (const std::string& fragment : std::vector<std::string>{__VA_ARGS__}) { \
        EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)    \
            << "message: " << error.what() << "\nmissing: " << fragment;          \
      }                                                                           \
    }                                                                             \
    const std::string printed = ::testing::internal::GetCapturedStderr();         \
    EXPECT_TRUE(thrown) << #statement " did not throw " #Exception;               \
    EXPECT_EQ(printed, "") << "HDF5 printed on stderr";                           \
  } while (false)

// ---- direct inspection of the file with the C library (tests only) ----------

struct Raw {
  hid_t id;
  herr_t (*closer)(hid_t);
  ~Raw() {
    if (id >= 0) closer(id);
  }
};

//! Checks the stored datatype of a dataset against `expected`.
bool stored_type_is(const std::string& file, const std::string& path, hid_t expected) {
  Raw f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  Raw d{H5Dopen2(f.id, path.c_str(), H5P_DEFAULT), H5Dclose};
  Raw t{H5Dget_type(d.id), H5Tclose};
  return H5Tequal(t.id, expected) > 0;
}

bool stored_utf8_vlen(const std::string& file, const std::string& path, bool attribute,
                      const std::string& name = "") {
  Raw f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  Raw o{H5Oopen(f.id, path.c_str(), H5P_DEFAULT), H5Oclose};
  Raw a{attribute ? H5Aopen(o.id, name.c_str(), H5P_DEFAULT) : -1, H5Aclose};
  Raw t{attribute ? H5Aget_type(a.id) : H5Dget_type(o.id), H5Tclose};
  return H5Tget_class(t.id) == H5T_STRING && H5Tis_variable_str(t.id) > 0 &&
         H5Tget_cset(t.id) == H5T_CSET_UTF8;
}

// ---- round trips ------------------------------------------------------------

TEST(Hdf5File, DoublesRoundTripBitForBit) {
  const std::string file = test_file();
  const std::vector<double> values = {0.0,
                                      -0.0,
                                      1.0 / 3.0,
                                      -1e300,
                                      std::numeric_limits<double>::denorm_min(),
                                      std::numeric_limits<double>::infinity(),
                                      -std::numeric_limits<double>::infinity(),
                                      std::numeric_limits<double>::quiet_NaN(),
                                      42.5,
                                      1e-300,
                                      7.0,
                                      8.0};
  {
    Hdf5File h5 = Hdf5File::create(file);
    h5.write("scalar", {}, std::vector<double>{2.5});
    h5.write("vector", {12}, values);
    h5.write("/cube", {2, 3, 2}, values);
    h5.write("empty", {0}, std::vector<double>{});
    h5.close();
  }
  Hdf5File h5 = Hdf5File::open_read(file);
  EXPECT_EQ(h5.shape("scalar"), std::vector<uint64_t>{});
  EXPECT_EQ(h5.read_doubles("scalar"), std::vector<double>{2.5});
  EXPECT_EQ(h5.shape("cube"), (std::vector<uint64_t>{2, 3, 2}));
  EXPECT_EQ(h5.shape("empty"), std::vector<uint64_t>{0});
  EXPECT_TRUE(h5.read_doubles("empty").empty());
  for (const char* path : {"vector", "/cube"}) {
    const std::vector<double> back = h5.read_doubles(path);
    ASSERT_EQ(back.size(), values.size());
    for (size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(std::signbit(back[i]), std::signbit(values[i])) << path << " " << i;
      if (std::isnan(values[i])) {
        EXPECT_TRUE(std::isnan(back[i]));
      } else {
        EXPECT_EQ(back[i], values[i]) << path << " " << i;
      }
    }
  }
  h5.close();
  EXPECT_TRUE(stored_type_is(file, "/cube", H5T_IEEE_F64LE));
}

TEST(Hdf5File, IntegersRoundTripAsInt64) {
  const std::string file = test_file();
  const std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(),
                                       -1,
                                       0,
                                       1,
                                       std::numeric_limits<int64_t>::max(),
                                       1234567890123LL};
  {
    Hdf5File h5 = Hdf5File::create(file);
    h5.write("a/b/integers", {2, 3}, values);
    h5.write("count", {}, std::vector<int64_t>{7});
    h5.close();
  }
  Hdf5File h5 = Hdf5File::open_read(file);
  EXPECT_EQ(h5.read_integers("a/b/integers"), values);
  EXPECT_EQ(h5.read_integers("count"), std::vector<int64_t>{7});
  // Integers read as doubles convert; doubles never read as integers.
  EXPECT_EQ(h5.read_doubles("count"), std::vector<double>{7.0});
  EXPECT_TRUE(stored_type_is(file, "/a/b/integers", H5T_STD_I64LE));
}

TEST(Hdf5File, Utf8StringsRoundTrip) {
  const std::string file = test_file();
  const std::vector<std::string> values = {"steel",      "Seltene Erden – Magnete", "稀土永磁", "",
                                           "emoji 🧲", std::string(1000, 'x')};
  {
    Hdf5File h5 = Hdf5File::create(file);
    h5.write_strings("industry", values);
    h5.write_strings("group/none", {});
    h5.close();
  }
  Hdf5File h5 = Hdf5File::open_read(file);
  EXPECT_EQ(h5.read_strings("industry"), values);
  EXPECT_EQ(h5.shape("industry"), std::vector<uint64_t>{values.size()});
  EXPECT_TRUE(h5.read_strings("group/none").empty());
  EXPECT_TRUE(stored_utf8_vlen(file, "/industry", false));
}

TEST(Hdf5File, ChunkedCompressedWrittenInBlocks) {
  const std::string file = test_file();
  const uint64_t P = 2, N = 25, I = 3;
  std::vector<double> expected(P * N * I);
  std::vector<int64_t> expected_days(P * N * I);
  for (size_t k = 0; k < expected.size(); ++k) {
    expected[k] = 0.001 * static_cast<double>(k);
    expected_days[k] = static_cast<int64_t>(k % 17);
  }
  {
    Hdf5File h5 = Hdf5File::create(file);
    h5.create_chunked("paths/lost_output", {P, N, I}, {1, 8, I}, false);
    h5.create_chunked("paths/shortage_days", {P, N, I}, {1, 100, 8}, true);  // clamped
    // Blocks of 7 paths (the last one shorter), as a backend hands them out.
    for (uint64_t p = 0; p < P; ++p) {
      for (uint64_t n0 = 0; n0 < N; n0 += 7) {
        const uint64_t rows = std::min<uint64_t>(7, N - n0);
        const size_t first = (p * N + n0) * I;
        const size_t last = first + rows * I;
        h5.write_block("paths/lost_output", {p, n0, 0}, {1, rows, I},
                       std::vector<double>(expected.begin() + first, expected.begin() + last));
        h5.write_block(
            "paths/shortage_days", {p, n0, 0}, {1, rows, I},
            std::vector<int64_t>(expected_days.begin() + first, expected_days.begin() + last));
      }
    }
    h5.close();
  }
  Hdf5File h5 = Hdf5File::open_read(file);
  EXPECT_EQ(h5.shape("paths/lost_output"), (std::vector<uint64_t>{P, N, I}));
  EXPECT_EQ(h5.read_doubles("paths/lost_output"), expected);
  EXPECT_EQ(h5.read_integers("paths/shortage_days"), expected_days);
  h5.close();

  EXPECT_TRUE(stored_type_is(file, "/paths/lost_output", H5T_IEEE_F64LE));
  EXPECT_TRUE(stored_type_is(file, "/paths/shortage_days", H5T_STD_I64LE));
  Raw f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  Raw d{H5Dopen2(f.id, "/paths/lost_output", H5P_DEFAULT), H5Dclose};
  Raw dcpl{H5Dget_create_plist(d.id), H5Pclose};
  EXPECT_EQ(H5Pget_layout(dcpl.id), H5D_CHUNKED);
  hsize_t chunk[3] = {0, 0, 0};
  ASSERT_EQ(H5Pget_chunk(dcpl.id, 3, chunk), 3);
  EXPECT_EQ(chunk[0], 1u);
  EXPECT_EQ(chunk[1], 8u);
  EXPECT_EQ(chunk[2], I);
  ASSERT_EQ(H5Pget_nfilters(dcpl.id), 2);
  unsigned flags = 0;
  size_t n_values = 1;
  unsigned level = 0;
  EXPECT_EQ(H5Pget_filter2(dcpl.id, 0, &flags, &n_values, &level, 0, nullptr, nullptr),
            H5Z_FILTER_SHUFFLE);
  n_values = 1;
  EXPECT_EQ(H5Pget_filter2(dcpl.id, 1, &flags, &n_values, &level, 0, nullptr, nullptr),
            H5Z_FILTER_DEFLATE);
  EXPECT_EQ(level, 4u);
}

TEST(Hdf5File, AttributesOfEveryTypeOnRootGroupAndDataset) {
  const std::string file = test_file();
  const uint64_t big = std::numeric_limits<uint64_t>::max() - 5;
  {
    Hdf5File h5 = Hdf5File::create(file);
    h5.write("lost_output/mean", {2}, std::vector<double>{0.1, 0.2});
    for (const char* path : {"/", "lost_output", "lost_output/mean"}) {
      h5.set_attribute(path, "text", std::string("Seltene Erden – ") + path);
      h5.set_attribute(path, "real", 0.25);
      h5.set_attribute(path, "signed", int64_t{-3});
      h5.set_attribute(path, "unsigned", big);
    }
    h5.set_attribute("", "empty", std::string());
    h5.close();
  }
  Hdf5File h5 = Hdf5File::open_read(file);
  for (const std::string path : {"/", "lost_output", "lost_output/mean"}) {
    EXPECT_TRUE(h5.has_attribute(path, "text"));
    EXPECT_FALSE(h5.has_attribute(path, "nothing"));
    EXPECT_EQ(h5.read_string_attribute(path, "text"), "Seltene Erden – " + path);
    EXPECT_EQ(h5.read_double_attribute(path, "real"), 0.25);
    EXPECT_EQ(h5.read_integer_attribute(path, "signed"), -3);
    EXPECT_EQ(h5.read_double_attribute(path, "signed"), -3.0);
    EXPECT_EQ(h5.read_double_attribute(path, "unsigned"), static_cast<double>(big));
    EXPECT_THROW_WITH(h5.read_integer_attribute(path, "unsigned"), Hdf5Error, file, "unsigned",
                      "does not fit");
    EXPECT_THROW_WITH(h5.read_integer_attribute(path, "real"), Hdf5Error, "not an integer");
    EXPECT_THROW_WITH(h5.read_string_attribute(path, "real"), Hdf5Error, "not a string");
    EXPECT_THROW_WITH(h5.read_double_attribute(path, "text"), Hdf5Error, "not a number");
  }
  EXPECT_EQ(h5.read_string_attribute("/", "empty"), "");
  h5.close();
  EXPECT_TRUE(stored_utf8_vlen(file, "/", true, "text"));
  EXPECT_TRUE(stored_utf8_vlen(file, "/lost_output/mean", true, "text"));
}

TEST(Hdf5File, ManyAttributesCanBeReplaced) {
  // More attributes than fit compact storage, on groups that index creation
  // order: the case where HDF5 has had bugs replacing attributes.
  const std::string file = test_file();
  {
    Hdf5File h5 = Hdf5File::create(file);
    h5.write("g/x", {}, std::vector<double>{1});
    for (const char* path : {"/", "g", "g/x"}) {
      for (int k = 0; k < 20; ++k) h5.set_attribute(path, "a" + std::to_string(k), int64_t{k});
      for (int round = 0; round < 3; ++round) {
        for (int k = 0; k < 20; k += 3) {
          h5.set_attribute(path, "a" + std::to_string(k), "replaced " + std::to_string(round));
          h5.set_attribute(path, "a" + std::to_string(k + 1), 0.5 * round);
        }
      }
    }
    h5.close();
  }
  Hdf5File h5 = Hdf5File::open_read(file);
  for (const char* path : {"/", "g", "g/x"}) {
    EXPECT_EQ(h5.read_string_attribute(path, "a18"), "replaced 2");
    EXPECT_EQ(h5.read_double_attribute(path, "a19"), 1.0);
    EXPECT_EQ(h5.read_integer_attribute(path, "a17"), 17);
  }
}

TEST(Hdf5File, ParentGroupsCreatedOnDemandAndListed) {
  const std::string file = test_file();
  {
    Hdf5File h5 = Hdf5File::create(file);
    h5.write("a/b/c/d", {1}, std::vector<double>{1});
    h5.write("/a/b/e", {1}, std::vector<int64_t>{1});
    h5.write_strings("a//z", {"x"});
    h5.write("top", {1}, std::vector<double>{1});
    EXPECT_TRUE(h5.exists("a/b/c"));  // visible before closing
    h5.close();
  }
  Hdf5File h5 = Hdf5File::open_read(file);
  for (const char* path : {"", "/", "a", "/a/b", "a/b/c/d", "a/z", "top/"}) {
    EXPECT_TRUE(h5.exists(path)) << path;
  }
  for (const char* path : {"b", "a/x/y", "a/b/c/d/e", "top/x"})
    EXPECT_FALSE(h5.exists(path)) << path;
  EXPECT_EQ(h5.list("/"), (std::vector<std::string>{"a", "top"}));
  EXPECT_EQ(h5.list(""), (std::vector<std::string>{"a", "top"}));
  EXPECT_EQ(h5.list("a"), (std::vector<std::string>{"b", "z"}));
  EXPECT_EQ(h5.list("a/b"), (std::vector<std::string>{"c", "e"}));
  EXPECT_THROW_WITH(h5.list("top"), Hdf5Error, file, "/top", "not a group");
  EXPECT_THROW_WITH(h5.list("nothing"), Hdf5Error, file, "/nothing");
  h5.close();

  // Groups track link and attribute creation order, as netCDF-4 writes them.
  Raw f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  for (const char* path : {"/", "/a", "/a/b/c"}) {
    Raw g{H5Gopen2(f.id, path, H5P_DEFAULT), H5Gclose};
    Raw gcpl{H5Gget_create_plist(g.id), H5Pclose};
    unsigned links = 0, attributes = 0;
    H5Pget_link_creation_order(gcpl.id, &links);
    H5Pget_attr_creation_order(gcpl.id, &attributes);
    EXPECT_EQ(links, unsigned{H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED}) << path;
    EXPECT_EQ(attributes, unsigned{H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED}) << path;
  }
}

TEST(Hdf5File, DimensionScales) {
  const std::string file = test_file();
  Hdf5File h5 = Hdf5File::create(file);
  h5.write("point", {2}, std::vector<int64_t>{0, 1});
  h5.write_strings("industry", {"a", "b", "c"});
  h5.write("g/data", {2, 3}, std::vector<double>(6, 0.0));
  h5.make_dimension_scale("point", "point");
  h5.make_dimension_scale("industry", "");  // empty: the dataset's name
  h5.attach_dimension_scale("g/data", 0, "point");
  h5.attach_dimension_scale("g/data", 1, "/industry");
  EXPECT_THROW_WITH(h5.make_dimension_scale("g/data", "data"), Hdf5Error, file, "/g/data",
                    "one-dimensional");
  EXPECT_THROW_WITH(h5.make_dimension_scale("point", "points"), std::invalid_argument, "'points'",
                    "'point'");
  EXPECT_THROW_WITH(h5.attach_dimension_scale("g/data", 0, "industry"), std::invalid_argument,
                    "/g/data", "axis 0", "/industry");
  EXPECT_THROW_WITH(h5.attach_dimension_scale("g/data", 2, "point"), std::invalid_argument,
                    "no axis 2");
  h5.write("plain", {2}, std::vector<double>{0, 0});
  EXPECT_THROW_WITH(h5.attach_dimension_scale("g/data", 0, "plain"), Hdf5Error, "/plain",
                    "not a dimension scale");
  h5.close();

  Raw f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  Raw d{H5Dopen2(f.id, "/g/data", H5P_DEFAULT), H5Dclose};
  Raw point{H5Dopen2(f.id, "/point", H5P_DEFAULT), H5Dclose};
  Raw industry{H5Dopen2(f.id, "/industry", H5P_DEFAULT), H5Dclose};
  EXPECT_GT(H5DSis_attached(d.id, point.id, 0), 0);
  EXPECT_GT(H5DSis_attached(d.id, industry.id, 1), 0);
  char name[32] = {};
  EXPECT_GT(H5DSget_scale_name(industry.id, name, sizeof name), 0);
  EXPECT_STREQ(name, "industry");
}

// ---- errors -----------------------------------------------------------------

TEST(Hdf5File, OpeningAMissingFileNamesIt) {
  const std::string file = scratch("does_not_exist.h5");
  fs::remove(file);
  EXPECT_THROW_WITH(Hdf5File::open_read(file), Hdf5Error, file, "No such file");
}

TEST(Hdf5File, OpeningANonHdf5FileNamesIt) {
  const std::string file = scratch("not_hdf5.h5");
  std::ofstream(file) << "point,industry\n0,steel\n";
  EXPECT_THROW_WITH(Hdf5File::open_read(file), Hdf5Error, file, "not an HDF5 file");
  EXPECT_THROW_WITH(Hdf5File::open_read(scratch("")), Hdf5Error, "is a directory");
}

TEST(Hdf5File, OpeningATruncatedFileNamesIt) {
  const std::string whole = test_file();
  {
    Hdf5File h5 = Hdf5File::create(whole);
    h5.write("data", {4096}, std::vector<double>(4096, 1.5));
    h5.close();
  }
  const std::string cut = scratch("truncated.h5");
  fs::copy_file(whole, cut, fs::copy_options::overwrite_existing);
  fs::resize_file(cut, fs::file_size(whole) / 2);
  EXPECT_THROW_WITH(Hdf5File::open_read(cut), Hdf5Error, cut, "truncated");
}

TEST(Hdf5File, MissingObjectsNameTheFileAndPath) {
  const std::string file = test_file();
  {
    Hdf5File h5 = Hdf5File::create(file);
    h5.write("lost_output/mean", {1}, std::vector<double>{1});
    h5.close();
  }
  Hdf5File h5 = Hdf5File::open_read(file);
  EXPECT_THROW_WITH(h5.read_doubles("lost_output/nothing"), Hdf5Error, file,
                    "/lost_output/nothing");
  EXPECT_THROW_WITH(h5.read_integers("no/such/group"), Hdf5Error, file, "/no/such/group");
  EXPECT_THROW_WITH(h5.read_strings("lost_output"), Hdf5Error, "/lost_output", "not a dataset");
  EXPECT_THROW_WITH(h5.shape("nothing"), Hdf5Error, "/nothing");
  EXPECT_THROW_WITH(h5.read_string_attribute("lost_output/mean", "units"), Hdf5Error, file,
                    "/lost_output/mean", "no attribute 'units'");
  EXPECT_THROW_WITH(h5.has_attribute("nothing", "units"), Hdf5Error, "/nothing");
  EXPECT_THROW_WITH(h5.read_integers("lost_output/mean"), Hdf5Error, "/lost_output/mean",
                    "floating-point");
  EXPECT_THROW_WITH(h5.read_strings("lost_output/mean"), Hdf5Error, "/lost_output/mean");
  EXPECT_THROW_WITH(h5.write("x", {1}, std::vector<double>{1}), Hdf5Error, file, "read-only");
  EXPECT_THROW_WITH(h5.set_attribute("/", "x", 1.0), Hdf5Error, "read-only");
}

TEST(Hdf5File, WritingMistakesAreReported) {
  const std::string file = test_file();
  Hdf5File h5 = Hdf5File::create(file);
  h5.write("data", {2}, std::vector<double>{1, 2});
  EXPECT_THROW_WITH(h5.write("data", {2}, std::vector<double>{1, 2}), Hdf5Error, file, "/data",
                    "already exists");
  EXPECT_THROW_WITH(h5.write("data/below", {1}, std::vector<double>{1}), Hdf5Error, "/data",
                    "not a group");
  EXPECT_THROW_WITH(h5.write("other", {2, 2}, std::vector<double>{1, 2, 3}), std::invalid_argument,
                    "/other", "3 values", "[2, 2]");
  EXPECT_THROW_WITH(h5.set_attribute("nothing", "units", "1"), Hdf5Error, "/nothing");
  h5.create_chunked("chunked", {4, 3}, {2, 3}, false);
  EXPECT_THROW_WITH(h5.write_block("chunked", {3, 0}, {2, 3}, std::vector<double>(6)),
                    std::invalid_argument, "/chunked", "outside");
  EXPECT_THROW_WITH(h5.write_block("chunked", {0}, {1}, std::vector<double>(1)),
                    std::invalid_argument, "rank");
  EXPECT_THROW_WITH(h5.write_block("chunked", {0, 0}, {1, 3}, std::vector<int64_t>(3)), Hdf5Error,
                    "/chunked", "floating-point");
  EXPECT_THROW_WITH(h5.write_block("missing", {0, 0}, {1, 3}, std::vector<double>(3)), Hdf5Error,
                    "/missing");
  h5.close();
  h5.close();  // closing twice is harmless
  EXPECT_THROW_WITH(h5.exists("data"), Hdf5Error, file, "closed");
  EXPECT_THROW_WITH(Hdf5File::create(scratch("no_such_dir/x.h5")), Hdf5Error, "no_such_dir/x.h5");
}

TEST(Hdf5File, MovedFileKeepsWorking) {
  const std::string file = test_file();
  Hdf5File first = Hdf5File::create(file);
  first.write("x", {1}, std::vector<double>{3});
  Hdf5File second = std::move(first);
  second.write("y", {1}, std::vector<double>{4});
  second.close();
  Hdf5File reader = Hdf5File::open_read(file);
  EXPECT_EQ(reader.read_doubles("y"), std::vector<double>{4});
}

// ---- the layout as xarray sees it -------------------------------------------

void write_miniature_results(const std::string& file) {
  const uint64_t P = 2, I = 3, Q = 4, R = 2, N = 5;
  const std::vector<std::string> industries = {"steel", "Magnete – NdFeB", "稀土"};
  Hdf5File h5 = Hdf5File::create(file);
  h5.set_attribute("/", "format", std::string("chokepoint-results"));
  h5.set_attribute("/", "format_version", int64_t{1});
  h5.set_attribute("/", "seed", uint64_t{18446744073709551000ULL});
  h5.set_attribute("/", "elapsed_seconds", 0.5);

  h5.write("point", {P}, std::vector<int64_t>{0, 1});
  h5.write_strings("industry", industries);
  h5.write_strings("industry_other", industries);
  h5.write("quantile", {Q}, std::vector<double>{0.05, 0.5, 0.95, 0.99});
  h5.write_strings("regime", {"calm", "embargo"});
  h5.write("path", {N}, std::vector<int64_t>{0, 1, 2, 3, 4});
  for (const char* scale : {"point", "industry", "industry_other", "quantile", "regime", "path"}) {
    h5.make_dimension_scale(scale, scale);
  }

  struct Variable {
    std::string path;
    std::vector<std::string> dims;
  };
  const std::vector<Variable> variables = {
      {"regime_occupancy", {"point", "regime"}},
      {"lost_output/mean", {"point", "industry"}},
      {"lost_output/quantiles", {"point", "industry", "quantile"}},
      {"joint/correlation", {"point", "industry", "industry_other"}},
  };
  auto length = [&](const std::string& dim) {
    return dim == "point" ? P : dim == "quantile" ? Q : dim == "regime" ? R : I;
  };
  for (const Variable& v : variables) {
    std::vector<uint64_t> shape;
    for (const std::string& d : v.dims) shape.push_back(length(d));
    uint64_t n = 1;
    for (uint64_t s : shape) n *= s;
    std::vector<double> values(n);
    for (uint64_t k = 0; k < n; ++k) values[k] = 0.01 * static_cast<double>(k);
    h5.write(v.path, shape, values);
    for (unsigned axis = 0; axis < v.dims.size(); ++axis) {
      h5.attach_dimension_scale(v.path, axis, v.dims[axis]);
    }
    h5.set_attribute(v.path, "units", std::string("1"));
    h5.set_attribute(v.path, "description", "test variable " + v.path);
  }
  // A chunked per-path dataset, written in blocks, with scales on all axes.
  h5.create_chunked("paths/lost_output", {P, N, I}, {1, 2, I}, false);
  for (uint64_t p = 0; p < P; ++p) {
    h5.write_block("paths/lost_output", {p, 0, 0}, {1, N, I}, std::vector<double>(N * I, 0.5));
  }
  h5.attach_dimension_scale("paths/lost_output", 0, "point");
  h5.attach_dimension_scale("paths/lost_output", 1, "path");
  h5.attach_dimension_scale("paths/lost_output", 2, "industry");
  h5.write("lost_output/paths", {}, std::vector<int64_t>{5});  // scalars need no scale
  h5.close();
}

bool xarray_available() {
  if (access("/usr/bin/python3", X_OK) != 0) return false;
  return std::system("/usr/bin/python3 -c 'import xarray, h5netcdf, h5py' >/dev/null 2>&1") == 0;
}

TEST(Hdf5File, XarraySeesNamedDimensionsInRootAndGroups) {
  if (!xarray_available()) {
    GTEST_SKIP() << "/usr/bin/python3 with xarray, h5netcdf and h5py is not available";
  }
  const std::string file = test_file();
  write_miniature_results(file);
  const std::string log = scratch("xarray_check.log");
  const std::string command = "/usr/bin/python3 '" +
                              testing::source_path("tests/results/xarray_check.py") + "' '" + file +
                              "' --coords point,industry,industry_other,quantile,regime,path"
                              " --expect regime_occupancy=point,regime"
                              " --expect lost_output/mean=point,industry"
                              " --expect lost_output/quantiles=point,industry,quantile"
                              " --expect joint/correlation=point,industry,industry_other"
                              " --expect paths/lost_output=point,path,industry"
                              " --expect lost_output/paths= > '" +
                              log + "' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(log);
  const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(status, 0) << command << "\n" << output;
}

}  // namespace
}  // namespace chokepoint
