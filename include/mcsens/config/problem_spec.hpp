// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/expr/expression_source.hpp"
#include "mcsens/space/distribution_spec.hpp"

namespace mcsens {

// Plain, validated-for-shape data read from a config file. Meaning (distributions, expressions) is checked by
// the factories of space/ and expr/, which receive these specs and never see TOML.

// The two-sided level of every interval when the config does not say ([run] confidence): written here once.
constexpr double kDefaultConfidence = 0.95;

// Randomized-QMC replicates unless the config says otherwise (run.replicates, sensitivity.sobol.replicates): a
// power of two between kMinReplicates and kMaxReplicates.
constexpr std::size_t kDefaultReplicates = 32;
constexpr std::size_t kMinReplicates = 4;
constexpr std::size_t kMaxReplicates = 1024;

struct RunSpec {
  std::uint64_t samples = 100000;
  std::uint64_t seed = 20251126;
  std::string sampler = "mc";              // mc | sobol | lhs
  double confidence = kDefaultConfidence;  // two-sided level of every interval (claims, ranking, Morris, --until ci)
  // Independent scrambles of the sobol sampler (randomized QMC): the intervals come from their spread.
  std::size_t replicates = kDefaultReplicates;
  SourceLocation samples_location;
  SourceLocation sampler_location;
};

// Histogram bins: automatic (from a deterministic pilot) unless low and high are given.
struct HistogramSpec {
  std::size_t bins = 100;
  std::optional<double> low;
  std::optional<double> high;
  SourceLocation location;
};

struct OutputSpec {
  ExpressionSource expr;  // expr.name is the output's name
  std::string label;
  std::string unit;
  HistogramSpec histogram;
  // The quantile levels reported, strictly inside (0, 1), sorted; empty: reported_quantile_probabilities().
  std::vector<double> quantiles;
  // An output over an index (`over = "year", size = 20`): its expression once per index value 1 .. size, an array
  // over the index; `over` empty for a scalar output.
  std::string over;
  long long size = 0;
  SourceLocation over_location;
};

struct ClaimSpec {
  std::string name;
  ExpressionSource expr;
  std::string text;
  SourceLocation location;
};

struct GridSpec {
  double low = 0.0;
  double high = 1.0;
  std::size_t points = 101;
  SourceLocation location;
};

// A curve feature: inflection, takeoff, steepest_fall, elasticity_break, crossing or crossing_below (a fixed level),
// crossing_expr or crossing_below_expr (a level expression evaluated per draw).
struct FeatureSpec {
  std::string kind;
  double level = 0.0;           // crossing, crossing_below
  ExpressionSource level_expr;  // crossing_expr, crossing_below_expr
  SourceLocation location;
};

struct CurveSpec {
  std::string name;
  std::string x;  // bound to the grid
  GridSpec grid;
  ExpressionSource y;
  std::vector<double> bands{0.05, 0.25, 0.5, 0.75, 0.95};
  std::vector<FeatureSpec> features;
  std::string label;
  std::string unit;     // of y
  std::string x_label;  // of the grid variable x (a parameter's own label and unit when empty)
  std::string x_unit;
  SourceLocation location;
};

struct ScenarioSpec {
  std::string name;
  std::string text;
  std::vector<ParameterSpec> parameters;  // overrides of [parameters] entries, by name
  SourceLocation location;
};

// [ranking]: which output orders the scenarios, and which scenarios take part (default: all, by the first output).
struct RankingSpec {
  std::string output;
  std::vector<std::string> scenarios;
  bool include_baseline = false;  // the baseline is a contender too (first, named "baseline")
  bool lower_is_better = false;   // i beats j when its value is smaller (costs, infections)
  SourceLocation location;        // the [ranking] header
  SourceLocation rank_by_location;
  SourceLocation scenarios_location;
  std::vector<SourceLocation> scenario_locations;  // one per name of `scenarios`
  SourceLocation include_baseline_location;
};

struct SobolSpec {
  std::uint64_t base_samples = 65536;
  bool second_order = false;
  double confidence = kDefaultConfidence;  // the reader sets run.confidence when the config gives none
  std::string sampler = "sobol";
  std::size_t replicates = kDefaultReplicates;  // independent scrambles of the sobol sampler (batches of the interval)
  SourceLocation location;
};

struct MorrisSpec {
  std::uint64_t trajectories = 200;
  int levels = 4;
  std::uint64_t candidates = 0;  // > trajectories: Campolongo et al. 2007 spread-out selection from this many
  SourceLocation location;
};

// [sensitivity] shapley: Shapley effects (analysis/shapley.hpp). method "auto" takes every subset up to
// kShapleyExactAutoInputs uncertain inputs, random permutations beyond.
struct ShapleySpec {
  std::string method = "auto";        // auto | exact | random
  std::uint64_t outer = 1000;         // exact: outer points, each with every subset
  std::uint64_t permutations = 4000;  // random: random permutations, each with one outer point
  std::uint64_t inner = 3;            // conditional draws per subset (>= 2)
  std::uint64_t blocks = 20;          // batch-means blocks of the interval
  SourceLocation location;
  SourceLocation method_location;
};

struct SensitivitySpec {
  std::vector<std::string> outputs;  // empty: every output
  std::vector<SourceLocation> output_locations;
  std::optional<SobolSpec> sobol;
  std::optional<MorrisSpec> morris;
  std::optional<ShapleySpec> shapley;
  bool regression = false;
  SourceLocation location;
};

// [model]: which backend evaluates the model. "expressions" (the default): the [outputs], [derived] and
// [functions] expressions, compiled to one program. "plugin": a compiled library computes outputs that the
// expressions read (docs/models.md).
// One key of [model] that the kind takes (kind = "plugin": library, prefix), as read: a path resolved against the
// config's folder, or the key's default (at the [model] table) when the config does not give it.
struct ModelSetting {
  std::string key;
  std::string value;
  SourceLocation location;
  std::vector<std::string> words;  // an array form's items (ModelKey::Form::words, names); for words, `value` is
                                   // the config's folder, where the command runs
};

struct ModelSpec {
  std::string kind = "expressions";
  SourceLocation location;
  std::vector<ModelSetting> settings;  // every key the kind takes, in the kind's order (src/engine/model_backends.cpp)

