// SPDX-License-Identifier: MIT
#pragma once

#include <boost/program_options.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/config/config.hpp"
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

// The config `config`, with the command line's --set overrides applied in order.
void apply_overrides(Config& config, const boost::program_options::variables_map& vm);

// The run's choices the command line makes (-n, -s, --sampler, --keep-samples, --only, where the command has them);
// a flag not given leaves the config's value.
RequestChoices request_choices(const boost::program_options::variables_map& vm);

// The reporters of a finished run, for `run` and `merge` (the library wrote the result file): the console
// (unless quiet) or JSON.
void report(const Problem& problem, const Results& results, bool quiet, bool json);

}  // namespace mcsens::cli
