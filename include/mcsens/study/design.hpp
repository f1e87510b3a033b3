// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "mcsens/config/problem_spec.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/model/block_function.hpp"

// Designs evaluated elsewhere (issue 19, part 3): the rows of inputs a run evaluates, for another system to evaluate
// (`mcsens design`); `mcsens ingest` reads the evaluated rows back and computes every analysis from them.
namespace mcsens {

// The rows of inputs a run of the config evaluates: the uncertainty draws (with their scenarios), the Sobol',
// Morris and Shapley designs, each distinct row once, in the order a one-thread run first evaluates them.
struct Design {
  std::vector<std::string> inputs;        // the parameters, in config order
  std::vector<std::vector<double>> rows;  // row r is the design's row r (its index in the CSV)
};

// The config as a design sees it: its [outputs] are what evaluating the rows gives, whatever their expressions say,
// so its [model], [dynamics] and curves (which sweep the config's own expressions over a grid) are left out.
// mcsens::Error for an output that is an array (over an index, or a trajectory): not yet evaluated elsewhere.
ProblemSpec design_spec(const ProblemSpec& spec);

// The rows a run of `spec` under `request` evaluates (the request's analyses, draws, seed and sampler).
Design make_design(const ProblemSpec& spec, RunRequest request);

// The CSV of rows [first, last) of the design: a header "row,<inputs>", then "r,<values>" with 17 significant digits
// (each value reads back as the same double). RuntimeFailure (exit 3) when the file cannot be written.
void write_design_csv(const std::string& path, const Design& design, std::size_t first, std::size_t last);

// The model of `mcsens ingest`: the rows of `design` evaluated elsewhere, read from CSV files with a header row
// that names a "row" column (the design's row index) and others: in the last file every output of the config, in
// any file the parameters (optional; where given, each must be the design's value of that row, bit for bit). One
// file with inputs and outputs, or the design's file and the outputs' file. A row of the design no file evaluates
// is a failed draw (not_evaluated). mcsens::Error (exit 2) at the file, line and column of the first bad cell: a
// missing column, a cell that is no number, a row index outside the design or given twice, an input that is not
// the design's.
std::shared_ptr<const BlockFunction> evaluated_rows(const ProblemSpec& spec, const Design& design,
                                                    const std::vector<std::string>& files);

}  // namespace mcsens
