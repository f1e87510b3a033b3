// SPDX-License-Identifier: MIT
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/data_analysis_report.hpp"
#include "cli/parse_args.hpp"
#include "mcsens/error.hpp"
#include "mcsens/report/console.hpp"
#include "mcsens/report/csv_tables.hpp"
#include "mcsens/report/data_analysis_file.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/result_file.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

int show_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens show RESULT.h5`");
  options.add_options()("help,h", "this help")("json", "print the summary as one JSON document")  //
      ("csv", po::value<std::string>()->value_name("DIR"),
       "write every section as a tidy CSV table into DIR (outputs.csv, claims.csv, sobol.csv, ...; docs/cli.md)")  //
      ("force", "with --csv: replace the tables in a DIR that is not empty");
  const po::variables_map vm = parse_args(args, options, "result");
  if (vm.count("help")) {
    std::cout << "Usage: mcsens show RESULT.h5 [--json] [--csv DIR [--force]]\n"
                 "Print the summary of a result file, as `run` printed it, or write its sections as CSV tables.\n\n"
              << options;
    return exit_code::kOk;
  }
  if (!vm.count("result")) throw Error("show needs a RESULT.h5 file (e.g. mcsens show results/paper.h5)");
  const std::string path = vm["result"].as<std::string>();
  check_result_path(path);
  const std::string partial = partial_result_note(path);
  if (!partial.empty()) {
    std::cout << path << " is " << partial << " of a run: a partial result with no summary of its own.\n"
              << "Combine all the shards with: mcsens merge -o RESULT.h5 SHARD.h5...\n";
    return exit_code::kOk;
  }
  if (is_data_analysis_file(path)) {
    // A file of mcsens analyze -o: printed as analyze printed it.
    if (vm.count("csv"))
      throw Error("show: --csv reads the files of mcsens run; " + path + " is one of mcsens analyze");
    const DataAnalysisFile file = read_data_analysis_file(path);
    if (vm.count("json")) {
      print_data_analysis_json(std::cout, file);
    } else {
      print_data_analysis(std::cout, file);
    }
    return exit_code::kOk;
  }
  const Results summary = read_result_summary(path);
  if (vm.count("csv")) {
    const std::string folder = vm["csv"].as<std::string>();
    const std::vector<CsvTable> tables = csv_tables(summary);
    write_csv_tables(folder, tables, vm.count("force") > 0);
    if (!vm.count("json")) {
      for (const auto& t : tables) {
        std::cout << (std::filesystem::path(folder) / (t.name + ".csv")).string() << "  (" << t.rows.size()
                  << (t.rows.size() == 1 ? " row)\n" : " rows)\n");
      }
      return exit_code::kOk;
    }
  } else if (vm.count("force")) {
    throw Error("show: --force goes with --csv DIR (it replaces the tables in DIR)");
  }
  if (vm.count("json")) {
    print_json(std::cout, summary, summary.parameters);
  } else {
    print_summary(std::cout, summary);
  }
  return exit_code::kOk;
}

}  // namespace mcsens::cli
