// SPDX-License-Identifier: MIT
#include "mcsens/model/model.hpp"

#include <cmath>

namespace mcsens {

const std::vector<FailureReason>& failure_reasons() {
  using F = FailureCounts;
  static const std::vector<FailureReason> reasons = {
      {DrawStatus::failed, &F::reported, "reported", "by the model's own status",
       "of which the model reported as failed"},
      {DrawStatus::unwritten, &F::unwritten, "unwritten", "with an output the model did not write",
       "of which the model left an output unwritten"},
      {DrawStatus::cannot_start, &F::cannot_start, "cannot_start", "where the program could not start",
       "of which the external program could not be started"},
      {DrawStatus::exit_status, &F::exit_status, "exit_status", "with a non-zero exit status",
       "of which the external program exited with a non-zero status"},
      {DrawStatus::signal, &F::signal, "signal", "ended by a signal",
       "of which the external program was ended by a signal"},
      {DrawStatus::timeout, &F::timeout, "timeout", "past the timeout",
       "of which the external program ran past its timeout and was killed"},
      {DrawStatus::missing_output, &F::missing_output, "missing_output", "with an output missing",
       "of which the external program did not report one of its outputs"},
      {DrawStatus::bad_output, &F::bad_output, "bad_output", "with an output that is no number",
       "of which the external program reported an output that is not a number, or unreadable text"},
      {DrawStatus::not_evaluated, &F::not_evaluated, "not_evaluated", "not among the evaluated rows",
       "of which the evaluated rows of a design (mcsens ingest) had no row"},
  };
  return reasons;
}

std::uint64_t FailureCounts::total() const {
  std::uint64_t n = 0;
  for (const FailureReason& r : failure_reasons()) n += this->*r.count;
  return n;
}

std::uint64_t FailureCounts::program_failures() const {
  return total() - reported - unwritten;
}

void FailureCounts::add(DrawStatus status) {
  for (const FailureReason& r : failure_reasons()) {
    if (r.status == status) ++(this->*r.count);
  }
}

void FailureCounts::merge(const FailureCounts& other) {
  for (const FailureReason& r : failure_reasons()) this->*r.count += other.*r.count;
}

FailureCounts evaluate_block(ModelEvaluator& evaluator, std::size_t num_columns, const double* const* inputs,
                             double* const* outputs, std::size_t n, DrawStatus* status) {
  evaluator.evaluate(inputs, outputs, n, status);
  FailureCounts failed;
  for (std::size_t i = 0; i < n; ++i) {
    if (status[i] == DrawStatus::ok) continue;
    failed.add(status[i]);
    for (std::size_t c = 0; c < num_columns; ++c) outputs[c][i] = std::nan("");
  }
  return failed;
}

}  // namespace mcsens
