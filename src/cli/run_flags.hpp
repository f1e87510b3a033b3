// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/text_list.hpp"

namespace mcsens::cli {

// The parts of `run`'s command line that are more than a number: each throws mcsens::Error (exit 2) naming the
// flag and what it takes.
std::uint64_t parse_seed(const std::string& text);                             // -s: 0 .. 2^64 - 1
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text);  // --shard I/N
PrecisionTarget parse_until(const std::string& text);                          // --until se=X,ci=X

// The reporters of a finished run, for `run` and `merge`: the result file, then the console (unless quiet) or
// JSON.
// Refuses an output path that is a symbolic link (dangling, a loop, or to a file), with or without --force.
void refuse_link_output(const std::string& output);
// Refuses a link (refuse_link_output), and an existing `output` unless `force`, or unless the environment has
// MCSENS_OVERWRITE=1 and the file is an mcsens result or shard (then it may be replaced; any other file still needs
// --force). Returns whether writing may replace the file. `hint` ends the refusal (" (or --resume ...)").
bool may_replace_output(const std::string& output, bool force, const std::string& hint = "");

void report(const Problem& problem, const Results& results, const std::string& output, bool overwrite, bool quiet,
            bool json);

}  // namespace mcsens::cli
