// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <memory>
#include <vector>

#include "mcsens/engine/problem.hpp"
#include "mcsens/model/model.hpp"
#include "model/crash_report.hpp"

namespace mcsens {

// Scratch of the sensitivity designs for evaluating `rows` design rows at once: unit columns (one per uncertain
// input), physical values, the model's columns (TargetLayout) and the draws' statuses. One per thread.
struct DesignWorkspace {
  std::size_t rows;
  std::vector<double> unit;
  std::vector<double> phys;
  std::vector<double> results;
  std::vector<double*> unit_columns;
  std::vector<const double*> inputs;
  std::vector<double*> outputs;
  std::unique_ptr<ModelEvaluator> evaluator;
  std::vector<DrawStatus> status;

  DesignWorkspace(const Problem& problem, std::size_t rows_)
      : rows(rows_),
        unit(std::max<std::size_t>(problem.space().dimensions(), 1) * rows_),
        phys(problem.space().size() * rows_),
        results(problem.num_columns() * rows_),
        evaluator(problem.model().evaluator(rows_)),
        status(rows_) {
    for (size_t d = 0; d < problem.space().dimensions(); ++d) unit_columns.push_back(unit.data() + d * rows);
    for (size_t p = 0; p < problem.space().size(); ++p) inputs.push_back(phys.data() + p * rows);
    for (size_t c = 0; c < problem.num_columns(); ++c) outputs.push_back(results.data() + c * rows);
  }

  // Maps the first n unit rows to physical values and evaluates them (failed rows come out as NaN targets);
  // `origin` says what they are, for the crash report of user code.
  // Returns the failed rows by reason.
  FailureCounts evaluate(const Problem& problem, std::size_t n, const BlockOrigin& origin) {
    problem.space().map(unit.data(), rows, phys.data(), rows, n);
    return evaluate_physical(n, origin);
  }

  // Evaluates the first n rows of physical values, written by the caller (evaluate() without the mapping).
  FailureCounts evaluate_physical(std::size_t n, const BlockOrigin& origin) {
    const BlockScope block(origin);
    return evaluate_block(*evaluator, outputs.size(), inputs.data(), outputs.data(), n, status.data());
  }
};

}  // namespace mcsens
