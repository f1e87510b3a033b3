// SPDX-License-Identifier: MIT
// `mcsens design CONFIG -o design.csv` (issue 19, part 3): the rows of inputs a run of CONFIG evaluates, for a
// model that runs elsewhere (another cluster, a licensed tool, a colleague's code). Each row is evaluated there and
// `mcsens ingest` computes every analysis from the evaluated rows.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <tuple>

#include "cli/commands.hpp"
#include "cli/parse_args.hpp"
#include "cli/run_flags.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/error.hpp"
#include "mcsens/study/design.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

int design_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens design CONFIG -o DESIGN.csv` (as `mcsens run` takes them)");
  options.add_options()                                                                                             //
      ("help,h", "this help")                                                                                       //
      ("output,o", po::value<std::string>(), "the design's CSV file (required)")                                    //
      ("samples,n", po::value<std::string>(), "draws: 1000000, 1e6, 10M, 2^20")                                     //
      ("seed,s", po::value<std::string>(), "64-bit seed")                                                           //
      ("sampler", po::value<std::string>(), "mc | sobol | lhs")                                                     //
      ("set", po::value<std::vector<std::string>>()->composing(), "override a config key: KEY=VALUE (repeatable)")  //
      ("only", po::value<std::string>(),
       "only the rows of these analyses: uncertainty,claims,scenarios,sobol,morris,regression,shapley")  //
      ("shard", po::value<std::string>(), "write only piece I of N of the rows (I/N, 1 <= I <= N)")      //
      ("force", "overwrite an existing file");
  const po::variables_map vm = parse_args(args, options, "config");
  if (vm.count("help")) {
    std::cout << "Usage: mcsens design CONFIG -o DESIGN.csv [options]\n"
                 "Write the rows of inputs a run of CONFIG evaluates (its uncertainty draws with their scenarios,\n"
                 "the Sobol', Morris and Shapley designs), one per line: `row` and the parameters, 17 significant\n"
                 "digits. Evaluate each row elsewhere, then give the outputs to `mcsens ingest` with the same\n"
                 "options. Curves and [dynamics] are left out: they sweep the config's own expressions.\n\n"
              << options;
    return exit_code::kOk;
  }
  if (!vm.count("config")) throw Error("mcsens design needs a config: mcsens design CONFIG -o DESIGN.csv");
  if (!vm.count("output")) throw Error("mcsens design needs -o DESIGN.csv, the file to write the rows to");
  const std::string output = vm["output"].as<std::string>();
  std::error_code ec;
  if (std::filesystem::exists(output, ec) && !vm.count("force")) {
    throw Error(output + " exists; use --force to overwrite it");
  }
  Config config = Config::load_file(vm["config"].as<std::string>());
  apply_overrides(config, vm);
  const ProblemSpec spec = config.problem();
  const RequestChoices choices = request_choices(vm);
  std::uint64_t shard = 1;
  std::uint64_t shards = 1;
  if (vm.count("shard")) std::tie(shard, shards) = parse_shard(vm["shard"].as<std::string>());
  const Design design = make_design(spec, make_request(config, spec, choices));
  const std::size_t rows = design.rows.size();
  const auto first = static_cast<std::size_t>(rows * (shard - 1) / shards);
  const auto last = static_cast<std::size_t>(rows * shard / shards);
  write_design_csv(output, design, first, last);
  std::cerr << "mcsens: " << (last - first) << " rows of " << rows << " (" << design.inputs.size() << " inputs"
            << (shards > 1 ? "; shard " + std::to_string(shard) + " of " + std::to_string(shards) : std::string())
            << ") -> " << output << "\n";
  return exit_code::kOk;
}

}  // namespace mcsens::cli
