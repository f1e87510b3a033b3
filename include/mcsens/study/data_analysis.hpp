// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mcsens/analysis/borgonovo_delta.hpp"
#include "mcsens/analysis/hsic.hpp"
#include "mcsens/analysis/pawn.hpp"
#include "mcsens/analysis/rank_first_order.hpp"
#include "mcsens/analysis/regression.hpp"

// Sensitivity from data you already have (issue 21, `mcsens analyze`): a CSV file of model runs made elsewhere,
// its inputs and outputs named columns, analysed without a design.
namespace mcsens {

// The columns of a data file: the inputs row-major (x[r * k + i]) and each output's values, in the file's row order.
struct DataColumns {
  std::string path;
  std::string sampler;                // of a run's kept draws ("mc", "sobol", "lhs"); empty for a CSV file
  std::vector<std::string> left_out;  // a run's inputs left out by default: held at one value
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::size_t rows = 0;
  std::vector<double> x;
  std::vector<std::vector<double>> y;  // one per output
};

// The fewest rows analyze takes: the batch intervals need 16 batches of at least 4 rows.
constexpr std::size_t kMinDataRows = 64;

// Reads `path`: a CSV file (read_csv_input: a header, commas or tabs), or a result file of mcsens run with kept
// draws (--keep-samples: /samples, its inputs and outputs by name). `outputs` name output columns (at least one);
// `inputs` name the input columns, or, when empty, every column but the outputs (of a result file: every parameter
// it drew, those held at one value left out and listed in `left_out`). NaN and inf cells are values (left out of
// the estimates, counted). mcsens::Error (exit 2) naming the file, and the line and column where there is one: a
// column that is not there (with a did-you-mean), a column named twice or both input and output, a cell that is no
// number, fewer than kMinDataRows rows, a column whose finite values are all equal (nothing to learn from it).
DataColumns read_data_columns(const std::string& path, const std::vector<std::string>& outputs,
                              const std::vector<std::string>& inputs);

// An index for every input with its interval.
struct IndexInterval {
  std::vector<double> value, low, high;
};

struct DataAnalysis {
  std::string output;
  std::vector<std::string> inputs;  // the data's input columns, in order
  // First-order indices by ranks (rank_first_order), with intervals from 16 contiguous batches of the rows: the
  // whole sample's estimate plus or minus t(15, (1 + confidence) / 2) times the batches' standard deviation / 4.
  RankFirstOrder rank;
  std::vector<double> S1_low, S1_high;
  // Borgonovo's moment-independent delta and the cross-fitted PAWN statistics (median, mean and maximum over the
  // classes): the whole sample's estimates (in `delta_sample`, `pawn_sample`) corrected for their bias from the same
  // 16 batches, assuming it falls as 1/sqrt(n): d + (d - mean of the batches' d) / (sqrt(16) - 1), with intervals
  // +- t sqrt(17) / 3 times the batches' standard error (the correction's variance added as if the batches were
  // independent of the whole, which overstates it). NaN when a batch is too small (delta: fewer than 256 rows;
  // PAWN: 640). `pawn_sample` also holds PAWN as published, whose noise floor is pawn_null_median.
  BorgonovoDelta delta_sample;
  IndexInterval delta;
  Pawn pawn_sample;
  IndexInterval pawn_median, pawn_mean, pawn_max;
  double pawn_null_median = 0;
  double confidence = 0.95;
  // R2_HSIC and the test of independence (hsic_indices) from the first kHsicSampleCap rows, the index's interval
  // from the first kHsicSampleCap / 16 rows of each batch, as for S1.
  HsicIndices hsic;
  std::vector<double> hsic_low, hsic_high;
  // SRC and PRCC from the first kRegressionSampleCap rows (regression_indices), as a run computes them.
  RegressionResult regression;
};

// Each output's analysis, in the order of data.outputs. Depends on the data only (not on threads).
std::vector<DataAnalysis> analyze_data(const DataColumns& data, double confidence = 0.95);

}  // namespace mcsens
