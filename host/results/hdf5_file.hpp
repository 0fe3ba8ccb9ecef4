// All HDF5 access of the project goes through this small RAII wrapper: no raw
// hid_t leaks out of hdf5_file.cpp. Paths are absolute within the file
// ("lost_output/mean"); parent groups are created on demand when writing.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace chokepoint {

//! Failure of the HDF5 library or of the file (runtime failure: exit code 1).
class Hdf5Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Hdf5File {
 public:
  //! Creates (truncating) a file for writing.
  static Hdf5File create(const std::string& path);
  //! Opens an existing file read-only; a non-HDF5 or unreadable file throws Hdf5Error.
  static Hdf5File open_read(const std::string& path);

  Hdf5File(Hdf5File&&) noexcept;
  Hdf5File& operator=(Hdf5File&&) noexcept;
  ~Hdf5File();

  //! Flushes and closes; errors surface here rather than in the destructor.
  void close();

  // ---- writing -------------------------------------------------------------
  //! Row-major datasets of the given shape (an empty shape is a scalar).
  void write(const std::string& path, const std::vector<uint64_t>& shape,
             const std::vector<double>& data);
  void write(const std::string& path, const std::vector<uint64_t>& shape,
             const std::vector<int64_t>& data);
  //! 1-D variable-length UTF-8 string dataset.
  void write_strings(const std::string& path, const std::vector<std::string>& data);

  //! A chunked, deflate-compressed dataset written piecewise with write_rows.
  void create_chunked(const std::string& path, const std::vector<uint64_t>& shape,
                      const std::vector<uint64_t>& chunk, bool integer);
  //! Writes a hyperslab: `offset` and `count` per axis, row-major `data`.
  void write_block(const std::string& path, const std::vector<uint64_t>& offset,
                   const std::vector<uint64_t>& count, const std::vector<double>& data);
  void write_block(const std::string& path, const std::vector<uint64_t>& offset,
                   const std::vector<uint64_t>& count, const std::vector<int64_t>& data);

  //! Attributes on the object at `path` ("/" or "" for the root, a group or a dataset).
  void set_attribute(const std::string& path, const std::string& name, const std::string& value);
  void set_attribute(const std::string& path, const std::string& name, double value);
  void set_attribute(const std::string& path, const std::string& name, int64_t value);
  void set_attribute(const std::string& path, const std::string& name, uint64_t value);

  //! Turns the dataset at `path` into a dimension scale named `dimension_name`.
  void make_dimension_scale(const std::string& path, const std::string& dimension_name);
  //! Attaches the scale at `scale_path` to axis `axis` of the dataset at `path`.
  void attach_dimension_scale(const std::string& path, unsigned axis,
                              const std::string& scale_path);

  // ---- reading -------------------------------------------------------------
  bool exists(const std::string& path) const;
  std::vector<uint64_t> shape(const std::string& path) const;
  std::vector<double> read_doubles(const std::string& path) const;
  std::vector<int64_t> read_integers(const std::string& path) const;
  std::vector<std::string> read_strings(const std::string& path) const;
  bool has_attribute(const std::string& path, const std::string& name) const;
  std::string read_string_attribute(const std::string& path, const std::string& name) const;
  double read_double_attribute(const std::string& path, const std::string& name) const;
  int64_t read_integer_attribute(const std::string& path, const std::string& name) const;
  //! Names of the members of a group, sorted.
  std::vector<std::string> list(const std::string& group_path) const;

 private:
  struct Impl;
  explicit Hdf5File(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace chokepoint
