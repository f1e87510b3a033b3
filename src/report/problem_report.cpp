// SPDX-License-Identifier: MIT
// What `mcsens check` prints: a config as mcsens understood it, and the model runs each analysis costs.
#include "mcsens/report/problem_report.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "config/model_kinds.hpp"
#include "mcsens/analysis/regression.hpp"
#include "mcsens/analysis/shapley.hpp"
#include "mcsens/analysis/sobol.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/engine/request_limits.hpp"
#include "mcsens/engine/results.hpp"
#include "mcsens/report/json_text.hpp"
#include "mcsens/sampling/sampler.hpp"
#include "report/display_text.hpp"

namespace mcsens {

using display::thousands;

namespace {

// ---------------------------------------------------------------------------------------------------------------
// Numbers

// A number as the config wrote it: the shortest text that reads back to the same double, with a plain exponent
// (12.6, 1e6, 2.5e-7, 123456), the same text as in --json.
std::string written(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return json::number(x);
}

// A number mcsens computed from the written ones (a lognormal's median from its mu, a beta's a from its mean and
// sd): rounded to 12 significant digits first, so that 12.600000000000001 reads 12.6 and 999999.9999999999 1e6.
std::string computed(double x) {
  if (!std::isfinite(x)) return written(x);
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::general, 12);
  double rounded = x;
  std::from_chars(buffer, result.ptr, rounded);
  return written(rounded);
}

// ---------------------------------------------------------------------------------------------------------------
// What a parameter is, in the terms of the config

struct Described {
  std::string kind;                                     // a distribution kind, or "constant"
  std::vector<std::pair<std::string, double>> given;    // the distribution's own parameters (constant: "value")
  std::vector<bool> as_written;                         // per given entry: the config's number for that key
  std::vector<std::pair<std::string, double>> derived;  // computed by mcsens
  std::string data;                                     // empirical: where the data came from
};

Described describe(const ParameterSpace& space, std::size_t p) {
  Described d;
  const ParameterSpec& spec = space.spec(p);
  if (space.is_constant(p)) {
    d.kind = "constant";
    d.given.emplace_back("value", space.constant_value(p));
    d.as_written.push_back(true);
    return d;
  }
  const Distribution& distribution = *space.distribution(p);
  d.kind = distribution.kind();
  d.data = spec.distribution.data_source;
  const auto parameters = distribution.parameters();
  const std::size_t given = std::min(distribution.given_parameter_count(), parameters.size());
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const auto& [name, value] = parameters[k];
    if (k < given) {
      // The number the config holds for this key, not the one recomputed from the distribution's own form.
      const auto written_value = spec.distribution.numbers.find(name);
      const bool found = written_value != spec.distribution.numbers.end();
      d.given.emplace_back(name, found ? written_value->second : value);
      d.as_written.push_back(found);
    } else {
      d.derived.emplace_back(name, value);
    }
  }
  return d;
}

std::string text_of(const Described& d) {
  if (d.kind == "constant") return "constant " + written(d.given.front().second);
  std::string out = d.kind + "(";
  for (std::size_t k = 0; k < d.given.size(); ++k)
    out += (k ? ", " : "") + d.given[k].first + "=" +
           (d.as_written[k] ? written(d.given[k].second) : computed(d.given[k].second));
  for (std::size_t k = 0; k < d.derived.size(); ++k) {
    out += (k ? ", " : (d.given.empty() ? "" : "; ")) + d.derived[k].first + "=" + computed(d.derived[k].second);
  }
  out += ")";
  if (!d.data.empty()) out += " from " + d.data;
  return out;
}

std::string feature_text(const FeatureSpec& f) {
  if (f.kind == "crossing" || f.kind == "crossing_below") return f.kind + " = " + written(f.level);
  if (f.kind == "crossing_expr" || f.kind == "crossing_below_expr") return f.kind + " = \"" + f.level_expr.text + "\"";
  return f.kind;
}

