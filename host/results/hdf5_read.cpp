// Reading results files: the read half of the HDF5 wrapper (see hdf5_file.cpp).
#include "host/results/hdf5_file.hpp"

#include "host/results/hdf5_internal.hpp"

namespace chokepoint {

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
