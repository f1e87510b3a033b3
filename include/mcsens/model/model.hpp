// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mcsens {

// The batch contract every model backend implements: a block of n draws of the k inputs in, the m targets out,
// and a status per draw. The expression program is the first backend (src/model/expression_model.*); compiled
// plugins, external programs and Python functions plug in the same way.
//
// Contract
// - Inputs are the parameters, in the order of the parameter space (config order), as physical values after the
//   distributions and correlations were applied. Structure of arrays: inputs[j][i] is input j of draw i.
// - Targets are the model's outputs in config order, followed by the claims' 0/1 indicators; outputs[t][i]
//   receives target t of draw i. A target has a shape (OutputShape): all are scalars today; an array target
//   over a named dimension (e.g. time) takes shape.elements() consecutive columns, element-major.
// - status[i] is set for every draw: DrawStatus::ok, or DrawStatus::failed when the model could not evaluate it
//   (a solver that did not converge), or the more precise reason an external program failed (a timeout, ...). A
//   non-finite value is not a failure: it is a legitimate result and is counted as non-finite by every statistic.
// - What a failed draw means: the engine sets all of that draw's targets to NaN, so it counts as non-finite in
//   every output distribution and claim (never silently dropped); in the Sobol' design a failed or non-finite
//   row drops its whole base sample (all k + 2 rows), as the Saltelli estimators need complete rows; in Morris a
//   failed point gives non-finite elementary effects, which the estimates skip.
// - Thread safety: Model is immutable and shared by every thread. evaluator() is called once per worker thread;
//   an Evaluator is used by that thread only, so it may keep scratch state. A backend that cannot run several
//   evaluators at once (a single licence, a non-reentrant library) must serialize inside its evaluator.
// - Determinism: the targets of a draw may depend only on its inputs, never on n, on the draw's position in the
//   block, on the thread or on time. That is what makes results identical for any thread or rank count.

// One named dimension of an array target, e.g. {"year", 20}, with the values along it when the model has them
// (the times of a trajectory); without them, a result file's coordinate is 0, 1, ..., size - 1.
struct Dimension {
  Dimension() = default;
  Dimension(std::string name, std::size_t size, std::vector<double> coordinates = {})
      : name(std::move(name)), size(size), coordinates(std::move(coordinates)) {}
  std::string name;
  std::size_t size = 1;
  std::vector<double> coordinates;  // empty, or `size` values
  // The value at index i along it: coordinates[i], or i when the model gives none.
  double coordinate(std::size_t i) const { return i < coordinates.size() ? coordinates[i] : static_cast<double>(i); }
};

// The shape of a target: no dimensions for a scalar.
struct OutputShape {
  std::vector<Dimension> dimensions;
  bool scalar() const { return dimensions.empty(); }
  std::size_t elements() const {
    std::size_t n = 1;
    for (const auto& d : dimensions) n *= d.size;
    return n;
  }
};

struct ModelTarget {
  std::string name;
  OutputShape shape;
};

// A draw's fate: evaluated, failed by the model's own word, failed because the model left one of its outputs
// unwritten (a plugin that forgot a column; the cell still holds the marker mcsens put there before the call), or,
// for an external program (kind = "command"), failed for one of the reasons a process can fail.
enum class DrawStatus : std::uint8_t {
  ok = 0,
  failed = 1,
  unwritten = 2,
  cannot_start = 3,    // the program could not be started
  exit_status = 4,     // it exited with a non-zero status
  signal = 5,          // it was ended by a signal
  timeout = 6,         // it ran past its timeout and was killed
  missing_output = 7,  // it did not report one of its outputs
  bad_output = 8,      // it reported an output that is not a number, or printed what cannot be read
  not_evaluated = 9,   // a design evaluated elsewhere (`mcsens ingest`) has no evaluated row for the draw
};

// Failed draws by reason, over the blocks of one analysis: reported in the console, JSON and result file apart from
// the outputs' non-finite counts (which also count a model's legitimate NaN and infinite values).
struct FailureCounts {
  std::uint64_t reported = 0;      // DrawStatus::failed: the model said the draw failed
  std::uint64_t unwritten = 0;     // DrawStatus::unwritten
  std::uint64_t cannot_start = 0;  // the external program's reasons, one count each
  std::uint64_t exit_status = 0;
  std::uint64_t signal = 0;
  std::uint64_t timeout = 0;
  std::uint64_t missing_output = 0;
  std::uint64_t bad_output = 0;
  std::uint64_t not_evaluated = 0;  // DrawStatus::not_evaluated

