// SPDX-License-Identifier: MIT
#include "mcsens/study/data_claims.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>

#include "mcsens/analysis/filtering.hpp"
#include "mcsens/error.hpp"
#include "mcsens/expr/program.hpp"
#include "mcsens/stats/proportion.hpp"

namespace mcsens {
namespace {

// Where `argument`'s "NAME =" ends (the offset of the expression), or 0 when it does not start with one.
int name_end(const std::string& argument, std::string& name) {
  std::size_t i = 0;
  while (i < argument.size() && std::isspace(static_cast<unsigned char>(argument[i]))) ++i;
  const std::size_t first = i;
  while (i < argument.size() && (std::isalnum(static_cast<unsigned char>(argument[i])) || argument[i] == '_')) ++i;
  const std::size_t last = i;
  while (i < argument.size() && std::isspace(static_cast<unsigned char>(argument[i]))) ++i;
  if (last == first || i >= argument.size() || argument[i] != '=') return 0;
  if (i + 1 < argument.size() && argument[i + 1] == '=') return 0;  // "y == 1"
  const std::string candidate = argument.substr(first, last - first);
  if (!is_identifier(candidate)) return 0;
  name = candidate;
  return static_cast<int>(i + 1);
}

// The columns (indices into `names`) that `expr` names: its identifiers that are columns.
std::vector<std::size_t> columns_named(const std::string& expr, const std::vector<std::string>& names) {
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < expr.size();) {
    const auto c = static_cast<unsigned char>(expr[i]);
    if (!(std::isalpha(c) || c == '_')) {
      // A number's exponent ("1e5") or digits are not names.
      while (i < expr.size() && (std::isalnum(static_cast<unsigned char>(expr[i])) || expr[i] == '.')) ++i;
      if (i < expr.size() && !(std::isalpha(static_cast<unsigned char>(expr[i])) || expr[i] == '_')) ++i;
      continue;
    }
    std::size_t j = i;
    while (j < expr.size() && (std::isalnum(static_cast<unsigned char>(expr[j])) || expr[j] == '_')) ++j;
    const auto at = std::find(names.begin(), names.end(), expr.substr(i, j - i));
    if (at != names.end()) {
      const auto index = static_cast<std::size_t>(at - names.begin());
      if (std::find(found.begin(), found.end(), index) == found.end()) found.push_back(index);
    }
    i = j;
  }
  return found;
}

}  // namespace

std::vector<DataClaim> parse_data_claims(const std::vector<std::string>& arguments) {
  std::vector<DataClaim> claims;
  for (std::size_t c = 0; c < arguments.size(); ++c) {
    DataClaim claim;
    claim.argument = arguments[c];
    claim.expr_offset = name_end(arguments[c], claim.name);
    if (claim.name.empty()) claim.name = "claim_" + std::to_string(c + 1);
    claim.expr = arguments[c].substr(static_cast<std::size_t>(claim.expr_offset));
    if (claim.expr.find_first_not_of(" \t") == std::string::npos) {
      throw Error("--claim '" + arguments[c] + "' states nothing: give an expression over the columns, as y > 10");
    }
    for (const DataClaim& earlier : claims) {
      if (earlier.name == claim.name) throw Error("two claims are named '" + claim.name + "': name each once");
    }
    claims.push_back(std::move(claim));
  }
  return claims;
}

std::vector<ClaimSummary> evaluate_data_claims(const DataColumns& data, const std::vector<DataClaim>& claims,
                                               double confidence) {
  if (claims.empty()) return {};
  const std::size_t k = data.inputs.size();
  const std::size_t n = data.rows;
  ModelSource source;
  source.inputs = data.inputs;
  source.inputs.insert(source.inputs.end(), data.outputs.begin(), data.outputs.end());
  for (const DataClaim& claim : claims) {
    if (std::find(source.inputs.begin(), source.inputs.end(), claim.name) != source.inputs.end()) {
      throw Error("the claim '" + claim.name + "' has the name of a column: name it otherwise");
    }
    SourceLocation at{"--claim " + claim.argument, 1, 1 + claim.expr_offset, claim.argument, true};
    source.targets.push_back(ExpressionSource{"claims." + claim.name, claim.expr, at, nullptr});
  }
  const Program program = Program::compile(source);
  // The columns, column-major: inputs, then outputs.
  std::vector<std::vector<double>> columns(k, std::vector<double>(n));
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t i = 0; i < k; ++i) columns[i][r] = data.x[r * k + i];
  }
  for (const auto& y : data.y) columns.push_back(y);
  std::vector<std::vector<double>> indicators(claims.size(), std::vector<double>(n));
  Evaluator evaluator(program);
  const std::size_t block = evaluator.max_block();
  std::vector<const double*> in(columns.size());
  std::vector<double*> out(claims.size());
  for (std::size_t first = 0; first < n; first += block) {
    const std::size_t rows = std::min(block, n - first);
    for (std::size_t j = 0; j < columns.size(); ++j) in[j] = columns[j].data() + first;
    for (std::size_t c = 0; c < claims.size(); ++c) out[c] = indicators[c].data() + first;
    evaluator.run(in.data(), out.data(), rows);
  }
  // The drivers' bins span each input column's finite range.
  std::vector<std::pair<double, double>> ranges;
  for (std::size_t i = 0; i < k; ++i) {
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (double v : columns[i]) {
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
    }
    if (!(high > low)) high = low + 1;  // read_data_columns refuses such a column; a guard only
    ranges.emplace_back(low, high);
  }
  std::vector<const double*> input_columns;
  for (std::size_t i = 0; i < k; ++i) input_columns.push_back(columns[i].data());
  std::vector<ClaimSummary> summaries;
  for (std::size_t c = 0; c < claims.size(); ++c) {
    // Undefined where the result is not finite or a cell the claim reads is not (a comparison with NaN would
    // otherwise say "fails"); otherwise nonzero holds, as for a run's claims.
    std::vector<double>& indicator = indicators[c];
    const std::vector<std::size_t> read = columns_named(claims[c].expr, source.inputs);
    for (std::size_t r = 0; r < n; ++r) {
      bool defined = std::isfinite(indicator[r]);
      for (std::size_t j : read) defined = defined && std::isfinite(columns[j][r]);
      if (!defined) indicator[r] = std::numeric_limits<double>::quiet_NaN();
    }
    ProportionCounter counter;
    counter.add(indicator.data(), n);
    ClaimSummary s;
    s.name = claims[c].name;
    s.expr = claims[c].expr;
    s.text = claims[c].expr;
    s.count = counter.successes();
    s.n = counter.trials();
    s.nonfinite = counter.nonfinite();
    s.probability = counter.probability();
    s.level = confidence;
    s.interval_method = "wilson";
    const Interval ci = wilson_interval(s.count, s.n, confidence);
    s.ci_low = ci.low;
    s.ci_high = ci.high;
    s.verdict = likelihood_words(s.probability);
    FilteringAccumulator drivers(k, ranges);
    drivers.add(input_columns.data(), indicator.data(), n);
    const FilteringResult result = drivers.result(driver_probabilities());
    for (std::size_t i = 0; i < k; ++i) {
      s.drivers.push_back(DriverSummary{data.inputs[i], result.inputs[i].ks_distance, result.inputs[i].p_value,
                                        result.inputs[i].hold_quantiles});
    }
    summaries.push_back(std::move(s));
  }
  return summaries;
}

}  // namespace mcsens
