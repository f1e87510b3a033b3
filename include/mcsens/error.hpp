// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <string>

namespace mcsens {

// Where something was written: a config file position, 1-based. line == 0 means "no position".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  std::string line_text;  // the whole source line, for a caret display; may be empty
  // A command-line argument (`file` is e.g. "--set run.seed=x", line_text the argument): the message names the
  // argument without a line or column, and the caret points into it.
  bool in_argument = false;

  bool known() const { return line > 0; }
  // The same location moved `offset` characters to the right on the same line.
  SourceLocation shifted(int offset) const {
    SourceLocation moved = *this;
    moved.column += offset;
    return moved;
  }
};

// Process exit codes of INTERFACE.md.
namespace exit_code {
constexpr int kOk = 0;
constexpr int kUsage = 2;    // bad usage, config or model
constexpr int kRuntime = 3;  // I/O, disk full, MPI
constexpr int kInterrupted = 130;
}  // namespace exit_code

// Bad input from a person: a config, an expression, a flag. main() prints formatted() and exits 2.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, SourceLocation where = {});

  const std::string& message() const { return message_; }
  const SourceLocation& where() const { return where_; }
  virtual int exit_code() const { return exit_code::kUsage; }

  // "FILE:LINE:COL: message", then the source line and a caret under the column when both are known.
  std::string formatted() const;

 private:
  std::string message_;
  SourceLocation where_;
};

// A failure of the environment rather than of the input (I/O, disk full, MPI): exit 3.
class RuntimeFailure : public Error {
 public:
  using Error::Error;
  int exit_code() const override { return exit_code::kRuntime; }
};

// A saved or transmitted state (an accumulator's flat form, a shard, a checkpoint, an MPI message) that is
// truncated, corrupt or of another kind or format: ByteReader throws it, naming the source it was reading. Exit 3,
// like every RuntimeFailure: the input of the run is fine, the state handed to it is not.
struct CorruptState : RuntimeFailure {
  using RuntimeFailure::RuntimeFailure;
};

}  // namespace mcsens
