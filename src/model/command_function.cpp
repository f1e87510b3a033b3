// SPDX-License-Identifier: MIT
#include "model/command_function.hpp"

#include <algorithm>
#include <atomic>
#include <thread>

namespace mcsens {
namespace {

DrawStatus status_of(ExternalFailure failure) {
  switch (failure) {
    case ExternalFailure::none:
      return DrawStatus::ok;
    case ExternalFailure::cannot_start:
      return DrawStatus::cannot_start;
    case ExternalFailure::exit_status:
      return DrawStatus::exit_status;
    case ExternalFailure::signal:
      return DrawStatus::signal;
    case ExternalFailure::timeout:
      return DrawStatus::timeout;
    case ExternalFailure::missing_output:
      return DrawStatus::missing_output;
    case ExternalFailure::bad_output:
      return DrawStatus::bad_output;
  }
  return DrawStatus::failed;
}

}  // namespace

CommandFunction::CommandFunction(ExternalCommand command, unsigned jobs)
    : command_(std::move(command)), jobs_(jobs > 0 ? jobs : std::max(1u, std::thread::hardware_concurrency())) {}

void CommandFunction::evaluate(const double* const* inputs, std::size_t n, double* const* outputs,
                               DrawStatus* status) const {
  // Each job takes the next draw until none is left: the draws' order of completion varies, their values do not.
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    std::vector<double> values(command_.inputs.size());
    for (std::size_t i = next++; i < n; i = next++) {
      for (std::size_t j = 0; j < values.size(); ++j) values[j] = inputs[j][i];
      const ExternalResult result = run_external(command_, values.data());
      for (std::size_t k = 0; k < command_.outputs.size(); ++k) outputs[k][i] = result.outputs[k];
      status[i] = status_of(result.failure);
    }
  };
  const std::size_t helpers = std::min<std::size_t>(jobs_, n) > 0 ? std::min<std::size_t>(jobs_, n) - 1 : 0;
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
}

}  // namespace mcsens
