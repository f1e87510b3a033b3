// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mcsens/report/layout.hpp"

// Parts that the layouts of more than one file share (the run's result file, src/report/result_layouts.cpp; the
// file of mcsens analyze, src/report/data_analysis_file.cpp).
namespace mcsens::layout {

// The entries of a group that every object has: `get` always gives a value.
template <class T, class F>
auto always(F f) {
  return [f](const T& object) -> std::optional<Values> { return f(object); };
}

// The coordinates of a sensitivity target's group: "input" (the inputs of the columns) and "bound" (the rows of
// an interval's (2, k) dataset). S has `inputs`.
template <class S>
Layout<S>& input_coordinate(Layout<S>& l) {
  return l.dataset("input", Type::string, {{"input"}}, "coordinate: the inputs (as names)",
                   always<S>([](const S& target) { return Values::texts(target.inputs); }), {}, Presence::always_since);
}

template <class S>
Layout<S>& bound_coordinate(Layout<S>& l) {
  return l.dataset("bound", Type::string, {{"bound", 2}}, "coordinate: the rows of the intervals, low and high",
                   always<S>([](const S&) {
                     return Values::texts({"low", "high"});
                   }),
                   {}, Presence::always_since);
}

// An interval's bounds as a (2, k) table, row 0 the lower; and back.
inline Values bounds(const std::vector<double>& low, const std::vector<double>& high) {
  std::vector<double> rows = low;
  rows.insert(rows.end(), high.begin(), high.end());
  return Values::table(std::move(rows), 2, low.size());
}

inline void split_bounds(const Values& v, std::vector<double>& low, std::vector<double>& high) {
  const auto k = static_cast<std::ptrdiff_t>(v.float64.size() / 2);
  low.assign(v.float64.begin(), v.float64.begin() + k);
  high.assign(v.float64.begin() + k, v.float64.end());
}

inline std::int64_t as_int(std::uint64_t n) {
  return static_cast<std::int64_t>(n);
}

}  // namespace mcsens::layout
