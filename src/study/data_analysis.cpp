// SPDX-License-Identifier: MIT
#include "mcsens/study/data_analysis.hpp"

#include <algorithm>
#include <cmath>

#include "io/csv_input.hpp"
#include "mcsens/error.hpp"
#include "mcsens/report/data_analysis_file.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/stats/replicate_means.hpp"
#include "mcsens/suggest.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kBatches = 16;

// The column `name` of the file, or an Error at the header naming the columns there are.
std::size_t column_of(const CsvInput& csv, const std::string& name, const char* what) {
  const int c = csv.column(name);
  if (c < 0) {
    throw Error(std::string("the header has no column '") + name + "' (" + what + ")" + did_you_mean(name, csv.header),
                SourceLocation{csv.path, csv.lines.empty() ? 1 : csv.lines.front().number - 1, 1, {}});
  }
  return static_cast<std::size_t>(c);
}

// Refuses a column with fewer than two distinct finite values.
void refuse_constant(const std::string& path, const std::string& name, const double* v, std::size_t n,
                     std::size_t stride) {
  bool found = false;
  double first = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const double value = v[r * stride];
    if (!std::isfinite(value)) continue;
    if (!found) {
      first = value;
      found = true;
    } else if (value != first) {
      return;
    }
  }
  throw Error(path + ": column '" + name + "' " + (found ? "holds one value only" : "has no finite value") +
              ": nothing can be learnt from it; leave it out (--inputs, --outputs)");
}

// An estimator's spread over kBatches contiguous batches of the rows (batch b holds rows [b n / B, (b + 1) n / B)):
// per input, the batches' mean and the standard error of the whole sample's estimate, the batches' standard
// deviation / sqrt(B) (for an estimator whose variance falls as 1 / n). `estimate(x, rows, k, y)` gives a vector of
// values (one per input, or several per input).
struct BatchSpread {
  std::vector<double> mean, se;
};

template <class Estimate>
BatchSpread batch_spread(const DataColumns& data, const double* y, Estimate estimate) {
  const std::size_t k = data.inputs.size();
  const std::size_t n = data.rows;
  std::vector<std::vector<double>> batches;  // each estimate(...) of one size
  for (std::size_t b = 0; b < kBatches; ++b) {
    const std::size_t first = b * n / kBatches;
    const std::size_t last = (b + 1) * n / kBatches;
    batches.push_back(estimate(data.x.data() + first * k, last - first, k, y + first));
  }
  BatchSpread spread;
  for (std::size_t i = 0; i < batches.front().size(); ++i) {
    double mean = 0;
    for (const auto& s : batches) mean += s[i] / static_cast<double>(kBatches);
    double ss = 0;
    for (const auto& s : batches) ss += (s[i] - mean) * (s[i] - mean);
    spread.mean.push_back(mean);
    spread.se.push_back(std::sqrt(ss / static_cast<double>(kBatches - 1) / static_cast<double>(kBatches)));
  }
  return spread;
}

// The whole sample's estimates `d` corrected for a bias that falls as 1 / sqrt(n), from the batches (of n / 16 rows,
// so with 4 times that bias): d + (d - batch mean) / 3, and its interval (DataAnalysis).
IndexInterval bias_corrected(const std::vector<double>& d, const BatchSpread& spread, double t) {
  IndexInterval out;
  for (std::size_t i = 0; i < d.size(); ++i) {
    const double value = d[i] + (d[i] - spread.mean[i]) / 3;  // sqrt(16) - 1
    out.value.push_back(value);
    out.low.push_back(value - t * std::sqrt(17.0) / 3 * spread.se[i]);
    out.high.push_back(value + t * std::sqrt(17.0) / 3 * spread.se[i]);
  }
  return out;
}

// The cross-fitted PAWN statistics of one sample, one after the other: median, mean and maximum for each input.
std::vector<double> pawn_statistics(const Pawn& p) {
  std::vector<double> all = p.median;
  all.insert(all.end(), p.mean.begin(), p.mean.end());
  all.insert(all.end(), p.max.begin(), p.max.end());
  return all;
}

}  // namespace

