// SPDX-License-Identifier: MIT
// `mcsens selfcheck`: the Sobol' estimators on built-in problems with exact answers, so that anyone can verify
// them on their own machine in seconds.
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "mcsens/analysis/reference_problems.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

namespace {

struct ReferenceProblem {
  std::string name;
  std::string config;  // the model in mcsens' own language
  ReferenceIndices exact;
};

std::string uniform_inputs(std::size_t k, const char* low, const char* high) {
  std::string text = "[parameters]\n";
  for (size_t i = 1; i <= k; ++i) {
    text += "x" + std::to_string(i) + " = { dist = \"uniform\", low = " + low + ", high = " + high + " }\n";
  }
  return text;
}

std::vector<ReferenceProblem> reference_problems() {
  std::vector<ReferenceProblem> problems;
  // Ishigami and Homma 1990, a = 7, b = 0.1, x ~ U(-pi, pi)^3.
  problems.push_back({"ishigami (a = 7, b = 0.1)",
                      uniform_inputs(3, "-3.141592653589793", "3.141592653589793") +
                          "[outputs]\ny = \"sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)\"\n",
                      ishigami_indices(7.0, 0.1)});
  // Sobol' G-function with a = (0, 1, 4.5, 9, 99, 99, 99, 99), x ~ U(0, 1)^8.
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99, 99, 99};
  std::string g = "1";
  for (size_t i = 0; i < a.size(); ++i) {
    std::ostringstream term;
    term << " * (abs(4 * x" << i + 1 << " - 2) + " << a[i] << ") / (1 + " << a[i] << ")";
    g += term.str();
  }
  problems.push_back({"g-function (a = 0, 1, 4.5, 9, 99 x 4)",
                      uniform_inputs(8, "0", "1") + "[outputs]\ny = \"" + g + "\"\n", g_function_indices(a)});
  // A linear additive model y = sum c_i x_i, x ~ U(0, 1)^4: S1 = ST = c_i^2 / sum c_j^2.
  const std::vector<double> c = {1, 2, 3, 0.5};
  problems.push_back({"linear (c = 1, 2, 3, 0.5)",
                      uniform_inputs(4, "0", "1") + "[outputs]\ny = \"1 * x1 + 2 * x2 + 3 * x3 + 0.5 * x4\"\n",
                      linear_model_indices(c)});
  return problems;
}

}  // namespace

int selfcheck_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens selfcheck`");
  options.add_options()("help,h", "this help")("samples,n", po::value<std::string>()->default_value("2^14"),
                                               "Sobol' base samples per problem")(
      "seed,s", po::value<std::uint64_t>()->default_value(1), "seed")("threads,t", po::value<int>(), "threads");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(options).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "Usage: mcsens selfcheck [-n N]\nEstimate Sobol' indices of reference problems with exact answers "
                 "and compare.\n\n"
              << options;
    return exit_code::kOk;
  }
  const std::uint64_t base_samples = parse_count(vm["samples"].as<std::string>(), "-n/--samples");
  int missed = 0;
  int total = 0;
  for (const auto& reference : reference_problems()) {
    // The reference model with a Sobol' analysis, through the same engine as `mcsens run --only sobol`.
    const Config config = Config::load_text(
        reference.config + "[sensitivity]\nsobol = { base_samples = " + std::to_string(base_samples) + " }\n",
        "<selfcheck " + reference.name + ">");
    const ProblemSpec spec = config.problem();
    const Problem problem = Problem::build(spec);
    RequestChoices choices;
    choices.seed = vm["seed"].as<std::uint64_t>();
    choices.only = {"sobol"};
    RunRequest request = make_request(config, spec, choices);
    if (vm.count("threads")) request.execution.threads = vm["threads"].as<int>();
    const Results results = run_request(problem, request);
    const SobolSummary& sobol = results.sobol.at(0);
    const SobolResult& r = sobol.result;
    std::printf("\n%s: N = %llu, %llu model runs, %.2f s, %s intervals\n", reference.name.c_str(),
                static_cast<unsigned long long>(r.N), static_cast<unsigned long long>(sobol.evaluations),
                results.wall_seconds, r.interval_method.c_str());
    std::printf("  %-6s %-4s %10s %10s %10s  %-22s %s\n", "input", "", "estimate", "exact", "error", "95% interval",
                "covers");
    for (size_t i = 0; i < r.k; ++i) {
      const double est[2] = {r.S1[i], r.ST[i]};
      const double exact[2] = {reference.exact.S1[i], reference.exact.ST[i]};
      const double low[2] = {r.S1_low[i], r.ST_low[i]};
      const double high[2] = {r.S1_high[i], r.ST_high[i]};
      const char* kind[2] = {"S1", "ST"};
      for (int j = 0; j < 2; ++j) {
        const bool covers = low[j] <= exact[j] && exact[j] <= high[j];
        missed += covers ? 0 : 1;
        ++total;
        char interval[64];
        std::snprintf(interval, sizeof interval, "[%.4f, %.4f]", low[j], high[j]);
        std::printf("  x%-5zu %-4s %10.4f %10.4f %+10.4f  %-22s %s\n", i + 1, kind[j], est[j], exact[j],
                    est[j] - exact[j], interval, covers ? "yes" : "NO");
      }
    }
  }
  std::printf("\n%d of %d intervals cover the exact value (about 95 %% expected: a few misses are normal)\n",
              total - missed, total);
  return exit_code::kOk;
}

}  // namespace mcsens::cli
