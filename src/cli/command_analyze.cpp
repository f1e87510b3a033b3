// SPDX-License-Identifier: MIT
// `mcsens analyze DATA.csv --outputs y` (issue 21): sensitivity from model runs made elsewhere, with no design.
// So far the rank-based first-order indices, Borgonovo's delta, PAWN and R2_HSIC with its test of independence (with
// batch intervals) and SRC/PRCC, on the console, as JSON or in an HDF5 file (-o); claims on data are to come
// (docs/cli.md).
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/data_analysis_report.hpp"
#include "cli/parse_args.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/error.hpp"
#include "mcsens/report/data_analysis_file.hpp"
#include "mcsens/study/data_analysis.hpp"
#include "mcsens/study/data_checks.hpp"
#include "mcsens/study/data_claims.hpp"
#include "mcsens/text_list.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

int analyze_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens analyze DATA.csv --outputs y[,z...]`");
  options.add_options()                                                                        //
      ("help,h", "this help")                                                                  //
      ("outputs", po::value<std::string>(), "the output columns (required): y or y,z")         //
      ("inputs", po::value<std::string>(), "the input columns (default: every other column)")  //
      ("confidence", po::value<double>()->default_value(0.95), "the intervals' level")         //
      ("json", "print the estimates as one JSON document on stdout")                           //
      ("output,o", po::value<std::string>(), "also write them to this HDF5 file")              //
      ("force", "replace the -o file if it exists")                                            //
      ("config", po::value<std::string>(),
       "check each input column named like a parameter of this config against its declared distribution")  //
      ("claim", po::value<std::vector<std::string>>()->composing(),
       "a claim on the rows, \"NAME = EXPR\" or \"EXPR\" over the columns (y > 10); repeatable");
  const po::variables_map vm = parse_args(args, options, "data");
  if (vm.count("help")) {
    std::cout
        << "Usage: mcsens analyze DATA.csv|RESULT.h5 --outputs y[,z...] [--inputs a,b,...] [--json] [-o FILE.h5]\n"
           "Sensitivity from model runs made elsewhere, with no design: DATA.csv has a header naming its\n"
           "columns (commas, or tabs) and one i.i.d. draw of the inputs per row, with the outputs it gave;\n"
           "or RESULT.h5 is a file of mcsens run --keep-samples M, whose kept draws are the rows.\n"
           "Prints first-order Sobol' indices by ranks (Gamboa, Klein & Lagnoux 2022) with intervals over\n"
           "16 batches of the rows; Borgonovo's moment-independent delta (after Plischke, Borgonovo & Smith\n"
           "2013) and the PAWN index (Pianosi & Wagener 2015, 2018), both cross-fitted and corrected for\n"
           "their bias from the same batches; R2_HSIC (Da Veiga 2015) from the first 4096 rows with the\n"
           "p-value of the HSIC test of independence (Gretton et al. 2008); SRC and PRCC. Methods and their\n"
           "checks: docs/methods-sensitivity.md. With -o, the same in an HDF5 file, in the layout of a run's\n"
           "/sensitivity/<method>/<output>/ groups (docs/hdf5-schema.md). --claim \"big = y > 10\" adds how\n"
           "often a statement over the columns holds, with its Wilson interval, and what drives it (the\n"
           "KS distance of each input between the rows where it holds and where it fails).\n\n"
        << options;
    return exit_code::kOk;
  }
  if (!vm.count("data")) throw Error("mcsens analyze needs a data file: mcsens analyze DATA.csv --outputs y");
  if (!vm.count("outputs")) throw Error("mcsens analyze needs --outputs: the columns that are the model's outputs");
  const double confidence = vm["confidence"].as<double>();
  if (!(confidence > 0 && confidence < 1)) throw Error("--confidence must be strictly between 0 and 1");
  const DataColumns data =
      read_data_columns(vm["data"].as<std::string>(), split_list(vm["outputs"].as<std::string>()),
                        vm.count("inputs") ? split_list(vm["inputs"].as<std::string>()) : std::vector<std::string>{});
  const std::string result_path = vm.count("output") ? vm["output"].as<std::string>() : std::string();
  if (!result_path.empty() && !vm.count("force") && std::filesystem::exists(result_path)) {
    // Refused before the estimates are computed, as mcsens run does.
    throw Error(result_path + " exists; use --force to overwrite");
  }
  // The claims are compiled before the estimates are computed, so that a typo costs no wait.
  const std::vector<DataClaim> claims =
      parse_data_claims(vm.count("claim") ? vm["claim"].as<std::vector<std::string>>() : std::vector<std::string>{});
  std::vector<ClaimSummary> claim_summaries = evaluate_data_claims(data, claims, confidence);
  const std::vector<DataAnalysis> analyses = analyze_data(data, confidence);
  DataAnalysisFile file = data_analysis_file(data, analyses, std::move(claim_summaries));
  if (vm.count("config")) {
    const std::string config_path = vm["config"].as<std::string>();
    const ProblemSpec spec = Config::load_file(config_path).problem();
    const ParameterSpace space(spec.parameters, spec.correlations);
    file.checked_against = config_path;
    for (const DistributionCheck& check : check_declared_distributions(data, space, config_path)) {
      if (!check.contradicts) continue;
      file.warnings.push_back(check.warning);
      std::cerr << "mcsens: warning: " << check.warning << "\n";
    }
  }
  if (!result_path.empty()) {
    write_data_analysis_file(result_path, vm.count("force") > 0, file);
    std::cerr << "mcsens analyze: wrote " << result_path << "\n";
  }
  if (vm.count("json")) {
    print_data_analysis_json(std::cout, file);
  } else {
    print_data_analysis(std::cout, file);
  }
  return exit_code::kOk;
}

}  // namespace mcsens::cli
