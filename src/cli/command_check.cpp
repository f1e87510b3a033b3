// SPDX-License-Identifier: MIT
#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/parse_args.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"
#include "model/expression_model.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

namespace {

std::string describe(const Problem& problem, std::size_t p) {
  const ParameterSpace& space = problem.space();
  if (space.is_constant(p)) {
    std::ostringstream out;
    out << std::setprecision(10) << "constant " << space.constant_value(p);
    return out.str();
  }
  return space.distribution(p)->describe();
}

void print_expressions(const char* heading, const std::vector<ExpressionSource>& items, size_t width) {
  if (items.empty()) return;
  std::cout << "\n" << heading << "  " << items.size() << "\n";
  for (const auto& e : items) {
    std::cout << "  " << std::left << std::setw(static_cast<int>(width)) << e.name << "  = " << e.text << "\n";
  }
}

}  // namespace

int check_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens check CONFIG`");
  options.add_options()("help,h", "this help")("set", po::value<std::vector<std::string>>()->composing(),
                                               "override a config key: KEY=VALUE (repeatable)");
  const po::variables_map vm = parse_args(args, options, "config");
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
  const Problem problem = Problem::build(config.problem());
  const ProblemSpec& spec = problem.spec();

  std::cout << config.source_name() << ": OK";
  if (!spec.title.empty()) std::cout << "  (" << spec.title << ")";
  std::cout << "\n\n[parameters]  " << spec.parameters.size() << " inputs, " << problem.space().dimensions()
            << " uncertain\n";
  size_t width = 4;
  for (const auto& p : spec.parameters) width = std::max(width, p.name.size());
  for (const auto& d : spec.derived) width = std::max(width, d.name.size());
  for (const auto& o : spec.outputs) width = std::max(width, o.expr.name.size());
  for (size_t p = 0; p < spec.parameters.size(); ++p) {
    std::cout << "  " << std::left << std::setw(static_cast<int>(width)) << spec.parameters[p].name << "  "
              << describe(problem, p) << "\n";
  }
  if (!spec.correlations.empty()) {
    std::cout << "\n[correlation]  " << spec.correlations.size() << " rank correlations\n";
    for (const auto& c : spec.correlations) std::cout << "  " << c.first << " ~ " << c.second << "  " << c.rho << "\n";
  }
  if (!spec.functions.empty()) {
    std::cout << "\n[functions]  " << spec.functions.size() << "\n";
    for (const auto& f : spec.functions) {
      std::string args;
      for (const auto& a : f.args) args += (args.empty() ? "" : ", ") + a;
      std::cout << "  " << f.name << "(" << args << ") = " << f.body.text << "\n";
    }
  }
  print_expressions("[derived]", spec.derived, width);
  std::vector<ExpressionSource> outputs;
  for (const auto& o : spec.outputs) outputs.push_back(o.expr);
  print_expressions("[outputs]", outputs, width);
  if (!spec.claims.empty()) {
    std::cout << "\n[[claims]]  " << spec.claims.size() << "\n";
    for (const auto& c : spec.claims) std::cout << "  " << c.name << ":  " << c.expr.text << "\n";
  }
  if (!spec.curves.empty()) {
    std::cout << "\n[[curves]]  " << spec.curves.size() << "\n";
    for (const auto& c : spec.curves) {
      std::cout << "  " << c.name << ":  y = " << c.y.text << "  over " << c.x << " in [" << c.grid.low << ", "
                << c.grid.high << "], " << c.grid.points << " points\n";
    }
  }
  if (!spec.scenarios.empty()) {
    std::cout << "\n[[scenarios]]  " << spec.scenarios.size() << "\n";
    for (const auto& s : spec.scenarios) {
      std::string names;
      for (const auto& p : s.parameters) names += (names.empty() ? "" : ", ") + p.name;
      std::cout << "  " << s.name << ":  overrides " << (names.empty() ? "nothing" : names) << "\n";
    }
  }
  if (spec.has_sensitivity) {
    std::cout << "\n[sensitivity]";
    if (spec.sensitivity.sobol) std::cout << "  sobol (N = " << spec.sensitivity.sobol->base_samples << ")";
    if (spec.sensitivity.morris) std::cout << "  morris (r = " << spec.sensitivity.morris->trajectories << ")";
    if (spec.sensitivity.shapley) std::cout << "  shapley (" << spec.sensitivity.shapley->method << ")";
    if (spec.sensitivity.regression) std::cout << "  regression";
    std::cout << "\n";
  }
  std::cout << "\nintervals at " << spec.run.confidence * 100 << " % (run.confidence)\n";
  std::cout << "model: " << problem.model().kind() << ", " << problem.num_targets() << " targets";
  if (const auto* expressions = dynamic_cast<const ExpressionModel*>(&problem.model())) {
    std::cout << ", a program of " << expressions->program().num_instructions() << " instructions";
  }
  std::cout << "\n";
  return exit_code::kOk;
}

}  // namespace mcsens::cli
