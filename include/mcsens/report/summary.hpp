// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/run_options.hpp"
#include "mcsens/engine/uncertainty_run.hpp"

namespace mcsens {

// The quantile probabilities stored for every output (row 0 of /outputs/<name>/quantiles).
const std::vector<double>& reported_quantile_probabilities();

struct OutputSummary {
  std::string name;
  std::string label;
  std::string unit;
  std::string expr;
  std::uint64_t count = 0;  // finite draws
  std::uint64_t nonfinite = 0;
  double mean = 0, mean_se = 0, sd = 0, skewness = 0, kurtosis = 0, min = 0, max = 0;
  std::vector<double> probabilities;
  std::vector<double> quantiles;
  double quantile(double p) const;  // one of `probabilities`; NaN if absent
};

struct ClaimSummary {
  std::string name;
  std::string expr;
  std::string text;
  std::uint64_t count = 0;  // draws where the claim holds
  std::uint64_t n = 0;      // draws where it is defined
  std::uint64_t nonfinite = 0;
  double probability = 0, ci_low = 0, ci_high = 0;
  double level = 0.95;
  std::string interval_method = "wilson";
  std::string verdict;
};

// What `run` prints and `show` prints again from a file: built from a run, or read from a result file.
struct RunSummary {
  std::string title;
  std::string config_name;
  std::string output_path;
  std::string version;
  std::string git_commit;
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  std::string sampler;
  int threads = 1;
  int ranks = 1;
  double wall_seconds = 0;
  std::vector<OutputSummary> outputs;
  std::vector<ClaimSummary> claims;
  std::vector<std::string> notes;  // e.g. analyses in the config that this run did not perform
};

RunSummary summarize(const Problem& problem, const RunOptions& options, const UncertaintyResult& result);

// Tables for people: one per output (mean ± standard error, sd, q05, median, q95, non-finite), then the claims.
void print_summary(std::ostream& out, const RunSummary& summary);
// The same content as one JSON document.
void print_json(std::ostream& out, const RunSummary& summary);

}  // namespace mcsens
