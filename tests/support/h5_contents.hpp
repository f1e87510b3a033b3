// SPDX-License-Identifier: MIT
// What an HDF5 group holds, in the notation of docs/hdf5-schema.md's table, for the tests that compare a file with
// the program's description of it (result_schema()).
#pragma once

#include <set>
#include <string>

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
      for (const auto& key : g.attribute_names(name)) out.insert(prefix + name + "@" + key);
    }
  }
}

}  // namespace mcsens::testing
