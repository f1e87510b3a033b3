// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "mcsens/io/hdf5_file.hpp"

// What a result file holds, described once (issue 33, part 0). A Layout<T> lists, in the order they are written,
// the datasets and attributes of the HDF5 group of one T (an output's summary, a claim, ...): name, type, dimension
// names (with their size when fixed), one line of meaning, and how each is computed from a T and stored back into
// one. The result file's writer and reader walk it (src/report/result_file.cpp), and so does the schema listing
// that docs/hdf5-schema.md is checked against; a new field is one entry here, not a write, a read and a page.
namespace mcsens::layout {

enum class Type { float64, uint64, int64, string, uint8 };  // uint8: opaque bytes (a 1-D dataset)

// The content of one dataset or attribute: numbers of one type or strings, with a shape (outermost first; empty
// for a scalar). Exactly the vector of `type` is used.
struct Values {
  Type type = Type::float64;
  std::vector<std::size_t> shape;
  std::vector<double> float64;
  std::vector<std::uint64_t> uint64;
  std::vector<std::int64_t> int64;
  std::vector<std::string> string;
  std::vector<std::uint8_t> uint8;

  static Values number(double x) { return Values{Type::float64, {}, {x}, {}, {}, {}, {}}; }
  static Values count(std::uint64_t n) { return Values{Type::uint64, {}, {}, {n}, {}, {}, {}}; }
  static Values integer(std::int64_t n) { return Values{Type::int64, {}, {}, {}, {n}, {}, {}}; }
  static Values text(std::string s) { return Values{Type::string, {}, {}, {}, {}, {std::move(s)}, {}}; }
  static Values numbers(std::vector<double> v) {
    const std::size_t n = v.size();
    return Values{Type::float64, {n}, std::move(v), {}, {}, {}, {}};
  }
  static Values table(std::vector<double> v, std::size_t rows, std::size_t cols) {
    return Values{Type::float64, {rows, cols}, std::move(v), {}, {}, {}, {}};
  }
  static Values counts(std::vector<std::uint64_t> v) {
    const std::size_t n = v.size();
    return Values{Type::uint64, {n}, {}, std::move(v), {}, {}, {}};
  }
  static Values texts(std::vector<std::string> v) {
    const std::size_t n = v.size();
    return Values{Type::string, {n}, {}, {}, {}, std::move(v), {}};
  }
  static Values bytes(std::vector<std::uint8_t> v) {
    const std::size_t n = v.size();
    return Values{Type::uint8, {n}, {}, {}, {}, {}, std::move(v)};
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
// a dataset, "@label" for one of the group, "histogram/" for a subgroup, "features/<feature>/" for the items of a
// collection), what type and axes, what it means, and whether it is there wherever its parent (the group or
// dataset it is in) is, in every file this version writes.
struct SchemaLine {
  std::string path;
  Type type = Type::float64;
  std::vector<Dimension> dims;
  std::string meaning;
  bool always = true;
  bool group = false;  // a subgroup: type and dims do not apply
};

// One dataset as a Layout wrote it: what attach_dimension_scales needs.
struct WrittenDataset {
  std::string name;
  const std::vector<Dimension>* dims;
  std::vector<std::size_t> shape;
};

// Makes the dimensions of the datasets `written` into `g` HDF5 dimension scales and attaches them, the way
// netCDF-4 readers (xarray, ncdump) look for them: a dataset named like its only dimension is that dimension's
// coordinate (its values label the axis: "input" holds the inputs' names); any other dimension becomes a netCDF
// dimension without values (a dataset of that name holding only its size, "bin", "draw"). A dimension already
// a scale in `g` (from an embedded layout) is reused. logic_error when two datasets disagree on a dimension's size.
void attach_dimension_scales(h5::Group& g, const std::vector<WrittenDataset>& written);

// The dimensions that `datasets` (name, dimensions, whether in every file) use but none of them is the
// coordinate of, in order of first use, each with whether some dataset in every file uses it.
std::vector<std::pair<Dimension, bool>> dimensions_without_values(
    const std::vector<std::tuple<std::string, const std::vector<Dimension>*, bool>>& datasets);

template <class T>
class Layout;

// What Layout<T>::visit calls for each entry an object has: its path relative to the object's group ("moments",
// "moments@names", "@label", "histogram/edges"), its dimensions (none for an attribute) and its content.
using Visitor = std::function<void(const std::string& path, const std::vector<Dimension>& dims, const Values& content)>;
// Which paths a visit leaves out, without computing their content (a writer's covered paths).
using Skip = std::function<bool(const std::string& path)>;

// The items of a collection that another layout describes (an array output among the scalar ones): `takes` says
// which items it writes; read() knows their groups by the attribute `marked_by`, which only that layout writes; the
// schema lists its entries under `placeholder` ("<array output>"). An empty one (no layout) takes no item.
template <class U>
struct Alternative {
  const Layout<U>* layout = nullptr;
  std::function<bool(const U&)> takes;
  std::string marked_by;
  std::string placeholder;
};

// The groups of a collection (a curve's features, the run's claims): one subgroup of `group` per item, named by
// key_of(item), in the items' order; and back, each subgroup that is_item accepts (all when empty) as an item
// named by set_key. The items `alternative` takes are written and read by its layout instead of `layout`.
template <class U>
void write_items(h5::Group& group, const Layout<U>& layout, const std::vector<U>& items,
                 const std::function<std::string(const U&)>& key_of, const Alternative<U>& alternative = {});
template <class U>
void read_items(const h5::Group& group, const Layout<U>& layout, std::vector<U>& items,
                const std::function<void(U&, const std::string&)>& set_key,
                const std::function<bool(const std::string&)>& is_item = {}, const Alternative<U>& alternative = {});

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
  // An attribute of the subgroup `of` (a collection's group, as delta/@meaning), written after it.
  Layout& subgroup_attribute(std::string of, std::string name, Type type, std::string meaning, Getter get) {
    dataset_attribute(std::move(of), std::move(name), type, std::move(meaning), std::move(get));
    items_.back().of_group = true;
    return *this;
  }
  // A step of the writer and reader that is not an entry of its own (the run's caveat, written into the groups
  // of sobol_layout() and morris_layout(), which list it as supplied).
  Layout& custom(std::function<void(h5::Group&, const T&)> write, std::function<void(const h5::Group&, T&)> read) {
    Item item{Place::nested, "", "", Type::float64, {}, "", {}, {}, Presence::optional, nullptr, {}, {}, {}, {}, {}};
    item.write_nested = std::move(write);
    item.read_nested = std::move(read);
    item.list_nested = [](const std::string&, std::vector<SchemaLine>&) {};
    item.visit_nested = [](const T&, const std::string&, const Visitor&, const Skip&) {};
    items_.push_back(std::move(item));
    return *this;
  }
  // An attribute of the group that the enclosing writer supplies, not the T (the run's caveat in each Sobol'
  // group): listed in the schema, written and read by that writer.
  Layout& supplied(std::string name, Type type, std::string meaning) {
    return add(
        Place::group_attribute, std::move(name), "", type, {}, std::move(meaning),
        [](const T&) -> std::optional<Values> { return std::nullopt; }, {}, Presence::optional);
  }
  // A subgroup holding more of the same T (an output's histogram, a claim's drivers); `inner` must outlive this
  // layout. With `when`, it is written only for the T it holds for (and read only when the file has it).
  Layout& group(std::string name, std::string meaning, const Layout& inner, std::function<bool(const T&)> when = {}) {
    add(Place::group, std::move(name), "", Type::float64, {}, std::move(meaning), {}, {},
        when ? Presence::optional : Presence::always);
    items_.back().inner = &inner;
    items_.back().when = std::move(when);
    return *this;
  }

  // The entries of `inner` in this same group, for the part of a T that is a U (a curve feature's statistics).
  template <class U>
  Layout& embed(const Layout<U>& inner, std::function<const U&(const T&)> part, std::function<U&(T&)> part_of) {
    Item item{Place::nested, "", "", Type::float64, {}, "", {}, {}, Presence::always, nullptr, {}, {}, {}, {}, {}};
    item.write_nested = [&inner, part](h5::Group& g, const T& object) { inner.write(g, part(object)); };
    item.read_nested = [&inner, part_of](const h5::Group& g, T& object) { inner.read(g, part_of(object)); };
    item.list_nested = [&inner](const std::string& prefix, std::vector<SchemaLine>& out) { inner.list(prefix, out); };
    item.visit_nested = [&inner, part](const T& object, const std::string& prefix, const Visitor& f, const Skip& skip) {
      inner.visit(part(object), f, prefix, skip);
    };
    items_.push_back(std::move(item));
    return *this;
  }
  // A subgroup `name` holding one group per item of `items` (a curve's features), named by `key_of`; written
  // only when there are items unless `presence` is always. `placeholder` names an item in the schema
  // ("<feature>"). The items `alternative` takes are described by its layout.
  template <class U>
  Layout& each(std::string name, std::string placeholder, std::string meaning, const Layout<U>& inner,
               std::vector<U> T::*items, std::function<std::string(const U&)> key_of,
               std::function<void(U&, const std::string&)> set_key, Presence presence = Presence::optional,
               std::function<bool(const std::string&)> is_item = {}, Alternative<U> alternative = {}) {
    Item item{Place::nested, name, "", Type::float64, {}, meaning, {}, {}, presence, nullptr, {}, {}, {}, {}, {}};
    item.write_nested = [&inner, name, items, key_of, presence, alternative](h5::Group& g, const T& object) {
      if ((object.*items).empty() && presence != Presence::always) return;
      h5::Group group = g.create_group(name);
      write_items(group, inner, object.*items, key_of, alternative);
    };
    item.read_nested = [&inner, name, items, set_key, presence, is_item, alternative](const h5::Group& g, T& object) {
      if (presence != Presence::always && !g.exists(name)) return;
      read_items(g.open_group(name), inner, object.*items, set_key, is_item, alternative);
    };
    item.list_nested = [&inner, name, placeholder, meaning, presence, alternative](const std::string& prefix,
                                                                                   std::vector<SchemaLine>& out) {
      const bool here = presence == Presence::always;
      out.push_back(SchemaLine{prefix + name + "/", Type::float64, {}, meaning, here, true});
      out.push_back(SchemaLine{
          prefix + name + "/" + placeholder + "/", Type::float64, {}, "one group per item, named by it", false, true});
      inner.list(prefix + name + "/" + placeholder + "/", out);
      if (alternative.layout == nullptr) return;
      const std::string other = prefix + name + "/" + alternative.placeholder + "/";
      out.push_back(SchemaLine{other,
                               Type::float64,
                               {},
                               "one group per such item, named by it (it has @" + alternative.marked_by + ")",
                               false,
                               true});
      alternative.layout->list(other, out);
    };
    // The items are objects of their own: a visitor of this T does not see them.
    item.visit_nested = [](const T&, const std::string&, const Visitor&, const Skip&) {};
    items_.push_back(std::move(item));
    return *this;
  }

  // Names that depend on the object: every "<...>" placeholder (e.g. "<dimension>") in an entry's name, in the
  // dataset an attribute is of and in dimension names is replaced by what `resolve` gives for the object (an array
  // output's dimension is named by the model: "year", and its coordinate dataset after it). The schema keeps the
  // placeholders. read() resolves with what it has read so far, so the entry a name comes from (an attribute)
  // must come before the entries that use it.
  Layout& names(std::function<std::string(const T&, const std::string& placeholder)> resolve) {
    resolve_ = std::move(resolve);
    return *this;
  }

  // Writes `object` into `g`, entry by entry in the order of the description.
  void write(h5::Group& g, const T& object) const;
  // Reads what `g` holds into `object`. A missing `always` entry is an error naming the file and the path, and
  // so is a dataset whose shape differs from the description's fixed sizes.
  void read(const h5::Group& g, T& object) const;
  // The description as schema lines, paths prefixed with `prefix` ("outputs/<output>/").
  void list(const std::string& prefix, std::vector<SchemaLine>& out) const;
  // Calls `f` for each dataset and attribute `object` has, in writing order, as write() would write them: those of
  // its group, its subgroups (group) and embedded parts (embed), paths prefixed with `prefix`; not the items of a
  // collection (each), which are objects of their own, nor what a custom step writes, nor the paths `skip` names
  // (their content is not computed: the run state is costly). What the JSON and CSV writers show of a field nobody
  // gave them a key or a column for (mcsens/report/uncovered.hpp).
  void visit(const T& object, const Visitor& f, const std::string& prefix = "", const Skip& skip = {}) const;

 private:
  enum class Place { dataset, group_attribute, dataset_attribute, group, nested };
  struct Item {
    Place place;
    std::string name;
    std::string of;  // dataset_attribute: the dataset (or subgroup, with of_group)
    Type type;
    std::vector<Dimension> dims;
    std::string meaning;
    Getter get;
    Setter set;
    Presence presence;
    const Layout* inner = nullptr;       // group
    std::function<bool(const T&)> when;  // group: written only when it holds (empty: always)
    // nested: another type's layout (embed, each), type-erased
    std::function<void(h5::Group&, const T&)> write_nested;
    std::function<void(const h5::Group&, T&)> read_nested;
    std::function<void(const std::string&, std::vector<SchemaLine>&)> list_nested;
    std::function<void(const T&, const std::string&, const Visitor&, const Skip&)> visit_nested;
    bool of_group = false;  // dataset_attribute listed as "of/@name": an attribute of the subgroup `of`
  };
  Layout& add(Place place, std::string name, std::string of, Type type, std::vector<Dimension> dims,
              std::string meaning, Getter get, Setter set, Presence presence) {
    items_.push_back(Item{place,
                          std::move(name),
                          std::move(of),
                          type,
                          std::move(dims),
                          std::move(meaning),
                          std::move(get),
                          std::move(set),
                          presence,
                          nullptr,
                          {},
                          {},
                          {},
                          {},
                          {}});
    return *this;
  }
  std::vector<Item> items_;
  std::function<std::string(const T&, const std::string&)> resolve_;

  // `text` with each "<...>" placeholder resolved for `object` (as it is when there is no resolver).
  std::string resolved(const T& object, const std::string& text) const {
    if (!resolve_ || text.find('<') == std::string::npos) return text;
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
      const std::size_t open = text.find('<', i);
      const std::size_t close = open == std::string::npos ? open : text.find('>', open);
      if (close == std::string::npos) {
        out += text.substr(i);
        break;
      }
      out += text.substr(i, open - i) + resolve_(object, text.substr(open, close - open + 1));
      i = close + 1;
    }
    return out;
  }
  std::vector<Dimension> resolved(const T& object, const std::vector<Dimension>& dims) const {
    std::vector<Dimension> out = dims;
    for (Dimension& d : out) d.name = resolved(object, d.name);
    return out;
  }
};

// The HDF5 side of a Values, shared by every Layout<T>: writing one as a dataset or an attribute, reading one.
void write_dataset(h5::Group& g, const std::string& name, const Values& v);
void write_attribute(h5::Group& g, const std::string& name, const Values& v, const std::string& object);
// Reads a dataset, one opening of it for numbers; its shape against the description's fixed sizes too.
Values read_dataset(const h5::Group& g, const std::string& name, Type type, const std::vector<Dimension>& dims);
Values read_attribute(const h5::Group& g, const std::string& name, Type type, const std::string& object);
// A dataset's shape against the description's fixed sizes: RuntimeFailure naming the file and path otherwise.
void check_shape(const h5::Group& g, const std::string& name, const std::vector<std::size_t>& shape,
                 const std::vector<Dimension>& dims);

template <class T>
void Layout<T>::write(h5::Group& g, const T& object) const {
  std::vector<WrittenDataset> written;
  std::deque<std::vector<Dimension>> dims;  // the written datasets' dimensions, names resolved (stable addresses)
  for (const Item& item : items_) {
    if (item.place == Place::nested) {
      item.write_nested(g, object);
      continue;
    }
    const std::string name = resolved(object, item.name);
    if (item.place == Place::group) {
      if (item.when && !item.when(object)) continue;
      h5::Group inner = g.create_group(name);
      item.inner->write(inner, object);
      continue;
    }
    const std::optional<Values> v = item.get(object);
    if (!v) continue;
    if (item.place == Place::dataset) {
      write_dataset(g, name, *v);
      if (!item.dims.empty()) {
        dims.push_back(resolved(object, item.dims));
        written.push_back(WrittenDataset{name, &dims.back(), v->shape});
      }
    }
    if (item.place == Place::group_attribute) write_attribute(g, name, *v, "");
    if (item.place == Place::dataset_attribute) write_attribute(g, name, *v, resolved(object, item.of));
  }
  attach_dimension_scales(g, written);
}

template <class T>
void Layout<T>::read(const h5::Group& g, T& object) const {
  for (const Item& item : items_) {
    if (item.place == Place::nested) {
      item.read_nested(g, object);
      continue;
    }
    const std::string name = resolved(object, item.name);
    if (item.place == Place::group) {
      if (item.presence != Presence::always && !g.exists(name)) continue;
      item.inner->read(g.open_group(name), object);
      continue;
    }
    if (!item.set) continue;
    if (item.place == Place::dataset) {
      if (item.presence != Presence::always && !g.exists(name)) continue;
      item.set(object, read_dataset(g, name, item.type, resolved(object, item.dims)));
      continue;
    }
    const std::string on = item.place == Place::dataset_attribute ? resolved(object, item.of) : "";
    if (item.presence != Presence::always && !g.has_attribute(name, on)) continue;
    item.set(object, read_attribute(g, name, item.type, on));
  }
}

template <class T>
void Layout<T>::list(const std::string& prefix, std::vector<SchemaLine>& out) const {
  std::vector<std::tuple<std::string, const std::vector<Dimension>*, bool>> datasets;
  for (const Item& item : items_) {
    const bool always = item.presence != Presence::optional;
    if (item.place == Place::dataset) datasets.emplace_back(item.name, &item.dims, always);
    switch (item.place) {
      case Place::nested:
        item.list_nested(prefix, out);
        break;
      case Place::group:
        // A group that an earlier entry created too (the ranking in /scenarios) is listed once.
        if (std::none_of(out.begin(), out.end(),
                         [&](const SchemaLine& l) { return l.path == prefix + item.name + "/"; })) {
          out.push_back(SchemaLine{prefix + item.name + "/", Type::float64, {}, item.meaning, always, true});
        }
        item.inner->list(prefix + item.name + "/", out);
        break;
      case Place::dataset:
        out.push_back(SchemaLine{prefix + item.name, item.type, item.dims, item.meaning, always});
        break;
      case Place::group_attribute:
        out.push_back(SchemaLine{prefix + "@" + item.name, item.type, {}, item.meaning, always});
        break;
      case Place::dataset_attribute:
        out.push_back(SchemaLine{
            prefix + item.of + (item.of_group ? "/@" : "@") + item.name, item.type, {}, item.meaning, always});
        break;
    }
  }
  for (const auto& [dimension, always] : dimensions_without_values(datasets)) {
    out.push_back(SchemaLine{prefix + dimension.name,
                             Type::float64,
                             {dimension},
                             "a dimension without values, for netCDF readers: its size only (no storage)",
                             always});
  }
}

template <class T>
void Layout<T>::visit(const T& object, const Visitor& f, const std::string& prefix, const Skip& skip) const {
  for (const Item& item : items_) {
    switch (item.place) {
      case Place::nested:
        item.visit_nested(object, prefix, f, skip);
        break;
      case Place::group:
        if (!item.when || item.when(object)) {
          item.inner->visit(object, f, prefix + resolved(object, item.name) + "/", skip);
        }
        break;
      case Place::dataset:
      case Place::group_attribute:
      case Place::dataset_attribute: {
        const std::string name = resolved(object, item.name);
        const std::string path = prefix + (item.place == Place::dataset ? name
                                           : item.place == Place::group_attribute
                                               ? "@" + name
                                               : resolved(object, item.of) + (item.of_group ? "/@" : "@") + name);
        if (skip && skip(path)) break;
        if (const std::optional<Values> v = item.get(object)) f(path, resolved(object, item.dims), *v);
        break;
      }
    }
  }
}

template <class U>
void write_items(h5::Group& group, const Layout<U>& layout, const std::vector<U>& items,
                 const std::function<std::string(const U&)>& key_of, const Alternative<U>& alternative) {
  for (const U& item : items) {
    h5::Group child = group.create_group(key_of(item));
    const bool other = alternative.layout != nullptr && alternative.takes(item);
    (other ? *alternative.layout : layout).write(child, item);
  }
}

template <class U>
void read_items(const h5::Group& group, const Layout<U>& layout, std::vector<U>& items,
                const std::function<void(U&, const std::string&)>& set_key,
                const std::function<bool(const std::string&)>& is_item, const Alternative<U>& alternative) {
  for (const auto& child : group.children()) {
    if (is_item && !is_item(child)) continue;
    U item;
    set_key(item, child);
    const h5::Group g = group.open_group(child);
    const bool other = alternative.layout != nullptr && g.has_attribute(alternative.marked_by);
    (other ? *alternative.layout : layout).read(g, item);
    items.push_back(std::move(item));
  }
}

// A group `name` in `parent` holding one subgroup per item, named by the item's `key` (write_items), and back.
template <class U>
void write_each(h5::Group& parent, const std::string& name, const Layout<U>& layout, const std::vector<U>& items,
                std::string U::*key) {
  h5::Group g = parent.create_group(name);
  write_items<U>(g, layout, items, [key](const U& item) { return item.*key; });
}

template <class U>
std::vector<U> read_each(const h5::Group& parent, const std::string& name, const Layout<U>& layout,
                         std::string U::*key) {
  std::vector<U> items;
  read_items<U>(parent.open_group(name), layout, items, [key](U& item, const std::string& n) { item.*key = n; });
  return items;
}

}  // namespace mcsens::layout
