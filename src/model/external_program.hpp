// SPDX-License-Identifier: MIT
// One evaluation of an external program for one draw (issue 19, part 2, "External programs"): the protocol, before
// the model backend that runs a pool of them. The command's words may hold {name} placeholders, replaced by the
// draw's value of input `name` (17 significant digits, so that the program reads back the same double); every
// input is also in the program's environment as MCSENS_IN_<name>. The program reports its outputs on standard
// output, as one JSON object of numbers ({"y": 1.5, "z": 2}) or as lines "name value". A draw fails, with its
// reason, when the program cannot start, exits with a non-zero status or by a signal, runs past its timeout (it and
// every process it started are killed), or leaves an output missing or not a number.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

namespace mcsens {

struct ExternalCommand {
  std::vector<std::string> words;    // the program and its arguments, with {name} placeholders
  std::vector<std::string> inputs;   // the names the placeholders and MCSENS_IN_<name> may use, in input order
  std::vector<std::string> outputs;  // the names the program must report, in target order
  double timeout_seconds = 0;        // 0: no limit
  std::string directory;             // where the program runs (relative words resolve there); empty: here
  // An input file per draw ([model] template): with a template each draw runs in a fresh folder of its own, holding
  // template_text with every {name} replaced (as in the words), under the name template_name. The folder is
  // kept_folder/draw-<16 hex digits of the inputs' hash>, with inputs.txt, stdout.txt and stderr.txt beside the
  // filled template (a folder of the same inputs from an earlier run is replaced), or, when kept_folder is empty, a
  // temporary folder removed after the draw.
  std::string template_name;  // empty: no template, the program runs in `directory`
  std::string template_text;
  std::string kept_folder;
};

// Why a draw failed, as the run reports it per reason.
// interrupted is no failure of the draw: the run was stopped (Ctrl-C) while the program ran, and it was killed.
enum class ExternalFailure {
  none,
  cannot_start,
  exit_status,
  signal,
  timeout,
  missing_output,
  bad_output,
  interrupted
};

const char* failure_name(ExternalFailure failure);

struct ExternalResult {
  std::vector<double> outputs;  // in ExternalCommand::outputs' order; NaN where the draw failed
  ExternalFailure failure = ExternalFailure::none;
  std::string reason;  // in words, for a failed draw ("exit status 3", "no output 'y'", ...)
  bool ok() const { return failure == ExternalFailure::none; }
};

// The text a placeholder (and MCSENS_IN_<name>) gets for the value x: 17 significant digits, read back as x.
std::string placeholder_text(double x);

// The words with every {name} replaced by that input's value. Braces around anything but a name (or name[k]) are
// the command's own text, left as written; a {name} that is no input is left too (unknown_placeholders finds it).
std::vector<std::string> substitute(const ExternalCommand& command, const double* values);

// `text` with every {name} replaced by that input's value, as substitute() does to each word.
std::string substitute_text(const ExternalCommand& command, const std::string& text, const double* values);

// The folder name a kept draw runs in: "draw-" and 16 hex digits of the FNV-1a hash of the inputs' bits.
std::string draw_folder_name(const double* values, std::size_t count);

// The placeholders ({name} or {name[k]}) of the words that name no input, as written ("{nme}"); empty when all
// are known.
std::vector<std::string> unknown_placeholders(const ExternalCommand& command);
// The same in a text (a template).
std::vector<std::string> unknown_placeholders(const ExternalCommand& command, const std::string& text);

// The outputs read from a program's standard output (JSON object or "name value" lines): fills `result` with the
// values in command order, or sets its failure (missing_output, bad_output) with the reason.
void parse_outputs(const std::string& text, const ExternalCommand& command, ExternalResult& result);

// Runs the command once for the draw whose input values are `values` (one per command.inputs), waits for it (at
// most the timeout, and while `stop` is not raised: then it is killed, ExternalFailure::interrupted) and reads its
// outputs. Thread-safe: each call has its own process and pipes. At most
// kMaxOutputBytes of standard output are read (more is bad_output); standard error is discarded, or kept in a kept
// draw folder's stderr.txt.
ExternalResult run_external(const ExternalCommand& command, const double* values,
                            const std::atomic<bool>* stop = nullptr);

constexpr std::size_t kMaxOutputBytes = 1 << 20;

}  // namespace mcsens
