// SPDX-License-Identifier: MIT
#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "mcsens/config/config.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

namespace {

std::string describe(const ParameterSpec& p) {
  std::ostringstream out;
  out << std::setprecision(10);
  if (p.constant) {
    out << "constant " << *p.constant;
    return out.str();
  }
  out << p.distribution.kind << "(";
  bool first = true;
  for (const auto& [key, value] : p.distribution.numbers) {
    out << (first ? "" : ", ") << key << "=" << value;
    first = false;
  }
  if (!p.distribution.values.empty()) {
    out << (first ? "" : ", ") << "values=[";
    for (size_t i = 0; i < p.distribution.values.size(); ++i) out << (i ? ", " : "") << p.distribution.values[i];
    out << "], weights=[";
    for (size_t i = 0; i < p.distribution.weights.size(); ++i) out << (i ? ", " : "") << p.distribution.weights[i];
    out << "]";
  }
  out << ")";
  return out.str();
}

}  // namespace

int check_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens check CONFIG`");
  options.add_options()("help,h", "this help")("set", po::value<std::vector<std::string>>()->composing(),
                                               "override a config key: KEY=VALUE (repeatable)");
  po::options_description hidden;
  hidden.add_options()("config", po::value<std::string>(), "config file");
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("config", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout
        << "Usage: mcsens check CONFIG [--set KEY=VALUE]...\n"
           "Parse and validate CONFIG; print the inputs, expressions and analyses it defines. Samples nothing.\n\n"
        << options;
    return exit_code::kOk;
  }
  if (!vm.count("config")) throw Error("check needs a CONFIG file (e.g. mcsens check configs/paper.toml)");

  Config config = Config::load_file(vm["config"].as<std::string>());
  if (vm.count("set")) {
    for (const auto& assignment : vm["set"].as<std::vector<std::string>>()) config.apply_override(assignment);
  }
  const ProblemSpec problem = config.problem();

  std::cout << config.source_name() << ": OK";
  if (!problem.title.empty()) std::cout << "  (" << problem.title << ")";
  std::cout << "\n\n[parameters]  " << problem.parameters.size() << " inputs\n";
  size_t width = 4;
  for (const auto& p : problem.parameters) width = std::max(width, p.name.size());
  for (const auto& p : problem.parameters) {
    std::cout << "  " << std::left << std::setw(static_cast<int>(width)) << p.name << "  " << describe(p) << "\n";
  }
  std::cout << "\n[outputs]  " << problem.outputs.size() << "\n";
  for (const auto& o : problem.outputs) {
    std::cout << "  " << std::left << std::setw(static_cast<int>(width)) << o.expr.name << "  = " << o.expr.text
              << "\n";
  }
  return exit_code::kOk;
}

}  // namespace mcsens::cli
