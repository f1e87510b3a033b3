// SPDX-License-Identifier: MIT
#include "mcsens/report/layout.hpp"

#include <algorithm>
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
      } else if (v.shape.size() == 2) {
        g.write(name, v.float64, v.shape[0], v.shape[1]);
      } else {
        g.write(name, v.float64, v.shape);
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
    case Type::string: {
      std::vector<std::string> strings = g.string_list_attribute(name, object);
      if (strings.size() == 1) return Values::text(std::move(strings[0]));
      return Values::texts(std::move(strings));
    }
    case Type::uint64:
    case Type::uint8:
      break;
  }
  throw std::logic_error("layout: no uint64 or byte attributes: " + name);
}

namespace {

// netCDF's rule: a dataset named like its only dimension is that dimension's coordinate.
bool is_coordinate(const std::string& name, const std::vector<Dimension>& dims) {
  return dims.size() == 1 && dims.front().name == name;
}

}  // namespace

void attach_dimension_scales(h5::Group& g, const std::vector<WrittenDataset>& written) {
  const auto coordinate = [&](const std::string& dimension) {
    return std::any_of(written.begin(), written.end(),
                       [&](const WrittenDataset& w) { return w.name == dimension && is_coordinate(w.name, *w.dims); });
  };
  std::vector<std::pair<std::string, std::size_t>> sizes;  // every dimension made or checked here, and its size
  for (const WrittenDataset& w : written) {
    for (std::size_t axis = 0; axis < w.dims->size(); ++axis) {
      const std::string& dimension = (*w.dims)[axis].name;
      const auto seen = std::find_if(sizes.begin(), sizes.end(), [&](const auto& s) { return s.first == dimension; });
      if (seen != sizes.end()) {
        if (seen->second != w.shape[axis]) {
          throw std::logic_error("layout: " + absolute(g.path(), w.name) + " has " + std::to_string(w.shape[axis]) +
                                 " along " + dimension + ", another dataset " + std::to_string(seen->second));
        }
        continue;
      }
      sizes.emplace_back(dimension, w.shape[axis]);
      if (g.exists(dimension) && g.is_dimension_scale(dimension)) continue;
      if (coordinate(dimension)) {
        g.make_coordinate(dimension);
      } else {
        g.make_dimension(dimension, w.shape[axis]);
      }
    }
  }
  for (const WrittenDataset& w : written) {
    if (is_coordinate(w.name, *w.dims)) continue;  // a coordinate is its own scale
    std::vector<std::string> names;
    for (const Dimension& d : *w.dims) names.push_back(d.name);
    g.attach_dimensions(w.name, names);
  }
}

std::vector<std::pair<Dimension, bool>> dimensions_without_values(
    const std::vector<std::tuple<std::string, const std::vector<Dimension>*, bool>>& datasets) {
  std::vector<std::pair<Dimension, bool>> out;
  for (const auto& [name, dims, always] : datasets) {
    for (const Dimension& d : *dims) {
      const bool has_values = std::any_of(datasets.begin(), datasets.end(), [&](const auto& other) {
        return std::get<0>(other) == d.name && is_coordinate(std::get<0>(other), *std::get<1>(other));
      });
      if (has_values) continue;
      const auto seen = std::find_if(out.begin(), out.end(), [&](const auto& o) { return o.first.name == d.name; });
      if (seen == out.end()) {
        out.emplace_back(d, always);
      } else {
        seen->second = seen->second || always;
      }
    }
  }
  return out;
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
