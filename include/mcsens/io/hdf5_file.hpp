// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mcsens::h5 {

// A small RAII layer over the HDF5 C API: handles close themselves; every failure throws mcsens::RuntimeFailure
// naming the file and the object path (HDF5's own error stack printing is switched off).
// Groups and datasets keep the order of creation of their links and attributes (children(), attribute_names()).
// Files are opened with H5F_CLOSE_STRONG: closing or committing a file invalidates its Group objects (which may
// still be destroyed safely). Not thread-safe (HDF5 from Debian is built without its thread-safety option).

class Group;

// A result file being written: created at a temporary name beside `path` and renamed to `path` by commit().
// Destroying an uncommitted file removes the temporary: an interrupted or failed run never leaves a half file at
// the target. Refuses an existing target unless overwrite is true (mcsens::Error, exit 2).
class OutputFile {
 public:
  OutputFile(const std::string& path, bool overwrite);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  Group root();
  void commit();  // flush, close and rename into place
  const std::string& path() const { return path_; }
  const std::string& temporary_path() const { return temp_path_; }

 private:
  void remove_stale_temporaries() const;
  std::string path_;
  std::string temp_path_;
  std::int64_t file_ = -1;
  bool committed_ = false;
  bool overwrite_ = false;
};

// A file opened read-only (for `show`, `merge`, tests).
class InputFile {
 public:
  explicit InputFile(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  Group root();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::int64_t file_ = -1;
};

// A group (or the root). Paths are relative ("outputs/y"); intermediate groups are created by create_group.
// create_group creates what is missing and opens what exists; write() also creates the groups in a name like
// "histogram/edges"; writing a dataset that exists already throws; setting an attribute again replaces it.
// Reading something missing throws RuntimeFailure "FILE: cannot read dataset 'a/b': no such dataset".
class Group {
 public:
  Group(std::int64_t id, std::string file, std::string path);
  ~Group();
  Group(Group&& other) noexcept;
  Group& operator=(Group&& other) noexcept;
  Group(const Group&) = delete;

  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  Group create_group(const std::string& name);
  Group open_group(const std::string& name) const;
  bool exists(const std::string& name) const;
  std::vector<std::string> children() const;  // names of links, in creation order where tracked, else by name

  // Datasets. Shapes: scalar, 1-D (n), 2-D (rows, cols) in row-major order.
  void write(const std::string& name, double value);
  void write(const std::string& name, std::uint64_t value);
  void write(const std::string& name, const std::vector<double>& values);
  void write(const std::string& name, const std::vector<std::uint64_t>& values);
  void write(const std::string& name, const std::vector<double>& values, std::size_t rows, std::size_t cols);
  // Any number of axes (row-major, outermost first): the intervals of per-element indices are (2, T, k).
  void write(const std::string& name, const std::vector<double>& values, const std::vector<std::size_t>& shape);
  void write(const std::string& name, const std::vector<std::string>& values);  // variable-length UTF-8 strings

  void write_bytes(const std::string& name, const std::vector<std::uint8_t>& values);  // opaque 1-D uint8
  std::vector<std::uint8_t> read_bytes(const std::string& name) const;
  double read_double(const std::string& name) const;
  std::uint64_t read_uint64(const std::string& name) const;
  std::vector<double> read_doubles(const std::string& name) const;  // any shape, flattened row-major
  std::vector<std::size_t> shape(const std::string& name) const;
  std::vector<std::uint64_t> read_uint64s(const std::string& name) const;
  // The same, with the dataset's shape (outermost first; empty for a scalar), from one opening of it.
  std::vector<double> read_doubles(const std::string& name, std::vector<std::size_t>& shape) const;
  std::vector<std::uint64_t> read_uint64s(const std::string& name, std::vector<std::size_t>& shape) const;
  std::vector<std::string> read_strings(const std::string& name) const;

  // Dimension scales (HDF5's H5DS, as netCDF-4 tools and xarray read them). make_coordinate: the 1-D dataset `name`
  // becomes the scale of the dimension `name` (a coordinate variable). make_dimension: a dimension without
  // coordinate values, a 1-D dataset `name` of `size` zeros whose scale name says so the netCDF way ("This is a
  // netCDF dimension but not a netCDF variable." and the size in ten columns). attach_dimensions: the scales
  // `dimensions[i]` (datasets of this group) become axis i's of `dataset`. dimension_names: per axis of `dataset`,
  // the name of the dataset attached as its scale (empty where none is). A dimension without coordinate values
  // takes no storage (its dataset is never written; reading it gives zeros).
  void make_coordinate(const std::string& name);
  void make_dimension(const std::string& name, std::size_t size);
  bool is_dimension_scale(const std::string& name) const;
  void attach_dimensions(const std::string& dataset, const std::vector<std::string>& dimensions);
  std::vector<std::string> dimension_names(const std::string& dataset) const;

  // Attributes on this group, or on a child dataset/group when `object` is not empty.
  void set_attribute(const std::string& key, const std::string& value, const std::string& object = "");
  void set_attribute(const std::string& key, double value, const std::string& object = "");
  void set_attribute(const std::string& key, std::int64_t value, const std::string& object = "");
  void set_attribute(const std::string& key, const std::vector<std::string>& values, const std::string& object = "");
  bool has_attribute(const std::string& key, const std::string& object = "") const;
  std::string string_attribute(const std::string& key, const std::string& object = "") const;
  // A string attribute of any number of strings (a list, one string, or none).
  std::vector<std::string> string_list_attribute(const std::string& key, const std::string& object = "") const;
  double double_attribute(const std::string& key, const std::string& object = "") const;
  std::int64_t int_attribute(const std::string& key, const std::string& object = "") const;
  std::vector<std::string> attribute_names(const std::string& object = "") const;

 private:
  // Creates dataset `name` (intermediate groups included) of the given HDF5 file and memory types; dims empty
  // and scalar true for a scalar; `data` null: created but not written (no storage is allocated).
  void write_raw(const std::string& name, std::int64_t file_type, std::int64_t memory_type,
                 const std::vector<std::uint64_t>& dims, const void* data, bool scalar, bool compress = false);

  std::int64_t id_ = -1;
  std::string file_;
  std::string path_;
};

}  // namespace mcsens::h5
