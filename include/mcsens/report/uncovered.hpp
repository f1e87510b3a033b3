// SPDX-License-Identifier: MIT
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/report/layout.hpp"

// What a writer of another shape than the file's (the JSON document, the CSV tables) shows of a field it was not
// written for. Such a writer lists, per layout, the paths it covers: shows under names of its own, or leaves out
// on purpose (coordinates, the file's labels of its own layout); every other entry an object has is written
// generically under its path. A field the file gains is thus in every format as soon as it is in the layout
// (issue 33, part 0): one edit, not three; a key or column of its own is a choice, not a duty.
namespace mcsens::layout {

class Covered {
 public:
  // Paths as Layout<T>::visit gives them ("moments", "@label", "moments@names"); one ending in "/" covers a whole
  // subgroup ("histogram/").
  Covered(std::initializer_list<std::string> paths) : paths_(paths) {}
  explicit Covered(std::vector<std::string> paths) : paths_(std::move(paths)) {}

  bool operator()(const std::string& path) const {
    for (const std::string& p : paths_) {
      if (p == path) return true;
      if (!p.empty() && p.back() == '/' && path.compare(0, p.size(), p) == 0) return true;
    }
    return false;
  }

 private:
  std::vector<std::string> paths_;
};

// An entry of an object, as Layout<T>::visit gives it.
struct Entry {
  std::string path;
  std::vector<Dimension> dims;
  Values content;
};

// The entries of `object` (Layout<T>::visit) that `covered` does not cover, in writing order.
template <class T>
std::vector<Entry> uncovered(const Layout<T>& layout, const T& object, const Covered& covered) {
  std::vector<Entry> out;
  layout.visit(
      object,
      [&](const std::string& path, const std::vector<Dimension>& dims, const Values& v) {
        out.push_back(Entry{path, dims, v});
      },
      "", [&](const std::string& path) { return covered(path); });
  return out;
}

// Every path `object` has (for a writer that shows an embedded part through that part's own layout).
template <class T>
std::vector<std::string> paths_of(const Layout<T>& layout, const T& object) {
  std::vector<std::string> out;
  layout.visit(object,
               [&](const std::string& path, const std::vector<Dimension>&, const Values&) { out.push_back(path); });
  return out;
}

}  // namespace mcsens::layout