  // The setting `key`; std::logic_error when the kind takes no such key.
  const ModelSetting& setting(const std::string& key) const {
    for (const ModelSetting& s : settings) {
      if (s.key == key) return s;
    }
    throw std::logic_error("ModelSpec::setting: model kind '" + kind + "' has no key '" + key + "'");
  }
};

// A file a config reads (an empirical distribution's CSV), by its resolved path and the FNV-1a checksum of its
// bytes as read.
struct FileDigest {
  std::string path;
  std::uint64_t fnv1a = 0;
};

struct ProblemSpec {
  std::string title;
  std::string source_name;  // the config's path, or "<built-in paper.toml>"
  std::string source_text;  // the whole config text, stored in results for provenance
  RunSpec run;
  ModelSpec model;
  std::vector<ParameterSpec> parameters;  // in file order: the order used everywhere
  // The array parameters (`size = N`): each is N consecutive entries of `parameters`, named "name[1]" ..
  // "name[N]", i.i.d. with the same distribution.
  struct ArrayParameter {
    std::string name;
    std::size_t first = 0;
    std::size_t size = 0;
    SourceLocation location;  // the size key
  };
  std::vector<ArrayParameter> array_parameters;
  std::vector<CorrelationPairSpec> correlations;
  std::vector<FunctionSpec> functions;
  std::vector<ExpressionSource> derived;
  DynamicsSpec dynamics;
  std::vector<OutputSpec> outputs;
  std::vector<ClaimSpec> claims;
  std::vector<CurveSpec> curves;
  std::vector<ScenarioSpec> scenarios;
  std::optional<RankingSpec> ranking;
  SensitivitySpec sensitivity;
  bool has_sensitivity = false;
  std::vector<FileDigest> data_files;  // each file once, in the order the config reads them
};

}  // namespace mcsens
