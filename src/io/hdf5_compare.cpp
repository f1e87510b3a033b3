// SPDX-License-Identifier: MIT
#include "mcsens/io/hdf5_compare.hpp"

#include <hdf5.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <utility>

#include "io/hdf5_setup.hpp"
#include "mcsens/error.hpp"

namespace mcsens::h5 {
namespace {

// Closes an HDF5 handle with the function of its kind when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

// Every object's path ("." for the root) and whether it is a dataset (else a group).
herr_t collect(hid_t, const char* name, const H5O_info_t* info, void* data) {
  auto* objects = static_cast<std::map<std::string, bool>*>(data);
  (*objects)[name] = info->type == H5O_TYPE_DATASET;
  return 0;
}

herr_t collect_attribute(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

std::string shape_text(const std::vector<hsize_t>& dims) {
  std::string out = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + std::to_string(dims[i]);
  return out + ")";
}

std::vector<hsize_t> dims_of(hid_t space) {
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims;
}

// The content of a dataset or an attribute as comparable bytes: numbers and fixed strings as stored; variable-length
// strings each followed by a 0 byte. `read(memory_type, buffer)` reads the whole object.
template <class Read>
std::string content(hid_t type, hsize_t points, Read read) {
  if (H5Tget_class(type) == H5T_STRING && H5Tis_variable_str(type) > 0) {
    std::vector<char*> strings(points, nullptr);
    Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memory.get(), H5T_VARIABLE);
    H5Tset_cset(memory.get(), H5Tget_cset(type));
    if (read(memory.get(), strings.data()) < 0) return "\\x01unreadable";
    std::string out;
    for (char* s : strings) {
      out += s == nullptr ? std::string() : std::string(s);
      out += '\0';
      std::free(s);  // HDF5 1.10 allocates each string with malloc
    }
    return out;
  }
  std::string out(points * H5Tget_size(type), '\0');
  if (read(type, out.data()) < 0) return "\\x01unreadable";
  return out;
}

// "its type differs", "its shape differs: ...", "its content differs", or "" when the same.
std::string compare_typed(hid_t type_a, hid_t space_a, hid_t type_b, hid_t space_b, const std::string& bytes_a,
                          const std::string& bytes_b) {
  if (H5Tequal(type_a, type_b) <= 0) return "its type differs";
  const std::vector<hsize_t> da = dims_of(space_a), db = dims_of(space_b);
  if (da != db) return "its shape differs: " + shape_text(da) + " against " + shape_text(db);
  if (bytes_a != bytes_b) return "its content differs";
  return "";
}

hsize_t points_of(hid_t space) {
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  return n < 0 ? 0 : static_cast<hsize_t>(n);
}

std::string compare_datasets(hid_t file_a, hid_t file_b, const std::string& path) {
  Handle a(H5Dopen2(file_a, path.c_str(), H5P_DEFAULT), H5Dclose);
  Handle b(H5Dopen2(file_b, path.c_str(), H5P_DEFAULT), H5Dclose);
  if (!a.ok() || !b.ok()) return "it cannot be read";
  Handle ta(H5Dget_type(a.get()), H5Tclose), tb(H5Dget_type(b.get()), H5Tclose);
  Handle sa(H5Dget_space(a.get()), H5Sclose), sb(H5Dget_space(b.get()), H5Sclose);
  const auto bytes = [](hid_t dataset, hid_t type, hid_t space) {
    if (H5Tget_class(type) == H5T_REFERENCE) return std::string();
    return content(type, points_of(space), [dataset](hid_t memory, void* buffer) {
      return H5Dread(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
    });
  };
  return compare_typed(ta.get(), sa.get(), tb.get(), sb.get(), bytes(a.get(), ta.get(), sa.get()),
                       bytes(b.get(), tb.get(), sb.get()));
}

std::string compare_attributes(hid_t object_a, hid_t object_b, const std::string& name) {
  Handle a(H5Aopen(object_a, name.c_str(), H5P_DEFAULT), H5Aclose);
  Handle b(H5Aopen(object_b, name.c_str(), H5P_DEFAULT), H5Aclose);
  if (!a.ok() || !b.ok()) return "it cannot be read";
  Handle ta(H5Aget_type(a.get()), H5Tclose), tb(H5Aget_type(b.get()), H5Tclose);
  Handle sa(H5Aget_space(a.get()), H5Sclose), sb(H5Aget_space(b.get()), H5Sclose);
  const auto bytes = [](hid_t attribute, hid_t type, hid_t space) {
    return content(type, points_of(space),
                   [attribute](hid_t memory, void* buffer) { return H5Aread(attribute, memory, buffer); });
  };
  return compare_typed(ta.get(), sa.get(), tb.get(), sb.get(), bytes(a.get(), ta.get(), sa.get()),
                       bytes(b.get(), tb.get(), sb.get()));
}

std::vector<std::string> attribute_names(hid_t object) {
  std::vector<std::string> names;
  hsize_t index = 0;
  H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, collect_attribute, &names);
  return names;
}

std::string display(const std::string& path) {
  return path == "." ? "/" : "/" + path;
}

}  // namespace

std::optional<Difference> first_difference(const std::string& a_path, const std::string& b_path,
                                           const std::vector<std::string>& skip_root_attributes) {
  detail::silence_hdf5();
  Handle a(H5Fopen(a_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!a.ok()) throw Error("cannot read '" + a_path + "' as an HDF5 file");
  Handle b(H5Fopen(b_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!b.ok()) throw Error("cannot read '" + b_path + "' as an HDF5 file");
  std::map<std::string, bool> in_a, in_b;
  H5Ovisit2(a.get(), H5_INDEX_NAME, H5_ITER_INC, collect, &in_a, H5O_INFO_BASIC);
  H5Ovisit2(b.get(), H5_INDEX_NAME, H5_ITER_INC, collect, &in_b, H5O_INFO_BASIC);
  std::vector<std::string> paths;
  for (const auto& [path, dataset] : in_a) paths.push_back(path);
  for (const auto& [path, dataset] : in_b) {
    if (!in_a.count(path)) paths.push_back(path);
  }
  std::sort(paths.begin(), paths.end());
  for (const std::string& path : paths) {
    if (!in_b.count(path)) return Difference{display(path), "only in the first file"};
    if (!in_a.count(path)) return Difference{display(path), "only in the second file"};
    if (in_a[path] != in_b[path]) return Difference{display(path), "a dataset in one file, a group in the other"};
    if (in_a[path]) {
      if (const std::string why = compare_datasets(a.get(), b.get(), path); !why.empty()) {
        return Difference{display(path), why};
      }
    }
    Handle oa(H5Oopen(a.get(), path.c_str(), H5P_DEFAULT), H5Oclose);
    Handle ob(H5Oopen(b.get(), path.c_str(), H5P_DEFAULT), H5Oclose);
    std::vector<std::string> names_a = attribute_names(oa.get()), names_b = attribute_names(ob.get());
    std::vector<std::string> names = names_a;
    for (const std::string& n : names_b) {
      if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    }
    std::sort(names.begin(), names.end());
    const std::string prefix = path == "." ? "/" : "/" + path;
    for (const std::string& name : names) {
      if (name == "DIMENSION_LIST" || name == "REFERENCE_LIST") continue;
      if (path == "." &&
          std::find(skip_root_attributes.begin(), skip_root_attributes.end(), name) != skip_root_attributes.end()) {
        continue;
      }
      const std::string where = prefix + "@" + name;
      const bool has_a = std::find(names_a.begin(), names_a.end(), name) != names_a.end();
      const bool has_b = std::find(names_b.begin(), names_b.end(), name) != names_b.end();
      if (!has_b) return Difference{where, "only in the first file"};
      if (!has_a) return Difference{where, "only in the second file"};
      if (const std::string why = compare_attributes(oa.get(), ob.get(), name); !why.empty()) {
        return Difference{where, why};
      }
    }
  }
  return std::nullopt;
}

}  // namespace mcsens::h5
