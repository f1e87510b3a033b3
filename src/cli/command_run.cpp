// SPDX-License-Identifier: MIT
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <tuple>

#include "cli/commands.hpp"
#include "cli/parse_args.hpp"
#include "cli/progress_bar.hpp"
#include "cli/python_models.hpp"
#include "cli/run_flags.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"
#include "mcsens/parallel/mpi_context.hpp"
#include "mcsens/report/console.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/study/study.hpp"
#include "model/crash_report.hpp"

namespace po = boost::program_options;

namespace mcsens::cli {

namespace {

std::atomic<bool> g_stop{false};
bool g_stop_hint = false;  // say, on the first signal, that a second one stops at once (a terminal)

// The first SIGINT or SIGTERM asks the run to stop after the chunks in flight, saving their work in a checkpoint
// (what a cluster's SIGTERM before the wall-time limit needs). A second one stops at once: a model that never
// returns from a block (a hung plugin) would otherwise keep the run alive; the last checkpoint is kept. "Second"
// means a quarter of a second or more after the first: a signal sent to the whole process group arrives twice at
// once (GNU timeout signals its child and then its group).
std::atomic<std::int64_t> g_first_stop_ns{0};

std::int64_t now_ns() {
  timespec t{};
  ::clock_gettime(CLOCK_MONOTONIC, &t);  // async-signal-safe
  return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

extern "C" void request_stop(int signal) {
  const std::int64_t now = now_ns();
  if (!g_stop.exchange(true)) {
    g_first_stop_ns = now;
  } else if (now - g_first_stop_ns >= 250000000) {
    const char* checkpoint = existing_checkpoint();
    write_from_signal_handler("\nmcsens: stopped at once by a second signal; no result file was written; ");
    write_from_signal_handler(checkpoint != nullptr ? "the last checkpoint is kept for --resume: "
                                                    : "no checkpoint had been written yet");
    write_from_signal_handler(checkpoint != nullptr ? checkpoint : "");
    write_from_signal_handler("\n");
    ::_exit(128 + signal);
  } else {
    return;  // the same signal again, delivered to the process group
  }
  if (g_stop_hint) {
    write_from_signal_handler("\nmcsens: stopping after the blocks in flight (a second Ctrl-C stops at once)\n");
  }
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
       "run only these analyses: uncertainty,claims,curves,scenarios,sobol,morris,regression,shapley")  //
      ("keep-samples", po::value<std::string>(), "also store the first M draws (inputs and outputs)")   //
      ("until", po::value<std::string>(),
       "stop the uncertainty draws early once precise enough: se=X (largest relative standard error of an output "
       "mean), ci=X (largest claim interval half-width, at run.confidence); checked after 2^j chunks, up to -n")  //
      ("shard", po::value<std::string>(),
       "compute only shard I of N (I/N, 1 <= I <= N) into OUTPUT, a partial result for `mcsens merge`")  //
      ("checkpoint-every", po::value<double>(),
       "seconds between checkpoints to OUTPUT.ckpt (default 60; 0: only when interrupted)")  //
      ("resume",
       "continue from OUTPUT.ckpt (after an interruption), or extend the finished OUTPUT to a larger -n")   //
      ("force", "overwrite an existing result file")                                                        //
      ("progress", po::value<std::string>()->default_value("auto"), "progress bar: auto | always | never")  //
      ("quiet,q", "print nothing but errors (and --json)")                                                  //
      ("json", "print the summary as one JSON document on stdout");
  const po::variables_map vm = parse_args(args, options, "config");
  if (vm.count("help")) {
    std::cout << "Usage: mcsens run [CONFIG] [options]\n"
                 "Run every analysis that CONFIG asks for; with no CONFIG, the built-in paper model\n"
                 "(configs/paper.toml) into results/paper.h5. Under mpirun, the ranks share the work and\n"
                 "rank 0 writes the file (identical to a single-process run).\n\n"
              << options;
    return exit_code::kOk;
  }

  // The config: a file, or the built-in default.
  const bool builtin = !vm.count("config");
  Config config = builtin ? Config::load_text(builtin_config_text(), kBuiltinConfigName)
                          : Config::load_file(vm["config"].as<std::string>());
  apply_overrides(config, vm);
  const ProblemSpec spec = config.problem();
  RunRequest request = make_request(config, spec, request_choices(vm));
  Execution& exec = request.execution;
  if (vm.count("threads")) {
    exec.threads = vm["threads"].as<int>();
    if (exec.threads < 1 || exec.threads > 4096) {
      throw Error("-t/--threads must be between 1 and 4096, not " + std::to_string(exec.threads));
    }
  }

  const std::string progress_mode = vm["progress"].as<std::string>();
  if (progress_mode != "auto" && progress_mode != "always" && progress_mode != "never") {
    throw Error("--progress must be auto, always or never, not '" + progress_mode + "'");
  }
  if (vm.count("shard")) std::tie(exec.shard_index, exec.shard_count) = parse_shard(vm["shard"].as<std::string>());
  if (vm.count("until")) {
    exec.until = parse_until(vm["until"].as<std::string>());
    if (!request.analyses.draws()) throw Error("--until applies to the uncertainty draws, which --only leaves out");
  }
  if (vm.count("checkpoint-every")) {
    exec.checkpoint_every = vm["checkpoint-every"].as<double>();
    if (!(exec.checkpoint_every >= 0.0) || !std::isfinite(exec.checkpoint_every)) {
      throw Error("--checkpoint-every takes seconds >= 0 (0: checkpoint only when interrupted)");
    }
  }
  StudyFiles files;
  if (vm.count("output")) {
    files.output = vm["output"].as<std::string>();
  } else {
    if (exec.shard_count > 0) throw Error("--shard needs -o/--output: each shard writes its own file");
    const std::string stem = builtin ? "paper" : std::filesystem::path(vm["config"].as<std::string>()).stem().string();
    files.output = "results/" + stem + ".h5";
    std::error_code ignored;
    std::filesystem::create_directories("results", ignored);
  }
  files.resume = vm.count("resume") > 0;
  files.force = vm.count("force") > 0;
  const bool quiet = vm.count("quiet") > 0 || mpi::rank() != 0;
  const bool json = vm.count("json") > 0 && mpi::rank() == 0;
  exec.say = [quiet, json](const std::string& line) {
    if (!quiet && !json) std::cerr << line << "\n";
  };
  const bool show_progress =
      !quiet && !json && (progress_mode == "always" || (progress_mode == "auto" && ::isatty(STDERR_FILENO)));
  ProgressBar bar(std::cerr, show_progress);
  if (show_progress) {
    exec.progress = [&bar](std::uint64_t done, std::uint64_t total) { bar.update(done, total); };
  }
  g_stop = false;
  exec.stop = &g_stop;

  Study study(spec, std::move(request), files);  // every refusal that needs no draw

  g_stop_hint = ::isatty(STDERR_FILENO) != 0;
  install_crash_report(study.checkpoint_path());  // before the stop handler, which names the same checkpoint
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);

  const StudyEnd end = study.run();
  bar.finish();
  if (end == StudyEnd::interrupted) {
    std::error_code ec;
    if (mpi::rank() == 0 && !std::filesystem::exists(study.checkpoint_path(), ec)) {
      std::cerr << "mcsens: interrupted before any work was finished; no result file or checkpoint was written\n";
    } else if (mpi::rank() == 0) {
      std::cerr << "mcsens: interrupted; no result file was written; the finished work is saved in "
                << study.checkpoint_path() << " (continue with the same command and --resume)\n";
    }
    return exit_code::kInterrupted;
  }
  if (end == StudyEnd::finished && mpi::rank() == 0) report(study.problem(), study.results(), quiet, json);
  for (const std::string& warning : python_model_warnings()) std::cerr << "mcsens: warning: " << warning << "\n";
  if (g_stop && mpi::rank() == 0) {
    // A signal after the run finished: the file is complete and valid, so it is kept.
    std::cerr << "mcsens: interrupted after the result was written\n";
  }
  return exit_code::kOk;
}

}  // namespace mcsens::cli
