// Internal to the HDF5 wrapper (hdf5_file.cpp, hdf5_read.cpp): RAII handles,
// helpers and the file's Impl. Nothing else includes this header, so no
// hid_t reaches the rest of the project.
//
// Longer than most files here: the handles, the attribute and dataset helpers
// and Impl are one unit, used only by the two .cpp files of the wrapper.
#pragma once

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "host/results/hdf5_file.hpp"

namespace chokepoint {

namespace hdf5_internal {

// ---- handles ------------------------------------------------------------------

//! Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, -1);
      closer_ = other.closer_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  //! Closes now and reports whether HDF5 succeeded.
  bool close() {
    const bool ok = !valid() || closer_(id_) >= 0;
    id_ = -1;
    return ok;
  }

 private:
  void reset() {
    if (valid()) closer_(id_);
    id_ = -1;
  }
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// The library's error stack is per thread (Debian builds it thread-safe), so the
// automatic printing is switched off on every entry into the wrapper.
inline void silence_hdf5() {
  static std::once_flag once;
  std::call_once(once, [] {
    // HDF5 1.10 closes files still open at exit from an atexit handler, and
    // crashes there on a file whose close failed (a full disk, ulimit -f).
    // Every file here is closed or discarded explicitly, so skip that clean-up.
    H5dont_atexit();
    H5open();
  });
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

inline herr_t innermost_error(unsigned n, const H5E_error2_t* error, void* data) {
  // Walking upward, entry 0 is the most specific error (e.g. "file signature
  // not found", "truncated file: eof = ...").
  if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(data) = error->desc;
  return 0;
}

//! The most specific message on HDF5's error stack, in parentheses, or "".
inline std::string hdf5_detail() {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost_error, &detail);
  H5Eclear2(H5E_DEFAULT);
  std::replace(detail.begin(), detail.end(), '\n', ' ');  // HDF5 embeds ctime() text
  // A failed system call comes as "file write failed: time = ..., filename = ...,
  // file descriptor = 3, errno = 27, error message = 'File too large', buf = ...":
  // what failed and the system's reason are what a user can act on.
  const std::string marker = "error message = '";
  const std::size_t at = detail.find(marker);
  if (at != std::string::npos) {
    const std::size_t begin = at + marker.size();
    const std::size_t end = detail.find('\'', begin);
    detail = detail.substr(0, detail.find(':')) + ": " +
             detail.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  }
  return detail.empty() ? std::string() : " (HDF5: " + detail + ")";
}

//! Paths inside the file: "" and "/" are the root; others become "/a/b".
inline std::string normalize(const std::string& path) {
  std::string out = "/";
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) {
      if (out.size() > 1) out += '/';
      out.append(path, start, end - start);
    }
    start = end + 1;
  }
  return out;
}

inline std::string basename_of(const std::string& normalized) {
  return normalized.substr(normalized.rfind('/') + 1);
}

inline Handle vlen_utf8_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!type.valid() || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
      H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0) {
    throw Hdf5Error("cannot build the UTF-8 string type" + hdf5_detail());
  }
  return type;
}

//! The same fixed-length string type, NUL-padded (HDF5 converts space padding).
inline Handle null_padded_copy(hid_t fixed_string_type) {
  Handle type(H5Tcopy(fixed_string_type), H5Tclose);
  if (!type.valid() || H5Tset_strpad(type.get(), H5T_STR_NULLPAD) < 0) {
    throw Hdf5Error("cannot build a fixed-length string type" + hdf5_detail());
  }
  return type;
}

inline std::string until_nul(const char* begin, size_t width) {
  return std::string(begin, std::find(begin, begin + width, '\0'));
}

inline std::vector<hsize_t> to_hsize(const std::vector<uint64_t>& v) {
  return std::vector<hsize_t>(v.begin(), v.end());
}

