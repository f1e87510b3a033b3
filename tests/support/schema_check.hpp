// SPDX-License-Identifier: MIT
// A result file against the program's description of it (result_schema()): the checks the schema tests share.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "support/h5_contents.hpp"

namespace mcsens::testing {

// A schema path (or a list of dimension names) as a pattern: each <placeholder> stands for one name.
inline std::regex schema_pattern(const std::string& path) {
  std::string re;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '<') {
      i = path.find('>', i);
      re += "[^/@, ]+";
    } else if (std::string("\\^$.|?*+()[]{}").find(path[i]) != std::string::npos) {
      re += std::string("\\") + path[i];
    } else {
      re += path[i];
    }
  }
  return std::regex(re);
}

// The collections whose items take one of two descriptions (layout::Alternative): the prefixes of the schema's
// "<array ...>" items ("outputs/", "sensitivity/sobol/", "scenarios/<scenario>/outputs/").
inline std::vector<std::string> alternative_collections(const std::vector<layout::SchemaLine>& schema) {
  std::vector<std::string> prefixes;
  for (const auto& line : schema) {
    const auto at = line.path.find("<array ");
    if (at == std::string::npos) continue;
    const std::string prefix = line.path.substr(0, at);
    if (std::find(prefixes.begin(), prefixes.end(), prefix) == prefixes.end()) prefixes.push_back(prefix);
  }
  return prefixes;
}

// Whether the schema line `line` may describe the file's path `p`: in such a collection an item's group is an
// array output's (it has @dimension: "outputs/<array output>/...") or a scalar's ("outputs/<output>/..."); every
// other line may describe any path its pattern matches. A collection's prefix may hold placeholders itself
// ("scenarios/<scenario>/outputs/"): it is matched as a pattern, at the start of `p`.
inline bool same_kind(const std::string& line, const std::string& p, const std::set<std::string>& held,
                      const std::vector<std::string>& collections) {
  for (const std::string& prefix : collections) {
    if (line.rfind(prefix + "<", 0) != 0) continue;
    std::smatch at;
    if (!std::regex_search(p, at, schema_pattern(prefix), std::regex_constants::match_continuous)) continue;
    const auto start = static_cast<std::size_t>(at.length(0));
    const auto cut = p.find('/', start);
    if (cut == std::string::npos) return true;
    const bool array_line = line.compare(prefix.size(), 7, "<array ") == 0;
    return array_line == (held.count(p.substr(0, cut + 1) + "@dimension") > 0);
  }
  return true;
}

// The file at `path` holds only what result_schema() lists, everything it lists as always there (wherever the
// line's parent is), and each dataset's axes are named by dimension scales as its line lists them (issue 33, part
// 1: what netCDF readers such as xarray and ncdump need to name them without inventing "phony" dimensions).
inline void expect_file_follows_schema(const std::string& path) {
  std::set<std::string> held;
  h5_contents(h5::InputFile(path).root(), "", held);
  const std::vector<layout::SchemaLine> schema = result_schema();
  const std::vector<std::string> collections = alternative_collections(schema);
  std::vector<std::regex> patterns;
  for (const auto& line : schema) patterns.push_back(schema_pattern(line.path));
  for (const auto& p : held) {
    bool listed = false;
    for (std::size_t i = 0; i < schema.size() && !listed; ++i) {
      listed = std::regex_match(p, patterns[i]) && same_kind(schema[i].path, p, held, collections);
    }
    EXPECT_TRUE(listed) << p << " is in the file but not in the schema";
  }
  // A line listed as always there is there wherever its parent (the group or dataset it is in) is.
  for (const auto& line : schema) {
    if (!line.always) continue;
    const std::string full = line.group ? line.path.substr(0, line.path.size() - 1) : line.path;
    const auto cut = full.find_last_of("/@");
    const std::string parent = cut == std::string::npos ? "" : full.substr(0, cut + (full[cut] == '/' ? 1 : 0));
    const std::string rest = line.path.substr(parent.size());
    if (parent.empty()) {
      EXPECT_TRUE(held.count(line.path)) << line.path << " is listed as always there, but missing";
      continue;
    }
    const std::regex parent_pattern = schema_pattern(parent);
    for (const auto& p : held) {
      if (!std::regex_match(p, parent_pattern) || !same_kind(line.path, p, held, collections)) continue;
      // A name given by the object ("<dimension>": the array output's "year") may be any name.
      bool there = held.count(p + rest) > 0;
      if (!there && rest.find('<') != std::string::npos) {
        const std::regex child = schema_pattern(p + rest);
        there = std::any_of(held.begin(), held.end(), [&](const std::string& h) { return std::regex_match(h, child); });
      }
      EXPECT_TRUE(there) << p + rest << " is listed as always there (" << line.path << "), but missing";
    }
  }
  std::map<std::string, std::string> dimensions;
  h5_dimensions(h5::InputFile(path).root(), "", dimensions);
  for (const auto& [dataset, names] : dimensions) {
    // The most literal line: "outputs/<array output>/moments" rather than "outputs/<array output>/<dimension>".
    auto line = schema.end();
    for (auto l = schema.begin(); l != schema.end(); ++l) {
      const auto i = static_cast<std::size_t>(l - schema.begin());
      if (l->group || !std::regex_match(dataset, patterns[i]) || !same_kind(l->path, dataset, held, collections)) {
        continue;
      }
      if (line == schema.end() ||
          std::count(l->path.begin(), l->path.end(), '<') < std::count(line->path.begin(), line->path.end(), '<')) {
        line = l;
      }
    }
    ASSERT_NE(line, schema.end()) << dataset;
    std::string listed;
    for (const auto& d : line->dims) listed += (listed.empty() ? "" : ", ") + d.name;
    EXPECT_TRUE(std::regex_match(names, schema_pattern(listed)))
        << dataset << "'s dimension scales are " << names << ", listed as " << listed;
  }
}

}  // namespace mcsens::testing
