// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mcsens/error.hpp"

namespace mcsens {

// A distribution as the user wrote it, before validation: plain data, no TOML.
// The factory in space/ checks the kind, its keys and their values, and reports problems naming `key`.
struct DistributionSpec {
  std::string kind;                       // "uniform", "normal", "beta", ...
  std::map<std::string, double> numbers;  // every numeric key of the table: low, high, mean, sd, mode, ...
  std::vector<double> values;             // discrete: support points
  std::vector<double> weights;            // discrete: weights (any positive total)
  std::vector<double> data;               // empirical: the data (the config reader reads them from a CSV column)
  std::string data_source;                // empirical: where the data came from, e.g. "flows.csv, column q"
  std::string key;                        // the config key for messages, e.g. "parameters.s_hb"
  SourceLocation location;                // where the table starts
  std::map<std::string, SourceLocation> number_locations;  // where each numeric key is written
};

// One entry of [parameters]: an uncertain input (a distribution) or a constant ({ value = x }).
struct ParameterSpec {
  std::string name;
  std::optional<double> constant;  // set for constants, which take no dimension of the sampler
  DistributionSpec distribution;   // used when constant is empty
  std::string label;               // optional display label
  std::string unit;                // optional unit
  SourceLocation location;
};

// One [correlation] pair: a Spearman rank correlation between two uncertain inputs.
struct CorrelationPairSpec {
  std::string first;
  std::string second;
  double rho = 0.0;
  SourceLocation location;
};

}  // namespace mcsens