inline uint64_t element_count(const std::vector<uint64_t>& shape) {
  uint64_t n = 1;
  for (uint64_t d : shape) n *= d;
  return n;
}

inline std::string shape_text(const std::vector<uint64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

//! Group creation properties: creation order of links and attributes tracked
//! and indexed, as netCDF-4 writes them (see the notes at the top).
inline Handle group_creation_plist(hid_t cls) {
  Handle plist(H5Pcreate(cls), H5Pclose);
  const unsigned order = H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED;
  if (!plist.valid() || H5Pset_link_creation_order(plist.get(), order) < 0 ||
      H5Pset_attr_creation_order(plist.get(), order) < 0) {
    throw Hdf5Error("cannot set group creation properties" + hdf5_detail());
  }
  return plist;
}

template <typename T>
struct TypeOf;
template <>
struct TypeOf<double> {
  static hid_t file() { return H5T_IEEE_F64LE; }
  static hid_t memory() { return H5T_NATIVE_DOUBLE; }
  static constexpr H5T_class_t cls = H5T_FLOAT;
};
template <>
struct TypeOf<int64_t> {
  static hid_t file() { return H5T_STD_I64LE; }
  static hid_t memory() { return H5T_NATIVE_INT64; }
  static constexpr H5T_class_t cls = H5T_INTEGER;
};
template <>
struct TypeOf<uint64_t> {
  static hid_t file() { return H5T_STD_U64LE; }
  static hid_t memory() { return H5T_NATIVE_UINT64; }
  static constexpr H5T_class_t cls = H5T_INTEGER;
};

}  // namespace hdf5_internal

using namespace hdf5_internal;

struct Hdf5File::Impl {
  std::string filename;
  Handle file;
  bool writable = false;

