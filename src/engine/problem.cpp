// SPDX-License-Identifier: MIT
#include "mcsens/engine/problem.hpp"

#include "mcsens/suggest.hpp"

namespace mcsens {

namespace {

ModelSource base_source(const ProblemSpec& spec) {
  ModelSource source;
  for (const auto& p : spec.parameters) source.inputs.push_back(p.name);
  source.functions = spec.functions;
  source.definitions = spec.derived;
  for (const auto& o : spec.outputs) source.definitions.push_back(o.expr);
  return source;
}

// The targets: each output by name (its definition carries the location), then each claim's expression.
ModelSource full_source(const ProblemSpec& spec) {
  ModelSource source = base_source(spec);
  for (const auto& o : spec.outputs)
    source.targets.push_back(ExpressionSource{o.expr.name, o.expr.name, o.expr.location});
  for (const auto& c : spec.claims) source.targets.push_back(c.expr);
  return source;
}

void check_sensitivity_targets(const ProblemSpec& spec) {
  std::vector<std::string> known;
  for (const auto& o : spec.outputs) known.push_back(o.expr.name);
  for (const auto& c : spec.claims) known.push_back(c.name);
  for (size_t i = 0; i < spec.sensitivity.outputs.size(); ++i) {
    const auto& name = spec.sensitivity.outputs[i];
    bool found = false;
    for (const auto& k : known) found = found || k == name;
    if (!found) {
      throw Error("sensitivity.outputs: '" + name + "' is neither an output nor a claim" + did_you_mean(name, known),
                  spec.sensitivity.output_locations[i]);
    }
  }
}

}  // namespace

Problem::Problem(ProblemSpec spec, ParameterSpace space, Program program)
    : spec_(std::move(spec)), space_(std::move(space)), program_(std::move(program)) {
  for (const auto& o : spec_.outputs) output_names_.push_back(o.expr.name);
  for (const auto& c : spec_.claims) claim_names_.push_back(c.name);
}

Problem Problem::build(ProblemSpec spec) {
  ParameterSpace space(spec.parameters, spec.correlations);
  Program program = Program::compile(full_source(spec));
  check_sensitivity_targets(spec);
  return Problem(std::move(spec), std::move(space), std::move(program));
}

ModelSource Problem::model_source() const {
  return base_source(spec_);
}

}  // namespace mcsens
