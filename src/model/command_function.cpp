// SPDX-License-Identifier: MIT
#include "model/command_function.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
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

std::string DrawMemo::key(const std::vector<double>& inputs) {
  return std::string(reinterpret_cast<const char*>(inputs.data()), inputs.size() * sizeof(double));
}

bool DrawMemo::find(const std::vector<double>& inputs, Entry& entry) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = entries_.find(key(inputs));
  if (it == entries_.end()) return false;
  entry = it->second;
  return true;
}

void DrawMemo::remember(const std::vector<double>& inputs, const Entry& entry) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() < kMaxRememberedDraws) entries_.emplace(key(inputs), entry);
}

std::size_t DrawMemo::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

CommandFunction::CommandFunction(ExternalCommand command, CommandOptions options)
    : command_(std::move(command)), options_(options) {
  if (options_.jobs == 0) options_.jobs = std::max(1u, std::thread::hardware_concurrency());
}

ExternalResult CommandFunction::run(const std::vector<double>& values) const {
  ExternalResult result = run_external(command_, values.data());
  for (unsigned attempt = 0; attempt < options_.retries && !result.ok(); ++attempt) {
    result = run_external(command_, values.data());
  }
  return result;
}

void CommandFunction::evaluate(const double* const* inputs, std::size_t n, double* const* outputs,
                               DrawStatus* status) const {
  // Each job takes the next draw until none is left: the draws' order of completion varies, their values do not.
  // With abort_on_failure the first failed draw stops every job from taking another; its error is thrown here,
  // on the calling thread, once the others have finished theirs.
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex first_failure;
  std::string aborted;
  const auto work = [&] {
    std::vector<double> values(command_.inputs.size());
    for (std::size_t i = next++; i < n && !stop; i = next++) {
      for (std::size_t j = 0; j < values.size(); ++j) values[j] = inputs[j][i];
      DrawMemo::Entry entry;
      ExternalResult result;
      if (!memo_.find(values, entry)) {
        result = run(values);
        entry.outputs = result.outputs;
        entry.status = status_of(result.failure);
        memo_.remember(values, entry);
      } else if (entry.status != DrawStatus::ok) {
        result.reason = "the same failure as when these inputs were run before";
      }
      for (std::size_t k = 0; k < command_.outputs.size(); ++k) outputs[k][i] = entry.outputs[k];
      status[i] = entry.status;
      if (entry.status == DrawStatus::ok || !options_.abort_on_failure) continue;
      const std::lock_guard<std::mutex> lock(first_failure);
      if (stop.exchange(true)) continue;
      std::string draw;
      for (std::size_t j = 0; j < values.size(); ++j) {
        draw += (j == 0 ? "" : ", ") + command_.inputs[j] + " = " + placeholder_text(values[j]);
      }
      aborted = name() + " failed on the draw " + draw + ": " + result.reason +
                (options_.retries > 0 ? " (and on each of its " + std::to_string(options_.retries) + " retries)" : "") +
                "; on_failure = \"abort\" stops the run there (on_failure = \"skip\" counts such draws as failed and "
                "goes on)";
    }
  };
  const std::size_t helpers =
      std::min<std::size_t>(options_.jobs, n) > 0 ? std::min<std::size_t>(options_.jobs, n) - 1 : 0;
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  if (!aborted.empty()) throw Error(aborted, options_.where);
}

}  // namespace mcsens
