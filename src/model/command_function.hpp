// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/model/block_function.hpp"
#include "model/external_program.hpp"

namespace mcsens {

// How the draws of a block run: the config's [model] jobs, retries and on_failure.
struct CommandOptions {
  unsigned jobs = 0;              // programs at once, over every worker thread; 0: as many as the run's threads
  unsigned retries = 0;           // how many more times a failed draw is run before it counts as failed
  bool abort_on_failure = false;  // on_failure = "abort": the first failed draw (after its retries) stops the run
  SourceLocation where;           // the config's command, where an aborted run's error points
};

// [model] kind = "command" (issue 19, part 2): an external program run once per draw (run_external), as a
// BlockFunction, so that the config's outputs and claims compose with its outputs as with a Python function's.
// The draws of a block run `jobs` programs at a time (a block is up to 1024 draws, and a run of few draws is one
// block: the worker threads alone would run them one by one), and the worker threads' blocks share those `jobs`
// slots: at most `jobs` programs run at once in the process. Each draw's values depend on its inputs only, so the
// results do not depend on `jobs`. A draw the program fails is run again up to `retries` times (a program that
// fails now and then: a licence server, a full disk); one that still fails is a failed draw with the DrawStatus of
// its last ExternalFailure (DrawStatus::timeout, ...), its targets NaN, counted per reason; or, with
// abort_on_failure, evaluate() throws an Error naming the draw's inputs and the reason.
//
// The engine evaluates some draws more than once: the histogram pilot evaluates chunk 0 before the run evaluates it
// again, and --keep-samples and the regression indices recompute draws 0 .. rows - 1 after it. A program is costly
// (a process per draw at the least), so each distinct row of inputs runs it once: its outputs and status are kept
// (DrawMemo, the first kMaxRememberedDraws rows) and given back when the same row comes again. That changes no
// value: a draw's outputs depend on its inputs only (the model contract). The same memo is what a checkpoint keeps
// of the draws finished so far (finished_draws), and what --resume gives back, so that an interrupted run does not
// run a finished draw again. A raised stop flag (Ctrl-C) kills the programs running, starts no other, and throws
// Interrupted; the draws it cut short are run again on --resume.
// The outputs and status of rows of inputs already run, keyed by the inputs' bits. Thread-safe.
class DrawMemo {
 public:
  struct Entry {
    std::vector<double> outputs;
    DrawStatus status = DrawStatus::ok;
  };
  // The row's entry, or false.
  bool find(const std::vector<double>& inputs, Entry& entry) const;
  // Keeps the row's entry, unless kMaxRememberedDraws rows are kept already (the first rows stay: the pilot's and the
  // kept samples' are the run's first draws).
  void remember(const std::vector<double>& inputs, const Entry& entry);
  std::size_t size() const;
  // Every entry, sorted by its inputs' bits (so that the bytes depend on what was run, not on the order), as
  // inputs, outputs and status; restore() adds entries so written, for `inputs` inputs and `outputs` outputs.
  std::vector<std::uint8_t> encode(std::size_t inputs, std::size_t outputs) const;
  void restore(const std::vector<std::uint8_t>& bytes, std::size_t inputs, std::size_t outputs,
               const std::string& source);

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

constexpr std::size_t kMaxRememberedDraws = std::size_t{1} << 20;

class CommandFunction final : public BlockFunction {
 public:
  CommandFunction(ExternalCommand command, CommandOptions options);

  std::string name() const override { return "the program '" + command_.words.front() + "'"; }
  std::string kind() const override { return "command"; }
  const std::vector<std::string>& outputs() const override { return command_.outputs; }
  void evaluate(const double* const* inputs, std::size_t n, double* const* outputs, DrawStatus* status) const override;
  void prepare_run(const std::atomic<bool>* stop, int threads) const override;
  std::vector<std::uint8_t> finished_draws() const override;
  void restore_finished_draws(const std::vector<std::uint8_t>& bytes, const std::string& source) const override;

 private:
  // Runs the program for one row of inputs, with its retries; none once the run's stop flag is up (interrupted).
  ExternalResult run(const std::vector<double>& values) const;

  ExternalCommand command_;
  CommandOptions options_;
  mutable DrawMemo memo_;
  mutable std::mutex slots_mutex_;  // programs running now, across the worker threads' blocks
  mutable std::condition_variable slot_free_;
  mutable unsigned running_ = 0;
  mutable std::atomic<const std::atomic<bool>*> stop_{nullptr};
  mutable std::atomic<unsigned> jobs_{1};  // options_.jobs, or the run's threads (prepare_run) when it is 0
};

}  // namespace mcsens
