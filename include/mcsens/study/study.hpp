// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mcsens/config/problem_spec.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/engine/results.hpp"

// One whole study, as `mcsens run` and `mcsens merge` do it, for every front end (the command line, the Python
// package of issue 34): the request's files (the result or shard file, the checkpoints, what --resume continues
// from), the engine, and the result file. A front end turns its arguments into a ProblemSpec, a RunRequest and
// StudyFiles, calls this, and reports the Results (console, JSON) as it likes.
namespace mcsens {

// Where a study's result goes, and whether it continues earlier work.
struct StudyFiles {
  std::string output;   // the result file; a shard's own file when the request's execution has a shard
  bool resume = false;  // continue from output's checkpoints, or extend the finished output to a larger -n
  bool force = false;   // replace an existing output (MCSENS_OVERWRITE=1 replaces an mcsens file without it)
};

// What became of a study's run.
enum class StudyEnd {
  finished,       // the result file is written; results() holds the estimates (rank 0)
  shard_written,  // the shard's file is written (rank 0), for `mcsens merge`
  interrupted     // the request's stop flag was raised: no result file; the finished work is in the checkpoint
};

class Study {
 public:
  // Every refusal that needs no draw, in this order: an output path that cannot be written or is a link; the saved
  // work --resume names (or, without it, an existing output without force); the problem (model, curves, ...); a
  // request too large for memory. mcsens::Error (exit 2) for each. Says, through the request's `say`, that an
  // earlier run's checkpoint is replaced. The request's execution.checkpoint_path becomes OUTPUT.ckpt.
  // With `function`, the problem's model is that function (Problem::build(spec, function): a Python model).
  Study(const ProblemSpec& spec, RunRequest request, StudyFiles files,
        std::shared_ptr<const BlockFunction> function = nullptr);
  ~Study();
  Study(const Study&) = delete;
  Study& operator=(const Study&) = delete;

  const Problem& problem() const;
  const std::string& output() const;
  const std::string& checkpoint_path() const;  // OUTPUT.ckpt

  // Runs the engine over this process's share (resuming the saved work), then, on rank 0, writes the result file
  // (or the shard's file) and, once every rank is there, removes the checkpoints. A RuntimeFailure (a full disk)
  // says which checkpoint is kept for --resume.
  StudyEnd run();

  // The estimates of a finished study (rank 0): what was written to output(), with its wall time and path.
  const Results& results() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `mcsens merge`: the shard files `inputs` (any order) of `mcsens run --shard I/N` combined into the result file
// one run writes, identical to the bit, written to `output` (an existing one only with `force` or
// MCSENS_OVERWRITE=1). Refuses (mcsens::Error) a missing, duplicated or mismatched shard, a complete result among
// them, and an output that is one of the inputs. Returns what was written and the problem the shards describe.
struct MergedStudy {
  Problem problem;
  Results results;
};
MergedStudy merge_shards(const std::vector<std::string>& inputs, const std::string& output, bool force);

// The output-file rules both share. refuse_link_output: never a symbolic link (a result is renamed over its
// path, which would replace a link, even a dangling one). may_replace_output: refuses a link, and an existing
// `output` unless `force`, or unless MCSENS_OVERWRITE=1 and the file is an mcsens result or shard; returns
// whether writing may replace the file. `hint` ends the refusal (" (or --resume ...)").
void refuse_link_output(const std::string& output);
bool may_replace_output(const std::string& output, bool force, const std::string& hint = "");

}  // namespace mcsens