std::string join(const std::vector<std::string>& items, const char* separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// An array of strings as the config writes it: ["python3", "model.py"].
std::string word_list(const std::vector<std::string>& words);

// A [model] setting for `mcsens check`: its value, "(none)" when empty, and what a 0 means where its key says
// ("0 (as many as the run's threads, -t)").
std::string setting_text(const std::string& kind, const ModelSetting& setting) {
  if (!setting.words.empty()) return word_list(setting.words);
  if (setting.value.empty()) return "(none)";
  for (const ModelKind& k : model_kinds()) {
    if (k.name != kind) continue;
    for (const ModelKey& key : k.keys) {
      if (key.name == setting.key && setting.value == "0" && key.meaning.rfind("0: ", 0) == 0) {
        return "0 (" + key.meaning.substr(3) + ")";
      }
    }
  }
  return setting.value;
}

std::string word_list(const std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  for (const std::string& w : words) quoted.push_back(json::quoted(w));
  return "[" + join(quoted) + "]";
}

std::string join_numbers(const std::vector<double>& values) {
  std::vector<std::string> items;
  for (double v : values) items.push_back(written(v));
  return join(items);
}

std::vector<std::string> scenario_names(const Problem& problem, const std::vector<std::size_t>& indices) {
  std::vector<std::string> names;
  for (std::size_t s : indices) names.push_back(problem.spec().scenarios[s].name);
  return names;
}

std::size_t parameter_index(const ParameterSpace& space, const std::string& name) {
  const auto& names = space.names();
  return static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin());
}

// The quantile levels a run reports for an output (as src/engine/estimates.cpp takes them): the config's levels
// with 0.05, 0.5 and 0.95 added, sorted; without levels in the config, the default ones.
std::vector<double> reported_levels(const OutputSpec& o) {
  if (o.quantiles.empty()) return reported_quantile_probabilities();
  std::vector<double> levels = o.quantiles;
  for (double p : {0.05, 0.5, 0.95}) {
    if (std::find(levels.begin(), levels.end(), p) == levels.end()) levels.push_back(p);
  }
  std::sort(levels.begin(), levels.end());
  return levels;
}

// The model runs of each analysis, from the config's own numbers (`run -n` and `--only` change them).
struct Costs {
  std::size_t k = 0;             // uncertain inputs: the dimensions of the Sobol' and Morris designs
  std::uint64_t samples = 0;     // draws as run: rounded up to R x 2^m for the sobol sampler's replicates
  std::size_t replicates = 0;    // the sobol sampler's replicates (0: mc or lhs)
  std::uint64_t sobol_base = 0;  // Sobol' base samples as run (rounded up likewise)
  std::size_t sobol_replicates = 0;
  std::uint64_t uncertainty = 0;
  std::uint64_t sobol = 0;
  std::uint64_t morris = 0;
  bool shapley_exact = false;  // every subset (else random permutations), as method "auto" decides
  std::uint64_t shapley = 0;
  std::uint64_t regression_draws = 0;
};

Costs costs_of(const Problem& problem) {
  const ProblemSpec& spec = problem.spec();
  Costs c;
  c.k = problem.space().dimensions();
  // What the engine will run: the sobol sampler rounds the sizes up to whole replicated nets (a size beyond the
  // sampler's limit is reported by `run`; here it stays as written).
  const auto as_run = [](std::uint64_t n, std::size_t replicates) {
    try {
      return replicated_sobol_size(n, replicates);
    } catch (const Error&) {
      return n;
    }
  };
  c.samples = spec.run.samples;
  if (spec.run.sampler == "sobol") {
    c.replicates = spec.run.replicates;
    c.samples = as_run(spec.run.samples, c.replicates);
  }
  c.uncertainty = c.samples * (1 + spec.scenarios.size());
  if (spec.sensitivity.sobol) {
    c.sobol_base = spec.sensitivity.sobol->base_samples;
    if (spec.sensitivity.sobol->sampler == "sobol") {
      c.sobol_replicates = spec.sensitivity.sobol->replicates;
      c.sobol_base = as_run(c.sobol_base, c.sobol_replicates);
    }
    c.sobol = sobol_cost(c.sobol_base, c.k, spec.sensitivity.sobol->second_order);
  }
  if (spec.sensitivity.morris) c.morris = spec.sensitivity.morris->trajectories * (c.k + 1);
  if (const auto& sh = spec.sensitivity.shapley) {
    // As the Shapley design counts them: an item costs 1 + (2^k - 1)(inner - 1) model runs with every subset,
    // 1 + k (inner - 1) with one random permutation.
    c.shapley_exact = sh->method == "exact" || (sh->method == "auto" && c.k <= kShapleyExactAutoInputs);
    const std::uint64_t per_item =
        c.shapley_exact && c.k < 63 ? 1 + ((std::uint64_t{1} << c.k) - 1) * (sh->inner - 1) : 1 + c.k * (sh->inner - 1);
    c.shapley = (c.shapley_exact ? sh->outer : sh->permutations) * per_item;
  }
  if (spec.sensitivity.regression) c.regression_draws = std::min<std::uint64_t>(spec.run.samples, kRegressionSampleCap);
  return c;
}

