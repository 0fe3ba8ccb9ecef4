// The project's only contact with the HDF5 C library (OpenMC's hdf5_interface):
// every hid_t lives in a Handle below and never leaves this file.
//
// What the netCDF readers need (found by experiment with Debian's HDF5 1.10.8,
// h5py 3.7, h5netcdf 1.1.0, xarray 2023.01; tests/xarray_check.py checks it):
//
// * Dimension scales alone are enough for h5netcdf: CLASS = "DIMENSION_SCALE"
//   and NAME from H5DSset_scale, DIMENSION_LIST / REFERENCE_LIST from
//   H5DSattach_scale. `_Netcdf4Dimid` and `_Netcdf4Coordinates` are not needed:
//   h5netcdf numbers dimensions itself when they are absent, and
//   `_Netcdf4Coordinates` only matters for multi-dimensional coordinate
//   variables, which the results file has none of.
// * h5netcdf names a dimension after the *dataset* holding the scale (the last
//   component of its path), never after the NAME attribute; netCDF-C does the
//   same. make_dimension_scale therefore insists that the two agree, so that
//   h5py (which shows NAME) and xarray show the same name. Two axes of one
//   variable need two scale datasets (`industry` and `industry_other`).
// * Scales in the root attached to datasets in a subgroup work: h5netcdf
//   (like netCDF-C) looks dimensions up in the group and then its ancestors.
//   `open_dataset(path, group="lost_output")` shows the variables with the
//   named dimensions `point`, `industry`, `quantile` and the right sizes, but
//   *without* coordinate values: xarray only reads the variables of the group
//   itself ("Dimensions without coordinates"). Readers get the values with
//   `ds.assign_coords(root.coords)` (see tests/xarray_check.py).
// * Every axis of every non-scalar dataset in a group that xarray opens must
//   carry a scale: a dataset without scales makes h5netcdf refuse the whole
//   group ("has no dimension scale associated with axis 0", unless the reader
//   passes phony_dims=), and a dataset with scales on some axes only is
//   rejected as "malformed". Scalars need nothing.
// * A scale and every axis attached to it must have the same length; xarray
//   fails with "conflicting sizes" otherwise, so attach_dimension_scale checks.
// * String scales work: variable-length UTF-8 strings come back as Python str
//   in an object array; so do scalar variable-length UTF-8 string attributes.
// * Creation order: h5netcdf does not need it to read. netCDF-C (R's ncdf4,
//   Julia's NCDatasets) reads files without tracked link creation order only
//   read-only, iterating by name, and iterates attributes by creation order,
//   which HDF5 also answers for untracked compact attributes. We track and
//   index link and attribute creation order on every group anyway (as
//   netCDF-C itself does), so that netCDF tools list variables and root
//   attributes in the order they were written, and netCDF-C can even append.
//   Datasets do not track attribute order: with dense attribute storage and a
//   creation-order index, HDF5 1.10 has had bugs deleting/rewriting
//   attributes (h5py issues 1385, 1641), and H5DSattach_scale rewrites
//   REFERENCE_LIST on the scale every time it is attached.
// * Library version bounds stay at the default (earliest), so that HDF5 1.8
//   reads the files; tracked creation order on groups already needs 1.8.
#include "host/hdf5_file.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <utility>

