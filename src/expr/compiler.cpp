// SPDX-License-Identifier: MIT
// Program::compile: checks every expression of a model, lowers them into one expression graph (hash-consed, so
// common subexpressions are shared across all targets, with constants folded), then schedules what the targets
// need onto a register tape.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "expr/syntax.hpp"
#include "expr/tape.hpp"
#include "mcsens/suggest.hpp"

namespace mcsens::detail {

double step_time(double start, double k, double dt) {
  return start + k * dt;
}

int operand_count(Op op) {
  if (op <= Op::kArgument) return 0;
  if (op <= Op::kNormcdf) return 1;
  if (op <= Op::kOr) return 2;
  return 3;
}

const char* op_name(Op op) {
  switch (op) {
    case Op::kInput:
      return "input";
    case Op::kConstant:
      return "const";
    case Op::kArgument:
      return "arg";
    case Op::kNeg:
      return "neg";
    case Op::kNot:
      return "not";
    case Op::kExp:
      return "exp";
    case Op::kLog:
      return "log";
    case Op::kLog10:
      return "log10";
    case Op::kSqrt:
      return "sqrt";
    case Op::kAbs:
      return "abs";
    case Op::kSin:
      return "sin";
    case Op::kCos:
      return "cos";
    case Op::kTan:
      return "tan";
    case Op::kTanh:
      return "tanh";
    case Op::kFloor:
      return "floor";
    case Op::kCeil:
      return "ceil";
    case Op::kLogistic:
      return "logistic";
    case Op::kNormcdf:
      return "normcdf";
    case Op::kAdd:
      return "add";
    case Op::kSub:
      return "sub";
    case Op::kMul:
      return "mul";
    case Op::kDiv:
      return "div";
    case Op::kPow:
      return "pow";
    case Op::kMin:
      return "min";
    case Op::kMax:
      return "max";
    case Op::kLess:
      return "lt";
    case Op::kLessEqual:
      return "le";
    case Op::kGreater:
      return "gt";
    case Op::kGreaterEqual:
      return "ge";
    case Op::kEqual:
      return "eq";
    case Op::kNotEqual:
      return "ne";
    case Op::kAnd:
      return "and";
    case Op::kOr:
      return "or";
    case Op::kSelect:
      return "select";
    case Op::kClamp:
      return "clamp";
  }
  return "?";
}

namespace {

struct Builtin {
  Op op;
  int arity;
};

// The built-in functions and their arity. sum(i, first, last, body) and prod(...) are the finite sum and product
// over an integer index: unrolled at compile time (see Compiler::lower), their op combines the terms.
const std::map<std::string, Builtin>& builtins() {
  static const std::map<std::string, Builtin> table = {
      {"exp", {Op::kExp, 1}},
      {"log", {Op::kLog, 1}},
      {"log10", {Op::kLog10, 1}},
      {"sqrt", {Op::kSqrt, 1}},
      {"abs", {Op::kAbs, 1}},
      {"sin", {Op::kSin, 1}},
      {"cos", {Op::kCos, 1}},
      {"tan", {Op::kTan, 1}},
      {"tanh", {Op::kTanh, 1}},
      {"floor", {Op::kFloor, 1}},
      {"ceil", {Op::kCeil, 1}},
      {"logistic", {Op::kLogistic, 1}},
      {"normcdf", {Op::kNormcdf, 1}},
      {"min", {Op::kMin, 2}},
      {"max", {Op::kMax, 2}},
      {"pow", {Op::kPow, 2}},
      {"clamp", {Op::kClamp, 3}},
      {"if", {Op::kSelect, 3}},
      {"sum", {Op::kAdd, 4}},
      {"prod", {Op::kMul, 4}},
      // Reductions of a [dynamics] trajectory: the argument is evaluated at every step (see Compiler::lower).
      {"at_end", {Op::kAdd, 1}},
      {"max_of", {Op::kMax, 1}},
      {"min_of", {Op::kMin, 1}},
      {"time_of_max", {Op::kMax, 1}},
      {"time_of_min", {Op::kMin, 1}},
      {"first_time", {Op::kSelect, 1}},
      {"ever", {Op::kOr, 1}},
      {"always", {Op::kAnd, 1}},
      {"sum_of", {Op::kAdd, 1}},
      {"integral_of", {Op::kAdd, 1}},
      // An output's trajectory, recorded at every record_every-th step: the whole expression of an output only
      // (see Compiler::lower_trajectory); its op is unused.
      {"trajectory", {Op::kAdd, 1}},
  };
  return table;
}

const std::map<std::string, double>& constants() {
  static const std::map<std::string, double> table = {{"pi", 3.14159265358979323846}, {"e", 2.71828182845904523536}};
  return table;
}

bool is_ordering(Op op) {
  return op == Op::kLess || op == Op::kLessEqual || op == Op::kGreater || op == Op::kGreaterEqual;
}

bool is_comparison(Op op) {
  return is_ordering(op) || op == Op::kEqual || op == Op::kNotEqual;
}

// The ordering with its operands swapped: a < b is b > a.
Op mirrored(Op op) {
  switch (op) {
    case Op::kLess:
      return Op::kGreater;
    case Op::kLessEqual:
      return Op::kGreaterEqual;
    case Op::kGreater:
      return Op::kLess;
    default:
      return Op::kLessEqual;
  }
}

bool commutative(Op op) {
  return op == Op::kAdd || op == Op::kMul || op == Op::kEqual || op == Op::kNotEqual || op == Op::kAnd || op == Op::kOr;
}

std::uint64_t bits_of(double x) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}

std::string plural(int n, const char* word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// One node of the expression graph. Nodes are created children first, so ids are a topological order.
struct GraphNode {
  Op op = Op::kConstant;
  int a = -1, b = -1, c = -1;
  double value = 0.0;  // kConstant
  int index = -1;      // kInput column, kArgument number
};

// The expression graph, hash-consed: asking twice for the same operation on the same operands returns the same
// node, which is how common subexpressions are shared across all expressions. All-constant nodes are folded.
class Graph {
 public:
  int leaf(Op op, int index, double value = 0.0) {
    GraphNode node;
    node.op = op;
    node.index = index;
    node.value = value;
    return intern(node, {static_cast<int>(op), index, 0, 0, op == Op::kConstant ? bits_of(value) : 0});
  }
  int constant(double value) { return leaf(Op::kConstant, -1, value); }

  int make(Op op, int a, int b = -1, int c = -1) {
    // Commutative operands in a canonical order (so a*b and b*a are one node), a constant second (so that it
    // becomes an immediate operand).
    if (commutative(op)) {
      const bool a_constant = nodes_[static_cast<size_t>(a)].op == Op::kConstant;
      const bool b_constant = nodes_[static_cast<size_t>(b)].op == Op::kConstant;
      if (a_constant != b_constant ? a_constant : b < a) std::swap(a, b);
    }
    // A comparison with a constant on the left is mirrored (c < x is x > c, exactly, NaN included), so that the
    // constant is second: one node for both spellings, and the compared value first in a fused select.
    if (is_ordering(op) && nodes_[static_cast<size_t>(a)].op == Op::kConstant &&
        nodes_[static_cast<size_t>(b)].op != Op::kConstant) {
      return make(mirrored(op), b, a);
    }
    const int count = operand_count(op);
    bool all_constant = true;
    for (int k = 0; k < count; ++k)
      all_constant = all_constant && nodes_[static_cast<size_t>(at(k, a, b, c))].op == Op::kConstant;
    if (all_constant) {
      const auto value_of = [&](int id) { return id < 0 ? 0.0 : nodes_[static_cast<size_t>(id)].value; };
      return constant(fold_constant(op, value_of(a), value_of(b), value_of(c)));
    }
    // A constant condition picks its branch at compile time.
    if (op == Op::kSelect && nodes_[static_cast<size_t>(a)].op == Op::kConstant) {
      return nodes_[static_cast<size_t>(a)].value != 0.0 ? b : c;
    }
    // x^2 is x*x: exact (one rounding) and much cheaper than pow. x^3 = (x*x)*x and x^4 = (x*x)*(x*x): two
    // roundings, within 2 ulp (pow's own contract here is 4 ulp), and about 20x cheaper than libmvec's pow, which
    // also falls back to scalar code for a negative base (Ishigami's x3^4 spent 30 % of a Sobol' run there).
    // (Not for a value of the step loop's times alone: the unrolled form folds it as pow, so must the loop.)
    if (op == Op::kPow && nodes_[static_cast<size_t>(b)].op == Op::kConstant && !time_only(a)) {
      const double e = nodes_[static_cast<size_t>(b)].value;
      if (e == 2.0) return make(Op::kMul, a, a);
      if (e == 3.0) return make(Op::kMul, make(Op::kMul, a, a), a);
      if (e == 4.0) {
        const int square = make(Op::kMul, a, a);
        return make(Op::kMul, square, square);
      }
    }
    GraphNode node;
    node.op = op;
    node.a = a;
    node.b = b;
    node.c = c;
    return intern(node, {static_cast<int>(op), a, b, c, 0});
  }

  const GraphNode& operator[](int id) const { return nodes_[static_cast<size_t>(id)]; }
  int size() const { return static_cast<int>(nodes_.size()); }

  // The step loop's time inputs (kInput leaves first .. first + count - 1), which the unrolled form has as
  // constants: a value of them and constants alone is "time only".
  void set_time_inputs(int first, int count) {
    time_first_ = first;
    time_count_ = count;
  }
  bool time_only(int id) const {
    const GraphNode& node = nodes_[static_cast<size_t>(id)];
    if (node.op == Op::kInput) return node.index >= time_first_ && node.index < time_first_ + time_count_;
    if (node.op == Op::kConstant || node.op == Op::kArgument) return false;
    bool any = false;
    for (int operand : {node.a, node.b, node.c}) {
      if (operand < 0) continue;
      const bool constant = nodes_[static_cast<size_t>(operand)].op == Op::kConstant;
      if (!constant && !time_only(operand)) return false;
      any = any || !constant;
    }
    return any;
  }

 private:
  static int at(int k, int a, int b, int c) { return k == 0 ? a : (k == 1 ? b : c); }

  using Key = std::tuple<int, int, int, int, std::uint64_t>;
  int intern(const GraphNode& node, const Key& key) {
    const auto found = index_.find(key);
    if (found != index_.end()) return found->second;
    nodes_.push_back(node);
    const int id = static_cast<int>(nodes_.size()) - 1;
    index_.emplace(key, id);
    return id;
  }

  std::vector<GraphNode> nodes_;
  std::map<Key, int> index_;
  int time_first_ = -1;
  int time_count_ = 0;
};

// Bindings of a function body's argument names while it is checked or inlined.
using Arguments = std::vector<std::pair<std::string, int>>;

struct Context {
  const ExpressionSource* source = nullptr;
  const Arguments* arguments = nullptr;  // null outside a function body
  bool inline_calls = true;              // false while a body is checked on its own: calls stay opaque
};

// Bounds on the work of inlining functions and unrolling sums (see Compiler::lower): far above any model a person
// writes (the shipped ones need a few hundred, a 20-year NPV 73), and low enough that compiling takes well under a
// second (a model at the bound: 0.4 s in a release build, a few seconds under the sanitizers the fuzzers use,
// whose per-input time limit is 10 s; with sum(...) a config of 40 characters reaches the bound).
constexpr long kMaxOperations = 500'000;
constexpr int kMaxGraphNodes = 200'000;

// The most terms one sum(...) or prod(...) may have: bounds beyond it are a mistake more often than a model.
constexpr long long kMaxTerms = 10'000;

// The most values a trajectory(...) output records: each is a column with its own statistics (about 17 KiB of
// state per element, docs/benchmarks.md), so a stride is asked for beyond it.
constexpr long long kMaxRecorded = 10'001;

// The placeholder of an index whose values are not known while a function body is checked on its own (an
// argument number no function has; opaque calls use -1 - f).
constexpr int kOpaqueIndex = -1'000'000'000;

bool is_reduction(const std::string& name) {
  return name == "sum" || name == "prod";
}

bool is_trajectory_reduction(const std::string& name) {
  static const std::set<std::string> names = {"at_end",     "max_of", "min_of", "time_of_max", "time_of_min",
                                              "first_time", "ever",   "always", "sum_of",      "integral_of"};
  return names.count(name) != 0;
}

class Compiler {
 public:
  explicit Compiler(const ModelSource& model) : model_(model) {}

  Tape compile() {
    check_names();
    for (const auto& definition : model_.definitions) definitions_.push_back(parse_expression(definition));
    for (const auto& function : model_.functions) bodies_.push_back(parse_expression(function.body));
    for (const auto& target : model_.targets) targets_.push_back(parse_expression(target));
    for (const auto& state : model_.dynamics.states) {
      initials_.push_back(parse_expression(state.initial));
      rates_.push_back(parse_expression(state.rate));
    }
    check_recursion();
    // An output written as trajectory(e), or over an index, is an array: it is lowered apart (lower_trajectory,
    // lower_indexed), and no expression may read it whole by name.
    for (size_t d = 0; d < definitions_.size(); ++d) {
      const SyntaxNode& root = *definitions_[d].root;
      const bool trajectory = root.kind == NodeKind::kCall && root.text == "trajectory";
      const IndexedOutput* indexed = indexed_output(model_.definitions[d].name);
      std::optional<ArrayColumns> array;
      if (trajectory || indexed != nullptr) {
        array.emplace();
        array->indexed = indexed;
      }
      arrays_.push_back(std::move(array));
    }
    definition_state_.assign(model_.definitions.size(), 0);
    definition_node_.assign(model_.definitions.size(), -1);
    // Every function body and every definition is checked (lowered), used or not; the scheduler drops what no
    // target needs. A body is checked on its own, with placeholders for its arguments and its calls left opaque
    // (each callee is checked on its own too), so that checking is linear in the config.
    for (size_t f = 0; f < model_.functions.size(); ++f) {
      Arguments placeholders;
      for (size_t k = 0; k < model_.functions[f].args.size(); ++k) {
        placeholders.emplace_back(model_.functions[f].args[k], graph_.leaf(Op::kArgument, static_cast<int>(k)));
      }
      lower(bodies_[f].root.get(), Context{&model_.functions[f].body, &placeholders, false});
    }
    // The dynamics are stepped before the definitions are lowered, so that a definition may reduce a trajectory.
    looped_ = model_.dynamics.present() && model_.dynamics.dt > 0.0 && model_.dynamics.form != StepForm::kUnrolled;
    if (looped_) graph_.set_time_inputs(static_cast<int>(model_.inputs.size()), static_cast<int>(kLoopTimeInputs));
    if (model_.dynamics.present()) integrate();
    for (size_t d = 0; d < model_.definitions.size(); ++d) {
      if (arrays_[d] && arrays_[d]->indexed != nullptr) {
        lower_indexed(static_cast<int>(d));
      } else if (arrays_[d]) {
        lower_trajectory(static_cast<int>(d));
      } else {
        lower_definition(static_cast<int>(d));
      }
    }
    // A target that names an array output takes its columns; every other target one column.
    std::vector<int> roots;
    std::vector<TargetColumns> columns;
    for (const auto& target : targets_) {
      TargetColumns column;
      column.first = roots.size();
      const SyntaxNode& root = *target.root;
      const auto named = root.kind == NodeKind::kName ? definition_index_.find(root.text) : definition_index_.end();
      if (named != definition_index_.end() && arrays_[static_cast<size_t>(named->second)]) {
        const ArrayColumns& array = *arrays_[static_cast<size_t>(named->second)];
        roots.insert(roots.end(), array.nodes.begin(), array.nodes.end());
        column.count = array.nodes.size();
        column.dimension = array.dimension;
        column.coordinates = array.coordinates;
      } else {
        roots.push_back(lower(target.root.get(), Context{target.source, nullptr, true}));
      }
      columns.push_back(std::move(column));
    }
    std::vector<std::string> names;
    for (size_t t = 0; t < columns.size(); ++t) {
      for (size_t k = 0; k < columns[t].count; ++k) {
        names.push_back(model_.targets[t].name + (columns[t].is_array() ? "[" + std::to_string(k) + "]" : ""));
      }
    }
    if (looped_) return schedule_loop(roots, names, std::move(columns));
    Tape tape = schedule(roots, names);
    tape.columns = std::move(columns);
    return tape;
  }

  // The step loop's three tapes (StepLoop): which columns the loop records and which the post tape computes, and
  // the carried values a column needs (the others are passed through unchanged, not computed).
  Tape schedule_loop(const std::vector<int>& roots, const std::vector<std::string>& names,
                     std::vector<TargetColumns> columns) {
    auto loop = std::make_shared<StepLoop>();
    loop->steps = model_.dynamics.steps;
    loop->start = model_.dynamics.start;
    loop->dt = model_.dynamics.dt;
    loop->record_every = model_.dynamics.record_every;
    loop->first_virtual = model_.inputs.size();
    loop->carried = carried_.size();
    std::vector<int> pre_roots;
    std::vector<int> body_roots;
    std::vector<std::string> carried_names;
    std::vector<int> post_roots;
    std::vector<std::string> post_names;
    std::vector<int> record_pre;
    std::vector<int> record_body;
    std::vector<std::string> record_names;
    std::vector<char> recorded(roots.size(), 0);
    for (size_t t = 0; t < targets_.size(); ++t) {
      const SyntaxNode& root = *targets_[t].root;
      const auto named = root.kind == NodeKind::kName ? definition_index_.find(root.text) : definition_index_.end();
      if (named == definition_index_.end()) continue;
      const auto& array = arrays_[static_cast<size_t>(named->second)];
      if (!array || array->indexed != nullptr) continue;
      loop->record_columns.push_back(columns[t].first);
      record_pre.push_back(array->nodes[0]);
      record_body.push_back(array->record);
      record_names.push_back(model_.targets[t].name);
      for (size_t k = 0; k < columns[t].count; ++k) recorded[columns[t].first + k] = 1;
    }
    for (size_t c = 0; c < roots.size(); ++c) {
      if (recorded[c] != 0) continue;
      loop->post_columns.push_back(c);
      post_roots.push_back(roots[c]);
      post_names.push_back(names[c]);
    }
    // The carried values the columns read, directly or through other carried values.
    const auto first_carried = static_cast<int>(loop->first_virtual + kLoopTimeInputs);
    std::vector<char> live(carried_.size(), 0);
    std::vector<char> seen(static_cast<size_t>(graph_.size()), 0);
    std::vector<int> pending(post_roots);
    pending.insert(pending.end(), record_body.begin(), record_body.end());
    while (!pending.empty()) {
      const int id = pending.back();
      pending.pop_back();
      if (id < 0 || seen[static_cast<size_t>(id)] != 0) continue;
      seen[static_cast<size_t>(id)] = 1;
      const GraphNode& node = graph_[id];
      if (node.op == Op::kInput && node.index >= first_carried) {
        const auto c = static_cast<size_t>(node.index - first_carried);
        if (live[c] == 0) {
          live[c] = 1;
          pending.push_back(carried_[c].update);
        }
      }
      pending.push_back(node.a);
      pending.push_back(node.b);
      pending.push_back(node.c);
    }
    for (size_t c = 0; c < carried_.size(); ++c) {
      const int passed = loop_input(kLoopTimeInputs + c);
      pre_roots.push_back(live[c] != 0 ? carried_[c].init : graph_.constant(0.0));
      body_roots.push_back(live[c] != 0 ? carried_[c].update : passed);
      carried_names.push_back("carried[" + std::to_string(c) + "]");
    }
    pre_roots.insert(pre_roots.end(), record_pre.begin(), record_pre.end());
    body_roots.insert(body_roots.end(), record_body.begin(), record_body.end());
    carried_names.insert(carried_names.end(), record_names.begin(), record_names.end());
    loop->pre = schedule(pre_roots, carried_names);
    time_inputs_ = static_cast<int>(loop->first_virtual);
    loop->body = schedule(body_roots, carried_names);
    time_inputs_ = -1;
    loop->post = schedule(post_roots, post_names);
    // The time inputs some instruction or slot still reads as a column (a fused arithmetic operand): filled per step.
    for (const Tape* sub : {&loop->pre, &loop->body, &loop->post}) {
      const auto note = [&](const Operand& o) {
        const int slot = o.index - static_cast<int>(loop->first_virtual);
        if (o.kind == OperandKind::kInput && slot >= 0 && slot < static_cast<int>(kLoopTimeInputs)) {
          loop->time_columns[static_cast<size_t>(slot)] = true;
        }
      };
      for (const auto& ins : sub->code) {
        for (const auto& o : ins.sources) note(o);
      }
      for (const auto& target : sub->targets) note(target.source);
    }
    std::vector<std::string> inputs = model_.inputs;
    for (const char* time : {"t_before", "t_middle", "t_after", "last_step"}) inputs.emplace_back(time);
    for (size_t c = 0; c < carried_.size(); ++c) inputs.push_back("carried[" + std::to_string(c) + "]");
    for (Tape* sub : {&loop->pre, &loop->body, &loop->post}) sub->inputs = inputs;
    Tape tape;
    tape.inputs = model_.inputs;
    tape.columns = std::move(columns);
    tape.loop = std::move(loop);
    return tape;
  }

 private:
  [[noreturn]] static void fail(const std::string& message, const ExpressionSource& source, int offset) {
    throw Error(message, location_at(source, offset));
  }

  static std::string where(const SourceLocation& location) {
    if (!location.known()) return "";
    return " (first defined at line " + std::to_string(location.line) + ", column " + std::to_string(location.column) +
           ")";
  }

  // Duplicate and reserved names across inputs, definitions and functions.
  void check_names() {
    const auto reserved = [](const std::string& name, const SourceLocation& location, const std::string& what) {
      if (constants().count(name) != 0) {
        throw Error(what + " '" + name + "' has the name of the built-in constant '" + name + "'", location);
      }
      if (builtins().count(name) != 0) {
        throw Error(what + " '" + name + "' has the name of the built-in function '" + name + "'", location);
      }
    };
    for (size_t j = 0; j < model_.inputs.size(); ++j) {
      const auto& name = model_.inputs[j];
      reserved(name, {}, "input");
      if (!inputs_.emplace(name, static_cast<int>(j)).second) throw Error("duplicate input name '" + name + "'");
    }
    for (size_t d = 0; d < model_.definitions.size(); ++d) {
      const auto& definition = model_.definitions[d];
      reserved(definition.name, definition.location, "definition");
      if (inputs_.count(definition.name) != 0) {
        throw Error("'" + definition.name + "' is defined here and is also an input (a parameter)",
                    definition.location);
      }
      const auto inserted = definition_index_.emplace(definition.name, static_cast<int>(d));
      if (!inserted.second) {
        throw Error("duplicate definition '" + definition.name + "'" +
                        where(model_.definitions[static_cast<size_t>(inserted.first->second)].location),
                    definition.location);
      }
    }
    for (size_t f = 0; f < model_.functions.size(); ++f) {
      const auto& function = model_.functions[f];
      reserved(function.name, function.location, "function");
      if (inputs_.count(function.name) != 0 || definition_index_.count(function.name) != 0) {
        throw Error("function '" + function.name + "' has the name of " +
                        (inputs_.count(function.name) != 0 ? "an input" : "a definition"),
                    function.location);
      }
      const auto inserted = function_index_.emplace(function.name, static_cast<int>(f));
      if (!inserted.second) {
        throw Error("duplicate function '" + function.name + "'" +
                        where(model_.functions[static_cast<size_t>(inserted.first->second)].location),
                    function.location);
      }
    }
    // An array parameter's name (its elements are the inputs "name[1]", ...) names nothing else.
    for (const ArrayInput& input : model_.array_inputs) {
      const auto definition = definition_index_.find(input.name);
      if (definition != definition_index_.end()) {
        throw Error("'" + input.name + "' is defined here and is also an array parameter",
                    model_.definitions[static_cast<size_t>(definition->second)].location);
      }
      const auto function = function_index_.find(input.name);
      if (function != function_index_.end()) {
        throw Error("function '" + input.name + "' has the name of an array parameter",
                    model_.functions[static_cast<size_t>(function->second)].location);
      }
    }
    const auto& dynamics = model_.dynamics;
    const auto taken = [&](const std::string& name) -> const char* {
      if (inputs_.count(name) != 0 || array_input(name) != nullptr) return "an input (a parameter)";
      if (definition_index_.count(name) != 0) return "a derived value or output";
      if (function_index_.count(name) != 0) return "a function";
      return nullptr;
    };
    for (size_t k = 0; k < dynamics.states.size(); ++k) {
      const auto& state = dynamics.states[k];
      reserved(state.name, state.location, "state");
      if (const char* what = taken(state.name)) {
        throw Error("state '" + state.name + "' has the name of " + what, state.location);
      }
      if (!state_index_.emplace(state.name, static_cast<int>(k)).second) {
        throw Error("duplicate state '" + state.name + "'", state.location);
      }
    }
    if (dynamics.present()) {
      // At the key when the config names the time, else at the header (the default name "t" is taken).
      const SourceLocation& at = dynamics.time_location.known() ? dynamics.time_location : dynamics.location;
      reserved(dynamics.time, at, "dynamics.time");
      const char* what = state_index_.count(dynamics.time) != 0 ? "a state" : taken(dynamics.time);
      if (what != nullptr) {
        throw Error("the time of [dynamics] is called '" + dynamics.time + "', which is already " + what +
                        "; give time another name with dynamics.time = \"...\"",
                    at);
      }
    }
    for (const auto& function : model_.functions) {
      for (size_t k = 0; k < function.args.size(); ++k) {
        const auto& arg = function.args[k];
        reserved(arg, function.location, "argument");
        if (function_index_.count(arg) != 0) {
          throw Error("argument '" + arg + "' of function '" + function.name + "' has the name of a function",
                      function.location);
        }
        for (size_t m = 0; m < k; ++m) {
          if (function.args[m] == arg) {
            throw Error("duplicate argument '" + arg + "' in function '" + function.name + "'", function.location);
          }
        }
      }
    }
  }

  // Function calls may nest but never recurse (directly or through other functions): inlining must end. Both the
  // walk of a body and the search for a cycle use explicit stacks, so that a chain of thousands of functions, each
  // calling the previous one, cannot exhaust the call stack.
  void check_recursion() {
    struct Call {
      int callee;
      int offset;
    };
    std::vector<std::vector<Call>> calls(model_.functions.size());
    for (size_t f = 0; f < model_.functions.size(); ++f) {
      std::vector<const SyntaxNode*> pending{bodies_[f].root.get()};
      while (!pending.empty()) {
        const SyntaxNode* node = pending.back();
        pending.pop_back();
        if (node->kind == NodeKind::kCall) {
          const auto found = function_index_.find(node->text);
          if (found != function_index_.end()) calls[f].push_back({found->second, node->offset});
        }
        for (auto it = node->children.rbegin(); it != node->children.rend(); ++it) pending.push_back(it->get());
      }
    }
    std::vector<int> state(model_.functions.size(), 0);  // 0 new, 1 on the path, 2 done
    std::vector<std::pair<int, size_t>> path;            // a function on the path and the next call it makes
    for (size_t start = 0; start < model_.functions.size(); ++start) {
      if (state[start] != 0) continue;
      state[start] = 1;
      path.emplace_back(static_cast<int>(start), 0);
      while (!path.empty()) {
        const int f = path.back().first;
        const auto& list = calls[static_cast<size_t>(f)];
        if (path.back().second == list.size()) {
          state[static_cast<size_t>(f)] = 2;
          path.pop_back();
          continue;
        }
        const Call call = list[path.back().second++];
        const auto g = static_cast<size_t>(call.callee);
        if (state[g] == 1) {
          std::string chain;
          const auto on_path =
              std::find_if(path.begin(), path.end(), [&](const auto& p) { return p.first == call.callee; });
          for (auto it = on_path; it != path.end(); ++it)
            chain += model_.functions[static_cast<size_t>(it->first)].name + " -> ";
          fail("recursive function: " + chain + model_.functions[g].name, model_.functions[static_cast<size_t>(f)].body,
               call.offset);
        }
        if (state[g] == 0) {
          state[g] = 1;
          path.emplace_back(call.callee, 0);
        }
      }
    }
  }

  // The array parameter's input, or the output over an index's column, that name[index] reads. The index must fold
  // to a whole number in 1 .. size (a number, arithmetic of numbers, a sum's or an output's index).
  int element(const SyntaxNode& node, int index, const Context& context) {
    const SyntaxNode& at = *node.children[0];
    const ArrayInput* input = array_input(node.text);
    const auto named = definition_index_.find(node.text);
    const int d = named == definition_index_.end() ? -1 : named->second;
    const IndexedOutput* output =
        d >= 0 && arrays_[static_cast<size_t>(d)] ? arrays_[static_cast<size_t>(d)]->indexed : nullptr;
    if (input == nullptr && output == nullptr) {
      if (d >= 0 && arrays_[static_cast<size_t>(d)]) {
        fail("'" + node.text +
                 "' is a trajectory: read it through a reduction (at_end, max_of, ...) of its argument, "
                 "not by position",
             *context.source, node.offset);
      }
      bool argument = false;
      if (context.arguments != nullptr) {
        for (const auto& binding : *context.arguments) argument = argument || binding.first == node.text;
      }
      const bool known = argument || inputs_.count(node.text) != 0 || d >= 0 || state_index_.count(node.text) != 0 ||
                         constants().count(node.text) != 0;
      if (!known) {
        int ignored = -1;
        resolve_name(node, context, ignored);  // reports the unknown name, with a did-you-mean
      }
      fail("'" + node.text + "' is not an array: " + node.text +
               "[...] reads one element of an array parameter (size = N) or of an output over an index (over, size)",
           *context.source, node.offset);
    }
    const long long size = input != nullptr ? static_cast<long long>(input->size) : output->size;
    const GraphNode& value = graph_[index];
    if (value.op != Op::kConstant || value.value != std::floor(value.value)) {
      fail("the index of " + node.text +
               "[...] must be a whole number known before the run (a number, or the index "
               "of a sum or of an output over an index)",
           *context.source, at.offset);
    }
    if (!(value.value >= 1 && value.value <= static_cast<double>(size))) {
      std::ostringstream shown;
      shown << value.value;
      fail("index " + shown.str() + " of '" + node.text + "' is out of range: its elements are " + node.text +
               "[1] .. " + node.text + "[" + std::to_string(size) + "]",
           *context.source, at.offset);
    }
    const auto k = static_cast<size_t>(value.value) - 1;
    if (input != nullptr) return graph_.leaf(Op::kInput, static_cast<int>(input->first + k));
    const auto u = static_cast<size_t>(d);
    if (definition_state_[u] == 1) definition_cycle(d);
    if (definition_state_[u] == 0) lower_indexed(d);
    return arrays_[u]->nodes[k];
  }

  const ArrayInput* array_input(const std::string& name) const {
    for (const ArrayInput& input : model_.array_inputs) {
      if (input.name == name) return &input;
    }
    return nullptr;
  }

  void lower_definition(int d) {
    if (definition_state_[static_cast<size_t>(d)] == 0) lower(nullptr, Context{}, d);
  }

  // An output defined as trajectory(e): e lowered at each recorded step (0, r, 2r, ... up to the last step, with
  // r = record_every), with that step's states and time bound, as a trajectory reduction reads them.
  void lower_trajectory(int d) {
    const auto u = static_cast<size_t>(d);
    const ExpressionSource& source = model_.definitions[u];
    const SyntaxNode& call = *definitions_[u].root;
    const Context context{&source, nullptr, true};
    check_call(call, context);
    check_trajectory_reduction(call, context);
    const auto stride = static_cast<size_t>(model_.dynamics.record_every);
    const auto steps = static_cast<size_t>(model_.dynamics.steps);
    const size_t recorded = steps / stride + 1;
    if (static_cast<long long>(recorded) > kMaxRecorded) {
      fail("trajectory(...) would record " + std::to_string(recorded) +
               " values (dynamics.steps = " + std::to_string(steps) + ", record_every = " + std::to_string(stride) +
               "); at most " + std::to_string(kMaxRecorded) + " are recorded: set dynamics.record_every to at least " +
               std::to_string((steps + kMaxRecorded - 2) / (kMaxRecorded - 1)),
           source, call.offset);
    }
    definition_state_[u] = 1;
    definition_stack_.push_back(d);
    ArrayColumns& array = *arrays_[u];
    array.dimension = model_.dynamics.time;
    if (looped_) {
      // Step 0 from the pre tape, the others from the body (its value after each step, kept at every r-th step).
      array.nodes.push_back(lower(call.children[0].get(), Context{&source, &step_bindings_[0], true}));
      array.record = lower(call.children[0].get(), Context{&source, &step_bindings_[1], true});
      for (size_t k = 0; k <= steps; k += stride) {
        array.coordinates.push_back(step_time(model_.dynamics.start, static_cast<double>(k), model_.dynamics.dt));
      }
      array.nodes.resize(recorded, array.nodes[0]);
    }
    for (size_t k = 0; !looped_ && k < step_bindings_.size(); k += stride) {
      array.nodes.push_back(lower(call.children[0].get(), Context{&source, &step_bindings_[k], true}));
      array.coordinates.push_back(graph_[step_bindings_[k].back().second].value);
    }
    definition_stack_.pop_back();
    definition_state_[u] = 2;
  }

  // The IndexedOutput of the definition `name`, or null.
  const IndexedOutput* indexed_output(const std::string& name) const {
    for (const IndexedOutput& indexed : model_.indexed) {
      if (indexed.output == name) return &indexed;
    }
    return nullptr;
  }

  // An output over an index: its expression lowered once per index value 1 .. size, the index bound to it like a
  // sum's. The index is a fresh name, as a sum's must be.
  void lower_indexed(int d) {
    const auto u = static_cast<size_t>(d);
    const IndexedOutput& indexed = *arrays_[u]->indexed;
    const ExpressionSource& source = model_.definitions[u];
    const auto meaning = [&]() -> std::string {
      if (inputs_.count(indexed.index) != 0 || array_input(indexed.index) != nullptr) return "an input (a parameter)";
      if (definition_index_.count(indexed.index) != 0) return "a derived value or output";
      if (function_index_.count(indexed.index) != 0) return "a function";
      if (builtins().count(indexed.index) != 0) return "a built-in function";
      if (constants().count(indexed.index) != 0) return "a built-in constant";
      if (state_index_.count(indexed.index) != 0) return "a state of [dynamics]";
      if (model_.dynamics.present() && indexed.index == model_.dynamics.time) return "the time of [dynamics]";
      return "";
    }();
    if (!meaning.empty()) {
      throw Error("the index '" + indexed.index + "' of output '" + indexed.output + "' already names " + meaning +
                      "; choose another name",
                  indexed.location);
    }
    definition_state_[u] = 1;
    definition_stack_.push_back(d);
    ArrayColumns& array = *arrays_[u];
    array.dimension = indexed.index;
    for (long long k = 1; k <= indexed.size; ++k) {
      Arguments& bound = indexed_bindings_.emplace_back();
      bound.emplace_back(indexed.index, graph_.constant(static_cast<double>(k)));
      array.nodes.push_back(lower(definitions_[u].root.get(), Context{&source, &bound, true}));
      array.coordinates.push_back(static_cast<double>(k));
    }
    definition_stack_.pop_back();
    definition_state_[u] = 2;
  }

  [[noreturn]] void definition_cycle(int d) const {
    // The definitions on the stack from d onwards. Print it from the one written first.
    const auto start = std::find(definition_stack_.begin(), definition_stack_.end(), d);
    std::vector<int> cycle(start, definition_stack_.end());
    const auto first = std::min_element(cycle.begin(), cycle.end());
    std::rotate(cycle.begin(), first, cycle.end());
    std::string chain;
    for (int k : cycle) chain += model_.definitions[static_cast<size_t>(k)].name + " -> ";
    chain += model_.definitions[static_cast<size_t>(cycle.front())].name;
    throw Error("cycle in [derived]: " + chain, model_.definitions[static_cast<size_t>(cycle.front())].location);
  }

  std::vector<std::string> value_names(const Context& context) const {
    std::vector<std::string> names;
    if (context.arguments != nullptr) {
      for (const auto& binding : *context.arguments) names.push_back(binding.first);
    }
    for (const auto& name : model_.inputs) {
      if (name.find('[') == std::string::npos) names.push_back(name);  // an array's element: its array below
    }
    for (const auto& input : model_.array_inputs) names.push_back(input.name);
    for (const auto& definition : model_.definitions) names.push_back(definition.name);
    for (const auto& constant : constants()) names.push_back(constant.first);
    return names;
  }

  // The graph node a name stands for, or -1 with `definition` set when it names a definition (lowered by the
  // caller, which keeps the stack of definitions being lowered).
  int resolve_name(const SyntaxNode& node, const Context& context, int& definition) {
    if (context.arguments != nullptr) {
      for (const auto& binding : *context.arguments) {
        if (binding.first == node.text) return binding.second;
      }
    }
    const auto input = inputs_.find(node.text);
    if (input != inputs_.end()) return graph_.leaf(Op::kInput, input->second);
    const auto found = definition_index_.find(node.text);
    if (found != definition_index_.end()) {
      definition = found->second;
      return -1;
    }
    const auto constant = constants().find(node.text);
    if (constant != constants().end()) return graph_.constant(constant->second);
    if (builtins().count(node.text) != 0 || function_index_.count(node.text) != 0) {
      fail("'" + node.text + "' is a function; call it as " + node.text + "(...)", *context.source, node.offset);
    }
    if (const ArrayInput* input = array_input(node.text)) {
      fail("'" + node.text + "' is an array parameter of " + std::to_string(input->size) + " values: read one as " +
               node.text + "[i], i from 1 to " + std::to_string(input->size) + " (a number, or a sum's index)",
           *context.source, node.offset);
    }
    if (state_index_.count(node.text) != 0 || (model_.dynamics.present() && node.text == model_.dynamics.time)) {
      fail("'" + node.text + "' is " + (state_index_.count(node.text) != 0 ? "a state" : "the time") +
               " of [dynamics]: it has a value at every step, read inside a rate or through a reduction of the "
               "trajectory, as in at_end(" +
               node.text + ") or max_of(" + node.text + ") (a derived value cannot depend on it; a function of it can)",
           *context.source, node.offset);
    }
    fail("unknown name '" + node.text + "'" + did_you_mean(node.text, value_names(context)), *context.source,
         node.offset);
  }

  // Checks a call before its arguments are lowered: a known function with the right number of arguments.
  void check_call(const SyntaxNode& node, const Context& context) const {
    const int given = static_cast<int>(node.children.size());
    int arity = -1;
    const auto builtin = builtins().find(node.text);
    const auto function = function_index_.find(node.text);
    if (builtin != builtins().end()) {
      arity = builtin->second.arity;
    } else if (function != function_index_.end()) {
      arity = static_cast<int>(model_.functions[static_cast<size_t>(function->second)].args.size());
    } else {
      bool is_argument = false;
      if (context.arguments != nullptr) {
        for (const auto& binding : *context.arguments) is_argument = is_argument || binding.first == node.text;
      }
      if (is_argument || inputs_.count(node.text) != 0 || definition_index_.count(node.text) != 0 ||
          constants().count(node.text) != 0) {
        fail("'" + node.text + "' is not a function", *context.source, node.offset);
      }
      std::vector<std::string> names;
      for (const auto& entry : builtins()) names.push_back(entry.first);
      for (const auto& spec : model_.functions) names.push_back(spec.name);
      fail("unknown function '" + node.text + "'" + did_you_mean(node.text, names), *context.source, node.offset);
    }
    if (given != arity) {
      fail("'" + node.text + "' takes " + plural(arity, "argument") + ", not " + std::to_string(given), *context.source,
           node.offset);
    }
  }

  // One step of lowering: enter a syntax node (push its children), combine its children's nodes, finish an inlined
  // call (remember its result for the same arguments) or finish a definition.
  // A sum(i, first, last, body) or prod(...) takes two more steps: kReductionBounds once its bounds are lowered
  // (it checks them and enters the body once per index value) and kReductionDone once every term is lowered.
  // A trajectory reduction (max_of(e), ...) enters its argument once per step, with the states and time of that
  // step bound, and combines the values in kTrajectoryDone.
  enum class Step {
    kEnter,
    kCombine,
    kCallDone,
    kDefinitionDone,
    kReductionBounds,
    kReductionDone,
    kTrajectoryDone,
    kIndexDone
  };
  struct Work {
    Step step;
    const SyntaxNode* node;
    int context;  // index into the contexts of this lowering
    int extra;    // kCallDone: the call's key; kDefinitionDone: the definition; kReductionDone: its Unrolled
  };

  // The index of a sum or prod must be a fresh name: one that already means something here would be shadowed
  // inside the body and keep its meaning outside it, which reads as a mistake.
  void check_index(const SyntaxNode& call, const Context& context) const {
    const SyntaxNode& index = *call.children[0];
    if (index.kind != NodeKind::kName) {
      fail("the first argument of " + call.text + "(...) is the name of its index, as in " + call.text +
               "(i, 1, 10, x^i)",
           *context.source, index.offset);
    }
    const auto meaning = [&]() -> std::string {
      if (context.arguments != nullptr) {
        for (const auto& binding : *context.arguments)
          if (binding.first == index.text) return "an argument or an enclosing index";
      }
      if (inputs_.count(index.text) != 0 || array_input(index.text) != nullptr) return "an input";
      if (definition_index_.count(index.text) != 0) return "a derived value or output";
      if (function_index_.count(index.text) != 0) return "a function";
      if (builtins().count(index.text) != 0) return "a built-in function";
      if (constants().count(index.text) != 0) return "a built-in constant";
      return "";
    }();
    if (!meaning.empty()) {
      fail(
          "the index '" + index.text + "' of " + call.text + "(...) already names " + meaning + "; choose another name",
          *context.source, index.offset);
    }
  }

  // The whole numbers a bound of a sum or prod may take, known at compile time: a number, or arithmetic of
  // numbers, constants, enclosing indices and definitions that fold to a number ([v, v]); or a parameter with
  // whole values (ModelSource::integer_inputs), alone or plus or minus a whole number.
  IntegerRange reduction_bound(int value, const SyntaxNode& bound, const SyntaxNode& call,
                               const Context& context) const {
    const GraphNode& node = graph_[value];
    if (node.op == Op::kConstant) {
      const double v = node.value;
      if (!(std::fabs(v) <= 1e15) || v != std::floor(v)) {
        std::ostringstream shown;
        shown << v;
        if (std::isfinite(v) && v == std::floor(v)) {
          fail("a bound of " + call.text + "(...) is too large: " + shown.str() +
                   " (bounds are integers of at most 1e15 in size, and a sum unrolls at most " +
                   std::to_string(kMaxTerms) + " terms)",
               *context.source, bound.offset);
        }
        fail("a bound of " + call.text + "(...) must be an integer, got " + shown.str(), *context.source, bound.offset);
      }
      return IntegerRange{static_cast<long long>(v), static_cast<long long>(v)};
    }
    const auto whole_constant = [&](int id) -> std::optional<long long> {
      const GraphNode& n = graph_[id];
      if (n.op != Op::kConstant || !(std::fabs(n.value) <= 1e15) || n.value != std::floor(n.value)) return std::nullopt;
      return static_cast<long long>(n.value);
    };
    const auto parameter = [&](int id) -> std::optional<IntegerRange> {
      const GraphNode& n = graph_[id];
      if (n.op != Op::kInput || static_cast<size_t>(n.index) >= model_.integer_inputs.size()) return std::nullopt;
      return model_.integer_inputs[static_cast<size_t>(n.index)];
    };
    std::optional<IntegerRange> range = parameter(value);
    if (!range && (node.op == Op::kAdd || node.op == Op::kSub)) {
      const auto a = parameter(node.a);
      const auto b = parameter(node.b);
      const auto ca = whole_constant(node.a);
      const auto cb = whole_constant(node.b);
      if (a && cb)
        range = IntegerRange{a->low + (node.op == Op::kAdd ? *cb : -*cb), a->high + (node.op == Op::kAdd ? *cb : -*cb)};
      if (b && ca)
        range =
            node.op == Op::kAdd ? IntegerRange{b->low + *ca, b->high + *ca} : IntegerRange{*ca - b->high, *ca - b->low};
    }
    if (!range) {
      // A parameter whole in the baseline that a scenario makes fractional: say which.
      std::vector<int> read = {value};
      if (node.op == Op::kAdd || node.op == Op::kSub) read = {node.a, node.b};
      for (const int id : read) {
        const GraphNode& n = graph_[id];
        const auto input = static_cast<size_t>(n.index);
        if (n.op == Op::kInput && input < model_.integer_input_notes.size() &&
            !model_.integer_input_notes[input].empty()) {
          fail("a bound of " + call.text + "(...) must take whole values: " + model_.integer_input_notes[input],
               *context.source, bound.offset);
        }
      }
      fail("a bound of " + call.text +
               "(...) must be an integer known before the run (numbers, enclosing indices, or derived values made "
               "of them) or a parameter with whole values (a whole constant, uniform_int, or discrete of whole "
               "numbers, plus or minus a number), not another value that depends on the parameters",
           *context.source, bound.offset);
    }
    return *range;
  }

  [[noreturn]] void too_large(const std::vector<Work>& work, const std::deque<Context>& contexts,
                              const SyntaxNode& node, const Context& context) const {
    if (integrating_) {
      throw Error("the model is too large once its dynamics are stepped (more than " + std::to_string(kMaxOperations) +
                      " operations or " + std::to_string(kMaxGraphNodes) + " distinct values, reached at step " +
                      std::to_string(step_bindings_.size()) + " of " + std::to_string(model_.dynamics.steps) +
                      "): every step is unrolled into the program; take fewer steps (a larger dt)",
                  model_.dynamics.location);
    }
    // Blame the outermost call being inlined or sum being unrolled: it is in the expression being lowered, where
    // the size comes from.
    const SyntaxNode* at = &node;
    const Context* in = &context;
    for (const auto& item : work) {
      if (item.step == Step::kCallDone || item.step == Step::kReductionDone) {
        at = item.node;
        in = &contexts[static_cast<size_t>(item.context)];
        break;
      }
    }
    fail("the model is too large once its functions are inlined and its sums unrolled (more than " +
             std::to_string(kMaxOperations) + " operations or " + std::to_string(kMaxGraphNodes) +
             " distinct values); a function that calls another several times with different arguments multiplies "
             "its size, and so does a sum inside a sum",
         *in->source, at->offset);
  }

  // Steps the states of [dynamics] from the start time: their initial values, then each step's update by explicit
  // Euler (y + h f(t, y)) or classic RK4, lowered into the graph, recording the states and time of every step in
  // step_bindings_ for the trajectory reductions. Rates are lowered with the states and time bound like a
  // function's arguments; the time of each step is a constant, start + k h (not a running sum, which would drift).
  void integrate() {
    const DynamicsSpec& dynamics = model_.dynamics;
    const size_t count = dynamics.states.size();
    const double h = dynamics.dt;
    integrating_ = true;
    std::vector<int> y(count);
    for (size_t s = 0; s < count; ++s) {
      y[s] = lower(initials_[s].root.get(), Context{&dynamics.states[s].initial, nullptr, true});
    }
    const auto bind_node = [&](const std::vector<int>& state, int time) {
      Arguments bound;
      for (size_t s = 0; s < count; ++s) bound.emplace_back(dynamics.states[s].name, state[s]);
      bound.emplace_back(dynamics.time, time);
      return bound;
    };
    const auto bind = [&](const std::vector<int>& state, double time) {
      return bind_node(state, graph_.constant(time));
    };
    const auto rates_at = [&](const std::vector<int>& state, int time) {
      const Arguments bound = bind_node(state, time);
      std::vector<int> f(count);
      for (size_t s = 0; s < count; ++s) {
        f[s] = lower(rates_[s].root.get(), Context{&dynamics.states[s].rate, &bound, true});
      }
      return f;
    };
    const auto rates = [&](const std::vector<int>& state, double time) {
      return rates_at(state, graph_.constant(time));
    };
    const auto advance = [&](const std::vector<int>& state, double step, const std::vector<int>& f) {
      std::vector<int> next(count);
      for (size_t s = 0; s < count; ++s) {
        next[s] = graph_.make(Op::kAdd, state[s], graph_.make(Op::kMul, graph_.constant(step), f[s]));
      }
      return next;
    };
    const auto time_at = [&](double k) { return step_time(dynamics.start, k, h); };
    if (looped_) {
      // One step from the carried states at the time before it (the loop's inputs) to the states after it: the
      // operations of one unrolled step, with the times as inputs instead of constants. Bound, as step_bindings_:
      // step 0 (the initial values, t_0), the step after the body (its results, the time after it), and the last
      // step (the carried states after the loop, t_N).
      const int before = loop_input(0);
      const int middle = loop_input(1);
      const int after = loop_input(2);
      std::vector<int> carried(count);
      for (size_t s = 0; s < count; ++s) carried[s] = add_carried(y[s]);
      std::vector<int> next;
      if (dynamics.method == StepMethod::kEuler) {
        next = advance(carried, h, rates_at(carried, before));
      } else {
        const std::vector<int> k1 = rates_at(carried, before);
        const std::vector<int> k2 = rates_at(advance(carried, h / 2, k1), middle);
        const std::vector<int> k3 = rates_at(advance(carried, h / 2, k2), middle);
        const std::vector<int> k4 = rates_at(advance(carried, h, k3), after);
        std::vector<int> slope(count);
        const int two = graph_.constant(2.0);
        for (size_t s = 0; s < count; ++s) {
          const int inner = graph_.make(Op::kAdd, graph_.make(Op::kMul, k2[s], two), graph_.make(Op::kMul, k3[s], two));
          slope[s] = graph_.make(Op::kAdd, graph_.make(Op::kAdd, k1[s], inner), k4[s]);
        }
        next = advance(carried, h / 6, slope);
      }
      for (size_t s = 0; s < count; ++s) carried_[s].update = next[s];
      step_bindings_.push_back(bind(y, time_at(0.0)));
      step_bindings_.push_back(bind_node(next, after));
      step_bindings_.push_back(bind(carried, time_at(static_cast<double>(dynamics.steps))));
      integrating_ = false;
      return;
    }
    for (long long k = 0;; ++k) {
      const double t = time_at(static_cast<double>(k));
      step_bindings_.push_back(bind(y, t));
      if (k == dynamics.steps) break;
      if (dynamics.method == StepMethod::kEuler) {
        y = advance(y, h, rates(y, t));
        continue;
      }
      const double middle = time_at(static_cast<double>(k) + 0.5);
      const std::vector<int> k1 = rates(y, t);
      const std::vector<int> k2 = rates(advance(y, h / 2, k1), middle);
      const std::vector<int> k3 = rates(advance(y, h / 2, k2), middle);
      const std::vector<int> k4 = rates(advance(y, h, k3), time_at(static_cast<double>(k + 1)));
      std::vector<int> slope(count);
      const int two = graph_.constant(2.0);
      for (size_t s = 0; s < count; ++s) {
        // (k1 + 2 k2 + 2 k3 + k4) / 6, as y + h/6 (k1 + 2 k2 + 2 k3 + k4)
        const int inner = graph_.make(Op::kAdd, graph_.make(Op::kMul, k2[s], two), graph_.make(Op::kMul, k3[s], two));
        slope[s] = graph_.make(Op::kAdd, graph_.make(Op::kAdd, k1[s], inner), k4[s]);
      }
      y = advance(y, h / 6, slope);
    }
    integrating_ = false;
  }

  // A trajectory reduction reads every step: it belongs in a definition or a target, where the states are not
  // bound, and needs the dynamics stepped already.
  void check_trajectory_reduction(const SyntaxNode& node, const Context& context) const {
    const char* what = node.text == "trajectory" ? "records" : "reduces";
    if (context.arguments != nullptr) {
      fail(node.text +
               "(...) reduces a whole trajectory: use it in [derived], [outputs] or a claim, not inside a function, a "
               "sum, a rate, a trajectory(...) or another reduction",
           *context.source, node.offset);
    }
    if (!model_.dynamics.present()) {
      fail(node.text + "(...) " + what + " a trajectory of [dynamics], and this model has no [dynamics] table",
           *context.source, node.offset);
    }
    // A reduction over a scalar: the argument must read a state or the time, itself or through a function's
    // arguments (a derived value cannot read them), so this look at its syntax is exact.
    // A name that means nothing here (a misspelt state) is reported as unknown, not as a scalar.
    bool reads_trajectory = false;
    const SyntaxNode* unknown = nullptr;
    std::set<std::string> indices;  // the indices of the sums and products inside
    std::vector<const SyntaxNode*> pending{node.children[0].get()};
    std::vector<const SyntaxNode*> names;
    while (!pending.empty()) {
      const SyntaxNode* n = pending.back();
      pending.pop_back();
      if (n->kind == NodeKind::kName) names.push_back(n);
      if (n->kind == NodeKind::kCall && is_reduction(n->text) && !n->children.empty()) {
        indices.insert(n->children[0]->text);
      }
      for (const auto& child : n->children) pending.push_back(child.get());
    }
    for (const SyntaxNode* n : names) {
      const std::string& name = n->text;
      const bool state = state_index_.count(name) != 0 || name == model_.dynamics.time;
      reads_trajectory = reads_trajectory || state;
      if (unknown == nullptr && !state && inputs_.count(name) == 0 && array_input(name) == nullptr &&
          definition_index_.count(name) == 0 && constants().count(name) == 0 && indices.count(name) == 0) {
        unknown = n;
      }
    }
    if (!reads_trajectory && unknown != nullptr) {
      std::vector<std::string> known = value_names(context);
      for (const auto& state : model_.dynamics.states) known.push_back(state.name);
      known.push_back(model_.dynamics.time);
      fail("unknown name '" + unknown->text + "'" + did_you_mean(unknown->text, known), *context.source,
           unknown->offset);
    }
    if (!reads_trajectory) {
      fail(node.text + "(...) " + what + " a trajectory over time, but its argument reads no state and not " +
               model_.dynamics.time + ": it has one value, not one per step",
           *context.source, node.offset);
    }
    if (integrating_) {
      fail(node.text +
               "(...) reads the whole trajectory, so an initial value or a rate cannot depend on it (here through a "
               "derived value)",
           *context.source, node.offset);
    }
  }

  // The step loop's input `k` of the loop's own (the times, the last-step flag; see StepLoop).
  int loop_input(std::size_t k) { return graph_.leaf(Op::kInput, static_cast<int>(model_.inputs.size() + k)); }

  // A value carried from step to step (a state, or a reduction's accumulator), `init` at step 0: its input in the
  // body and the post tape. Its update (the value after a step) is set by the caller.
  int add_carried(int init) {
    const auto k = kLoopTimeInputs + carried_.size();
    carried_.push_back({init, -1});
    return loop_input(k);
  }

  // reduce_trajectory's reductions in the step loop, from the argument at step 0 (e0), after a step of the body (ek,
  // with the time after it as `after`) and at the last step (eN): each is the left fold the unrolled form makes,
  // an accumulator updated once a step (so the same operations on the same values, in the same order).
  int reduce_in_loop(const std::string& name, int e0, int ek, int eN) {
    const int after = loop_input(2);
    const int last = loop_input(3);
    const int t0 = graph_.constant(step_time(model_.dynamics.start, 0.0, model_.dynamics.dt));  // the unrolled t_0
    if (name == "at_end") return eN;
    if (name == "first_time") {  // dt > 0 here: the least time at which the argument holds
      const int never = graph_.constant(std::numeric_limits<double>::quiet_NaN());
      const int later = graph_.constant(std::numeric_limits<double>::infinity());
      const int first = add_carried(graph_.make(Op::kSelect, e0, t0, later));
      carried_.back().update = graph_.make(Op::kMin, first, graph_.make(Op::kSelect, ek, after, later));
      return graph_.make(Op::kSelect, graph_.make(Op::kEqual, first, later), never, first);
    }
    if (name == "time_of_max" || name == "time_of_min") {
      const bool max = name == "time_of_max";
      const int best = fold_in_loop(max ? Op::kMax : Op::kMin, e0, ek);  // shared with max_of / min_of of the same
      const int when = add_carried(t0);
      carried_.back().update =
          graph_.make(Op::kSelect, graph_.make(max ? Op::kGreater : Op::kLess, ek, best), after, when);
      return graph_.make(Op::kSelect, graph_.make(Op::kEqual, best, best), when,
                         graph_.constant(std::numeric_limits<double>::quiet_NaN()));
    }
    if (name == "integral_of") {
      // e_0 / 2 + e_1 + ... + e_{N-1} + e_N / 2: the last step adds half its value.
      const int half = graph_.constant(0.5);
      const int total = add_carried(graph_.make(Op::kMul, e0, half));
      carried_.back().update =
          graph_.make(Op::kAdd, total, graph_.make(Op::kSelect, last, graph_.make(Op::kMul, ek, half), ek));
      return graph_.make(Op::kMul, total, graph_.constant(model_.dynamics.dt));
    }
    // max_of, min_of, ever, always, sum_of: a left fold with the op of the builtins table.
    return fold_in_loop(builtins().at(name).op, e0, ek);
  }

  // The accumulator of a left fold by `op` from e0 over ek: one per distinct fold, as the unrolled form's hash-consed
  // chains are one (max_of(I) and time_of_max(I) fold the same maximum).
  int fold_in_loop(Op op, int e0, int ek) {
    const auto key = std::make_tuple(static_cast<int>(op), e0, ek);
    const auto found = folds_.find(key);
    if (found != folds_.end()) return found->second;
    const int result = add_carried(e0);
    carried_.back().update = graph_.make(op, result, ek);
    folds_.emplace(key, result);
    return result;
  }

  // Combines the values of a trajectory reduction's argument at the steps 0..N (times t_0..t_N):
  //   at_end: e_N; max_of, min_of: the extreme; time_of_max, time_of_min: the first time it is reached;
  //   first_time: the first t_k with e_k != 0, NaN if none ("never", counted as non-finite like a curve feature
  //   not found); ever, always: 1 if some (every) e_k != 0, else 0; sum_of: e_0 + ... + e_N;
  //   integral_of: the trapezoidal rule h (e_0/2 + e_1 + ... + e_{N-1} + e_N/2), of order 2.
  // A NaN at any step makes max_of, min_of and their times NaN, so that the engine counts it.
  int reduce_trajectory(const SyntaxNode& node, const std::vector<int>& e) {
    if (looped_) return reduce_in_loop(node.text, e[0], e[1], e[2]);
    const std::string& name = node.text;
    const auto time = [&](size_t k) { return step_bindings_[k].back().second; };
    const size_t last = e.size() - 1;
    if (name == "at_end") return e[last];
    if (name == "first_time") {
      // Read forwards, each step's e_k once at its step, so that the schedule need not keep the whole trajectory
      // live. The times increase (dt > 0), so the first t_k with e_k != 0 is the least: min over k of
      // (e_k != 0 ? t_k : +inf), and +inf (never) becomes the NaN at the end. Two operations a step; the same t_k
      // (or the NaN) as the chain read backwards, select(e_0, t_0, select(e_1, t_1, ... NaN)).
      const int never = graph_.constant(std::numeric_limits<double>::quiet_NaN());
      if (model_.dynamics.dt > 0.0) {
        const int later = graph_.constant(std::numeric_limits<double>::infinity());
        int first = graph_.make(Op::kSelect, e[0], time(0), later);
        for (size_t k = 1; k < e.size(); ++k) {
          first = graph_.make(Op::kMin, first, graph_.make(Op::kSelect, e[k], time(k), later));
        }
        return graph_.make(Op::kSelect, graph_.make(Op::kEqual, first, later), never, first);
      }
      // Times that do not increase (a model built without the config's check of dt): done_k = done_{k-1} or e_k.
      int result = graph_.make(Op::kSelect, e[0], time(0), never);
      int done = e[0];
      for (size_t k = 1; k < e.size(); ++k) {
        result = graph_.make(Op::kSelect, done, result, graph_.make(Op::kSelect, e[k], time(k), never));
        done = graph_.make(Op::kOr, done, e[k]);
      }
      return result;
    }
    if (name == "time_of_max" || name == "time_of_min") {
      const bool max = name == "time_of_max";
      int best = e[0];
      int when = time(0);
      for (size_t k = 1; k < e.size(); ++k) {
        when = graph_.make(Op::kSelect, graph_.make(max ? Op::kGreater : Op::kLess, e[k], best), time(k), when);
        best = graph_.make(max ? Op::kMax : Op::kMin, best, e[k]);
      }
      return graph_.make(Op::kSelect, graph_.make(Op::kEqual, best, best), when,
                         graph_.constant(std::numeric_limits<double>::quiet_NaN()));
    }
    if (name == "integral_of") {
      const int half = graph_.constant(0.5);
      int total = graph_.make(Op::kMul, e[0], half);
      for (size_t k = 1; k < last; ++k) total = graph_.make(Op::kAdd, total, e[k]);
      total = graph_.make(Op::kAdd, total, graph_.make(Op::kMul, e[last], half));
      return graph_.make(Op::kMul, total, graph_.constant(model_.dynamics.dt));
    }
    // max_of, min_of, ever, always, sum_of: a left fold with the op of the builtins table.
    const Op op = builtins().at(name).op;
    int result = e[0];
    for (size_t k = 1; k < e.size(); ++k) result = graph_.make(op, result, e[k]);
    return result;
  }

  // Lowers `root` in `root_context` (or, with `definition` >= 0, that definition) into the graph and returns its
  // node. Iterative: an explicit stack of work, so that neither a sum of thousands of terms, nor a chain of
  // functions or definitions thousands long, exhausts the call stack. A user function's call is inlined once per
  // distinct argument nodes (calls_), so f(x) + f(x) costs one inlining, and in total at most kMaxOperations
  // syntax nodes are lowered and kMaxGraphNodes graph nodes made.
  int lower(const SyntaxNode* root, const Context& root_context, int definition = -1) {
    std::deque<Context> contexts{root_context};
    std::deque<Arguments> bindings;
    std::vector<std::pair<int, std::vector<int>>> keys;
    std::vector<Work> work;
    std::vector<int> values;
    const auto begin_definition = [&](int d) {
      const auto u = static_cast<size_t>(d);
      definition_state_[u] = 1;
      definition_stack_.push_back(d);
      contexts.push_back(Context{&model_.definitions[u], nullptr, true});
      work.push_back({Step::kDefinitionDone, nullptr, 0, d});
      work.push_back({Step::kEnter, definitions_[u].root.get(), static_cast<int>(contexts.size()) - 1, -1});
    };
    if (definition >= 0) {
      begin_definition(definition);
    } else {
      work.push_back({Step::kEnter, root, 0, -1});
    }
    while (!work.empty()) {
      const Work item = work.back();
      work.pop_back();
      const Context& context = contexts[static_cast<size_t>(item.context)];
      if (item.step == Step::kDefinitionDone) {
        const auto u = static_cast<size_t>(item.extra);
        definition_stack_.pop_back();
        definition_state_[u] = 2;
        definition_node_[u] = values.back();
        continue;
      }
      if (item.step == Step::kCallDone) {
        calls_.emplace(std::move(keys[static_cast<size_t>(item.extra)]), values.back());
        continue;
      }
      const SyntaxNode& node = *item.node;
      if (item.step == Step::kReductionBounds) {
        // The bounds are the last two values. Each term is the body with the index bound to one integer, lowered
        // in the order of the index, so that the terms are added (multiplied) from the first to the last.
        const int last_value = values.back();
        values.pop_back();
        const int first_value = values.back();
        values.pop_back();
        const std::string& index = node.children[0]->text;
        const Arguments outer = context.arguments != nullptr ? *context.arguments : Arguments{};
        const auto enter_body = [&](int index_value) {
          Arguments& bound = bindings.emplace_back(outer);
          bound.emplace_back(index, index_value);
          contexts.push_back(Context{context.source, &bound, context.inline_calls});
          work.push_back({Step::kEnter, node.children[3].get(), static_cast<int>(contexts.size()) - 1, -1});
        };
        if (!context.inline_calls &&
            (graph_[first_value].op != Op::kConstant || graph_[last_value].op != Op::kConstant)) {
          // A function body checked on its own, whose bounds come from its arguments: the body is checked once with
          // an opaque index; the bounds are checked where the function is inlined.
          unrolled_.push_back({first_value, last_value, {0, 0}, {0, 0}});
          work.push_back({Step::kReductionDone, &node, item.context, static_cast<int>(unrolled_.size()) - 1});
          enter_body(graph_.leaf(Op::kArgument, kOpaqueIndex));
          continue;
        }
        const IntegerRange first_range = reduction_bound(first_value, *node.children[1], node, context);
        const IntegerRange last_range = reduction_bound(last_value, *node.children[2], node, context);
        const long long first = first_range.low;
        const long long last = last_range.high;
        if (last < first) {
          // An empty range: the empty sum is 0 and the empty product 1, as in mathematics.
          values.push_back(graph_.constant(node.text == "sum" ? 0.0 : 1.0));
          continue;
        }
        if (last - first + 1 > kMaxTerms) {
          const bool exact = first_range.low == first_range.high && last_range.low == last_range.high;
          fail(node.text + "(...) from " + std::to_string(first) + " to " + std::to_string(last) +
                   (exact ? "" : " (the widest range its bounds' parameters allow)") + " has " +
                   std::to_string(last - first + 1) + " terms; at most " + std::to_string(kMaxTerms) + " are allowed",
               *context.source, node.offset);
        }
        unrolled_.push_back({first_value, last_value, first_range, last_range});
        work.push_back({Step::kReductionDone, &node, item.context, static_cast<int>(unrolled_.size()) - 1});
        for (long long k = last; k >= first; --k) enter_body(graph_.constant(static_cast<double>(k)));
        continue;
      }
      if (item.step == Step::kIndexDone) {
        const int index = values.back();
        values.pop_back();
        values.push_back(element(node, index, context));
        continue;
      }
      if (item.step == Step::kTrajectoryDone) {
        const size_t count = step_bindings_.size();
        std::vector<int> terms(values.end() - static_cast<std::ptrdiff_t>(count), values.end());
        values.resize(values.size() - count);
        values.push_back(reduce_trajectory(node, terms));
        continue;
      }
      if (item.step == Step::kReductionDone) {
        // Terms whose index may lie outside a draw's bounds (bounds that are parameters) count only where it does
        // not: beyond them a term is the sum's 0 or the product's 1, which leaves the result unchanged.
        const Unrolled u = unrolled_[static_cast<size_t>(item.extra)];
        const auto count = static_cast<size_t>(u.last.high - u.first.low + 1);
        const Op op = node.text == "sum" ? Op::kAdd : Op::kMul;
        const size_t begin = values.size() - count;
        const int identity = graph_.constant(node.text == "sum" ? 0.0 : 1.0);
        for (size_t j = 0; j < count; ++j) {
          const long long k = u.first.low + static_cast<long long>(j);
          const int index = graph_.constant(static_cast<double>(k));
          int condition = -1;
          if (k < u.first.high) condition = graph_.make(Op::kLessEqual, u.first_value, index);
          if (k > u.last.low) {
            const int below_last = graph_.make(Op::kLessEqual, index, u.last_value);
            condition = condition < 0 ? below_last : graph_.make(Op::kAnd, condition, below_last);
          }
          if (condition >= 0) values[begin + j] = graph_.make(Op::kSelect, condition, values[begin + j], identity);
        }
        int total = values[begin];
        for (size_t k = begin + 1; k < values.size(); ++k) total = graph_.make(op, total, values[k]);
        values.resize(begin);
        values.push_back(total);
        continue;
      }
      if (item.step == Step::kEnter) {
        if (++operations_ > kMaxOperations || graph_.size() > kMaxGraphNodes) too_large(work, contexts, node, context);
        if (node.kind == NodeKind::kNumber) {
          values.push_back(graph_.constant(node.value));
          continue;
        }
        if (node.kind == NodeKind::kName) {
          int d = -1;
          const int id = resolve_name(node, context, d);
          if (id >= 0) {
            values.push_back(id);
          } else if (arrays_[static_cast<size_t>(d)]) {
            if (const IndexedOutput* indexed = arrays_[static_cast<size_t>(d)]->indexed) {
              fail("'" + node.text + "' is an array over its index '" + indexed->index +
                       "' (one value per index), and an expression reads one value here",
                   *context.source, node.offset);
            }
            fail(
                "'" + node.text +
                    "' is a trajectory (one value per recorded step of [dynamics]), and an expression reads one value: "
                    "reduce the trajectory itself instead, as in max_of(...) or at_end(...) of its argument",
                *context.source, node.offset);
          } else if (definition_state_[static_cast<size_t>(d)] == 2) {
            values.push_back(definition_node_[static_cast<size_t>(d)]);
          } else if (definition_state_[static_cast<size_t>(d)] == 1) {
            definition_cycle(d);
          } else {
            begin_definition(d);
          }
          continue;
        }
        if (node.kind == NodeKind::kIndex) {
          work.push_back({Step::kIndexDone, &node, item.context, -1});
          work.push_back({Step::kEnter, node.children[0].get(), item.context, -1});
          continue;
        }
        if (node.kind == NodeKind::kCall) check_call(node, context);
        if (node.kind == NodeKind::kCall && node.text == "trajectory") {
          fail(
              "trajectory(...) gives one value per recorded step, so it can only be the whole expression of an "
              "output, as in I_daily = { expr = \"trajectory(I)\" }; to compute with it, put the computation "
              "inside: trajectory(2 * I)",
              *context.source, node.offset);
        }
        if (node.kind == NodeKind::kCall && is_trajectory_reduction(node.text)) {
          check_trajectory_reduction(node, context);
          work.push_back({Step::kTrajectoryDone, &node, item.context, -1});
          for (size_t k = step_bindings_.size(); k-- > 0;) {
            contexts.push_back(Context{context.source, &step_bindings_[k], true});
            work.push_back({Step::kEnter, node.children[0].get(), static_cast<int>(contexts.size()) - 1, -1});
          }
          continue;
        }
        if (node.kind == NodeKind::kCall && is_reduction(node.text)) {
          check_index(node, context);
          work.push_back({Step::kReductionBounds, &node, item.context, -1});
          work.push_back({Step::kEnter, node.children[2].get(), item.context, -1});
          work.push_back({Step::kEnter, node.children[1].get(), item.context, -1});
          continue;
        }
        work.push_back({Step::kCombine, &node, item.context, -1});
        for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) {
          work.push_back({Step::kEnter, it->get(), item.context, -1});
        }
        continue;
      }
      // kCombine: the children's nodes are the last values.
      const size_t given = node.children.size();
      std::vector<int> operands(values.end() - static_cast<std::ptrdiff_t>(given), values.end());
      values.resize(values.size() - given);
      switch (node.kind) {
        case NodeKind::kCall: {
          const auto builtin = builtins().find(node.text);
          if (builtin != builtins().end()) {
            operands.resize(3, -1);
            values.push_back(graph_.make(builtin->second.op, operands[0], operands[1], operands[2]));
            break;
          }
          const int f = function_index_.at(node.text);
          if (!context.inline_calls) {
            // A body checked on its own: the callee is checked on its own too; its value here is opaque.
            values.push_back(graph_.leaf(Op::kArgument, -1 - f));
            break;
          }
          std::pair<int, std::vector<int>> key{f, std::move(operands)};
          const auto done = calls_.find(key);
          if (done != calls_.end()) {
            values.push_back(done->second);
            break;
          }
          const auto& spec = model_.functions[static_cast<size_t>(f)];
          Arguments& bound = bindings.emplace_back();
          for (size_t k = 0; k < given; ++k) bound.emplace_back(spec.args[k], key.second[k]);
          keys.push_back(std::move(key));
          contexts.push_back(Context{&spec.body, &bound, true});
          work.push_back({Step::kCallDone, &node, item.context, static_cast<int>(keys.size()) - 1});
          work.push_back(
              {Step::kEnter, bodies_[static_cast<size_t>(f)].root.get(), static_cast<int>(contexts.size()) - 1, -1});
          break;
        }
        case NodeKind::kTernary:
          values.push_back(graph_.make(Op::kSelect, operands[0], operands[1], operands[2]));
          break;
        case NodeKind::kUnary:
          values.push_back(node.text == "+" ? operands[0]
                                            : graph_.make(node.text == "-" ? Op::kNeg : Op::kNot, operands[0]));
          break;
        case NodeKind::kBinary: {
          static const std::map<std::string, Op> kOps = {
              {"+", Op::kAdd},           {"-", Op::kSub},    {"*", Op::kMul},        {"/", Op::kDiv},
              {"^", Op::kPow},           {"<", Op::kLess},   {"<=", Op::kLessEqual}, {">", Op::kGreater},
              {">=", Op::kGreaterEqual}, {"==", Op::kEqual}, {"!=", Op::kNotEqual},  {"&&", Op::kAnd},
              {"||", Op::kOr},
          };
          values.push_back(graph_.make(kOps.at(node.text), operands[0], operands[1]));
          break;
        }
        case NodeKind::kNumber:
        case NodeKind::kName:
        case NodeKind::kIndex:
          break;
      }
    }
    return values.back();
  }

  // The order in which the instructions run: a list schedule that keeps few values live, which is the working set
  // of a strip (a register is kStrip doubles). Among the instructions whose operands are computed it takes first one
  // that frees registers net (reads the last use of more operands than the one register it writes), then the one
  // ready the longest (whose last operand was computed first), then the oldest node. Graph order instead ran the
  // reductions of a [dynamics] trajectory after the last step, every step's value live until then (the SIR example,
  // 1000 steps: 3003 registers, 6 MB per strip, in L2 instead of L1). Any order that respects the operands gives the
  // same values: each instruction is a function of its operands alone.
  template <class OperandsOf>
  std::vector<int> instruction_order(const std::vector<char>& is_instruction, const std::vector<int>& output_of,
                                     const OperandsOf& operands_of) const {
    const size_t count = is_instruction.size();
    std::vector<std::array<int, 4>> reads(count);  // an instruction's distinct operands that are instructions
    std::vector<std::vector<int>> readers(count);  // the instructions that read a value
    std::vector<int> unread(count, 0);             // readers not yet scheduled
    std::vector<int> waiting(count, 0);            // operands not yet computed
    for (size_t id = 0; id < count; ++id) {
      if (is_instruction[id] == 0) continue;
      std::array<int, 4>& r = reads[id];
      r.fill(-1);
      int k = 0;
      for (int operand : operands_of(static_cast<int>(id))) {
        if (operand < 0 || is_instruction[static_cast<size_t>(operand)] == 0) continue;
        if (std::find(r.begin(), r.begin() + k, operand) != r.begin() + k) continue;
        r[static_cast<size_t>(k++)] = operand;
        readers[static_cast<size_t>(operand)].push_back(static_cast<int>(id));
        ++unread[static_cast<size_t>(operand)];
        ++waiting[id];
      }
    }
    // A target's value lives in its output column (output_of), not in a register: writing it or reading it last
    // takes or frees none.
    const auto net_freed = [&](int id) {
      int freed = output_of[static_cast<size_t>(id)] >= 0 ? 0 : -1;
      for (int operand : reads[static_cast<size_t>(id)]) {
        if (operand >= 0 && unread[static_cast<size_t>(operand)] == 1 && output_of[static_cast<size_t>(operand)] < 0) {
          ++freed;
        }
      }
      return freed;
    };
    using Key = std::tuple<int, int, int>;  // (0 if it frees registers net, else 1; when it became ready; node)
    std::set<Key> ready;
    std::vector<Key> key(count);
    std::vector<char> scheduled(count, 0);
    std::vector<int> order;
    const auto make_ready = [&](int id, int since) {
      key[static_cast<size_t>(id)] = Key{net_freed(id) > 0 ? 0 : 1, since, id};
      ready.insert(key[static_cast<size_t>(id)]);
    };
    for (size_t id = 0; id < count; ++id) {
      if (is_instruction[id] != 0 && waiting[id] == 0) make_ready(static_cast<int>(id), -1);
    }
    while (!ready.empty()) {
      const int id = std::get<2>(*ready.begin());
      ready.erase(ready.begin());
      scheduled[static_cast<size_t>(id)] = 1;
      order.push_back(id);
      for (int operand : reads[static_cast<size_t>(id)]) {
        if (operand < 0) continue;
        const auto u = static_cast<size_t>(operand);
        if (--unread[u] != 1) continue;
        // The operand's last reader now frees it: if that reader is ready, it moves up.
        for (int reader : readers[u]) {
          const auto r = static_cast<size_t>(reader);
          if (scheduled[r] != 0 || waiting[r] != 0) continue;
          ready.erase(key[r]);
          make_ready(reader, std::get<1>(key[r]));
        }
      }
      for (int reader : readers[static_cast<size_t>(id)]) {
        if (--waiting[static_cast<size_t>(reader)] == 0) make_ready(reader, static_cast<int>(order.size()) - 1);
      }
    }
    return order;
  }

  // Emits the nodes the roots need, in the order instruction_order() gives, and assigns registers: a register is
  // reused once the last instruction reading it has run; a destination is taken before sources are released, so
  // that no instruction writes a register it reads. A single-use arithmetic operand is fused into the arithmetic
  // operation that reads it, a comparison into the select that tests it, and each target's last instruction writes
  // straight into the target's output. Root r goes to the slot named names[r].
  Tape schedule(const std::vector<int>& roots, const std::vector<std::string>& names) {
    Tape tape;
    tape.inputs = model_.inputs;
    const auto count = static_cast<size_t>(graph_.size());
    std::vector<char> needed(count, 0);
    for (int root : roots) needed[static_cast<size_t>(root)] = 1;
    std::vector<int> uses(count, 0);
    for (int root : roots) ++uses[static_cast<size_t>(root)];
    for (size_t id = count; id-- > 0;) {
      if (needed[id] == 0) continue;
      const auto& node = graph_[static_cast<int>(id)];
      for (int operand : {node.a, node.b, node.c}) {
        if (operand < 0) continue;
        needed[static_cast<size_t>(operand)] = 1;
        ++uses[static_cast<size_t>(operand)];
      }
    }
    const auto arithmetic = [](Op op) { return op == Op::kAdd || op == Op::kSub || op == Op::kMul || op == Op::kDiv; };
    std::vector<int> inner_of(count, -1);  // the operand fused into a node
    std::vector<char> absorbed(count, 0);
    for (size_t id = 0; id < count; ++id) {
      const auto& node = graph_[static_cast<int>(id)];
      if (needed[id] == 0 || !arithmetic(node.op)) continue;
      for (int operand : {node.a, node.b}) {
        const auto u = static_cast<size_t>(operand);
        if (arithmetic(graph_[operand].op) && uses[u] == 1 && inner_of[u] < 0 && absorbed[u] == 0) {
          inner_of[id] = operand;
          absorbed[u] = 1;
          break;
        }
      }
    }
    // Then an arithmetic operation absorbs a single-use fused pair that it reads: a chain of three operations.
    std::vector<int> middle_of(count, -1);
    for (size_t id = 0; id < count; ++id) {
      const auto& node = graph_[static_cast<int>(id)];
      if (needed[id] == 0 || absorbed[id] != 0 || !arithmetic(node.op) || inner_of[id] >= 0) continue;
      for (int operand : {node.a, node.b}) {
        const auto u = static_cast<size_t>(operand);
        if (arithmetic(graph_[operand].op) && uses[u] == 1 && inner_of[u] >= 0 && absorbed[u] == 0) {
          middle_of[id] = operand;
          absorbed[u] = 1;
          break;
        }
      }
    }
    // A select absorbs the comparison that is its condition when nothing else reads it (the compared value is
    // never a constant there: make() puts a comparison's constant second): one pass over the strip instead of two.
    for (size_t id = 0; id < count; ++id) {
      const auto& node = graph_[static_cast<int>(id)];
      if (needed[id] == 0 || node.op != Op::kSelect) continue;
      const auto u = static_cast<size_t>(node.a);
      if (is_comparison(graph_[node.a].op) && uses[u] == 1 && absorbed[u] == 0 &&
          graph_[graph_[node.a].a].op != Op::kConstant) {
        inner_of[id] = node.a;
        absorbed[u] = 1;
      }
    }
    const auto other = [&](int id, int operand) { return graph_[id].a == operand ? graph_[id].b : graph_[id].a; };
    // The operands an instruction reads: (a, b, c) unfused, (inner.a, inner.b, other) for a pair, (inner.a,
    // inner.b, middle's other, other) for a chain.
    const auto operands_of = [&](int id) -> std::array<int, 4> {
      const auto& node = graph_[id];
      const int middle = middle_of[static_cast<size_t>(id)];
      if (middle >= 0) {
        const int inner = inner_of[static_cast<size_t>(middle)];
        return {graph_[inner].a, graph_[inner].b, other(middle, inner), other(id, middle)};
      }
      const int inner = inner_of[static_cast<size_t>(id)];
      if (inner < 0) return {node.a, node.b, node.c, -1};
      if (node.op == Op::kSelect) return {graph_[inner].a, graph_[inner].b, node.b, node.c};
      return {graph_[inner].a, graph_[inner].b, other(id, inner), -1};
    };

    constexpr int kForever = 1 << 30;
    std::vector<int> output_of(count, -1);  // the target whose output column holds a node
    for (size_t t = 0; t < roots.size(); ++t) {
      const auto u = static_cast<size_t>(roots[t]);
      if (output_of[u] < 0 && operand_count(graph_[roots[t]].op) > 0) output_of[u] = static_cast<int>(t);
    }
    std::vector<char> is_instruction(count, 0);
    for (size_t id = 0; id < count; ++id) {
      is_instruction[id] = needed[id] != 0 && absorbed[id] == 0 && operand_count(graph_[static_cast<int>(id)].op) > 0;
    }
    const std::vector<int> order = instruction_order(is_instruction, output_of, operands_of);
    std::vector<int> last_use(count, -1);
    for (size_t number = 0; number < order.size(); ++number) {
      for (int operand : operands_of(order[number])) {
        if (operand >= 0) last_use[static_cast<size_t>(operand)] = static_cast<int>(number);
      }
    }
    for (int root : roots) last_use[static_cast<size_t>(root)] = kForever;

    std::vector<int> register_of(count, -1);
    std::vector<int> free_registers;
    std::map<std::uint64_t, int> constant_register;
    const auto operand_for = [&](int id, bool immediate) {
      Operand operand;
      const auto& node = graph_[id];
      if (node.op == Op::kInput) {
        operand.kind = OperandKind::kInput;
        operand.index = node.index;
      } else if (node.op == Op::kConstant) {
        operand.kind = OperandKind::kConstant;
        operand.value = node.value;
        operand.index = -1;
        if (!immediate) {
          const auto inserted =
              constant_register.emplace(bits_of(node.value), static_cast<int>(tape.constant_registers.size()));
          if (inserted.second) tape.constant_registers.push_back(node.value);
          operand.index = inserted.first->second;
        }
      } else if (output_of[static_cast<size_t>(id)] >= 0) {
        operand.kind = OperandKind::kOutput;
        operand.index = output_of[static_cast<size_t>(id)];
      } else {
        operand.kind = OperandKind::kRegister;
        operand.index = register_of[static_cast<size_t>(id)];
      }
      return operand;
    };
    for (size_t number = 0; number < order.size(); ++number) {
      const int id = order[number];
      const auto u = static_cast<size_t>(id);
      Instruction instruction;
      instruction.op = graph_[id].op;
      const int middle = middle_of[u];
      const int inner = middle >= 0 ? inner_of[static_cast<size_t>(middle)] : inner_of[u];
      if (middle >= 0) {
        instruction.inner = graph_[inner].op;
        instruction.middle = graph_[middle].op;
        instruction.middle_first = inner == graph_[middle].a;
        instruction.inner_first = middle == graph_[id].a;
      } else if (inner >= 0) {
        instruction.inner = graph_[inner].op;
        instruction.inner_first = inner == graph_[id].a;
      }
      const bool select = instruction.op == Op::kSelect;
      const int operands = middle >= 0 || (inner >= 0 && select) ? 4 : (inner >= 0 ? 3 : operand_count(instruction.op));
      const auto ids = operands_of(id);
      for (int k = 0; k < 4; ++k) {
        auto& source = instruction.sources[static_cast<size_t>(k)];
        if (k < operands) {
          // Immediates for the plain kernels and the fused select; fused arithmetic reads pre-filled registers.
          const bool immediate = inner < 0 || select;
          source = operand_for(ids[static_cast<size_t>(k)], immediate);
        } else {
          source.kind = OperandKind::kConstant;
          source.index = -1;
        }
      }
      // In the step loop's body, a time operand is an immediate, set before each step (Tape::time_patches), where
      // the kernel takes one: a kernel of two or three operands with no other immediate (elsewhere only a constant
      // is an immediate, and an operation of constants alone is folded); else the time is read as a column.
      if (time_inputs_ >= 0 && operands >= 2 && (inner < 0 || select)) {
        int immediates = 0;
        int time_source = -1;
        for (int k = 0; k < operands; ++k) {
          const Operand& source = instruction.sources[static_cast<size_t>(k)];
          immediates += source.kind == OperandKind::kConstant && source.index < 0 ? 1 : 0;
          const bool time = source.kind == OperandKind::kInput && source.index >= time_inputs_ &&
                            source.index < time_inputs_ + static_cast<int>(kLoopTimeInputs);
          // A fused select's compared value (source 0) is always read as a column (compare_select).
          if (time) time_source = time_source == -1 && !(select && inner >= 0 && k == 0) ? k : -2;
        }
        if (immediates == 0 && time_source >= 0) {
          Operand& source = instruction.sources[static_cast<size_t>(time_source)];
          tape.time_patches.push_back({static_cast<int>(tape.code.size()), time_source, source.index - time_inputs_});
          source.kind = OperandKind::kConstant;
          source.index = -1;
        }
      }
      if (output_of[u] >= 0) {
        instruction.output = output_of[u];
      } else if (free_registers.empty()) {
        instruction.destination = tape.num_registers++;
      } else {
        instruction.destination = free_registers.back();
        free_registers.pop_back();
      }
      if (output_of[u] < 0) register_of[u] = instruction.destination;
      for (int k = 0; k < operands; ++k) {
        const int operand = ids[static_cast<size_t>(k)];
        bool seen = false;
        for (int m = 0; m < k; ++m) seen = seen || ids[static_cast<size_t>(m)] == operand;
        if (!seen && last_use[static_cast<size_t>(operand)] == static_cast<int>(number) &&
            register_of[static_cast<size_t>(operand)] >= 0) {
          free_registers.push_back(register_of[static_cast<size_t>(operand)]);
        }
      }
      tape.code.push_back(instruction);
    }
    for (size_t r = 0; r < roots.size(); ++r) {
      TargetSlot slot;
      slot.name = names[r];
      slot.source = operand_for(roots[r], true);
      tape.targets.push_back(slot);
    }
    return tape;
  }

  const ModelSource& model_;
  std::unordered_map<std::string, int> inputs_;
  std::unordered_map<std::string, int> definition_index_;
  std::unordered_map<std::string, int> function_index_;
  std::vector<ParsedExpression> definitions_;
  std::vector<ParsedExpression> bodies_;
  std::vector<ParsedExpression> targets_;
  std::vector<ParsedExpression> initials_;  // [dynamics] states' initial values and rates, in state order
  std::vector<ParsedExpression> rates_;
  std::unordered_map<std::string, int> state_index_;
  std::vector<Arguments> step_bindings_;  // per step 0..N: the states' nodes, then the time's
  // An unrolled sum or prod: its bounds' nodes and the whole numbers they may take (equal ends: known exactly).
  struct Unrolled {
    int first_value, last_value;
    IntegerRange first, last;
  };
  std::vector<Unrolled> unrolled_;
  bool integrating_ = false;
  // [dynamics] as a step loop (StepLoop): the carried values (each its value at step 0 and after a step).
  bool looped_ = false;
  struct Carried {
    int init;
    int update;
  };
  std::vector<Carried> carried_;
  std::map<std::tuple<int, int, int>, int> folds_;  // (op, e0, ek) -> the fold's carried value
  // While the body is scheduled: its first time input (the times become immediates patched at each step).
  int time_inputs_ = -1;
  std::vector<int> definition_state_;  // 0 not lowered, 1 being lowered, 2 done
  std::vector<int> definition_node_;
  std::vector<int> definition_stack_;
  // Per definition: its recorded columns when it is a trajectory(...) output (empty until lowered), else nullopt.
  // Per definition: its columns when it is an array output (a trajectory(...) or over an index; empty until
  // lowered), else nullopt.
  struct ArrayColumns {
    const IndexedOutput* indexed = nullptr;  // an output over an index; null for a trajectory(...)
    std::vector<int> nodes;                  // in the step loop, a trajectory's nodes[0] is step 0's (the rest unused)
    int record = -1;                         // in the step loop: a trajectory's value after a step of the body
    std::string dimension;
    std::vector<double> coordinates;
  };
  std::vector<std::optional<ArrayColumns>> arrays_;
  std::deque<Arguments> indexed_bindings_;  // the index bindings of the outputs over an index (kept: contexts point in)
  std::map<std::pair<int, std::vector<int>>, int> calls_;  // (function, argument nodes) -> inlined result
  long operations_ = 0;
  Graph graph_;
};

std::string describe(const Operand& operand, const Tape& tape) {
  std::ostringstream out;
  switch (operand.kind) {
    case OperandKind::kRegister:
      out << "r" << operand.index;
      break;
    case OperandKind::kInput:
      out << tape.inputs[static_cast<size_t>(operand.index)];
      break;
    case OperandKind::kConstant:
      out.precision(17);
      out << operand.value;
      break;
    case OperandKind::kOutput:
      out << "[" << tape.targets[static_cast<size_t>(operand.index)].name << "]";
      break;
  }
  return out.str();
}

}  // namespace

}  // namespace mcsens::detail

