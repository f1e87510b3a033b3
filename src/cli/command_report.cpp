// SPDX-License-Identifier: MIT
// `mcsens report RESULT.h5 -o report.html` (issue 22, part 1): the result file as a document for people.
#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/parse_args.hpp"
#include "mcsens/error.hpp"
#include "mcsens/report/data_analysis_file.hpp"
#include "mcsens/report/report.hpp"
#include "mcsens/report/result_file.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

int report_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens report RESULT.h5 -o FILE`");
  options.add_options()                                                                             //
      ("help,h", "this help")                                                                       //
      ("output,o", po::value<std::string>()->value_name("FILE"), "the report to write (required)")  //
      ("format", po::value<std::string>()->value_name("html|md")->default_value("html"),
       "html: one self-contained page; md: Markdown with its figures as SVG files in FILE's stem_figures/")  //
      ("force", "replace an existing report (and its figure folder)");
  const po::variables_map vm = parse_args(args, options, "result");
  if (vm.count("help")) {
    std::cout << "Usage: mcsens report RESULT.h5 -o report.html [--format html|md] [--force]\n"
                 "Write a result file as a report a reader can check: provenance and the config, the parameters\n"
                 "and their distributions, the outputs, the claims with their intervals and what drives them,\n"
                 "curves, scenarios, the sensitivity indices, notes and caveats, and the methods with their\n"
                 "references, with figures. Built from the file alone; the HTML page opens offline (no script,\n"
                 "nothing fetched); --format md writes Markdown for a paper's supplement, its figures beside it.\n\n"
              << options;
    return exit_code::kOk;
  }
  if (!vm.count("result"))
    throw Error("report needs a RESULT.h5 file (e.g. mcsens report results/paper.h5 -o report.html)");
  if (!vm.count("output")) throw Error("report needs -o FILE, the report to write (e.g. -o report.html)");
  const std::string path = vm["result"].as<std::string>();
  const ReportFormat format = parse_report_format(vm["format"].as<std::string>());
  check_result_path(path);
  const std::string partial = partial_result_note(path);
  if (!partial.empty()) {
    throw Error("report: " + path + " is " + partial +
                " of a run, a partial result; combine the shards first: mcsens merge -o RESULT.h5 SHARD.h5...");
  }
  if (is_data_analysis_file(path)) {
    throw Error("report: " + path +
                " is a file of mcsens analyze; report reads the files of mcsens run "
                "(mcsens show prints an analyze file)");
  }
  const Results summary = read_result_summary(path);
  const auto written = write_report(vm["output"].as<std::string>(), format, summary, path, vm.count("force") > 0);
  std::cout << written.front();
  if (written.size() > 1) std::cout << " (and " << written.size() - 1 << " figures beside it)";
  std::cout << "\n";
  return exit_code::kOk;
}

}  // namespace mcsens::cli
