// SPDX-License-Identifier: MIT
// `mcsens ingest CONFIG [DESIGN.csv] EVALUATED.csv -o RESULT.h5` (issue 19, part 3): every analysis of CONFIG
// computed from the rows of its design (`mcsens design`) evaluated elsewhere. The result file is the one a run of
// the same options would have written with a model that gives those outputs, bit for bit.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/run_flags.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/error.hpp"
#include "mcsens/study/design.hpp"
#include "mcsens/study/study.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

int ingest_command(const std::vector<std::string>& args) {
  po::options_description options(
      "Options of `mcsens ingest CONFIG [DESIGN.csv] EVALUATED.csv -o RESULT.h5` (those `mcsens design` was given)");
  options.add_options()                                                                                             //
      ("help,h", "this help")                                                                                       //
      ("output,o", po::value<std::string>(), "the result file (required)")                                          //
      ("samples,n", po::value<std::string>(), "draws, as given to `mcsens design`")                                 //
      ("seed,s", po::value<std::string>(), "64-bit seed, as given to `mcsens design`")                              //
      ("sampler", po::value<std::string>(), "mc | sobol | lhs, as given to `mcsens design`")                        //
      ("set", po::value<std::vector<std::string>>()->composing(), "override a config key: KEY=VALUE (repeatable)")  //
      ("only", po::value<std::string>(), "the analyses, as given to `mcsens design`")                               //
      ("threads,t", po::value<int>(), "worker threads (default: all cores)")                                        //
      ("force", "overwrite an existing result file")                                                                //
      ("quiet,q", "print nothing but errors (and --json)")                                                          //
      ("json", "print the summary as one JSON document on stdout");
  po::options_description hidden;
  hidden.add_options()("files", po::value<std::vector<std::string>>(), "config and CSV files");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("files", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: mcsens ingest CONFIG [DESIGN.csv] EVALUATED.csv -o RESULT.h5 [options]\n"
                 "Compute every analysis of CONFIG from the rows of its design (`mcsens design`, with the same\n"
                 "options) evaluated elsewhere. EVALUATED.csv has a header with `row` and every output of the\n"
                 "config (and, optionally, the parameters); DESIGN.csv, when given, is checked against the design.\n"
                 "A row whose inputs are not the design's is refused; a row no file evaluates is a failed draw.\n\n"
              << options;
    return exit_code::kOk;
  }
  const std::vector<std::string> files =
      vm.count("files") ? vm["files"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (files.size() < 2 || files.size() > 3) {
    throw Error(
        "mcsens ingest needs a config and one or two CSV files: mcsens ingest CONFIG [DESIGN.csv] "
        "EVALUATED.csv -o RESULT.h5");
  }
  if (!vm.count("output")) throw Error("mcsens ingest needs -o RESULT.h5, the result file to write");
  Config config = Config::load_file(files[0]);
  apply_overrides(config, vm);
  const ProblemSpec spec = config.problem();
  RunRequest request = make_request(config, spec, request_choices(vm));
  if (vm.count("threads")) {
    request.execution.threads = vm["threads"].as<int>();
    if (request.execution.threads < 1 || request.execution.threads > 4096) {
      throw Error("-t/--threads must be between 1 and 4096, not " + std::to_string(request.execution.threads));
    }
  }
  const bool quiet = vm.count("quiet") > 0;
  const bool json = vm.count("json") > 0;
  request.execution.say = [quiet, json](const std::string& line) {
    if (!quiet && !json) std::cerr << line << "\n";
  };
  const Design design = make_design(spec, request);
  const auto rows = evaluated_rows(spec, design, std::vector<std::string>(files.begin() + 1, files.end()));
  StudyFiles out;
  out.output = vm["output"].as<std::string>();
  out.force = vm.count("force") > 0;
  Study study(design_spec(spec), std::move(request), out, rows);
  if (study.run() != StudyEnd::finished) return exit_code::kInterrupted;
  report(study.problem(), study.results(), quiet, json);
  return exit_code::kOk;
}

}  // namespace mcsens::cli
