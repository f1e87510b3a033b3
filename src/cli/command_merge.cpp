// SPDX-License-Identifier: MIT
#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/parse_args.hpp"
#include "cli/run_flags.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/report/result_file.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

int merge_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens merge -o OUT.h5 SHARD.h5...`");
  options.add_options()                                      //
      ("help,h", "this help")                                //
      ("output,o", po::value<std::string>(), "result file")  //
      ("force", "overwrite an existing result file")         //
      ("quiet,q", "print nothing but errors (and --json)")   //
      ("json", "print the summary as one JSON document on stdout");
  po::options_description hidden;
  hidden.add_options()("inputs", po::value<std::vector<std::string>>(), "shard files");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("inputs", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: mcsens merge -o OUT.h5 SHARD.h5...\n"
                 "Combine the files of `mcsens run --shard I/N` (any order) into the result file a single run\n"
                 "writes, identical to the bit. Refuses a missing, duplicated or mismatched shard.\n\n"
              << options;
    return exit_code::kOk;
  }
  if (!vm.count("output")) throw Error("merge needs -o OUT.h5, the result file to write");
  if (!vm.count("inputs")) throw Error("merge needs the shard files to combine (mcsens merge -o OUT.h5 SHARD.h5...)");
  const auto start_time = std::chrono::steady_clock::now();
  const std::string output = vm["output"].as<std::string>();
  const auto inputs = vm["inputs"].as<std::vector<std::string>>();
  // The result never replaces one of its own inputs (MCSENS_OVERWRITE=1 or --force would otherwise allow it).
  for (const auto& path : inputs) {
    std::error_code ec;
    if (std::filesystem::equivalent(output, path, ec)) {
      throw Error("merge: -o " + output + " is also one of the inputs (" + path +
                  "); write the merged result to another file");
    }
  }
  const bool force = may_replace_output(output, vm.count("force") > 0);

  std::vector<RunState> shards;
  std::vector<std::string> seen(0);
  for (const auto& path : inputs) {
    if (std::filesystem::is_directory(path)) throw Error("merge: '" + path + "' is a folder, not a shard file");
    if (!std::filesystem::exists(path)) throw Error("merge: cannot read '" + path + "': no such file");
    RunState state = read_run_state(path);
    if (state.kind != RunState::Kind::shard) {
      throw Error("merge: " + path + " is a complete result, not a shard of `mcsens run --shard I/N`");
    }
    if (!shards.empty()) {
      const RunState& first = shards.front();
      std::string why = identity_mismatch(state.identity, first.identity);
      if (why.empty() && state.shard_count != first.shard_count) {
        why = "it is shard " + std::to_string(state.shard_index) + " of " + std::to_string(state.shard_count) +
              ", the others are of " + std::to_string(first.shard_count);
      }
      if (!why.empty()) throw Error("merge: " + path + " does not belong with " + inputs.front() + ": " + why);
    }
    for (size_t i = 0; i < shards.size(); ++i) {
      if (shards[i].shard_index == state.shard_index) {
        throw Error("merge: " + path + " and " + inputs[i] + " are both shard " + std::to_string(state.shard_index) +
                    " of " + std::to_string(state.shard_count));
      }
    }
    shards.push_back(std::move(state));
  }
  const std::uint64_t count = shards.front().shard_count;
  std::string missing;
  for (std::uint64_t i = 1; i <= count; ++i) {
    if (std::none_of(shards.begin(), shards.end(), [&](const RunState& s) { return s.shard_index == i; })) {
      missing += (missing.empty() ? "" : ", ") + std::to_string(i);
    }
  }
  if (!missing.empty()) {
    throw Error("merge: shard" + std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing + " of " +
                std::to_string(count) + " missing");
  }

  // The run as it was asked for, rebuilt from the config text the shards carry.
  const RunIdentity& id = shards.front().identity;
  RunRequest request = request_from_identity(id);
  if (const std::string why = identity_mismatch(id, request.identity()); !why.empty()) {
    throw Error("merge: cannot rebuild the run of " + inputs.front() + ": " + why);
  }
  Config config = Config::load_text(id.config_text, id.config_name, id.config_folder);
  for (const auto& assignment : id.overrides) config.apply_override(assignment);
  const Problem problem = Problem::build(config.problem());
  Engine job(problem, std::move(request));
  for (size_t i = 0; i < shards.size(); ++i) job.import(shards[i], inputs[i], false);
  Results results = job.finish();
  results.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  results.output_path = output;
  report(problem, results, output, force, vm.count("quiet") > 0, vm.count("json") > 0);
  return exit_code::kOk;
}

}  // namespace mcsens::cli
