// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <memory>
#include "mcsens/analysis/curve_features.hpp"
#include "mcsens/config/problem_spec.hpp"
#include "mcsens/engine/target_layout.hpp"

#include "mcsens/expr/program.hpp"
#include "mcsens/model/block_function.hpp"
#include "mcsens/model/model.hpp"
#include "mcsens/space/parameter_space.hpp"

namespace mcsens {

// A [[curves]] entry compiled: a program over rows (draw, grid point) with x bound to the grid.
struct CompiledCurve {
  std::string name;
  std::string label;
  std::string unit;     // of y
  std::string x_label;  // of x: the config's, else the swept parameter's label
  std::string x_unit;   // of x: the config's, else the swept parameter's unit
  std::string x;
  std::vector<double> grid;
  std::vector<double> band_probabilities;
  Program program;              // targets: y, then the level of each crossing_expr feature
  std::size_t x_input = 0;      // the program input that takes the grid value
  bool x_is_parameter = false;  // the grid replaces that parameter's draw
  struct Feature {
    std::string name;  // "inflection", "crossing_0.5", "crossing_expr", ... (unique within the curve)
    FeatureKind kind;
    double level = 0.0;
    int level_target = -1;  // program target of a crossing_expr level
  };
  std::vector<Feature> features;
};

// A [[scenarios]] entry: the same draws through a parameter space with some distributions replaced.
struct CompiledScenario {
  std::string name;
  std::string text;
  ParameterSpace space;
  std::vector<std::string> overridden;
};

// Which output orders which scenarios in /scenarios/ranking.
// The contenders are the baseline (first, when include_baseline) and then the scenarios; with lower_is_better a
// contender beats another when its value is smaller.
struct CompiledRanking {
  std::size_t output = 0;
  std::vector<std::size_t> scenarios;
  bool include_baseline = false;
  bool lower_is_better = false;
  std::size_t contenders() const { return scenarios.size() + (include_baseline ? 1 : 0); }
};

// A validated, immutable problem: the config's specs turned into a parameter space and a model (the backend the
// config's [model] names; the expressions by default). Built once, passed by const& everywhere; every config or
// model error surfaces in build().
class Problem {
 public:
  // Throws mcsens::Error (file:line:column) for impossible distributions, bad correlations, expression errors,
  // and analyses that name unknown outputs.
  static Problem build(ProblemSpec spec);

  const ProblemSpec& spec() const { return spec_; }
  const ParameterSpace& space() const { return space_; }

  // The model's inputs are the parameters in config order; its targets are the outputs (in config order)
  // followed by the claims' indicators.
  const Model& model() const { return *model_; }
  std::size_t num_targets() const { return model_->num_targets(); }
  // Where each target's values are among the model's columns (an array target takes several).
  const TargetLayout& target_layout() const { return target_layout_; }
  std::size_t num_columns() const { return target_layout_.columns(); }
  std::size_t num_outputs() const { return spec_.outputs.size(); }
  std::size_t num_claims() const { return spec_.claims.size(); }
  const std::vector<std::string>& output_names() const { return output_names_; }
  const std::vector<std::string>& claim_names() const { return claim_names_; }

  // The source the expression model is compiled from, for analyses that compile variants (curves).
  ModelSource model_source() const;

  // The problem of `spec` evaluated by another backend, which must have the expression model's inputs and targets
  // (names, order and shapes checked: mcsens::Error naming the difference). Curves keep their compiled
  // expressions. For embedding programs and tests of a backend.
  static Problem build(ProblemSpec spec, std::shared_ptr<const Model> model);

  // The problem of `spec` whose model is `function` (a Python function): the config's outputs and claims are
  // expressions of the parameters and the function's outputs, as with a compiled plugin; curves and [dynamics],
  // which only the expression model has, are refused (mcsens::Error).
  static Problem build(ProblemSpec spec, std::shared_ptr<const BlockFunction> function);

  const std::vector<CompiledCurve>& curves() const { return curves_; }
  const std::vector<CompiledScenario>& scenarios() const { return scenarios_; }
  const std::optional<CompiledRanking>& ranking() const { return ranking_; }

 private:
  Problem(ProblemSpec spec, ParameterSpace space, std::shared_ptr<const Model> model);
  // Everything but the model, which `model` builds from the spec (after the parameter space, before the rest).
  static Problem assemble(ProblemSpec spec,
                          const std::function<std::shared_ptr<const Model>(const ProblemSpec&)>& model);

  ProblemSpec spec_;
  ParameterSpace space_;
  std::shared_ptr<const Model> model_;
  TargetLayout target_layout_;
  std::vector<std::string> output_names_;
  std::vector<std::string> claim_names_;
  std::vector<CompiledCurve> curves_;
  std::vector<CompiledScenario> scenarios_;
  std::optional<CompiledRanking> ranking_;
};

}  // namespace mcsens