namespace {

// The input and output columns the user named (inputs: every column but the outputs when none is named), checked
// for names given twice; the header's own check of each name is the caller's.
std::vector<std::string> chosen_inputs(const std::vector<std::string>& header, const std::vector<std::string>& outputs,
                                       const std::vector<std::string>& inputs, const std::string& path) {
  std::vector<std::string> chosen = inputs;
  if (chosen.empty()) {
    for (const std::string& name : header) {
      if (std::find(outputs.begin(), outputs.end(), name) == outputs.end()) chosen.push_back(name);
    }
  }
  std::vector<std::string> named = chosen;
  named.insert(named.end(), outputs.begin(), outputs.end());
  for (std::size_t i = 0; i < named.size(); ++i) {
    if (std::find(named.begin(), named.begin() + static_cast<std::ptrdiff_t>(i), named[i]) !=
        named.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw Error("column '" + named[i] + "' is named twice (inputs and outputs are distinct columns)");
    }
  }
  if (chosen.empty()) throw Error(path + ": no input column is left besides the outputs");
  return chosen;
}

// "a, b, c"
std::string names_in_words(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Refuses the columns of `data` with fewer than two distinct finite values.
void refuse_constant_columns(const DataColumns& data) {
  const std::size_t k = data.inputs.size();
  for (std::size_t i = 0; i < k; ++i) refuse_constant(data.path, data.inputs[i], data.x.data() + i, data.rows, k);
  for (std::size_t o = 0; o < data.outputs.size(); ++o) {
    refuse_constant(data.path, data.outputs[o], data.y[o].data(), data.rows, 1);
  }
}

void refuse_few_rows(const std::string& path, std::size_t rows) {
  if (rows < kMinDataRows) {
    throw Error(path + " has " + std::to_string(rows) + " rows; mcsens analyze needs at least " +
                std::to_string(kMinDataRows) + " (16 batches of 4 for the intervals)");
  }
}

// The draws a run kept (--keep-samples) as data: the file's /samples.
DataColumns read_kept_samples(const std::string& path, const std::vector<std::string>& outputs,
                              const std::vector<std::string>& inputs) {
  if (is_data_analysis_file(path)) {
    throw Error("'" + path + "' is a file of mcsens analyze: it holds estimates, not draws to analyze");
  }
  const Results run = read_result_summary(path);
  const KeptSamples& kept = run.kept;
  if (kept.rows == 0) {
    throw Error("'" + path + "' holds no kept draws (/samples): run its config with --keep-samples M to analyze them");
  }
  DataColumns data;
  data.path = path;
  data.sampler = run.sampler;
  data.outputs = outputs;
  data.rows = kept.rows;
  const std::size_t k_all = kept.input_names.size();
  const std::size_t m_all = kept.output_names.size();
  std::vector<std::size_t> out;
  for (const std::string& name : outputs) {
    const auto at = std::find(kept.output_names.begin(), kept.output_names.end(), name);
    if (at == kept.output_names.end()) {
      throw Error("'" + path + "' has kept no output '" + name + "'" + did_you_mean(name, kept.output_names) +
                  " (its kept outputs: " + names_in_words(kept.output_names) + ")");
    }
    out.push_back(static_cast<std::size_t>(at - kept.output_names.begin()));
  }
  // By default every parameter the run drew, but not those it held constant.
  std::vector<std::string> names = chosen_inputs(kept.input_names, {}, inputs, path);
  std::vector<std::size_t> in;
  for (const std::string& name : names) {
    const auto at = std::find(kept.input_names.begin(), kept.input_names.end(), name);
    if (at == kept.input_names.end()) {
      throw Error("'" + path + "' has kept no input '" + name + "'" + did_you_mean(name, kept.input_names));
    }
    const auto c = static_cast<std::size_t>(at - kept.input_names.begin());
    if (inputs.empty()) {
      bool varies = false;
      for (std::size_t r = 1; r < kept.rows && !varies; ++r) varies = kept.inputs[r * k_all + c] != kept.inputs[c];
      if (!varies) {
        data.left_out.push_back(name);
        continue;
      }
    }
    data.inputs.push_back(name);
    in.push_back(c);
  }
  if (data.inputs.empty()) throw Error("'" + path + "': every kept input holds one value only");
  refuse_few_rows(path, data.rows);
  const std::size_t k = in.size();
  data.x.resize(data.rows * k);
  data.y.assign(out.size(), std::vector<double>(data.rows));
  for (std::size_t r = 0; r < data.rows; ++r) {
    for (std::size_t i = 0; i < k; ++i) data.x[r * k + i] = kept.inputs[r * k_all + in[i]];
    for (std::size_t o = 0; o < out.size(); ++o) data.y[o][r] = kept.outputs[r * m_all + out[o]];
  }
  refuse_constant_columns(data);
  return data;
}

}  // namespace

DataColumns read_data_columns(const std::string& path, const std::vector<std::string>& outputs,
                              const std::vector<std::string>& inputs) {
  if (outputs.empty()) throw Error("mcsens analyze needs --outputs: the columns that are the model's outputs");
  if (is_mcsens_file(path)) return read_kept_samples(path, outputs, inputs);
  const CsvInput csv = read_csv_input(path);
  DataColumns data;
  data.path = path;
  data.outputs = outputs;
  data.inputs = chosen_inputs(csv.header, outputs, inputs, path);
  std::vector<std::size_t> in, out;
  for (const std::string& name : data.inputs) in.push_back(column_of(csv, name, "an input"));
  for (const std::string& name : outputs) out.push_back(column_of(csv, name, "an output"));
  data.rows = csv.lines.size();
  refuse_few_rows(path, data.rows);
  const std::size_t k = in.size();
  data.x.resize(data.rows * k);
  data.y.assign(out.size(), std::vector<double>(data.rows));
  for (std::size_t r = 0; r < data.rows; ++r) {
    const CsvInput::Line& line = csv.lines[r];
    for (std::size_t i = 0; i < k; ++i) data.x[r * k + i] = csv.number(line, in[i]);
    for (std::size_t o = 0; o < out.size(); ++o) data.y[o][r] = csv.number(line, out[o]);
  }
  refuse_constant_columns(data);
  return data;
}

std::vector<DataAnalysis> analyze_data(const DataColumns& data, double confidence) {
  const std::size_t k = data.inputs.size();
  const std::size_t n = data.rows;
  const double t = student_t_quantile(static_cast<double>(kBatches - 1), (1 + confidence) / 2);
  std::vector<DataAnalysis> out;
  for (std::size_t o = 0; o < data.outputs.size(); ++o) {
    DataAnalysis a;
    a.output = data.outputs[o];
    a.inputs = data.inputs;
    a.confidence = confidence;
    const double* y = data.y[o].data();
    a.rank = rank_first_order(data.x.data(), n, k, y);
    const BatchSpread rank_spread =
        batch_spread(data, y, [](const double* x, std::size_t rows, std::size_t inputs, const double* out) {
          return rank_first_order(x, rows, inputs, out).S1;
        });
    a.delta_sample = borgonovo_delta(data.x.data(), n, k, y);
    const BatchSpread delta_spread =
        batch_spread(data, y, [](const double* x, std::size_t rows, std::size_t inputs, const double* out) {
          return borgonovo_delta(x, rows, inputs, out).delta;
        });
    for (std::size_t i = 0; i < k; ++i) {
      a.S1_low.push_back(a.rank.S1[i] - t * rank_spread.se[i]);
      a.S1_high.push_back(a.rank.S1[i] + t * rank_spread.se[i]);
    }
    a.delta = bias_corrected(a.delta_sample.delta, delta_spread, t);
    a.pawn_sample = pawn_indices(data.x.data(), n, k, y);
    const BatchSpread pawn_spread =
        batch_spread(data, y, [](const double* x, std::size_t rows, std::size_t inputs, const double* out) {
          return pawn_statistics(pawn_indices(x, rows, inputs, out));
        });
    const std::vector<double> pawn_whole = pawn_statistics(a.pawn_sample);
    const IndexInterval pawn = bias_corrected(pawn_whole, pawn_spread, t);
    for (auto [index, first] : {std::pair{&a.pawn_median, 0}, std::pair{&a.pawn_mean, 1}, std::pair{&a.pawn_max, 2}}) {
      const auto from = static_cast<std::ptrdiff_t>(first * k);
      const auto to = static_cast<std::ptrdiff_t>((first + 1) * k);
      index->value.assign(pawn.value.begin() + from, pawn.value.begin() + to);
      index->low.assign(pawn.low.begin() + from, pawn.low.begin() + to);
      index->high.assign(pawn.high.begin() + from, pawn.high.begin() + to);
    }
    a.pawn_null_median = pawn_null_level(a.pawn_sample.n, a.pawn_sample.classes, kKolmogorovMedian);
    a.hsic = hsic_indices(data.x.data(), std::min(n, kHsicSampleCap), k, y);
    const BatchSpread hsic_spread =
        batch_spread(data, y, [](const double* x, std::size_t rows, std::size_t inputs, const double* out) {
          return hsic_indices(x, std::min(rows, kHsicSampleCap / kBatches), inputs, out).r2;
        });
    for (std::size_t i = 0; i < k; ++i) {
      a.hsic_low.push_back(a.hsic.r2[i] - t * hsic_spread.se[i]);
      a.hsic_high.push_back(a.hsic.r2[i] + t * hsic_spread.se[i]);
    }
    const std::size_t rows = std::min(n, kRegressionSampleCap);
    a.regression = regression_indices(data.x.data(), rows, k, y);
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace mcsens