// ---------------------------------------------------------------------------------------------------------------
// The text report

void print_expressions(std::ostream& out, const char* heading, const std::vector<ExpressionSource>& items,
                       std::size_t width) {
  if (items.empty()) return;
  out << "\n" << heading << "  " << items.size() << "\n";
  for (const auto& e : items) {
    out << "  " << std::left << std::setw(static_cast<int>(width)) << e.name << "  = " << e.text << "\n";
  }
}

}  // namespace

void print_problem(std::ostream& out, const Config& config, const Problem& problem) {
  const ProblemSpec& spec = problem.spec();
  const ParameterSpace& space = problem.space();
  const Costs costs = costs_of(problem);

  out << config.source_name() << ": OK";
  if (!spec.title.empty()) out << "  (" << spec.title << ")";
  out << "\n\n[run]  " << thousands(spec.run.samples) << " samples, seed " << spec.run.seed << ", sampler "
      << spec.run.sampler;
  if (costs.replicates > 0) out << " (" << costs.replicates << " scrambled replicates)";
  out << "\n";
  if (costs.samples != spec.run.samples) {
    out << "  samples rounded up to " << thousands(costs.samples) << " = " << costs.replicates << " x "
        << thousands(costs.samples / costs.replicates) << " (a power of two per replicate)\n";
  }
  out << "  uncertainty: " << thousands(costs.samples) << " draws";
  if (!spec.scenarios.empty()) out << " x (baseline + " << spec.scenarios.size() << " scenarios)";
  out << " = " << thousands(costs.uncertainty) << " model runs\n";

  out << "\n[parameters]  " << spec.parameters.size() << (spec.parameters.size() == 1 ? " input, " : " inputs, ")
      << space.dimensions() << " uncertain\n";
  std::size_t width = 4;
  for (const auto& p : spec.parameters) width = std::max(width, p.name.size());
  for (const auto& d : spec.derived) width = std::max(width, d.name.size());
  for (const auto& o : spec.outputs) width = std::max(width, o.expr.name.size());
  for (std::size_t p = 0; p < spec.parameters.size(); ++p) {
    out << "  " << std::left << std::setw(static_cast<int>(width)) << spec.parameters[p].name << "  "
        << text_of(describe(space, p));
    if (!spec.parameters[p].unit.empty()) out << "  [" << spec.parameters[p].unit << "]";
    out << "\n";
  }
  if (!spec.correlations.empty()) {
    out << "\n[correlation]  " << spec.correlations.size() << " rank correlations\n";
    for (const auto& c : spec.correlations)
      out << "  " << c.first << " ~ " << c.second << "  " << written(c.rho) << "\n";
  }
  if (!spec.functions.empty()) {
    out << "\n[functions]  " << spec.functions.size() << "\n";
    for (const auto& f : spec.functions) out << "  " << f.name << "(" << join(f.args) << ") = " << f.body.text << "\n";
  }
  print_expressions(out, "[derived]", spec.derived, width);
  if (spec.dynamics.present()) {
    const DynamicsSpec& d = spec.dynamics;
    out << "\n[dynamics]  " << d.states.size() << (d.states.size() == 1 ? " state, " : " states, ")
        << (d.method == StepMethod::kEuler ? "explicit Euler (order 1)" : "classic RK4 (order 4)") << ", "
        << thousands(static_cast<std::uint64_t>(d.steps)) << " steps of " << written(d.dt) << " from " << d.time
        << " = " << written(d.start) << " to " << written(d.start + static_cast<double>(d.steps) * d.dt)
        << (d.record_every > 1 ? ", trajectories recorded every " + std::to_string(d.record_every) + " steps" : "")
        << "\n";
    std::size_t state_width = 1;
    for (const auto& st : d.states) state_width = std::max(state_width, st.name.size());
    for (const auto& st : d.states) {
      out << "  d" << std::left << std::setw(static_cast<int>(state_width)) << st.name << "/d" << d.time << " = "
          << st.rate.text << "    (" << st.name << " = " << st.initial.text << " at the start)\n";
    }
  }
  out << "\n[outputs]  " << spec.outputs.size() << "\n";
  for (std::size_t k = 0; k < spec.outputs.size(); ++k) {
    const OutputSpec& o = spec.outputs[k];
    out << "  " << std::left << std::setw(static_cast<int>(width)) << o.expr.name << "  = " << o.expr.text << "\n";
    const std::string indent = "  " + std::string(width, ' ') + "    ";
    const OutputShape& shape = problem.model().targets()[k].shape;
    if (!shape.scalar()) {
      const Dimension& d = shape.dimensions.front();
      out << indent << "an array over " << d.name << ", " << thousands(d.size) << " values";
      if (!d.coordinates.empty())
        out << " (" << written(d.coordinates.front()) << " to " << written(d.coordinates.back()) << ")";
      out << "\n";
    }
    if (!o.label.empty() || !o.unit.empty()) {
      out << indent << "label \"" << o.label << "\"" << (o.unit.empty() ? "" : ", unit \"" + o.unit + "\"") << "\n";
    }
    if (!o.quantiles.empty()) out << indent << "quantiles " << join_numbers(reported_levels(o)) << "\n";
    if (o.histogram.bins != HistogramSpec{}.bins || o.histogram.low) {
      out << indent << "histogram " << o.histogram.bins << " bins";
      if (o.histogram.low && o.histogram.high) {
        out << " over [" << written(*o.histogram.low) << ", " << written(*o.histogram.high) << "]";
      }
      out << "\n";
    }
  }
  if (!spec.claims.empty()) {
    out << "\n[[claims]]  " << spec.claims.size() << "\n";
    for (const auto& c : spec.claims) {
      out << "  " << c.name << ":  " << c.expr.text << (c.text.empty() ? "" : "  (\"" + c.text + "\")") << "\n";
    }
  }
  if (!spec.curves.empty()) {
    out << "\n[[curves]]  " << spec.curves.size() << "\n";
    for (const auto& c : spec.curves) {
      out << "  " << c.name << ":  y = " << c.y.text << "  over " << c.x << " in [" << written(c.grid.low) << ", "
          << written(c.grid.high) << "], " << c.grid.points << " points\n";
      out << "    bands " << join_numbers(c.bands) << "\n";
      std::vector<std::string> features;
      for (const auto& f : c.features) features.push_back(feature_text(f));
      out << "    features " << (features.empty() ? std::string("none") : join(features)) << "\n";
    }
  }
  if (!spec.scenarios.empty()) {
    out << "\n[[scenarios]]  " << spec.scenarios.size() << "\n";
    for (const auto& s : problem.scenarios()) {
      out << "  " << s.name << (s.text.empty() ? "" : ":  " + s.text) << "\n";
      if (s.overridden.empty()) out << "    changes nothing\n";
      for (const auto& name : s.overridden) {
        out << "    " << name << " -> " << text_of(describe(s.space, parameter_index(s.space, name))) << "\n";
      }
    }
  }
  if (const auto& ranking = problem.ranking(); ranking && ranking->contenders() >= 2) {
    out << "\n[ranking]  by " << problem.output_names()[ranking->output]
        << (spec.ranking ? "" : " (the first scalar output: the config has no [ranking])") << "\n";
    out << "  scenarios " << join(scenario_names(problem, ranking->scenarios)) << "\n";
    if (ranking->include_baseline) out << "  the baseline is a contender (include_baseline)\n";
    if (ranking->lower_is_better) out << "  a smaller value wins (lower_is_better)\n";
  }
  if (spec.has_sensitivity) {
    const SensitivitySpec& s = spec.sensitivity;
    out << "\n[sensitivity]  outputs "
        << (s.outputs.empty() ? join(problem.output_names()) + " (every output)" : join(s.outputs)) << "\n";
    if (s.sobol) {
      if (costs.sobol_base != s.sobol->base_samples) {
        out << "  sobol:       base_samples " << thousands(s.sobol->base_samples) << " rounded up to "
            << thousands(costs.sobol_base) << " = " << costs.sobol_replicates << " x "
            << thousands(costs.sobol_base / costs.sobol_replicates) << " (a power of two per replicate)\n";
      }
      out << "  sobol:       N = " << thousands(costs.sobol_base) << " base samples x ("
          << (s.sobol->second_order ? "2k + 2" : "k + 2") << ", k = " << costs.k << ") = " << thousands(costs.sobol)
          << " model runs; sampler " << s.sobol->sampler
          << (costs.sobol_replicates > 0 ? " (" + std::to_string(costs.sobol_replicates) + " replicates)" : "")
          << ", intervals at " << written(s.sobol->confidence * 100) << " %"
          << (s.sobol->second_order ? ", second order" : "") << "\n";
    }
    if (s.morris) {
      out << "  morris:      r = " << thousands(s.morris->trajectories) << " trajectories x (k + 1, k = " << costs.k
          << ") = " << thousands(costs.morris) << " model runs; " << s.morris->levels << " levels";
      if (s.morris->candidates > s.morris->trajectories) out << ", chosen from " << thousands(s.morris->candidates);
      out << "\n";
    }
    if (s.shapley) {
      out << "  shapley:     "
          << (costs.shapley_exact ? thousands(s.shapley->outer) + " outer points x every subset"
                                  : thousands(s.shapley->permutations) + " random permutations")
          << " (k = " << costs.k << ", inner = " << s.shapley->inner << ") = " << thousands(costs.shapley)
          << " model runs; method " << s.shapley->method << ", " << s.shapley->blocks << " blocks\n";
    }
    if (s.regression) {
      out << "  regression:  SRC and PRCC from the first " << thousands(costs.regression_draws)
          << " uncertainty draws, no model runs of its own\n";
    }
  }
  out << "\nintervals at " << written(spec.run.confidence * 100) << " % (run.confidence)\n";
  out << "model: " << problem.model().kind() << ", " << problem.num_targets()
      << (problem.num_targets() == 1 ? " target" : " targets");
  if (const auto instructions = problem.model().program_instructions()) {
    out << ", a program of " << *instructions << (*instructions == 1 ? " instruction" : " instructions");
  }
  out << "\n";
  // The kind's keys as mcsens read them, defaults included (a path resolved; an array as its items).
  for (const ModelSetting& setting : spec.model.settings) {
    out << "  " << setting.key << ": " << setting_text(spec.model.kind, setting) << "\n";
  }
}

