// SPDX-License-Identifier: MIT
#include "covered_fields.hpp"

#include <string>
#include <utility>
#include <vector>

#include "mcsens/model/model.hpp"
#include "mcsens/report/result_layouts.hpp"

namespace mcsens::covered {

namespace {

// @label, @unit, @expr: an output's own keys (the same text under a scenario, a change, a feature); then the
// statistics; left out: the file's labels of its own layout (names, method texts, coordinates).
const std::vector<std::string>& output_paths() {
  static const std::vector<std::string> paths{"@label",
                                              "@unit",
                                              "@expr",
                                              "moments",
                                              "mean_se",
                                              "mean_se@replicates",
                                              "count",
                                              "nonfinite",
                                              "quantiles",
                                              "quantiles@relative_accuracy",
                                              "quantile_errors",
                                              "moments@nonfinite_share",
                                              "moments@note",
                                              "moments@positive_infinite",
                                              "moments@negative_infinite",
                                              "histogram/",
                                              "moments@names",
                                              "moments@kurtosis",
                                              "mean_se@method",
                                              "quantiles@method",
                                              "quantile_errors@method",
                                              "moment",
                                              "row",
                                              "quantile"};
  return paths;
}

// The failed_draws attributes, which the JSON's "failed_draws" object shows, followed by `more`.
std::vector<std::string> with_failed_draws(std::vector<std::string> more) {
  std::vector<std::string> paths{"@failed_draws"};
  for (const FailureReason& r : failure_reasons()) paths.push_back(std::string("@failed_draws_") + r.name);
  paths.insert(paths.end(), more.begin(), more.end());
  return paths;
}

}  // namespace

const layout::Covered& output() {
  static const layout::Covered c(output_paths());
  return c;
}

layout::Covered array_output(const OutputSummary& o) {
  // As output() (what an array's layout lacks, such as the histogram, covers nothing), and @dimension with the
  // coordinate named after it.
  std::vector<std::string> paths = output_paths();
  paths.push_back("@dimension");
  if (!o.dimensions.empty()) paths.push_back(o.dimensions[0].name);
  return layout::Covered(std::move(paths));
}

layout::Covered feature(const FeatureSummary& f) {
  std::vector<std::string> paths = layout::paths_of(output_layout(), f.stats);
  paths.insert(paths.end(), {"not_found", "at_edge"});
  return layout::Covered(std::move(paths));
}

const layout::Covered& claim() {
  static const layout::Covered c{"@expr", "@text", "@verdict", "@interval", "@level", "probability", "ci_low",
                                 "ci_high", "count", "n", "nonfinite", "drivers/names", "drivers/ks_d",
                                 "drivers/p_value", "drivers/holding_quantiles", "drivers/holding_probabilities",
                                 // left out: coordinates and method texts
                                 "drivers/holding_quantiles@probabilities", "drivers/input", "drivers/probability",
                                 "drivers/@method"};
  return c;
}

const layout::Covered& curve() {
  // The axis texts (@unit, @x_label, @x_unit) are keys of the JSON document; the CSV tables leave them to the file.
  static const layout::Covered c{"@label", "@x_name",    "@unit", "@x_label", "@x_unit",
                                 "x",      "band_probs", "bands", "band"};
  return c;
}

const layout::Covered& scenario() {
  static const layout::Covered c(with_failed_draws({"@text", "@changes", "delta/@meaning"}));
  return c;
}

const layout::Covered& ranking() {
  static const layout::Covered c{"ranking", "ranking@names", "ranking@output", "ranking@include_baseline",
                                 "ranking@lower_is_better", "ranking_ci_low", "ranking_ci_high", "ranking_names",
                                 // left out: the matrix's meaning in words (lower_is_better says it), coordinates
                                 "ranking@meaning", "ranking_contender", "ranking_rival"};
  return c;
}

layout::Covered array_sobol(const SobolSummary& so) {
  std::vector<std::string> paths{"@dimension", "names", "S1", "S1_ci", "ST", "ST_ci", "S1_aggregated",
                                 "S1_aggregated_ci", "ST_aggregated", "ST_aggregated_ci", "@aggregated_note", "N",
                                 "nonfinite_bases", "@evaluations", "@sampler", "@confidence", "@interval",
                                 "@bootstrap_resamples", "@batches", "@first_order_estimator", "@total_order_estimator",
                                 "mean", "variance",
                                 // left out: coordinates
                                 "input", "bound"};
  if (!so.dimensions.empty()) paths.push_back(so.dimensions[0].name);
  return layout::Covered(std::move(paths));
}

const layout::Covered& sobol() {
  static const layout::Covered c{"names", "S1", "S1_ci", "ST", "ST_ci", "S2", "S2_ci_low", "S2_ci_high", "@N",
                                 "@nonfinite_bases", "@evaluations", "@sampler", "@confidence", "@interval",
                                 "@bootstrap_resamples", "@batches", "@first_order_estimator", "@total_order_estimator",
                                 "@second_order_estimator", "@mean", "@variance", "@zero_variance",
                                 // left out: coordinates, the three estimators in one line
                                 "input", "bound", "input_2", "@estimator"};
  return c;
}

const layout::Covered& morris() {
  static const layout::Covered c{"names",         "mu",      "mu_star",     "sigma",     "mu_star_ci", "effects",
                                 "@trajectories", "@levels", "@confidence", "@interval", "input",      "bound"};
  return c;
}

const layout::Covered& shapley() {
  static const layout::Covered c{
      "names",  "effects",      "effects_low", "effects_high", "@inputs",   "@method", "@items", "@failed_items",
      "@inner", "@evaluations", "@variance",   "@confidence",  "@interval", "@blocks", "input",  "bound"};
  return c;
}

const layout::Covered& regression() {
  static const layout::Covered c{"names", "src", "prcc", "@r_squared", "@n", "@dropped_rows", "input"};
  return c;
}

const layout::Covered& parameter() {
  static const layout::Covered c{"@label", "@unit", "@dist", "@value", "@description"};
  return c;
}

const layout::Covered& root() {
  static const layout::Covered c(with_failed_draws(
      {"@mcsens_version", "@format_version", "@git_commit", "@created_utc", "@title", "@config", "@config_name",
       "@overrides", "@seed", "@samples", "@sampler", "@threads", "@ranks", "@wall_seconds", "@chunk_size", "@notes",
       "@stop_reason", "@machine", "@until_relative_se", "@until_ci_half_width",
       "scenarios/",  // the ranking: the document's "ranking"
       // left out: the kept draws ("kept_draws" counts them), run state
       "samples/", "resume/"}));
  return c;
}

}  // namespace mcsens::covered
