// SPDX-License-Identifier: MIT
// What the JSON document and the CSV tables show of a field of the result file that they were not written for
// (mcsens/report/uncovered.hpp, issue 33, part 0): every entry of an object's layout that a writer does not cover,
// under its path, computed only when not covered.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/report/csv_tables.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/layout.hpp"
#include "mcsens/report/uncovered.hpp"

namespace mcsens {
namespace {

using layout::Covered;
using layout::Layout;
using layout::Type;
using layout::Values;

struct Item {
  std::string name;
};

// A record with a dataset, attributes of the group and of the dataset, a subgroup, an embedded part, a
// collection and an entry whose getter must not run when covered.
struct Record {
  double a = 1.5;
  std::vector<double> grid{1, 2, 3, 4, 5, 6};
  std::string note = "n";
  std::vector<Item> items{{"i1"}};
  bool with_extra = false;
};

struct Part {
  double p = 7;
};

const Layout<Part>& part_layout() {
  static const Layout<Part> l = [] {
    Layout<Part> p;
    p.dataset("p", Type::float64, {}, "p", [](const Part& x) -> std::optional<Values> { return Values::number(x.p); });
    return p;
  }();
  return l;
}

const Layout<Item>& item_layout() {
  static const Layout<Item> l = [] {
    Layout<Item> i;
    i.attribute("name", Type::string, "its name",
                [](const Item& x) -> std::optional<Values> { return Values::text(x.name); });
    return i;
  }();
  return l;
}

const Layout<Record>& record_layout() {
  static const Part part;
  static const Layout<Record> inner = [] {
    Layout<Record> g;
    g.dataset("grid", Type::float64, {{"row", 2}, {"col", 3}}, "a table",
              [](const Record& r) -> std::optional<Values> { return Values::table(r.grid, 2, 3); })
        .dataset("col", Type::string, {{"col", 3}}, "coordinate: the columns",
                 [](const Record&) -> std::optional<Values> {
                   return Values::texts({"x", "y", "z"});
                 });
    return g;
  }();
  static const Layout<Record> l = [] {
    Layout<Record> r;
    r.dataset("a", Type::float64, {}, "a number",
              [](const Record& x) -> std::optional<Values> { return Values::number(x.a); })
        .dataset_attribute("a", "unit", Type::string, "its unit",
                           [](const Record&) -> std::optional<Values> { return Values::text("m"); })
        .attribute("note", Type::string, "a note",
                   [](const Record& x) -> std::optional<Values> { return Values::text(x.note); })
        .attribute("extra", Type::int64, "only some records have it",
                   [](const Record& x) -> std::optional<Values> {
                     if (!x.with_extra) return std::nullopt;
                     return Values::integer(-3);
                   })
        .dataset("costly", Type::float64, {}, "must not be computed when covered",
                 [](const Record&) -> std::optional<Values> { throw std::runtime_error("computed"); })
        .group("g", "a subgroup", inner)
        .embed<Part>(
            part_layout(), [](const Record&) -> const Part& { return part; },
            [](Record&) -> Part& { throw std::logic_error("not read here"); })
        .each<Item>(
            "items", "<item>", "a collection", item_layout(), &Record::items, [](const Item& i) { return i.name; },
            [](Item& i, const std::string& n) { i.name = n; });
    return r;
  }();
  return l;
}

std::vector<std::string> paths(const std::vector<layout::Entry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.path);
  return out;
}

TEST(Uncovered, AreTheEntriesNotCoveredInWritingOrderButNotACollectionsItems) {
  Record r;
  const auto left = layout::uncovered(record_layout(), r, Covered{"costly"});
  EXPECT_EQ(paths(left), (std::vector<std::string>{"a", "a@unit", "@note", "g/grid", "g/col", "p"}));
  r.with_extra = true;
  EXPECT_EQ(paths(layout::uncovered(record_layout(), r, Covered{"costly", "a", "g/"})),
            (std::vector<std::string>{"a@unit", "@note", "@extra", "p"}));
}

TEST(Uncovered, ACoveredEntryIsNotComputed) {
  const Record r;
  EXPECT_THROW(layout::uncovered(record_layout(), r, Covered{"a"}), std::runtime_error);
  EXPECT_NO_THROW(layout::uncovered(record_layout(), r, Covered{"costly"}));
}

TEST(Uncovered, ASlashCoversAWholeSubgroupOnly) {
  const Covered c{"g/", "a"};
  EXPECT_TRUE(c("g/grid"));
  EXPECT_TRUE(c("a"));
  EXPECT_FALSE(c("a@unit"));
  EXPECT_FALSE(c("gg/grid"));
  EXPECT_FALSE(c("g"));
}

TEST(Uncovered, ContentIsWrittenAsJsonNestedOutermostAxisFirst) {
  EXPECT_EQ(json_value(Values::number(1.5)), "1.5");
  EXPECT_EQ(json_value(Values::number(std::nan(""))), "null");
  EXPECT_EQ(json_value(Values::numbers({1, std::numeric_limits<double>::infinity()})), "[1, null]");
  EXPECT_EQ(json_value(Values::table({1, 2, 3, 4, 5, 6}, 2, 3)), "[[1, 2, 3], [4, 5, 6]]");
  EXPECT_EQ(json_value(Values::count(18446744073709551615ULL)), "18446744073709551615");
  EXPECT_EQ(json_value(Values::integer(-3)), "-3");
  EXPECT_EQ(json_value(Values::text("a \"b\"")), "\"a \\\"b\\\"\"");
  EXPECT_EQ(json_value(Values::texts({"x", "y"})), "[\"x\", \"y\"]");
  EXPECT_EQ(json_value(Values::bytes({0, 255})), "[0, 255]");
  EXPECT_EQ(json_value(Values::numbers({})), "[]");
}

// The CSV tables of uncovered entries: one per entry, named by section and path; the key fields, one field per axis
// (a coordinate's values where the entry's group has one, else indices), the value.
TEST(Uncovered, AreCsvTablesOfOneRowPerElementAlongTheirAxes) {
  Record r;
  csv::UncoveredTables more;
  more.add("records", {"scenario", "record"}, {"baseline", "r1"}, record_layout(), r, Covered{"costly", "g/col"});
  r.a = 2;
  r.note = "with, comma";
  more.add("records", {"scenario", "record"}, {"s", "r2"}, record_layout(), r, Covered{"costly", "g/col", "p"});
  const std::vector<CsvTable> tables = more.take({"records"});
  std::vector<std::string> names;
  for (const auto& t : tables) names.push_back(t.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"records_a", "records_a_unit", "records_note", "records_g_grid", "records_p"}));
  EXPECT_EQ(tables[0].columns, (std::vector<std::string>{"scenario", "record", "value"}));
  EXPECT_EQ(tables[0].rows, (std::vector<std::vector<std::string>>{{"baseline", "r1", "1.5"}, {"s", "r2", "2"}}));
  EXPECT_EQ(tables[2].rows[1], (std::vector<std::string>{"s", "r2", "\"with, comma\""}));
  const CsvTable& grid = tables[3];
  EXPECT_EQ(grid.columns, (std::vector<std::string>{"scenario", "record", "row", "col", "value"}));
  ASSERT_EQ(grid.rows.size(), 12U);
  EXPECT_EQ(grid.rows[0], (std::vector<std::string>{"baseline", "r1", "0", "x", "1"}));
  EXPECT_EQ(grid.rows[5], (std::vector<std::string>{"baseline", "r1", "1", "z", "6"}));
  EXPECT_EQ(tables[4].rows.size(), 1U);  // the second record covers p
}

TEST(Uncovered, ACsvTableNamedLikeOneOfTheWritersOwnIsABug) {
  const Record r;
  csv::UncoveredTables more;
  more.add("records", {"record"}, {"r1"}, record_layout(), r, Covered{"costly"});
  EXPECT_THROW(more.take({"records_a"}), std::logic_error);
}

}  // namespace
}  // namespace mcsens
