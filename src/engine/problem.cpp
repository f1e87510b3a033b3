// SPDX-License-Identifier: MIT
#include "mcsens/engine/problem.hpp"

#include "engine/model_backends.hpp"
#include "engine/model_sources.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "mcsens/suggest.hpp"

namespace mcsens {

namespace {

// The whole numbers a parameter takes under one spec: a whole constant, uniform_int, or a discrete law of whole
// values; nullopt for anything else.
std::optional<IntegerRange> integer_range(const ParameterSpec& p) {
  const auto whole = [](double v) { return std::fabs(v) <= 1e15 && v == std::floor(v); };
  if (p.constant) {
    if (!whole(*p.constant)) return std::nullopt;
    const auto v = static_cast<long long>(*p.constant);
    return IntegerRange{v, v};
  }
  const DistributionSpec& d = p.distribution;
  if (d.kind == "uniform_int") {
    const auto low = d.numbers.find("low");
    const auto high = d.numbers.find("high");
    if (low == d.numbers.end() || high == d.numbers.end() || !whole(low->second) || !whole(high->second)) {
      return std::nullopt;
    }
    return IntegerRange{static_cast<long long>(low->second), static_cast<long long>(high->second)};
  }
  if (d.kind == "discrete" && !d.values.empty()) {
    if (!std::all_of(d.values.begin(), d.values.end(), whole)) return std::nullopt;
    const auto [lo, hi] = std::minmax_element(d.values.begin(), d.values.end());
    return IntegerRange{static_cast<long long>(*lo), static_cast<long long>(*hi)};
  }
  return std::nullopt;
}

// A parameter's whole-number range over the baseline and every scenario that overrides it: the one program serves
// them all. `note` says which scenario took the range away from a parameter whole in the baseline.
std::optional<IntegerRange> integer_range(const ProblemSpec& spec, const ParameterSpec& p, std::string& note) {
  std::optional<IntegerRange> range = integer_range(p);
  for (const auto& scenario : spec.scenarios) {
    for (const auto& o : scenario.parameters) {
      if (o.name != p.name || !range) continue;
      const auto other = integer_range(o);
      if (!other) {
        note = "'" + p.name + "' has whole values in the baseline, but the scenario '" + scenario.name +
               "' gives it values that are not whole numbers";
        return std::nullopt;
      }
      range = IntegerRange{std::min(range->low, other->low), std::max(range->high, other->high)};
    }
  }
  return range;
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

std::string level_name(double level) {
  std::ostringstream out;
  out << level;
  return out.str();
}

// The model whose one target is its one input x (a curve's program before the config's is compiled).
ModelSource x_alone() {
  ModelSource source;
  source.inputs = {"x"};
  source.targets = {ExpressionSource{"x", "x", {}, nullptr}};
  return source;
}

CompiledCurve compile_curve(const ProblemSpec& spec, const CurveSpec& c) {
  CompiledCurve curve{c.name, c.label, c.unit, c.x_label, c.x_unit, c.x, {}, c.bands, Program::compile(x_alone()),
                      0,      false,   {}};
  ModelSource source = base_source(spec);
  for (const auto& d : source.definitions) {
    if (d.name == c.x) {
      throw Error("curves '" + c.name + "': x = \"" + c.x +
                      "\" names a derived quantity or output; x must be a parameter (the grid replaces its draw) or a "
                      "new name",
                  c.location);
    }
  }
  for (const auto& a : spec.array_parameters) {
    if (a.name == c.x) {
      throw Error("curves '" + c.name + "': x = \"" + c.x +
                      "\" names an array parameter; a curve sweeps one scalar parameter or a new variable",
                  c.location);
    }
  }
  const auto found = std::find(source.inputs.begin(), source.inputs.end(), c.x);
  curve.x_is_parameter = found != source.inputs.end();
  curve.x_input = static_cast<std::size_t>(found - source.inputs.begin());
  // The grid replaces the parameter's draws: its whole-number range no longer holds.
  if (curve.x_is_parameter) source.integer_inputs[curve.x_input] = std::nullopt;
  if (!curve.x_is_parameter) source.inputs.push_back(c.x);
  source.targets.push_back(c.y);
  std::map<std::string, int> used;
  for (const auto& f : c.features) {
    CompiledCurve::Feature feature{f.kind, parse_feature_kind(f.kind), f.level, -1};
    if (f.kind == "crossing" || f.kind == "crossing_below") {
      feature.name = f.kind + "_" + level_name(f.level);
    } else if (f.kind == "crossing_expr" || f.kind == "crossing_below_expr") {
      feature.level_target = static_cast<int>(source.targets.size());
      source.targets.push_back(f.level_expr);
    }
    if (used[feature.name]++ > 0) feature.name += "_" + std::to_string(used[feature.name]);
    curve.features.push_back(feature);
  }
  curve.program = Program::compile(source);
  curve.grid.resize(c.grid.points);
  // A range beyond the largest double (-1.7e308 to 1.7e308) is stepped in halves, which cannot overflow.
  const bool halves = !std::isfinite(c.grid.high - c.grid.low);
  for (size_t g = 0; g < c.grid.points; ++g) {
    const double t = static_cast<double>(g) / static_cast<double>(c.grid.points - 1);
    curve.grid[g] = halves ? 2.0 * (0.5 * c.grid.low + (0.5 * c.grid.high - 0.5 * c.grid.low) * t)
                           : c.grid.low + (c.grid.high - c.grid.low) * static_cast<double>(g) /
                                              static_cast<double>(c.grid.points - 1);
  }
  curve.grid.back() = c.grid.high;
  return curve;
}

// `targets`: the model's, whose shapes say which outputs are arrays (the default ranking is by the first scalar
// output; a config whose outputs are all arrays has none).
std::optional<CompiledRanking> compile_ranking(const ProblemSpec& spec, const std::vector<ModelTarget>& targets) {
  CompiledRanking ranking;
  std::vector<std::string> outputs, scenarios;
  for (const auto& o : spec.outputs) outputs.push_back(o.expr.name);
  for (const auto& s : spec.scenarios) scenarios.push_back(s.name);
  if (!spec.ranking) {
    if (scenarios.empty()) return std::nullopt;
    std::size_t first_scalar = 0;
    while (first_scalar < spec.outputs.size() && !targets[first_scalar].shape.scalar()) ++first_scalar;
    if (first_scalar == spec.outputs.size()) return std::nullopt;
    ranking.output = first_scalar;
    for (size_t s = 0; s < scenarios.size(); ++s) ranking.scenarios.push_back(s);
    return ranking;
  }
  // Checked before the scenarios: a misspelt rank_by is a mistake whatever else the config holds.
  const auto at = std::find(outputs.begin(), outputs.end(), spec.ranking->output);
  if (at == outputs.end()) {
    throw Error("ranking.rank_by: '" + spec.ranking->output + "' is not an output" +
                    did_you_mean(spec.ranking->output, outputs),
                spec.ranking->rank_by_location);
  }
  if (scenarios.empty()) {
    throw Error("[ranking] ranks scenarios, and the config has no [[scenarios]]", spec.ranking->location);
  }
  ranking.output = static_cast<size_t>(at - outputs.begin());
  ranking.include_baseline = spec.ranking->include_baseline;
  ranking.lower_is_better = spec.ranking->lower_is_better;
  const auto& wanted = spec.ranking->scenarios.empty() ? scenarios : spec.ranking->scenarios;
  for (size_t k = 0; k < wanted.size(); ++k) {
    const std::string& name = wanted[k];
    const auto s = std::find(scenarios.begin(), scenarios.end(), name);
    if (s == scenarios.end()) {
      throw Error(
          "ranking.scenarios: '" + name + "' is not a scenario" + did_you_mean(name, scenarios),
          k < spec.ranking->scenario_locations.size() ? spec.ranking->scenario_locations[k] : spec.ranking->location);
    }
    ranking.scenarios.push_back(static_cast<size_t>(s - scenarios.begin()));
  }
  if (ranking.contenders() < 2) {
    throw Error("ranking needs at least two scenarios (or include_baseline = true)",
                spec.ranking->scenarios.empty() ? spec.ranking->location : spec.ranking->scenarios_location);
  }
  if (ranking.include_baseline && std::find(wanted.begin(), wanted.end(), "baseline") != wanted.end()) {
    throw Error("ranking.include_baseline: a ranked scenario is named 'baseline', like the baseline itself; rename it",
                spec.ranking->include_baseline_location);
  }
  return ranking;
}

// The model's targets: each output, then each claim's indicator.
std::vector<ModelTarget> model_targets(const ProblemSpec& spec) {
  std::vector<ModelTarget> targets;
  for (const auto& o : spec.outputs) targets.push_back(ModelTarget{o.expr.name, {}});
  for (const auto& c : spec.claims) targets.push_back(ModelTarget{c.name, {}});
  return targets;
}

std::shared_ptr<const Model> build_model(const ProblemSpec& spec) {
  return model_backend(spec.model.kind).build(spec, model_targets(spec));
}

}  // namespace

ModelSource base_source(const ProblemSpec& spec) {
  ModelSource source;
  for (const auto& p : spec.parameters) {
    std::string note;
    source.integer_inputs.push_back(integer_range(spec, p, note));
    source.integer_input_notes.push_back(note);
  }
  for (const auto& p : spec.parameters) source.inputs.push_back(p.name);
  for (const auto& a : spec.array_parameters) source.array_inputs.push_back(ArrayInput{a.name, a.first, a.size});
  source.functions = spec.functions;
  source.definitions = spec.derived;
  for (const auto& o : spec.outputs) source.definitions.push_back(o.expr);
  for (const auto& o : spec.outputs) {
    if (!o.over.empty()) source.indexed.push_back(IndexedOutput{o.expr.name, o.over, o.size, o.over_location});
  }
  source.dynamics = spec.dynamics;
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

Problem::Problem(ProblemSpec spec, ParameterSpace space, std::shared_ptr<const Model> model)
    : spec_(std::move(spec)),
      space_(std::move(space)),
      model_(std::move(model)),
      target_layout_(model_->targets(), spec_.outputs.size()) {
  for (const auto& o : spec_.outputs) output_names_.push_back(o.expr.name);
  for (const auto& c : spec_.claims) claim_names_.push_back(c.name);
}

Problem Problem::build(ProblemSpec spec) {
  return assemble(std::move(spec), build_model);
}

Problem Problem::build(ProblemSpec spec, std::shared_ptr<const BlockFunction> function) {
  return assemble(std::move(spec), [&function](const ProblemSpec& s) -> std::shared_ptr<const Model> {
    if (s.model.kind != model_kinds().front().name) {
      throw Error("[model] names the config's own model (kind = \"" + s.model.kind + "\"), and " + function->name() +
                      " was given as the model too: give the function for a config without [model], or leave it "
                      "out",
                  s.model.location);
    }
    return function_model(s, function, model_targets(s));
  });
}

namespace {

// The analyses that take scalar outputs only so far (issue 35): an array output is refused where one of them
// would read it, at that analysis's place in the config ([[scenarios]] take every output, and [ranking] needs
// them). `what` says which output it is ("the ... model's output 'y' is an array").
void refuse_what_an_array_cannot_take(const ProblemSpec& spec, const std::string& name, const std::string& what) {
  for (const OutputSpec& o : spec.outputs) {
    if (o.expr.name == name && o.histogram.location.known()) {
      throw Error(what + ": its elements keep moments and quantiles, no histogram; remove histogram",
                  o.histogram.location);
    }
  }
  const SensitivitySpec& s = spec.sensitivity;
  const auto& targets = s.outputs;
  const auto at = std::find(targets.begin(), targets.end(), name);
  if ((s.sobol || s.morris || s.shapley || s.regression) && (targets.empty() || at != targets.end())) {
    const SourceLocation where =
        at != targets.end() ? s.output_locations.at(static_cast<std::size_t>(at - targets.begin())) : s.location;
    // Sobol' indices per element (issue 35, step 4); the other methods take scalar outputs only so far.
    if (s.morris || s.shapley || s.regression) {
      throw Error(what +
                      ": [sensitivity] takes it for sobol only so far (not morris, shapley or regression); list the "
                      "scalar outputs they are for in [sensitivity] outputs",
                  where);
    }
    if (s.sobol->second_order) {
      throw Error(what +
                      ": second-order Sobol' indices of an array output are not computed yet; set "
                      "sensitivity.sobol.second_order = false or list the scalar outputs in [sensitivity] outputs",
                  s.sobol->location);
    }
  }
  // [[scenarios]] take it (each element under each scenario, and its paired change); [ranking] ranks by a scalar.
  if (spec.ranking && spec.ranking->output == name) {
    throw Error(what + ": ranking.rank_by ranks the scenarios by one value per draw; name a scalar output",
                spec.ranking->rank_by_location);
  }
}

}  // namespace

Problem Problem::assemble(ProblemSpec spec,
                          const std::function<std::shared_ptr<const Model>(const ProblemSpec&)>& build_the_model) {
  ParameterSpace space(spec.parameters, spec.correlations);
  std::shared_ptr<const Model> model = build_the_model(spec);
  check_sensitivity_targets(spec);
  for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
    const ModelTarget& target = model->targets()[o];
    if (target.shape.scalar()) continue;
    refuse_what_an_array_cannot_take(
        spec, target.name,
        "output '" + target.name + "' is an array (over " + target.shape.dimensions.front().name + ")");
  }
  std::vector<CompiledCurve> curves;
  for (const auto& c : spec.curves) curves.push_back(compile_curve(spec, c));
  std::vector<CompiledScenario> scenarios;
  for (const auto& s : spec.scenarios) {
    std::vector<std::string> names;
    for (const auto& p : s.parameters) names.push_back(p.name);
    scenarios.push_back(CompiledScenario{s.name, s.text, space.with_overrides(s.parameters), names});
  }
  std::optional<CompiledRanking> ranking = compile_ranking(spec, model->targets());
  Problem problem(std::move(spec), std::move(space), std::move(model));
  problem.curves_ = std::move(curves);
  problem.scenarios_ = std::move(scenarios);
  problem.ranking_ = std::move(ranking);
  return problem;
}

ModelSource Problem::model_source() const {
  return base_source(spec_);
}

Problem Problem::build(ProblemSpec spec, std::shared_ptr<const Model> model) {
  Problem problem = build(std::move(spec));
  const Model& now = *problem.model_;
  const auto names = [](const std::vector<ModelTarget>& targets) {
    std::vector<std::string> out;
    for (const auto& t : targets) out.push_back(t.name);
    return out;
  };
  const std::string which = "the " + model->kind() + " model's ";
  if (model->input_names() != now.input_names()) {
    throw Error(which + "inputs do not match the parameters of " + problem.spec_.source_name);
  }
  if (names(model->targets()) != names(now.targets())) {
    throw Error(which + "targets do not match the outputs and claims of " + problem.spec_.source_name);
  }
  for (std::size_t t = 0; t < now.num_targets(); ++t) {
    const ModelTarget& target = model->targets()[t];
    if (target.shape.scalar()) continue;
    if (t >= problem.num_outputs()) {
      throw Error(which + "target '" + target.name +
                  "' is an array; a claim is one 0/1 indicator per draw (a claim may read one element of an array "
                  "output instead)");
    }
    refuse_what_an_array_cannot_take(problem.spec_, target.name, which + "output '" + target.name + "' is an array");
  }
  problem.model_ = std::move(model);
  problem.target_layout_ = TargetLayout(problem.model_->targets(), problem.num_outputs());
  problem.ranking_ = compile_ranking(problem.spec_, problem.model_->targets());
  return problem;
}

}  // namespace mcsens
