// The project's only contact with the HDF5 C library (OpenMC's hdf5_interface):
// every hid_t lives in a Handle below and never leaves this file.
//
// What the netCDF readers need (found by experiment with Debian's HDF5 1.10.8,
// h5py 3.7, h5netcdf 1.1.0, xarray 2023.01; tests/results/xarray_check.py checks it):
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
//   `ds.assign_coords(root.coords)` (see tests/results/xarray_check.py).
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
#include "host/results/hdf5_file.hpp"

#include "host/results/hdf5_internal.hpp"

namespace chokepoint {

// ---- the file -------------------------------------------------------------------

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

}  // namespace chokepoint
