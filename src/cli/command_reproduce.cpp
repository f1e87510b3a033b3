// SPDX-License-Identifier: MIT
// `mcsens reproduce RESULT.h5` (issue 22, part 2): run the file's study again and compare bit for bit.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/parse_args.hpp"
#include "mcsens/error.hpp"
#include "mcsens/study/reproduce.hpp"
#include "mcsens/version.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {
namespace {

constexpr int kDifferent = 1;  // the re-run differs from the file (exit 0: identical; 2 and 3 as for every command)

}  // namespace

int reproduce_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens reproduce RESULT.h5`");
  options.add_options()                                                                                            //
      ("help,h", "this help")                                                                                      //
      ("threads,t", po::value<int>(), "threads of the re-run (default: all cores; the bits do not depend on it)")  //
      ("keep", po::value<std::string>(), "keep the re-run's result file here (default: a temporary file)")         //
      ("allow-version", "re-run a file another mcsens version wrote, and say what differs")                        //
      ("quiet,q", "print only the verdict");
  const po::variables_map vm = parse_args(args, options, "result");
  if (vm.count("help")) {
    std::cout << "Usage: mcsens reproduce RESULT.h5 [-t N] [--keep FILE] [--allow-version]\n"
                 "Run the study RESULT.h5 holds again, from what it stores (its config text, overrides, seed,\n"
                 "draws, sampler and analyses), and compare every dataset and attribute with it bit for bit\n"
                 "(what legitimately differs is left out: the time, wall seconds, threads, ranks, commit).\n"
                 "Prints \"identical\" (exit 0) or the first difference (exit 1). A merged set of shards or an\n"
                 "MPI run is re-run in one process: the bits are the same by design.\n\n"
              << options;
    return exit_code::kOk;
  }
  if (!vm.count("result")) throw Error("reproduce needs a RESULT.h5 file (e.g. mcsens reproduce results/paper.h5)");
  const std::string path = vm["result"].as<std::string>();
  ReproduceOptions opts;
  if (vm.count("threads")) {
    opts.threads = vm["threads"].as<int>();
    if (opts.threads < 1 || opts.threads > 4096) {
      throw Error("-t/--threads must be between 1 and 4096, not " + std::to_string(opts.threads));
    }
  }
  if (vm.count("keep")) opts.keep = vm["keep"].as<std::string>();
  opts.allow_version = vm.count("allow-version") > 0;
  const bool quiet = vm.count("quiet") > 0;
  opts.say = [quiet](const std::string& line) {
    if (!quiet) std::cerr << line << "\n";
  };
  if (!quiet) std::cerr << "mcsens reproduce: running the study of " << path << " again\n";
  const ReproduceOutcome outcome = reproduce_study(path, opts);
  const std::string builds = "written by mcsens " + outcome.written_by + " (" + outcome.commit + "), re-run by " +
                             std::string(version()) + " (" + std::string(git_commit()) + ")";
  if (!outcome.difference) {
    std::cout << "identical: " << path << " and its re-run agree bit for bit in every dataset and attribute; " << builds
              << "\n";
    return exit_code::kOk;
  }
  std::cout << "differs: " << path << " and its re-run first differ at " << outcome.difference->where << ": "
            << outcome.difference->what << "; " << builds << "\n";
  return kDifferent;
}

}  // namespace mcsens::cli