  std::uint64_t total() const;
  // The draws an external program failed, or a design evaluated elsewhere left out (every reason but reported and
  // unwritten).
  std::uint64_t program_failures() const;
  // Counts one draw of status `status` (ok counts nothing).
  void add(DrawStatus status);
  void merge(const FailureCounts& other);
};

// One reason a draw fails: its status, its count, its name (the result file's failed_draws_<name> attribute and the
// JSON's key) and what the console and the file's description say of it. failure_reasons() lists every reason once,
// in DrawStatus order; the file, JSON, console and state codec all walk it.
struct FailureReason {
  DrawStatus status;
  std::uint64_t FailureCounts::*count;
  const char* name;     // "timeout"
  const char* console;  // "ran past the timeout"
  const char* meaning;  // "of which the program ran past its timeout and was killed"
};
const std::vector<FailureReason>& failure_reasons();

// Thrown when the run's stop flag was raised (Ctrl-C, SIGTERM): by the engine between chunks, and by a costly backend
// that abandons its block (Model::prepare_run). The command exits 130 and writes no result file, only a checkpoint.
struct Interrupted {};

// Per-thread evaluation of blocks of draws (see the contract above).
class ModelEvaluator {
 public:
  virtual ~ModelEvaluator() = default;
  // n <= the max_rows the evaluator was made for.
  virtual void evaluate(const double* const* inputs, double* const* outputs, std::size_t n, DrawStatus* status) = 0;
};

class Model {
 public:
  virtual ~Model() = default;
  // The backend's name as a config's [model] kind gives it, e.g. "expressions".
  virtual std::string kind() const = 0;
  virtual const std::vector<std::string>& input_names() const = 0;
  virtual const std::vector<ModelTarget>& targets() const = 0;
  // A new evaluator for blocks of at most max_rows draws.
  virtual std::unique_ptr<ModelEvaluator> evaluator(std::size_t max_rows) const = 0;
  // The instructions of the program the backend compiled the config's expressions to (what `mcsens check` reports
  // of a model's size); nullopt for a backend without one (a plugin).
  virtual std::optional<std::size_t> program_instructions() const { return std::nullopt; }

  // Before any evaluation, the run's stop flag and its worker threads (resolved: -t, or the machine's cores). A costly
  // backend (an external program: seconds per draw) polls the flag while a block runs and, once it is raised,
  // abandons the block by throwing Interrupted; the run then checkpoints what was finished (others finish their
  // block, which is short); it may size its own pool by the threads.
  virtual void prepare_run(const std::atomic<bool>* /*stop*/, int /*threads*/) const {}
  // The draws a costly backend has finished, in flat form for a checkpoint (empty for others), and their return on
  // --resume, before any evaluation, so that they are not run again: a draw's values depend on its inputs only.
  // restore_finished_draws throws CorruptState (naming `source`) for bytes of another model.
  virtual std::vector<std::uint8_t> finished_draws() const { return {}; }
  virtual void restore_finished_draws(const std::vector<std::uint8_t>& /*bytes*/, const std::string& /*source*/) const {
  }

  std::size_t num_inputs() const { return input_names().size(); }
  std::size_t num_targets() const { return targets().size(); }
  // The columns an evaluator writes: one per element of each target (one per target while all are scalars).
  std::size_t num_columns() const {
    std::size_t n = 0;
    for (const ModelTarget& t : targets()) n += t.shape.elements();
    return n;
  }
};

// Evaluates one block through `evaluator` and applies the failed-draw rule: every column (each element of each
// target) of a failed draw is set to NaN. `status` needs room for n entries. Returns the failed draws by reason.
FailureCounts evaluate_block(ModelEvaluator& evaluator, std::size_t num_columns, const double* const* inputs,
                             double* const* outputs, std::size_t n, DrawStatus* status);

}  // namespace mcsens