namespace mcsens {

bool is_identifier(const std::string& name) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

const char* builtin_kind(const std::string& name) {
  if (detail::builtins().count(name) != 0) return "function";
  if (detail::constants().count(name) != 0) return "constant";
  return nullptr;
}

Program Program::compile(const ModelSource& source) {
  auto impl = std::make_shared<Impl>();
  static_cast<detail::Tape&>(*impl) = detail::Compiler(source).compile();
  // Automatic: the steps unrolled while that program stays small (it runs each step about a quarter faster than
  // the loop does today, measured on the SIR example), the loop beyond. The step body's size times the steps is
  // what unrolling would make.
  const detail::StepLoop* loop = impl->loop.get();
  if (loop != nullptr && source.dynamics.form == StepForm::kAutomatic &&
      static_cast<double>(loop->body.code.size()) * static_cast<double>(loop->steps) <=
          static_cast<double>(kMaxUnrolledInstructions)) {
    ModelSource unrolled = source;
    unrolled.dynamics.form = StepForm::kUnrolled;
    static_cast<detail::Tape&>(*impl) = detail::Compiler(unrolled).compile();
  }
  Program program;
  program.impl_ = std::move(impl);
  return program;
}

Program::~Program() = default;
Program::Program(Program&&) noexcept = default;
Program& Program::operator=(Program&&) noexcept = default;
Program::Program(const Program&) = default;

std::size_t Program::num_inputs() const {
  return impl_->inputs.size();
}
std::size_t Program::num_targets() const {
  return impl_->columns.size();
}
const std::vector<TargetColumns>& Program::target_columns() const {
  return impl_->columns;
}
std::size_t Program::num_columns() const {
  const auto& columns = impl_->columns;
  return columns.empty() ? 0 : columns.back().first + columns.back().count;
}
std::size_t Program::num_instructions() const {
  if (impl_->loop) return impl_->loop->pre.code.size() + impl_->loop->body.code.size() + impl_->loop->post.code.size();
  return impl_->code.size();
}

std::size_t Program::num_registers() const {
  if (impl_->loop) {
    return static_cast<std::size_t>(
        std::max({impl_->loop->pre.num_registers, impl_->loop->body.num_registers, impl_->loop->post.num_registers}));
  }
  return static_cast<std::size_t>(impl_->num_registers);
}

namespace {

void disassemble_tape(const detail::Tape& tape, std::ostringstream& out) {
  out << tape.code.size() << " instructions, " << tape.num_registers << " registers, " << tape.inputs.size()
      << " inputs\n";
  for (size_t i = 0; i < tape.code.size(); ++i) {
    const auto& ins = tape.code[i];
    out << "  " << i << ": ";
    if (ins.output >= 0) {
      out << "[" << tape.targets[static_cast<size_t>(ins.output)].name << "]";
    } else {
      out << "r" << ins.destination;
    }
    out << " = " << detail::op_name(ins.op);
    const auto operand = [&](int k) { return detail::describe(ins.sources[static_cast<size_t>(k)], tape); };
    if (ins.middle != detail::Op::kInput) {
      const std::string inner =
          std::string("(") + detail::op_name(ins.inner) + " " + operand(0) + ", " + operand(1) + ")";
      const std::string middle = std::string("(") + detail::op_name(ins.middle) + " " +
                                 (ins.middle_first ? inner + ", " + operand(2) : operand(2) + ", " + inner) + ")";
      out << " " << (ins.inner_first ? middle + ", " + operand(3) : operand(3) + ", " + middle);
    } else if (ins.inner != detail::Op::kInput && ins.op == detail::Op::kSelect) {
      out << " (" << detail::op_name(ins.inner) << " " << operand(0) << ", " << operand(1) << "), " << operand(2)
          << ", " << operand(3);
    } else if (ins.inner != detail::Op::kInput) {
      const std::string inner =
          std::string("(") + detail::op_name(ins.inner) + " " + operand(0) + ", " + operand(1) + ")";
      out << " " << (ins.inner_first ? inner + ", " + operand(2) : operand(2) + ", " + inner);
    } else {
      for (int k = 0; k < detail::operand_count(ins.op); ++k) out << (k == 0 ? " " : ", ") << operand(k);
    }
    out << "\n";
  }
  for (const auto& target : tape.targets) {
    out << "  " << target.name << " <- " << detail::describe(target.source, tape) << "\n";
  }
}

}  // namespace

std::string Program::disassemble() const {
  std::ostringstream out;
  if (!impl_->loop) {
    disassemble_tape(*impl_, out);
    return out.str();
  }
  const detail::StepLoop& loop = *impl_->loop;
  out << "step loop: " << loop.steps << " steps of " << loop.dt << ", " << loop.carried << " carried values\n";
  out << "before the steps: ";
  disassemble_tape(loop.pre, out);
  out << "each step: ";
  disassemble_tape(loop.body, out);
  out << "after the steps: ";
  disassemble_tape(loop.post, out);
  return out.str();
}

}  // namespace mcsens