  //! "HDF5 file 'results.h5', /lost_output/mean: " — every message names file and path.
  std::string where(const std::string& path) const {
    return "HDF5 file '" + filename + "', " + normalize(path) + ": ";
  }
  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw Hdf5Error(where(path) + what + hdf5_detail());
  }
  hid_t id(const std::string& path) const {
    silence_hdf5();
    if (!file.valid()) throw Hdf5Error(where(path) + "the file is closed");
    return file.get();
  }
  hid_t id_for_writing(const std::string& path) const {
    const hid_t f = id(path);
    if (!writable) throw Hdf5Error(where(path) + "the file is open read-only");
    return f;
  }

  bool exists(const std::string& path) const {
    const std::string p = normalize(path);
    if (p == "/") return true;
    const hid_t f = id(path);
    // H5Lexists fails rather than answering "no" when a parent is missing,
    // so every prefix is asked in turn.
    for (size_t slash = p.find('/', 1);; slash = p.find('/', slash + 1)) {
      const std::string prefix = p.substr(0, slash);
      if (H5Lexists(f, prefix.c_str(), H5P_DEFAULT) <= 0 ||
          H5Oexists_by_name(f, prefix.c_str(), H5P_DEFAULT) <= 0) {
        H5Eclear2(H5E_DEFAULT);  // "not found" is an answer, not an error to report
        return false;
      }
      if (slash == std::string::npos) return true;
    }
  }

  Handle open_object(const std::string& path) const {
    const hid_t f = id(path);
    if (!exists(path)) fail(path, "no such object");
    Handle obj(H5Oopen(f, normalize(path).c_str(), H5P_DEFAULT), H5Oclose);
    if (!obj.valid()) fail(path, "cannot open the object");
    return obj;
  }

  Handle open_dataset(const std::string& path) const {
    const hid_t f = id(path);
    if (!exists(path)) fail(path, "no such dataset");
    if (H5Iget_type(open_object(path).get()) != H5I_DATASET) fail(path, "not a dataset");
    Handle ds(H5Dopen2(f, normalize(path).c_str(), H5P_DEFAULT), H5Dclose);
    if (!ds.valid()) fail(path, "cannot open the dataset");
    return ds;
  }

  //! Creates the groups above `path` that are missing, with our properties.
  void make_parents(const std::string& path) const {
    const hid_t f = id_for_writing(path);
    const std::string p = normalize(path);
    for (size_t slash = p.find('/', 1); slash != std::string::npos;
         slash = p.find('/', slash + 1)) {
      const std::string group = p.substr(0, slash);
      if (exists(group)) {
        if (H5Iget_type(open_object(group).get()) != H5I_GROUP) fail(group, "not a group");
        continue;
      }
      Handle gcpl = group_creation_plist(H5P_GROUP_CREATE);
      Handle g(H5Gcreate2(f, group.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose);
      if (!g.valid()) fail(group, "cannot create the group");
    }
  }

  //! A new dataset; parents are created, an existing object is an error.
  Handle create_dataset(const std::string& path, hid_t file_type, hid_t space, hid_t dcpl) const {
    const hid_t f = id_for_writing(path);
    if (normalize(path) == "/") fail(path, "the root cannot be a dataset");
    if (exists(path)) fail(path, "already exists");
    make_parents(path);
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
    if (!lcpl.valid() || H5Pset_create_intermediate_group(lcpl.get(), 1) < 0) {
      fail(path, "cannot set link creation properties");
    }
    Handle ds(
        H5Dcreate2(f, normalize(path).c_str(), file_type, space, lcpl.get(), dcpl, H5P_DEFAULT),
        H5Dclose);
    if (!ds.valid()) fail(path, "cannot create the dataset");
    return ds;
  }

  Handle dataspace(const std::string& path, const std::vector<uint64_t>& shape) const {
    Handle space = shape.empty() ? Handle(H5Screate(H5S_SCALAR), H5Sclose)
                                 : Handle(H5Screate_simple(static_cast<int>(shape.size()),
                                                           to_hsize(shape).data(), nullptr),
                                          H5Sclose);
    if (!space.valid()) fail(path, "cannot create a dataspace of shape " + shape_text(shape));
    return space;
  }

  template <typename T>
  void write(const std::string& path, const std::vector<uint64_t>& shape,
             const std::vector<T>& data) const {
    if (element_count(shape) != data.size()) {
      throw std::invalid_argument(where(path) + std::to_string(data.size()) + " values for shape " +
                                  shape_text(shape));
    }
    Handle space = dataspace(path, shape);
    Handle ds = create_dataset(path, TypeOf<T>::file(), space.get(), H5P_DEFAULT);
    if (!data.empty() &&
        H5Dwrite(ds.get(), TypeOf<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()) < 0) {
      fail(path, "cannot write the dataset");
    }
  }

  template <typename T>
  void write_block(const std::string& path, const std::vector<uint64_t>& offset,
                   const std::vector<uint64_t>& count, const std::vector<T>& data) const {
    id_for_writing(path);
    Handle ds = open_dataset(path);
    check_class(path, ds.get(), TypeOf<T>::cls);
    Handle file_space(H5Dget_space(ds.get()), H5Sclose);
    const std::vector<uint64_t> extent = dims_of(path, file_space.get());
    if (offset.size() != extent.size() || count.size() != extent.size()) {
      throw std::invalid_argument(where(path) + "block of rank " + std::to_string(count.size()) +
                                  " for a dataset of shape " + shape_text(extent));
    }
    for (size_t a = 0; a < extent.size(); ++a) {
      if (offset[a] > extent[a] || count[a] > extent[a] - offset[a]) {
        throw std::invalid_argument(where(path) + "block at " + shape_text(offset) + " of " +
                                    shape_text(count) + " outside shape " + shape_text(extent));
      }
    }
    if (element_count(count) != data.size()) {
      throw std::invalid_argument(where(path) + std::to_string(data.size()) +
                                  " values for a block of " + shape_text(count));
    }
    if (data.empty()) return;
    if (!extent.empty() &&
        H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, to_hsize(offset).data(), nullptr,
                            to_hsize(count).data(), nullptr) < 0) {
      fail(path, "cannot select the block");
    }
    Handle mem_space = dataspace(path, count);
    if (H5Dwrite(ds.get(), TypeOf<T>::memory(), mem_space.get(), file_space.get(), H5P_DEFAULT,
                 data.data()) < 0) {
      fail(path, "cannot write the block at " + shape_text(offset));
    }
  }

  std::vector<uint64_t> dims_of(const std::string& path, hid_t space) const {
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0) fail(path, "cannot read the dataspace");
    std::vector<hsize_t> dims(static_cast<size_t>(rank));
    if (rank > 0 && H5Sget_simple_extent_dims(space, dims.data(), nullptr) < 0) {
      fail(path, "cannot read the dataspace");
    }
    return std::vector<uint64_t>(dims.begin(), dims.end());
  }

  void check_class(const std::string& path, hid_t dataset, H5T_class_t wanted) const {
    Handle type(H5Dget_type(dataset), H5Tclose);
    const H5T_class_t cls = H5Tget_class(type.get());
    const bool ok = cls == wanted || (wanted == H5T_FLOAT && cls == H5T_INTEGER);
    if (!ok) {
      fail(path, std::string("holds ") + class_name(cls) + ", not " + class_name(wanted));
    }
  }

  static const char* class_name(H5T_class_t cls) {
    switch (cls) {
      case H5T_INTEGER:
        return "integers";
      case H5T_FLOAT:
        return "floating-point numbers";
      case H5T_STRING:
        return "strings";
      default:
        return "values of another type";
    }
  }

  template <typename T>
  std::vector<T> read(const std::string& path) const {
    Handle ds = open_dataset(path);
    check_class(path, ds.get(), TypeOf<T>::cls);
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    std::vector<T> out(element_count(dims_of(path, space.get())));
    if (!out.empty() &&
        H5Dread(ds.get(), TypeOf<T>::memory(), H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
      fail(path, "cannot read the dataset");
    }
    return out;
  }

  // ---- attributes ----

  //! Creates (or replaces) an attribute and writes `value` of `mem_type`.
  void put_attribute(const std::string& path, const std::string& name, hid_t file_type,
                     hid_t mem_type, const void* value) const {
    id_for_writing(path);
    Handle obj = open_object(path);
    const std::string what = "attribute '" + name + "': ";
    const htri_t present = H5Aexists(obj.get(), name.c_str());
    if (present < 0) fail(path, what + "cannot check for it");
    if (present > 0 && H5Adelete(obj.get(), name.c_str()) < 0)
      fail(path, what + "cannot replace it");
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(
        H5Acreate2(obj.get(), name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
        H5Aclose);
    if (!attr.valid()) fail(path, what + "cannot create it");
    if (H5Awrite(attr.get(), mem_type, value) < 0) fail(path, what + "cannot write it");
  }

  //! Opens a one-element attribute and returns it with its type class.
  std::pair<Handle, H5T_class_t> open_attribute(const std::string& path,
                                                const std::string& name) const {
    Handle obj = open_object(path);
    const std::string what = "attribute '" + name + "': ";
    const htri_t present = H5Aexists(obj.get(), name.c_str());
    if (present < 0) fail(path, what + "cannot check for it");
    if (present == 0) fail(path, "no attribute '" + name + "'");
    Handle attr(H5Aopen(obj.get(), name.c_str(), H5P_DEFAULT), H5Aclose);
    if (!attr.valid()) fail(path, what + "cannot open it");
    Handle space(H5Aget_space(attr.get()), H5Sclose);
    if (H5Sget_simple_extent_npoints(space.get()) != 1) fail(path, what + "not a single value");
    Handle type(H5Aget_type(attr.get()), H5Tclose);
    const H5T_class_t cls = H5Tget_class(type.get());
    return {std::move(attr), cls};
  }
};

}  // namespace chokepoint
