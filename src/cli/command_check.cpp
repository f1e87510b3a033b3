// SPDX-License-Identifier: MIT
// `mcsens check CONFIG [--json]`: everything the config says, as mcsens understood it, without sampling anything
// (the report itself is the library's: mcsens/report/problem_report.hpp).
#include <boost/program_options.hpp>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/parse_args.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/engine/request_limits.hpp"
#include "mcsens/report/problem_report.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

int check_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens check CONFIG`");
  options.add_options()("help,h", "this help")("set", po::value<std::vector<std::string>>()->composing(),
                                               "override a config key: KEY=VALUE (repeatable)")(
      "json", "print what was understood as one JSON document instead of text");
  const po::variables_map vm = parse_args(args, options, "config");
  if (vm.count("help")) {
    std::cout << "Usage: mcsens check CONFIG [--set KEY=VALUE]... [--json]\n"
                 "Parse and validate CONFIG; print the inputs, expressions and analyses it defines, with the model\n"
                 "runs each analysis costs. Samples nothing.\n\n"
              << options;
    return exit_code::kOk;
  }
  if (!vm.count("config")) throw Error("check needs a CONFIG file (e.g. mcsens check configs/paper.toml)");

  Config config = Config::load_file(vm["config"].as<std::string>());
  if (vm.count("set")) {
    for (const auto& assignment : vm["set"].as<std::vector<std::string>>()) config.apply_override(assignment);
  }
  const ProblemSpec spec = config.problem();
  const Problem problem = Problem::build(spec);
  // Every limit `mcsens run` applies to this config with its own settings (-n from run.samples, the sampler, the
  // designs' sizes and memory), so that what check accepts, run accepts.
  check_request_limits(problem, make_request(config, spec, RequestChoices{}));
  std::ostringstream out;
  if (vm.count("json")) {
    print_problem_json(out, config, problem);
  } else {
    print_problem(out, config, problem);
  }
  std::cout << out.str();
  return exit_code::kOk;
}

}  // namespace mcsens::cli
