// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/io/hdf5_file.hpp"

// What a result file holds, described once (issue 33, part 0). A Layout<T> lists, in the order they are written,
// the datasets and attributes of the HDF5 group of one T (an output's summary, a claim, ...): name, type, dimension
// names (with their size when fixed), one line of meaning, and how each is computed from a T and stored back into
// one. The result file's writer and reader walk it (src/report/result_file.cpp), and so does the schema listing
// that docs/hdf5-schema.md is checked against; a new field is one entry here, not a write, a read and a page.
namespace mcsens::layout {

enum class Type { float64, uint64, int64, string };

// The content of one dataset or attribute: numbers of one type or strings, with a shape (outermost first; empty
// for a scalar). Exactly the vector of `type` is used.
struct Values {
  Type type = Type::float64;
  std::vector<std::size_t> shape;
  std::vector<double> float64;
  std::vector<std::uint64_t> uint64;
  std::vector<std::int64_t> int64;
  std::vector<std::string> string;

  static Values number(double x) { return Values{Type::float64, {}, {x}, {}, {}, {}}; }
  static Values count(std::uint64_t n) { return Values{Type::uint64, {}, {}, {n}, {}, {}}; }
  static Values integer(std::int64_t n) { return Values{Type::int64, {}, {}, {}, {n}, {}}; }
  static Values text(std::string s) { return Values{Type::string, {}, {}, {}, {}, {std::move(s)}}; }
  static Values numbers(std::vector<double> v) {
    const std::size_t n = v.size();
    return Values{Type::float64, {n}, std::move(v), {}, {}, {}};
  }
  static Values table(std::vector<double> v, std::size_t rows, std::size_t cols) {
    return Values{Type::float64, {rows, cols}, std::move(v), {}, {}, {}};
  }
  static Values counts(std::vector<std::uint64_t> v) {
    const std::size_t n = v.size();
    return Values{Type::uint64, {n}, {}, std::move(v), {}, {}};
  }
  static Values texts(std::vector<std::string> v) {
    const std::size_t n = v.size();
    return Values{Type::string, {n}, {}, {}, {}, std::move(v)};
  }
};

// An axis of a dataset: its name and, when every file has the same, its size (0: it depends on the run).
struct Dimension {
  std::string name;
  std::size_t size = 0;
};

// Whether a file has an entry: every file this version writes (`always`), every such file although older ones
// may lack it (`always_since`: read only when present), or only some (`optional`: written when the getter gives
// something, read when present).
enum class Presence { always, always_since, optional };

// One line of the schema: where (relative to the object's group: "moments", "moments@names" for an attribute of
// a dataset, "@label" for one of the group, "histogram/" for a subgroup), what type and axes, what it means, and
// whether every file this version writes has it.
struct SchemaLine {
  std::string path;
  Type type = Type::float64;
  std::vector<Dimension> dims;
  std::string meaning;
  bool always = true;
  bool group = false;  // a subgroup: type and dims do not apply
};

template <class T>
class Layout {
 public:
  // How an entry's content is computed from a T: nullopt when this T has none (the entry is not written).
  using Getter = std::function<std::optional<Values>(const T&)>;
  // How what was read is stored back into a T; empty for entries that nothing reads back (constants, derived
  // text such as a method's name).
  using Setter = std::function<void(T&, const Values&)>;

  // A dataset of the group.
  Layout& dataset(std::string name, Type type, std::vector<Dimension> dims, std::string meaning, Getter get,
                  Setter set = {}, Presence presence = Presence::always) {
    return add(Place::dataset, std::move(name), "", type, std::move(dims), std::move(meaning), std::move(get),
               std::move(set), presence);
  }
  // An attribute of the group.
  Layout& attribute(std::string name, Type type, std::string meaning, Getter get, Setter set = {},
                    Presence presence = Presence::always) {
    return add(Place::group_attribute, std::move(name), "", type, {}, std::move(meaning), std::move(get),
               std::move(set), presence);
  }
  // An attribute of the dataset `of` (written after it).
  Layout& dataset_attribute(std::string of, std::string name, Type type, std::string meaning, Getter get,
                            Setter set = {}, Presence presence = Presence::always) {
    return add(Place::dataset_attribute, std::move(name), std::move(of), type, {}, std::move(meaning), std::move(get),
               std::move(set), presence);
  }
  // A subgroup holding more of the same T (an output's histogram); `inner` must outlive this layout.
  Layout& group(std::string name, std::string meaning, const Layout& inner) {
    add(Place::group, std::move(name), "", Type::float64, {}, std::move(meaning), {}, {}, Presence::always);
    items_.back().inner = &inner;
    return *this;
  }

