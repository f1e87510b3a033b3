// SPDX-License-Identifier: MIT
// Syntax of the model language: tokens and the syntax tree, with source offsets for error messages.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mcsens/expr/expression_source.hpp"

namespace mcsens::detail {

// kIndex: name[expr], one element of an array parameter or an output over an index (children[0] is the index).
enum class NodeKind { kNumber, kName, kUnary, kBinary, kTernary, kCall, kIndex };

// One node of the syntax tree. `offset` is the index in the source text of the token the node stands for
// (the operator of a unary or binary node, the '?' of a ternary, the name of a call), so that errors can point
// at it.
struct SyntaxNode {
  NodeKind kind = NodeKind::kNumber;
  std::string text;  // the name (kName, kCall, kIndex) or the operator spelling (kUnary, kBinary)
  double value = 0.0;
  int offset = 0;
  std::vector<std::unique_ptr<SyntaxNode>> children;

  SyntaxNode() = default;
  SyntaxNode(const SyntaxNode&) = delete;
  SyntaxNode& operator=(const SyntaxNode&) = delete;
  // Iterative, so that the tree of a sum of a million terms (a chain as deep) is freed without deep recursion.
  ~SyntaxNode();
};

// A parsed expression, kept with its source so that later checks can locate names.
struct ParsedExpression {
  const ExpressionSource* source = nullptr;
  std::unique_ptr<SyntaxNode> root;
};

// The deepest nesting of parentheses, calls and prefix operators the parser accepts: a guard against stack
// exhaustion on hostile input, far above anything a person writes.
constexpr int kMaxNesting = 200;

// Parses source.text; throws mcsens::Error located at the offending character. `source` must outlive the result.
ParsedExpression parse_expression(const ExpressionSource& source);

// The location of text[offset] of `source` (the start of the string when the column is unknown).
SourceLocation location_at(const ExpressionSource& source, int offset);

}  // namespace mcsens::detail
