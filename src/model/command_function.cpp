// SPDX-License-Identifier: MIT
#include "model/command_function.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <mutex>
#include <thread>

#include "mcsens/parallel/byte_stream.hpp"
#include "model/row_key.hpp"

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
    case ExternalFailure::interrupted:  // no draw's fate: evaluate() throws Interrupted before it is recorded
      return DrawStatus::failed;
  }
  return DrawStatus::failed;
}

}  // namespace

bool DrawMemo::find(const std::vector<double>& inputs, Entry& entry) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = entries_.find(row_key(inputs.data(), inputs.size()));
  if (it == entries_.end()) return false;
  entry = it->second;
  return true;
}

void DrawMemo::remember(const std::vector<double>& inputs, const Entry& entry) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (entries_.size() < kMaxRememberedDraws) entries_.emplace(row_key(inputs.data(), inputs.size()), entry);
}

std::size_t DrawMemo::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

std::vector<std::uint8_t> DrawMemo::encode(std::size_t inputs, std::size_t outputs) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<const std::pair<const std::string, Entry>*> sorted;
  sorted.reserve(entries_.size());
  for (const auto& entry : entries_) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  ByteWriter out;
  out.put_u64(inputs);
  out.put_u64(outputs);
  out.put_u64(sorted.size());
  std::vector<double> row(inputs);
  for (const auto* entry : sorted) {
    std::memcpy(row.data(), entry->first.data(), inputs * sizeof(double));  // the key is the row's bytes
    out.put_array(row.data(), inputs);
    out.put_array(entry->second.outputs.data(), entry->second.outputs.size());
    out.put_u8(static_cast<std::uint8_t>(entry->second.status));
  }
  return std::move(out.bytes());
}

void DrawMemo::restore(const std::vector<std::uint8_t>& bytes, std::size_t inputs, std::size_t outputs,
                       const std::string& source) {
  ByteReader in(bytes.data(), bytes.size(), source + " (the external program's finished draws)");
  if (in.get_u64() != inputs || in.get_u64() != outputs) in.fail("draws of a program with other inputs or outputs");
  const std::uint64_t count = in.get_count(kMaxRememberedDraws, "finished draws");
  std::vector<double> row(inputs);
  for (std::uint64_t i = 0; i < count; ++i) {
    Entry entry;
    entry.outputs.resize(outputs);
    in.get_array(row.data(), inputs);
    in.get_array(entry.outputs.data(), outputs);
    const std::uint8_t status = in.get_u8();
    if (status > static_cast<std::uint8_t>(DrawStatus::not_evaluated)) in.fail("an unknown draw status");
    entry.status = static_cast<DrawStatus>(status);
    remember(row, entry);
  }
  in.finish();
}

CommandFunction::CommandFunction(ExternalCommand command, CommandOptions options)
    : command_(std::move(command)), options_(options) {
  jobs_ = options_.jobs > 0 ? options_.jobs : std::max(1u, std::thread::hardware_concurrency());
}

void CommandFunction::prepare_run(const std::atomic<bool>* stop, int threads) const {
  stop_ = stop;
  if (options_.jobs == 0 && threads > 0) jobs_ = static_cast<unsigned>(threads);
}

ExternalResult CommandFunction::run(const std::vector<double>& values) const {
  const std::atomic<bool>* stop = stop_.load();
  if (stop != nullptr && stop->load()) {  // no new program once the run is stopping
    ExternalResult stopped;
    stopped.failure = ExternalFailure::interrupted;
    return stopped;
  }
  // One of the `jobs` slots, shared by every worker thread's blocks: at most `jobs` programs run at once.
  {
    std::unique_lock<std::mutex> lock(slots_mutex_);
    slot_free_.wait(lock, [this] { return running_ < jobs_.load(); });
    ++running_;
  }
  ExternalResult result = run_external(command_, values.data(), stop);
  for (unsigned attempt = 0; attempt < options_.retries && !result.ok(); ++attempt) {
    if (result.failure == ExternalFailure::interrupted) break;
    result = run_external(command_, values.data(), stop);
  }
  {
    const std::lock_guard<std::mutex> lock(slots_mutex_);
    --running_;
  }
  slot_free_.notify_one();
  return result;
}

std::vector<std::uint8_t> CommandFunction::finished_draws() const {
  if (memo_.size() == 0) return {};
  return memo_.encode(command_.inputs.size(), command_.outputs.size());
}

void CommandFunction::restore_finished_draws(const std::vector<std::uint8_t>& bytes, const std::string& source) const {
  if (!bytes.empty()) memo_.restore(bytes, command_.inputs.size(), command_.outputs.size(), source);
}

void CommandFunction::evaluate(const double* const* inputs, std::size_t n, double* const* outputs,
                               DrawStatus* status) const {
  // Each job takes the next draw until none is left: the draws' order of completion varies, their values do not.
  // With abort_on_failure the first failed draw stops every job from taking another; its error is thrown here,
  // on the calling thread, once the others have finished theirs.
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::atomic<bool> interrupted{false};  // the run's stop flag cut the block short
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
        if (result.failure == ExternalFailure::interrupted) {
          interrupted = true;
          stop = true;
          break;
        }
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
      std::min<std::size_t>(jobs_.load(), n) > 0 ? std::min<std::size_t>(jobs_.load(), n) - 1 : 0;
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  if (!aborted.empty()) throw Error(aborted, options_.where);
  if (interrupted) throw Interrupted{};
}

}  // namespace mcsens
