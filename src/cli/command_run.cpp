// SPDX-License-Identifier: MIT
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/parse_args.hpp"
#include "cli/progress_bar.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request_limits.hpp"
#include "mcsens/engine/sensitivity_run.hpp"
#include "mcsens/engine/uncertainty_run.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/report/summary.hpp"
#include "mcsens/suggest.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void request_stop(int) {
  g_stop.store(true);
}

const std::vector<std::string> kAnalyses = {"uncertainty", "claims", "curves",    "scenarios",
                                            "sobol",       "morris", "regression"};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::uint64_t parse_seed(const std::string& text) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos || text.size() > 20) {
    throw Error("-s/--seed takes a non-negative whole number below 2^64, not '" + text + "'");
  }
  try {
    return std::stoull(text);
  } catch (const std::exception&) {
    throw Error("-s/--seed takes a non-negative whole number below 2^64, not '" + text + "'");
  }
}

// Notes for the summary: what the run could not do for an analysis the config asks for.
std::vector<std::string> analyses_not_run(const ProblemSpec& spec, const std::vector<std::string>& only) {
  const auto wanted = [&](const std::string& name) {
    return only.empty() || std::find(only.begin(), only.end(), name) != only.end();
  };
  std::vector<std::string> notes;
  if (spec.has_sensitivity && wanted("regression") && spec.sensitivity.regression) {
    for (const auto& name : spec.sensitivity.outputs) {
      for (const auto& c : spec.claims) {
        if (c.name == name)
          notes.push_back("regression (SRC/PRCC) is computed for outputs only, not for claim " + name);
      }
    }
  }
  return notes;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens run [CONFIG]` (each overrides the config)");
  options.add_options()                                                                                             //
      ("help,h", "this help")                                                                                       //
      ("output,o", po::value<std::string>(), "result file (default results/<config stem>.h5)")                      //
      ("samples,n", po::value<std::string>(), "draws: 1000000, 1e6, 10M, 2^20")                                     //
      ("seed,s", po::value<std::string>(), "64-bit seed")                                                           //
      ("threads,t", po::value<int>(), "worker threads (default: all cores; OMP_NUM_THREADS honoured)")              //
      ("sampler", po::value<std::string>(), "mc | sobol | lhs")                                                     //
      ("set", po::value<std::vector<std::string>>()->composing(), "override a config key: KEY=VALUE (repeatable)")  //
      ("only", po::value<std::string>(),
       "run only these analyses: uncertainty,claims,curves,scenarios,sobol,morris,regression")              //
      ("keep-samples", po::value<std::string>(), "also store the first M draws (inputs and outputs)")       //
      ("force", "overwrite an existing result file")                                                        //
      ("progress", po::value<std::string>()->default_value("auto"), "progress bar: auto | always | never")  //
      ("quiet,q", "print nothing but errors (and --json)")                                                  //
      ("json", "print the summary as one JSON document on stdout");
  const po::variables_map vm = parse_args(args, options, "config");
  if (vm.count("help")) {
    std::cout << "Usage: mcsens run [CONFIG] [options]\n"
                 "Run every analysis that CONFIG asks for; with no CONFIG, the built-in paper model\n"
                 "(configs/paper.toml) into results/paper.h5.\n\n"
              << options;
    return exit_code::kOk;
  }

  // The config: a file, or the built-in default.
  const bool builtin = !vm.count("config");
  Config config = builtin ? Config::load_text(builtin_config_text(), kBuiltinConfigName)
                          : Config::load_file(vm["config"].as<std::string>());
  if (vm.count("set")) {
    for (const auto& assignment : vm["set"].as<std::vector<std::string>>()) config.apply_override(assignment);
  }
  ProblemSpec spec = config.problem();

  RunOptions run;
  run.samples = spec.run.samples;
  run.seed = spec.run.seed;
  run.sampler = parse_sampler_kind(spec.run.sampler);
  if (vm.count("samples")) run.samples = parse_count(vm["samples"].as<std::string>(), "-n/--samples");
  if (vm.count("seed")) run.seed = parse_seed(vm["seed"].as<std::string>());
  if (vm.count("sampler")) run.sampler = parse_sampler_kind(vm["sampler"].as<std::string>());
  if (vm.count("threads")) {
    run.threads = vm["threads"].as<int>();
    if (run.threads < 1 || run.threads > 4096) {
      throw Error("-t/--threads must be between 1 and 4096, not " + std::to_string(run.threads));
    }
  }
  if (vm.count("keep-samples")) run.keep_samples = parse_count(vm["keep-samples"].as<std::string>(), "--keep-samples");
  // Everything is written to spec.run too, so that the result's config provenance matches what ran.
  spec.run.samples = run.samples;
  spec.run.seed = run.seed;
  spec.run.sampler = sampler_name(run.sampler);

  std::vector<std::string> only;
  if (vm.count("only")) {
    only = split_list(vm["only"].as<std::string>());
    if (only.empty()) throw Error("--only needs a list such as uncertainty,claims");
    for (const auto& name : only) {
      if (std::find(kAnalyses.begin(), kAnalyses.end(), name) == kAnalyses.end()) {
        throw Error("--only: unknown analysis '" + name + "'" + did_you_mean(name, kAnalyses) +
                    "; analyses are uncertainty, claims, curves, scenarios, sobol, morris, regression");
      }
    }
  }
  const auto wants = [&](const char* name) {
    return only.empty() || std::find(only.begin(), only.end(), name) != only.end();
  };
  run.outputs = wants("uncertainty");
  run.claims = wants("claims");
  run.curves = wants("curves");
  run.scenarios = wants("scenarios");
  const bool do_sobol = spec.sensitivity.sobol.has_value() && wants("sobol");
  const bool do_morris = spec.sensitivity.morris.has_value() && wants("morris");
  const bool do_regression = spec.sensitivity.regression && wants("regression");
  const bool do_main = run.outputs || run.claims || run.curves || run.scenarios || do_regression;
  if (!only.empty() && !do_main && !do_sobol && !do_morris) {
    throw Error("--only " + vm["only"].as<std::string>() + ": the config asks for none of these analyses");
  }

  const std::string progress_mode = vm["progress"].as<std::string>();
  if (progress_mode != "auto" && progress_mode != "always" && progress_mode != "never") {
    throw Error("--progress must be auto, always or never, not '" + progress_mode + "'");
  }
  const bool quiet = vm.count("quiet") > 0;
  const bool json = vm.count("json") > 0;

  std::string output;
  if (vm.count("output")) {
    output = vm["output"].as<std::string>();
  } else {
    const std::string stem = builtin ? "paper" : std::filesystem::path(vm["config"].as<std::string>()).stem().string();
    output = "results/" + stem + ".h5";
    std::error_code ignored;
    std::filesystem::create_directories("results", ignored);
  }
  const bool force = vm.count("force") > 0;
  if (!force && std::filesystem::exists(output)) {
    throw Error(output + " exists; use --force to overwrite it");
  }

  const Problem problem = Problem::build(std::move(spec));
  check_request_size(problem, run, output);  // memory-bound requests and an unwritable output, before any draw

  const bool show_progress =
      progress_mode == "always" || (progress_mode == "auto" && !quiet && ::isatty(STDERR_FILENO));
  ProgressBar bar(std::cerr, show_progress);
  if (show_progress) run.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
  g_stop = false;
  run.stop = &g_stop;
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);

  const auto say = [&](const std::string& line) {
    if (!quiet && !json) std::cerr << line << "\n";
  };
  UncertaintyResult result;
  SobolRun sobol;
  MorrisRun morris;
  try {
    if (do_main) {
      if (do_regression) run.analysis_rows = std::min<std::uint64_t>(run.samples, kRegressionSampleCap);
      result = run_uncertainty(problem, run);
      bar.finish();
    }
    if (do_sobol) {
      const SobolSpec& s = *problem.spec().sensitivity.sobol;
      const std::size_t k = problem.space().dimensions();
      say("Sobol' indices: N = " + std::to_string(s.base_samples) + " base samples x (" +
          (s.second_order ? "2k + 2" : "k + 2") + ", k = " + std::to_string(k) +
          ") = " + std::to_string(sobol_cost(s.base_samples, k, s.second_order)) + " model runs");
      sobol = run_sobol(problem, s, run);
    }
    if (do_morris) morris = run_morris(problem, *problem.spec().sensitivity.morris, run);
  } catch (const Interrupted&) {
    bar.finish();
    std::cerr << "mcsens: interrupted; no result file was written\n";
    return exit_code::kInterrupted;
  }
  bar.finish();

  RunSummary summary = summarize(problem, run, result);
  if (!do_main) summary.samples = 0;
  summary.output_path = output;
  summary.notes = analyses_not_run(problem.spec(), only);
  const auto targets = sensitivity_targets(problem);
  const auto inputs = sensitivity_inputs(problem);
  for (size_t t = 0; t < sobol.results.size(); ++t) {
    summary.sobol.push_back(SobolSummary{targets[t].name, inputs, sobol.results[t], sobol.evaluations, sobol.sampler});
  }
  for (size_t t = 0; t < morris.results.size(); ++t) {
    summary.morris.push_back(MorrisSummary{targets[t].name, inputs, morris.results[t], morris.levels});
  }
  if (do_regression) {
    const auto regression = run_regression(problem, result.samples.inputs, result.samples.outputs, result.samples.rows);
    size_t i = 0;
    for (const auto& t : targets) {
      if (!t.is_claim) summary.regression.push_back(RegressionSummary{t.name, inputs, regression[i++]});
    }
  }
  write_result_file(output, force, problem, run, result, summary, config.overrides());
  if (g_stop) {
    // A signal after the run finished: the file is complete and valid, so it is kept.
    std::cerr << "mcsens: interrupted after the result was written\n";
  }
  if (json) {
    print_json(std::cout, summary);
  } else if (!quiet) {
    print_summary(std::cout, summary);
  }
  return exit_code::kOk;
}

int show_command(const std::vector<std::string>& args) {
  po::options_description options("Options of `mcsens show RESULT.h5`");
  options.add_options()("help,h", "this help")("json", "print the summary as one JSON document");
  const po::variables_map vm = parse_args(args, options, "result");
  if (vm.count("help")) {
    std::cout << "Usage: mcsens show RESULT.h5 [--json]\nPrint the summary of a result file, as `run` printed it.\n\n"
              << options;
    return exit_code::kOk;
  }
  if (!vm.count("result")) throw Error("show needs a RESULT.h5 file (e.g. mcsens show results/paper.h5)");
  const std::string path = vm["result"].as<std::string>();
  if (!std::filesystem::exists(path)) throw Error("cannot read result file '" + path + "': no such file");
  const RunSummary summary = read_result_summary(path);
  if (vm.count("json")) {
    print_json(std::cout, summary);
  } else {
    print_summary(std::cout, summary);
  }
  return exit_code::kOk;
}

}  // namespace mcsens::cli
