// SPDX-License-Identifier: MIT
// What an HDF5 group holds, in the notation of docs/hdf5-schema.md's table, for the tests that compare a file with
// the program's description of it (result_schema()).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"

namespace mcsens::testing {

inline bool is_group(const h5::Group& g, const std::string& name) {
  try {
    g.open_group(name);
    return true;
  } catch (const RuntimeFailure&) {
    return false;
  }
}

// The attributes through which HDF5's dimension scales (H5DS) tie datasets to their dimensions: HDF5's
// bookkeeping, checked as dimension names (h5_dimensions), not listed as the file's own attributes.
inline bool is_dimension_scale_attribute(const std::string& key) {
  return key == "CLASS" || key == "NAME" || key == "REFERENCE_LIST" || key == "DIMENSION_LIST";
}

// Every group ("a/"), dataset ("a/b") and attribute ("a/b@k" of a dataset, "a/@k" of a group, "@k" of `g` itself)
// under `g`, each path prefixed with `prefix`.
inline void h5_contents(const h5::Group& g, const std::string& prefix, std::set<std::string>& out) {
  for (const auto& key : g.attribute_names()) out.insert(prefix + "@" + key);
  for (const auto& name : g.children()) {
    if (is_group(g, name)) {
      out.insert(prefix + name + "/");
      h5_contents(g.open_group(name), prefix + name + "/", out);
    } else {
      out.insert(prefix + name);
      for (const auto& key : g.attribute_names(name)) {
        if (!is_dimension_scale_attribute(key)) out.insert(prefix + name + "@" + key);
      }
    }
  }
}

// Every dataset under `g` with its dimensions' names, as the schema writes them ("input, probability"; "" for a
// scalar): per axis the name of the dimension scale attached to it, a scale's own name for its axis, "?" for an
// axis without one.
inline void h5_dimensions(const h5::Group& g, const std::string& prefix, std::map<std::string, std::string>& out) {
  for (const auto& name : g.children()) {
    if (is_group(g, name)) {
      h5_dimensions(g.open_group(name), prefix + name + "/", out);
      continue;
    }
    std::vector<std::string> names = g.dimension_names(name);
    if (names.size() == 1 && names[0].empty() && g.is_dimension_scale(name)) names[0] = name;
    std::string joined;
    for (const auto& n : names) joined += (joined.empty() ? "" : ", ") + (n.empty() ? std::string("?") : n);
    out[prefix + name] = joined;
  }
}

}  // namespace mcsens::testing
