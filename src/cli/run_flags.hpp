// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/engine/results.hpp"
#include "mcsens/text_list.hpp"

namespace mcsens::cli {

// The parts of `run`'s command line that are more than a number: each throws mcsens::Error (exit 2) naming the
// flag and what it takes.
std::uint64_t parse_seed(const std::string& text);                             // -s: 0 .. 2^64 - 1
std::pair<std::uint64_t, std::uint64_t> parse_shard(const std::string& text);  // --shard I/N
PrecisionTarget parse_until(const std::string& text);                          // --until se=X,ci=X

// The reporters of a finished run, for `run` and `merge` (the library wrote the result file): the console
// (unless quiet) or JSON.
void report(const Problem& problem, const Results& results, bool quiet, bool json);

}  // namespace mcsens::cli
