// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mcsens/engine/results.hpp"
#include "mcsens/report/layout.hpp"
#include "mcsens/report/uncovered.hpp"

// A result as tidy CSV tables (`mcsens show FILE --csv DIR`, issue 33 part 2): one table per section, one row per
// observation (an output under a scenario, a quantile of it, an input's index for a target, ...), its key columns
// first and interval bounds as columns of their own, so that pandas.read_csv and R's read.csv read each with no
// options. The tables and their columns are listed in docs/cli.md.
namespace mcsens {

// One table: its file name (without folder), its header and its rows, each field already formatted.
struct CsvTable {
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

namespace csv {

// A field: quoted (RFC 4180, inner quotes doubled) when it holds a comma, a quote or a line break, or starts or
// ends with a space; otherwise as it is.
std::string field(std::string_view text);

// A number: the shortest text that reads back to the same double; NaN, Inf and -Inf for the others (what both
// pandas and R read as such).
std::string number(double x);

// Element i (in storage order) of a layout entry's content as a field.
std::string element(const layout::Values& v, std::size_t i);

// The tables of the fields that csv_tables' own tables were not written for (mcsens/report/uncovered.hpp): one per
// section and entry, named "<section>_<path>" ('/' and '@' as '_', a group's attribute by its name), one row per
// element: the section's key
// fields, one field per axis (named by the dimension, valued by the coordinate of it in the entry's group when
// there is one, else the index from 0; an axis without a dimension is "index"), and the element as "value".
class UncoveredTables {
 public:
  template <class T>
  void add(const std::string& section, const std::vector<std::string>& key_columns, const std::vector<std::string>& key,
           const layout::Layout<T>& l, const T& object, const layout::Covered& covered) {
    for (const layout::Entry& e : layout::uncovered(l, object, covered)) {
      std::string name = section + "_" + (e.path.front() == '@' ? e.path.substr(1) : e.path);
      for (char& c : name) c = c == '/' || c == '@' ? '_' : c;
      if (name.back() == '_') name.pop_back();
      const std::size_t elements = count_of(e.content.shape);
      std::vector<std::string> columns = key_columns;
      std::vector<std::vector<std::string>> axes;  // per axis: the field of each index
      for (std::size_t a = 0; a < e.content.shape.size(); ++a) {
        const std::string dim = a < e.dims.size() ? e.dims[a].name : "index";
        columns.push_back(dim);
        const std::size_t slash = e.path.rfind('/');
        const std::string group = slash == std::string::npos ? "" : e.path.substr(0, slash + 1);
        axes.push_back(axis_fields(l, object, group + dim, e.content.shape[a]));
      }
      columns.push_back("value");
      CsvTable& table = named(name, columns);
      for (std::size_t i = 0; i < elements; ++i) {
        std::vector<std::string> row = key;
        std::size_t rest = i;
        std::vector<std::string> at(axes.size());
        for (std::size_t a = axes.size(); a-- > 0;) {
          at[a] = axes[a][rest % e.content.shape[a]];
          rest /= e.content.shape[a];
        }
        row.insert(row.end(), at.begin(), at.end());
        row.push_back(element(e.content, i));
        table.rows.push_back(std::move(row));
      }
    }
  }

  // The tables, in the order their first row came; logic_error when one is named like a table of the writer's own
  // (`own`, whether the file has it or not).
  std::vector<CsvTable> take(const std::vector<std::string>& own);

 private:
  static std::size_t count_of(const std::vector<std::size_t>& shape) {
    std::size_t n = 1;
    for (std::size_t s : shape) n *= s;
    return n;
  }

  // The fields of an axis of `size`: the values of the coordinate at `coordinate` (a path) when the object has
  // it, else 0, 1, ...
  template <class T>
  static std::vector<std::string> axis_fields(const layout::Layout<T>& l, const T& object,
                                              const std::string& coordinate, std::size_t size) {
    std::vector<std::string> fields;
    l.visit(
        object,
        [&](const std::string&, const std::vector<layout::Dimension>& dims, const layout::Values& v) {
          if (dims.size() == 1 && v.shape.size() == 1 && v.shape[0] == size) {
            for (std::size_t i = 0; i < size; ++i) fields.push_back(element(v, i));
          }
        },
        "", [&](const std::string& path) { return path != coordinate; });
    if (fields.size() != size) {
      fields.clear();
      for (std::size_t i = 0; i < size; ++i) fields.push_back(std::to_string(i));
    }
    return fields;
  }

  CsvTable& named(const std::string& name, const std::vector<std::string>& columns);

  std::vector<CsvTable> tables_;
};

}  // namespace csv

// The tables of the sections `results` holds, in a fixed order (a section the run does not have gives none).
std::vector<CsvTable> csv_tables(const Results& results);

// Writes `tables` into `folder` (created when missing), one NAME.csv each, with "\n" line ends. Refuses a folder
// that exists and holds anything unless `overwrite` (mcsens::Error, exit 2), like `run -o`; with it, replaces the
// tables' files and leaves every other file alone. Returns the paths written.
std::vector<std::string> write_csv_tables(const std::string& folder, const std::vector<CsvTable>& tables,
                                          bool overwrite);

}  // namespace mcsens