  // Writes `object` into `g`, entry by entry in the order of the description.
  void write(h5::Group& g, const T& object) const;
  // Reads what `g` holds into `object`. A missing `always` entry is an error naming the file and the path, and
  // so is a dataset whose shape differs from the description's fixed sizes.
  void read(const h5::Group& g, T& object) const;
  // The description as schema lines, paths prefixed with `prefix` ("outputs/<output>/").
  void list(const std::string& prefix, std::vector<SchemaLine>& out) const;

 private:
  enum class Place { dataset, group_attribute, dataset_attribute, group };
  struct Item {
    Place place;
    std::string name;
    std::string of;  // dataset_attribute: the dataset
    Type type;
    std::vector<Dimension> dims;
    std::string meaning;
    Getter get;
    Setter set;
    Presence presence;
    const Layout* inner = nullptr;  // group
  };
  Layout& add(Place place, std::string name, std::string of, Type type, std::vector<Dimension> dims,
              std::string meaning, Getter get, Setter set, Presence presence) {
    items_.push_back(Item{place, std::move(name), std::move(of), type, std::move(dims), std::move(meaning),
                          std::move(get), std::move(set), presence, nullptr});
    return *this;
  }
  std::vector<Item> items_;
};

// The HDF5 side of a Values, shared by every Layout<T>: writing one as a dataset or an attribute, reading one.
void write_dataset(h5::Group& g, const std::string& name, const Values& v);
void write_attribute(h5::Group& g, const std::string& name, const Values& v, const std::string& object);
Values read_dataset(const h5::Group& g, const std::string& name, Type type);
Values read_attribute(const h5::Group& g, const std::string& name, Type type, const std::string& object);
// A dataset's shape against the description's fixed sizes: RuntimeFailure naming the file and path otherwise.
void check_shape(const h5::Group& g, const std::string& name, const std::vector<Dimension>& dims);

template <class T>
void Layout<T>::write(h5::Group& g, const T& object) const {
  for (const Item& item : items_) {
    if (item.place == Place::group) {
      h5::Group inner = g.create_group(item.name);
      item.inner->write(inner, object);
      continue;
    }
    const std::optional<Values> v = item.get(object);
    if (!v) continue;
    if (item.place == Place::dataset) write_dataset(g, item.name, *v);
    if (item.place == Place::group_attribute) write_attribute(g, item.name, *v, "");
    if (item.place == Place::dataset_attribute) write_attribute(g, item.name, *v, item.of);
  }
}

template <class T>
void Layout<T>::read(const h5::Group& g, T& object) const {
  for (const Item& item : items_) {
    if (item.place == Place::group) {
      item.inner->read(g.open_group(item.name), object);
      continue;
    }
    if (!item.set) continue;
    if (item.place == Place::dataset) {
      if (item.presence != Presence::always && !g.exists(item.name)) continue;
      check_shape(g, item.name, item.dims);
      item.set(object, read_dataset(g, item.name, item.type));
      continue;
    }
    const std::string on = item.place == Place::dataset_attribute ? item.of : "";
    if (item.presence != Presence::always && !g.has_attribute(item.name, on)) continue;
    item.set(object, read_attribute(g, item.name, item.type, on));
  }
}

template <class T>
void Layout<T>::list(const std::string& prefix, std::vector<SchemaLine>& out) const {
  for (const Item& item : items_) {
    const bool always = item.presence != Presence::optional;
    switch (item.place) {
      case Place::group:
        out.push_back(SchemaLine{prefix + item.name + "/", Type::float64, {}, item.meaning, true, true});
        item.inner->list(prefix + item.name + "/", out);
        break;
      case Place::dataset:
        out.push_back(SchemaLine{prefix + item.name, item.type, item.dims, item.meaning, always});
        break;
      case Place::group_attribute:
        out.push_back(SchemaLine{prefix + "@" + item.name, item.type, {}, item.meaning, always});
        break;
      case Place::dataset_attribute:
        out.push_back(SchemaLine{prefix + item.of + "@" + item.name, item.type, {}, item.meaning, always});
        break;
    }
  }
}

}  // namespace mcsens::layout