namespace chokepoint {

namespace {

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
void silence_hdf5() {
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

herr_t innermost_error(unsigned n, const H5E_error2_t* error, void* data) {
  // Walking upward, entry 0 is the most specific error (e.g. "file signature
  // not found", "truncated file: eof = ...").
  if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(data) = error->desc;
  return 0;
}

//! The most specific message on HDF5's error stack, in parentheses, or "".
std::string hdf5_detail() {
  std::string detail;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost_error, &detail);
  H5Eclear2(H5E_DEFAULT);
  std::replace(detail.begin(), detail.end(), '\n', ' ');  // HDF5 embeds ctime() text
  return detail.empty() ? std::string() : " (HDF5: " + detail + ")";
}

//! Paths inside the file: "" and "/" are the root; others become "/a/b".
std::string normalize(const std::string& path) {
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

std::string basename_of(const std::string& normalized) {
  return normalized.substr(normalized.rfind('/') + 1);
}

Handle vlen_utf8_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  if (!type.valid() || H5Tset_size(type.get(), H5T_VARIABLE) < 0 ||
      H5Tset_cset(type.get(), H5T_CSET_UTF8) < 0) {
    throw Hdf5Error("cannot build the UTF-8 string type" + hdf5_detail());
  }
  return type;
}

//! The same fixed-length string type, NUL-padded (HDF5 converts space padding).
Handle null_padded_copy(hid_t fixed_string_type) {
  Handle type(H5Tcopy(fixed_string_type), H5Tclose);
  if (!type.valid() || H5Tset_strpad(type.get(), H5T_STR_NULLPAD) < 0) {
    throw Hdf5Error("cannot build a fixed-length string type" + hdf5_detail());
  }
  return type;
}

std::string until_nul(const char* begin, size_t width) {
  return std::string(begin, std::find(begin, begin + width, '\0'));
}

std::vector<hsize_t> to_hsize(const std::vector<uint64_t>& v) {
  return std::vector<hsize_t>(v.begin(), v.end());
}

uint64_t element_count(const std::vector<uint64_t>& shape) {
  uint64_t n = 1;
  for (uint64_t d : shape) n *= d;
  return n;
}

std::string shape_text(const std::vector<uint64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

//! Group creation properties: creation order of links and attributes tracked
//! and indexed, as netCDF-4 writes them (see the notes at the top).
Handle group_creation_plist(hid_t cls) {
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

}  // namespace

// ---- the file -------------------------------------------------------------------

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

Hdf5File::Hdf5File(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Hdf5File::Hdf5File(Hdf5File&&) noexcept = default;
Hdf5File& Hdf5File::operator=(Hdf5File&&) noexcept = default;
Hdf5File::~Hdf5File() {
  // Closing an unclosed file must not print HDF5's error stack either.
  if (impl_ && impl_->file.valid()) silence_hdf5();
}

Hdf5File Hdf5File::create(const std::string& path) {
  silence_hdf5();
  auto impl = std::make_unique<Impl>();
  impl->filename = path;
  impl->writable = true;
  Handle fcpl = group_creation_plist(H5P_FILE_CREATE);
  impl->file = Handle(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl.get(), H5P_DEFAULT), H5Fclose);
  if (!impl->file.valid()) {
    throw Hdf5Error("cannot create HDF5 file '" + path + "'" + hdf5_detail());
  }
  return Hdf5File(std::move(impl));
}

Hdf5File Hdf5File::open_read(const std::string& path) {
  silence_hdf5();
  auto impl = std::make_unique<Impl>();
  impl->filename = path;
  impl->file = Handle(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (impl->file.valid()) return Hdf5File(std::move(impl));

  // Say which of the usual reasons it is rather than only echoing HDF5.
  const std::string detail = hdf5_detail();
  errno = 0;
  if (!std::ifstream(path, std::ios::binary).is_open()) {
    const int err = errno;
    throw Hdf5Error("cannot open HDF5 file '" + path +
                    "': " + (err ? std::strerror(err) : "cannot be read"));
  }
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    throw Hdf5Error("cannot open HDF5 file '" + path + "': it is a directory");
  }
#if H5_VERSION_GE(1, 12, 0)
  const htri_t is_hdf5 = H5Fis_accessible(path.c_str(), H5P_DEFAULT);
#else
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
#endif
  H5Eclear2(H5E_DEFAULT);
  if (is_hdf5 == 0) throw Hdf5Error("'" + path + "' is not an HDF5 file");
  throw Hdf5Error("cannot open HDF5 file '" + path + "': damaged, truncated or locked" + detail);
}

void Hdf5File::close() {
  if (!impl_ || !impl_->file.valid()) return;
  silence_hdf5();
  const bool flushed = !impl_->writable || H5Fflush(impl_->file.get(), H5F_SCOPE_LOCAL) >= 0;
  const std::string detail = flushed ? std::string() : hdf5_detail();
  const bool closed = impl_->file.close();
  if (!flushed || !closed) {
    throw Hdf5Error("cannot finish writing HDF5 file '" + impl_->filename + "'" +
                    (detail.empty() ? hdf5_detail() : detail));
  }
}

// ---- writing ----------------------------------------------------------------------

void Hdf5File::write(const std::string& path, const std::vector<uint64_t>& shape,
                     const std::vector<double>& data) {
  impl_->write(path, shape, data);
}

void Hdf5File::write(const std::string& path, const std::vector<uint64_t>& shape,
                     const std::vector<int64_t>& data) {
  impl_->write(path, shape, data);
}

void Hdf5File::write_strings(const std::string& path, const std::vector<std::string>& data) {
  Handle type = vlen_utf8_type();
  Handle space = impl_->dataspace(path, {data.size()});
  Handle ds = impl_->create_dataset(path, type.get(), space.get(), H5P_DEFAULT);
  std::vector<const char*> pointers;
  pointers.reserve(data.size());
  for (const std::string& s : data) pointers.push_back(s.c_str());
  if (!data.empty() &&
      H5Dwrite(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
    impl_->fail(path, "cannot write the strings");
  }
}

void Hdf5File::create_chunked(const std::string& path, const std::vector<uint64_t>& shape,
                              const std::vector<uint64_t>& chunk, bool integer) {
  if (shape.empty() || chunk.size() != shape.size()) {
    throw std::invalid_argument(impl_->where(path) + "chunk " + shape_text(chunk) + " for shape " +
                                shape_text(shape));
  }
  // HDF5 wants 1 <= chunk <= extent on fixed-size axes; clamp rather than fail.
  std::vector<hsize_t> chunk_dims(shape.size());
  for (size_t a = 0; a < shape.size(); ++a) {
    chunk_dims[a] = std::max<hsize_t>(1, std::min<hsize_t>(chunk[a] ? chunk[a] : 1, shape[a]));
  }
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0) {
    impl_->fail(path, "this HDF5 library has no deflate filter");
  }
  if (!dcpl.valid() ||
      H5Pset_chunk(dcpl.get(), static_cast<int>(chunk_dims.size()), chunk_dims.data()) < 0 ||
      H5Pset_shuffle(dcpl.get()) < 0 || H5Pset_deflate(dcpl.get(), 4) < 0) {
    impl_->fail(path, "cannot set chunking and compression");
  }
  Handle space = impl_->dataspace(path, shape);
  const hid_t type = integer ? TypeOf<int64_t>::file() : TypeOf<double>::file();
  impl_->create_dataset(path, type, space.get(), dcpl.get());
}

void Hdf5File::write_block(const std::string& path, const std::vector<uint64_t>& offset,
                           const std::vector<uint64_t>& count, const std::vector<double>& data) {
  impl_->write_block(path, offset, count, data);
}

void Hdf5File::write_block(const std::string& path, const std::vector<uint64_t>& offset,
                           const std::vector<uint64_t>& count, const std::vector<int64_t>& data) {
  impl_->write_block(path, offset, count, data);
}

void Hdf5File::set_attribute(const std::string& path, const std::string& name,
                             const std::string& value) {
  Handle type = vlen_utf8_type();
  const char* pointer = value.c_str();
  impl_->put_attribute(path, name, type.get(), type.get(), &pointer);
}

void Hdf5File::set_attribute(const std::string& path, const std::string& name, double value) {
  impl_->put_attribute(path, name, TypeOf<double>::file(), TypeOf<double>::memory(), &value);
}

void Hdf5File::set_attribute(const std::string& path, const std::string& name, int64_t value) {
  impl_->put_attribute(path, name, TypeOf<int64_t>::file(), TypeOf<int64_t>::memory(), &value);
}

void Hdf5File::set_attribute(const std::string& path, const std::string& name, uint64_t value) {
  impl_->put_attribute(path, name, TypeOf<uint64_t>::file(), TypeOf<uint64_t>::memory(), &value);
}

void Hdf5File::make_dimension_scale(const std::string& path, const std::string& dimension_name) {
  impl_->id_for_writing(path);
  const std::string dataset_name = basename_of(normalize(path));
  if (!dimension_name.empty() && dimension_name != dataset_name) {
    // netCDF readers name the dimension after the dataset, h5py after NAME.
    throw std::invalid_argument(impl_->where(path) + "dimension name '" + dimension_name +
                                "' differs from the dataset name '" + dataset_name + "'");
  }
  Handle ds = impl_->open_dataset(path);
  Handle space(H5Dget_space(ds.get()), H5Sclose);
  if (impl_->dims_of(path, space.get()).size() != 1) {
    impl_->fail(path, "a dimension scale must be one-dimensional");
  }
  if (H5DSset_scale(ds.get(), dataset_name.c_str()) < 0) {
    impl_->fail(path, "cannot make it a dimension scale");
  }
}

void Hdf5File::attach_dimension_scale(const std::string& path, unsigned axis,
                                      const std::string& scale_path) {
  impl_->id_for_writing(path);
  Handle ds = impl_->open_dataset(path);
  Handle scale = impl_->open_dataset(scale_path);
  if (H5DSis_scale(scale.get()) <= 0) {
    impl_->fail(scale_path, "not a dimension scale (call make_dimension_scale first)");
  }
  Handle ds_space(H5Dget_space(ds.get()), H5Sclose);
  Handle scale_space(H5Dget_space(scale.get()), H5Sclose);
  const std::vector<uint64_t> shape = impl_->dims_of(path, ds_space.get());
  const std::vector<uint64_t> scale_shape = impl_->dims_of(scale_path, scale_space.get());
  if (axis >= shape.size()) {
    throw std::invalid_argument(impl_->where(path) + "no axis " + std::to_string(axis) +
                                " in shape " + shape_text(shape));
  }
  if (scale_shape.size() != 1 || scale_shape[0] != shape[axis]) {
    throw std::invalid_argument(impl_->where(path) + "axis " + std::to_string(axis) +
                                " has length " + std::to_string(shape[axis]) + " but scale " +
                                normalize(scale_path) + " has shape " + shape_text(scale_shape));
  }
  if (H5DSattach_scale(ds.get(), scale.get(), axis) < 0) {
    impl_->fail(path, "cannot attach the scale " + normalize(scale_path) + " to axis " +
                          std::to_string(axis));
  }
}

// ---- reading ------------------------------------------------------------------------

bool Hdf5File::exists(const std::string& path) const {
  return impl_->exists(path);
}

std::vector<uint64_t> Hdf5File::shape(const std::string& path) const {
  Handle ds = impl_->open_dataset(path);
  Handle space(H5Dget_space(ds.get()), H5Sclose);
  return impl_->dims_of(path, space.get());
}

std::vector<double> Hdf5File::read_doubles(const std::string& path) const {
  return impl_->read<double>(path);
}

std::vector<int64_t> Hdf5File::read_integers(const std::string& path) const {
  return impl_->read<int64_t>(path);
}

std::vector<std::string> Hdf5File::read_strings(const std::string& path) const {
  Handle ds = impl_->open_dataset(path);
  impl_->check_class(path, ds.get(), H5T_STRING);
  Handle space(H5Dget_space(ds.get()), H5Sclose);
  const size_t n = element_count(impl_->dims_of(path, space.get()));
  Handle file_type(H5Dget_type(ds.get()), H5Tclose);
  const htri_t variable = H5Tis_variable_str(file_type.get());
  if (variable < 0) impl_->fail(path, "cannot inspect the string type");
  std::vector<std::string> out;
  out.reserve(n);
  if (n == 0) return out;
  if (variable > 0) {
    Handle mem_type = vlen_utf8_type();
    std::vector<char*> pointers(n, nullptr);
    if (H5Dread(ds.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, pointers.data()) < 0) {
      impl_->fail(path, "cannot read the strings");
    }
    for (const char* p : pointers) out.emplace_back(p ? p : "");
#if H5_VERSION_GE(1, 12, 0)
    H5Treclaim(mem_type.get(), space.get(), H5P_DEFAULT, pointers.data());
#else
    H5Dvlen_reclaim(mem_type.get(), space.get(), H5P_DEFAULT, pointers.data());
#endif
  } else {
    // Fixed-length strings (as other tools write them): NUL- or space-padded.
    const size_t width = H5Tget_size(file_type.get());
    Handle mem_type = null_padded_copy(file_type.get());
    std::vector<char> buffer(n * width);
    if (H5Dread(ds.get(), mem_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) {
      impl_->fail(path, "cannot read the strings");
    }
    for (size_t i = 0; i < n; ++i) out.push_back(until_nul(buffer.data() + i * width, width));
  }
  return out;
}

bool Hdf5File::has_attribute(const std::string& path, const std::string& name) const {
  Handle obj = impl_->open_object(path);
  const htri_t present = H5Aexists(obj.get(), name.c_str());
  if (present < 0) impl_->fail(path, "cannot check for attribute '" + name + "'");
  return present > 0;
}

std::string Hdf5File::read_string_attribute(const std::string& path,
                                            const std::string& name) const {
  auto [attr, cls] = impl_->open_attribute(path, name);
  if (cls != H5T_STRING) impl_->fail(path, "attribute '" + name + "' is not a string");
  Handle file_type(H5Aget_type(attr.get()), H5Tclose);
  const htri_t variable = H5Tis_variable_str(file_type.get());
  if (variable < 0) impl_->fail(path, "attribute '" + name + "': cannot inspect its type");
  if (variable > 0) {
    Handle mem_type = vlen_utf8_type();
    char* pointer = nullptr;
    if (H5Aread(attr.get(), mem_type.get(), &pointer) < 0) {
      impl_->fail(path, "attribute '" + name + "': cannot read it");
    }
    std::string value = pointer ? pointer : "";
    H5free_memory(pointer);
    return value;
  }
  const size_t width = H5Tget_size(file_type.get());
  Handle mem_type = null_padded_copy(file_type.get());
  std::vector<char> buffer(width);
  if (H5Aread(attr.get(), mem_type.get(), buffer.data()) < 0) {
    impl_->fail(path, "attribute '" + name + "': cannot read it");
  }
  return until_nul(buffer.data(), width);
}

double Hdf5File::read_double_attribute(const std::string& path, const std::string& name) const {
  auto [attr, cls] = impl_->open_attribute(path, name);
  if (cls != H5T_FLOAT && cls != H5T_INTEGER) {
    impl_->fail(path, "attribute '" + name + "' is not a number");
  }
  double value = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_DOUBLE, &value) < 0) {
    impl_->fail(path, "attribute '" + name + "': cannot read it");
  }
  return value;
}

int64_t Hdf5File::read_integer_attribute(const std::string& path, const std::string& name) const {
  auto [attr, cls] = impl_->open_attribute(path, name);
  if (cls != H5T_INTEGER) impl_->fail(path, "attribute '" + name + "' is not an integer");
  Handle type(H5Aget_type(attr.get()), H5Tclose);
  if (H5Tget_sign(type.get()) == H5T_SGN_NONE) {
    // Read unsigned values as such: HDF5 would clamp values above INT64_MAX.
    uint64_t value = 0;
    if (H5Aread(attr.get(), H5T_NATIVE_UINT64, &value) < 0) {
      impl_->fail(path, "attribute '" + name + "': cannot read it");
    }
    if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      impl_->fail(path, "attribute '" + name + "' = " + std::to_string(value) +
                            " does not fit a signed 64-bit integer");
    }
    return static_cast<int64_t>(value);
  }
  int64_t value = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_INT64, &value) < 0) {
    impl_->fail(path, "attribute '" + name + "': cannot read it");
  }
  return value;
}

namespace {
#if H5_VERSION_GE(1, 12, 0)
using LinkInfo = H5L_info2_t;
#define CHOKEPOINT_H5LITERATE H5Literate2
#else
using LinkInfo = H5L_info_t;
#define CHOKEPOINT_H5LITERATE H5Literate
#endif
herr_t collect_name(hid_t, const char* name, const LinkInfo*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}
}  // namespace

std::vector<std::string> Hdf5File::list(const std::string& group_path) const {
  Handle obj = impl_->open_object(group_path);
  if (H5Iget_type(obj.get()) != H5I_GROUP) impl_->fail(group_path, "not a group");
  std::vector<std::string> names;
  hsize_t index = 0;
  if (CHOKEPOINT_H5LITERATE(obj.get(), H5_INDEX_NAME, H5_ITER_INC, &index, collect_name, &names) <
      0) {
    impl_->fail(group_path, "cannot list the group");
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace chokepoint
