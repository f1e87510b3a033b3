// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace mcsens {

// What a worker thread is evaluating: `what` of [first, first + count), e.g. uncertainty draws 1024 to 2047.
struct BlockOrigin {
  const char* what = "draws";
  std::uint64_t first = 0;
  std::uint64_t count = 0;
};

// Marks the block the calling thread evaluates, for the crash report (RAII; nests).
class BlockScope {
 public:
  explicit BlockScope(const BlockOrigin& origin);
  ~BlockScope();
  BlockScope(const BlockScope&) = delete;
  BlockScope& operator=(const BlockScope&) = delete;

 private:
  BlockOrigin saved_;
};

// Marks the calling thread as inside the user's code (a plugin's init, evaluate or finalize): a crash there is the
// model's, reported in one line, not mcsens's. `model` and `path` must outlive the scope. The first scope on a
// thread gives it an alternate signal stack, so that a stack overflow in user code is reported too.
class UserCodeScope {
 public:
  UserCodeScope(const char* model, const char* path);
  ~UserCodeScope();
  UserCodeScope(const UserCodeScope&) = delete;
  UserCodeScope& operator=(const UserCodeScope&) = delete;
};

// Installs the handlers of SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT for a run: a crash inside user code prints
//   mcsens: error: the model plugin 'NAME' (PATH) crashed with SIGSEGV (segmentation fault) while evaluating
//   draws 1024 to 2047; ... the last checkpoint, OUT.ckpt, is kept ...
// and exits 3 (exit_code::kRuntime). A crash anywhere else keeps the default action (a core dump, 139/134).
// `checkpoint_path` (may be empty) is the checkpoint to name when it exists at the time of the crash.
void install_crash_report(const std::string& checkpoint_path);

// For a run's other signal handlers (the stop handler of `mcsens run`), async-signal-safe: writes `text` to stderr
// without allocating, and gives the checkpoint install_crash_report was told of when it exists now (else nullptr).
void write_from_signal_handler(const char* text);
const char* existing_checkpoint();

}  // namespace mcsens