namespace {

// ---------------------------------------------------------------------------------------------------------------
// The JSON report: the same content, numbers exact (the shortest text that reads back to the same double)

std::string json_pairs(const std::vector<std::pair<std::string, double>>& pairs) {
  std::vector<std::string> items;
  for (const auto& [name, value] : pairs) items.push_back(json::quoted(name) + ": " + json::number(value));
  return "{" + join(items) + "}";
}

std::string json_described(const Described& d) {
  if (d.kind == "constant") return "\"kind\": \"constant\", \"value\": " + json::number(d.given.front().second);
  std::string out = "\"kind\": " + json::quoted(d.kind) + ", \"given\": " + json_pairs(d.given) +
                    ", \"derived\": " + json_pairs(d.derived);
  if (!d.data.empty()) out += ", \"data\": " + json::quoted(d.data);
  return out;
}

// A JSON array of objects, one per line at `indent`.
std::string json_list(const std::vector<std::string>& objects, const std::string& indent) {
  if (objects.empty()) return "[]";
  std::string out = "[";
  for (std::size_t i = 0; i < objects.size(); ++i) out += (i ? ",\n" : "\n") + indent + "  " + objects[i];
  return out + "\n" + indent + "]";
}

}  // namespace

void print_problem_json(std::ostream& out, const Config& config, const Problem& problem) {
  const ProblemSpec& spec = problem.spec();
  const ParameterSpace& space = problem.space();
  const Costs costs = costs_of(problem);
  out << "{\n";
  out << "  \"config\": " << json::quoted(config.source_name()) << ",\n";
  out << "  \"title\": " << json::quoted(spec.title) << ",\n";
  out << "  \"run\": {\"samples\": " << costs.samples << ", \"samples_requested\": " << spec.run.samples
      << ", \"replicates\": " << costs.replicates << ", \"seed\": " << spec.run.seed
      << ", \"sampler\": " << json::quoted(spec.run.sampler)
      << ", \"confidence\": " << json::number(spec.run.confidence) << ", \"model_runs\": " << costs.uncertainty
      << "},\n";
  out << "  \"model\": {\"kind\": " << json::quoted(problem.model().kind())
      << ", \"targets\": " << problem.num_targets();
  if (const auto instructions = problem.model().program_instructions()) out << ", \"instructions\": " << *instructions;
  for (const ModelSetting& setting : spec.model.settings) {
    out << ", " << json::quoted(setting.key) << ": ";
    out << (setting.words.empty() ? json::quoted(setting.value) : word_list(setting.words));
  }
  out << "},\n";

  std::vector<std::string> items;
  for (std::size_t p = 0; p < spec.parameters.size(); ++p) {
    const ParameterSpec& ps = spec.parameters[p];
    items.push_back("{\"name\": " + json::quoted(ps.name) + ", " + json_described(describe(space, p)) +
                    ", \"label\": " + json::quoted(ps.label) + ", \"unit\": " + json::quoted(ps.unit) + "}");
  }
  out << "  \"parameters\": " << json_list(items, "  ") << ",\n";

  items.clear();
  for (const auto& c : spec.correlations) {
    items.push_back("{\"first\": " + json::quoted(c.first) + ", \"second\": " + json::quoted(c.second) +
                    ", \"rho\": " + json::number(c.rho) + "}");
  }
  out << "  \"correlation\": " << json_list(items, "  ") << ",\n";

  items.clear();
  for (const auto& f : spec.functions) {
    items.push_back("{\"name\": " + json::quoted(f.name) + ", \"args\": " + json::quoted_list(f.args) +
                    ", \"expr\": " + json::quoted(f.body.text) + "}");
  }
  out << "  \"functions\": " << json_list(items, "  ") << ",\n";

  items.clear();
  for (const auto& d : spec.derived)
    items.push_back("{\"name\": " + json::quoted(d.name) + ", \"expr\": " + json::quoted(d.text) + "}");
  out << "  \"derived\": " << json_list(items, "  ") << ",\n";

  if (spec.dynamics.present()) {
    const DynamicsSpec& d = spec.dynamics;
    items.clear();
    for (const auto& st : d.states) {
      items.push_back("{\"name\": " + json::quoted(st.name) + ", \"initial\": " + json::quoted(st.initial.text) +
                      ", \"rate\": " + json::quoted(st.rate.text) + "}");
    }
    out << "  \"dynamics\": {\"method\": " << json::quoted(d.method == StepMethod::kEuler ? "euler" : "rk4")
        << ", \"steps\": " << d.steps << ", \"dt\": " << json::number(d.dt) << ", \"start\": " << json::number(d.start)
        << ", \"time\": " << json::quoted(d.time) << ", \"record_every\": " << d.record_every
        << ", \"states\": " << json_list(items, "  ") << "},\n";
  } else {
    out << "  \"dynamics\": null,\n";
  }

  items.clear();
  for (std::size_t k = 0; k < spec.outputs.size(); ++k) {
    const OutputSpec& o = spec.outputs[k];
    const HistogramSpec& h = o.histogram;
    // An array output's dimension (a trajectory's: the time of [dynamics], its recorded times); null for a scalar.
    const OutputShape& shape = problem.model().targets()[k].shape;
    std::string dimension = "null";
    if (!shape.scalar()) {
      const Dimension& d = shape.dimensions.front();
      std::vector<double> coordinates;
      for (std::size_t i = 0; i < d.size; ++i) coordinates.push_back(d.coordinate(i));
      dimension = "{\"name\": " + json::quoted(d.name) + ", \"size\": " + std::to_string(d.size) +
                  ", \"coordinates\": " + json::number_list(coordinates) + "}";
    }
    items.push_back("{\"name\": " + json::quoted(o.expr.name) + ", \"expr\": " + json::quoted(o.expr.text) +
                    ", \"dimension\": " + dimension + ", \"label\": " + json::quoted(o.label) + ", \"unit\": " +
                    json::quoted(o.unit) + ", \"quantiles\": " + json::number_list(reported_levels(o)) +
                    ", \"histogram\": {\"bins\": " + std::to_string(h.bins) +
                    ", \"low\": " + (h.low ? json::number(*h.low) : "null") +
                    ", \"high\": " + (h.high ? json::number(*h.high) : "null") + "}}");
  }
  out << "  \"outputs\": " << json_list(items, "  ") << ",\n";

  items.clear();
  for (const auto& c : spec.claims) {
    items.push_back("{\"name\": " + json::quoted(c.name) + ", \"expr\": " + json::quoted(c.expr.text) +
                    ", \"text\": " + json::quoted(c.text) + "}");
  }
  out << "  \"claims\": " << json_list(items, "  ") << ",\n";

  items.clear();
  for (const auto& c : spec.curves) {
    std::vector<std::string> features;
    for (const auto& f : c.features) {
      std::string feature = "{\"kind\": " + json::quoted(f.kind);
      if (f.kind == "crossing" || f.kind == "crossing_below") feature += ", \"level\": " + json::number(f.level);
      if (f.kind == "crossing_expr" || f.kind == "crossing_below_expr")
        feature += ", \"level_expr\": " + json::quoted(f.level_expr.text);
      features.push_back(feature + "}");
    }
    items.push_back("{\"name\": " + json::quoted(c.name) + ", \"x\": " + json::quoted(c.x) +
                    ", \"y\": " + json::quoted(c.y.text) + ", \"grid\": {\"low\": " + json::number(c.grid.low) +
                    ", \"high\": " + json::number(c.grid.high) + ", \"points\": " + std::to_string(c.grid.points) +
                    "}, \"bands\": " + json::number_list(c.bands) + ", \"features\": [" + join(features) + "]}");
  }
  out << "  \"curves\": " << json_list(items, "  ") << ",\n";

  items.clear();
  for (const auto& s : problem.scenarios()) {
    std::vector<std::string> changes;
    for (const auto& name : s.overridden) {
      changes.push_back("{\"parameter\": " + json::quoted(name) + ", " +
                        json_described(describe(s.space, parameter_index(s.space, name))) + "}");
    }
    items.push_back("{\"name\": " + json::quoted(s.name) + ", \"text\": " + json::quoted(s.text) + ", \"changes\": [" +
                    join(changes) + "]}");
  }
  out << "  \"scenarios\": " << json_list(items, "  ") << ",\n";

  out << "  \"ranking\": ";
  if (const auto& ranking = problem.ranking(); ranking && ranking->contenders() >= 2) {
    out << "{\"rank_by\": " << json::quoted(problem.output_names()[ranking->output])
        << ", \"scenarios\": " << json::quoted_list(scenario_names(problem, ranking->scenarios))
        << ", \"include_baseline\": " << (ranking->include_baseline ? "true" : "false")
        << ", \"lower_is_better\": " << (ranking->lower_is_better ? "true" : "false")
        << ", \"from_config\": " << (spec.ranking ? "true" : "false") << "},\n";
  } else {
    out << "null,\n";
  }

  out << "  \"sensitivity\": ";
  if (!spec.has_sensitivity) {
    out << "null\n";
  } else {
    const SensitivitySpec& s = spec.sensitivity;
    out << "{\n    \"outputs\": " << json::quoted_list(s.outputs.empty() ? problem.output_names() : s.outputs)
        << ",\n    \"k\": " << costs.k << ",\n    \"sobol\": ";
    if (s.sobol) {
      out << "{\"base_samples\": " << costs.sobol_base << ", \"base_samples_requested\": " << s.sobol->base_samples
          << ", \"replicates\": " << costs.sobol_replicates
          << ", \"second_order\": " << (s.sobol->second_order ? "true" : "false")
          << ", \"sampler\": " << json::quoted(s.sobol->sampler)
          << ", \"confidence\": " << json::number(s.sobol->confidence) << ", \"model_runs\": " << costs.sobol << "}";
    } else {
      out << "null";
    }
    out << ",\n    \"morris\": ";
    if (s.morris) {
      out << "{\"trajectories\": " << s.morris->trajectories << ", \"levels\": " << s.morris->levels
          << ", \"candidates\": " << s.morris->candidates << ", \"model_runs\": " << costs.morris << "}";
    } else {
      out << "null";
    }
    out << ",\n    \"shapley\": ";
    if (s.shapley) {
      out << "{\"method\": " << json::quoted(s.shapley->method)
          << ", \"every_subset\": " << (costs.shapley_exact ? "true" : "false") << ", \"outer\": " << s.shapley->outer
          << ", \"permutations\": " << s.shapley->permutations << ", \"inner\": " << s.shapley->inner
          << ", \"blocks\": " << s.shapley->blocks << ", \"model_runs\": " << costs.shapley << "}";
    } else {
      out << "null";
    }
    out << ",\n    \"regression\": ";
    if (s.regression) {
      out << "{\"draws\": " << costs.regression_draws << ", \"model_runs\": 0}";
    } else {
      out << "null";
    }
    out << "\n  }\n";
  }
  out << "}\n";
}

}  // namespace mcsens
