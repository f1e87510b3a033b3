// SPDX-License-Identifier: MIT
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/parse_args.hpp"
#include "cli/run_flags.hpp"
#include "mcsens/study/study.hpp"

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
  const MergedStudy merged =
      merge_shards(vm["inputs"].as<std::vector<std::string>>(), vm["output"].as<std::string>(), vm.count("force") > 0);
  report(merged.problem, merged.results, vm.count("quiet") > 0, vm.count("json") > 0);
  return exit_code::kOk;
}

}  // namespace mcsens::cli
