// SPDX-License-Identifier: MIT
#include "mcsens/report/layout.hpp"

#include <stdexcept>

#include "mcsens/error.hpp"

namespace mcsens::layout {

namespace {

std::string shape_text(const std::vector<std::size_t>& shape) {
  std::string out = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + ")";
}

// The dataset's absolute path, as docs/hdf5-schema.md writes paths ("/outputs/y/moments").
std::string absolute(const std::string& group, const std::string& name) {
  std::string path = group.empty() || group == "/" ? name : group + "/" + name;
  return path.front() == '/' ? path : "/" + path;
}

}  // namespace

void write_dataset(h5::Group& g, const std::string& name, const Values& v) {
  const bool scalar = v.shape.empty();
  switch (v.type) {
    case Type::float64:
      if (scalar) {
        g.write(name, v.float64.at(0));
      } else if (v.shape.size() == 1) {
        g.write(name, v.float64);
      } else {
        g.write(name, v.float64, v.shape[0], v.shape[1]);
      }
      return;
    case Type::uint64:
      if (scalar) {
        g.write(name, v.uint64.at(0));
      } else {
        g.write(name, v.uint64);
      }
      return;
    case Type::string:
      g.write(name, v.string);
      return;
    case Type::uint8:
      g.write_bytes(name, v.uint8);
      return;
    case Type::int64:
      break;
  }
  throw std::logic_error("layout: no int64 datasets: " + name);
}

void write_attribute(h5::Group& g, const std::string& name, const Values& v, const std::string& object) {
  switch (v.type) {
    case Type::float64:
      g.set_attribute(name, v.float64.at(0), object);
      return;
    case Type::int64:
      g.set_attribute(name, v.int64.at(0), object);
      return;
    case Type::string:
      if (v.shape.empty()) {
        g.set_attribute(name, v.string.at(0), object);
      } else {
        g.set_attribute(name, v.string, object);
      }
      return;
    case Type::uint64:
    case Type::uint8:
      break;
  }
  throw std::logic_error("layout: no uint64 or byte attributes: " + name);
}

Values read_dataset(const h5::Group& g, const std::string& name, Type type, const std::vector<Dimension>& dims) {
  Values v;
  v.type = type;
  switch (type) {
    case Type::float64:
      v.float64 = g.read_doubles(name, v.shape);
      break;
    case Type::uint64:
      v.uint64 = g.read_uint64s(name, v.shape);
      break;
    case Type::string:
      v.string = g.read_strings(name);
      v.shape = g.shape(name);
      break;
    case Type::uint8:
      v.uint8 = g.read_bytes(name);
      v.shape = {v.uint8.size()};
      break;
    case Type::int64:
      throw std::logic_error("layout: no int64 datasets: " + name);
  }
  check_shape(g, name, v.shape, dims);
  return v;
}

Values read_attribute(const h5::Group& g, const std::string& name, Type type, const std::string& object) {
  switch (type) {
    case Type::float64:
      return Values::number(g.double_attribute(name, object));
    case Type::int64:
      return Values::integer(g.int_attribute(name, object));
    case Type::string:
      return Values::text(g.string_attribute(name, object));
    case Type::uint64:
    case Type::uint8:
      break;
  }
  throw std::logic_error("layout: no uint64 or byte attributes: " + name);
}

void check_shape(const h5::Group& g, const std::string& name, const std::vector<std::size_t>& shape,
                 const std::vector<Dimension>& dims) {
  bool fits = shape.size() == dims.size();
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (fits && dims[i].size != 0 && shape[i] != dims[i].size) fits = false;
  }
  if (fits) return;
  std::string wanted = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    wanted += (i ? ", " : "") + (dims[i].size ? std::to_string(dims[i].size) : dims[i].name);
  }
  throw RuntimeFailure(absolute(g.path(), name) + " has shape " + shape_text(shape) + ", not " + wanted + ")",
                       SourceLocation{g.file(), 0, 0, {}});
}

}  // namespace mcsens::layout
