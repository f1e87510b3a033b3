// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/error.hpp"

namespace mcsens {

// An expression string of the model language, with where its first character stands in the config, so that
// the compiler can point at the offending character: location.shifted(i) is the position of text[i]
// (exact for single-line strings without escapes; the start of the string otherwise).
struct ExpressionSource {
  std::string name;  // what it defines or belongs to ("rde_hb", "claims.cost_cut_zj", "curves.x.y")
  std::string text;
  SourceLocation location;
};

// A [functions] entry: name(args...) = expr, inlined at compile time.
struct FunctionSpec {
  std::string name;
  std::vector<std::string> args;
  ExpressionSource body;
  SourceLocation location;
};

}  // namespace mcsens
