// SPDX-License-Identifier: MIT
// [model] kind = "command" (issue 19, part 2): an external program run once per draw. The shipped example
// (examples/external/borehole.py, Python's standard library) gives the expression model's borehole flow draw by
// draw to rounding; a deliberately faulty program (fails on some draws, prints garbage on others, hangs on a few)
// has each of those draws counted as failed, non-finite in its outputs, and nothing else lost.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/run_state.hpp"
#include "mcsens/error.hpp"
#include "model/external_program.hpp"
#include "support/requests.hpp"

namespace mcsens {
namespace {

Results kept_run(const Problem& problem, std::uint64_t samples, int threads) {
  RequestChoices choices;
  choices.samples = samples;
  choices.seed = 1983;
  choices.keep_samples = samples;
  choices.only = {"uncertainty", "claims"};
  return run_request(problem, testing::request_for(problem, choices, threads));
}

// A fresh folder under the temp area for one test's files (named by `tag` and the process), removed at the end.
class ScratchFolder {
 public:
  explicit ScratchFolder(const std::string& tag)
      : path_(std::filesystem::temp_directory_path() / ("mcsens_" + tag + "_" + std::to_string(::getpid()))) {
    reset();
  }
  ~ScratchFolder() { std::filesystem::remove_all(path_); }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  // Empties it.
  void reset() const {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::vector<std::string> lines;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A model whose program writes, as it starts, how many copies of it are running (a line of folder/counts), and
// reports y = x; `jobs_line` is its [model] jobs key, or empty.
std::string counting_config(const std::filesystem::path& folder, const std::string& jobs_line) {
  return R"toml(
[model]
kind = "command"
command = ["/bin/sh", "-c", "mkdir \"$0/running.$$\"; ls \"$0\" | grep -c running >> \"$0/counts\"; sleep 0.01; rmdir \"$0/running.$$\"; echo \"y $1\"", ")toml" +
         folder.string() + R"toml(", "{x}"]
outputs = ["y"]
)toml" + jobs_line +
         R"toml(
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "y"
)toml";
}

// Every run of counting_config's program saw itself alone, and there were `runs` of them.
void expect_one_at_a_time(const std::filesystem::path& folder, std::size_t runs) {
  const std::vector<std::string> counts = lines_of(folder / "counts");
  for (std::size_t i = 0; i < counts.size(); ++i) EXPECT_EQ(counts[i], "1") << "run " << i;
  EXPECT_EQ(counts.size(), runs);
}

TEST(CommandModel, TheExampleGivesTheExpressionModelsFlowDrawByDraw) {
  const Problem program =
      Problem::build(Config::load_file(MCSENS_SOURCE_DIR "/examples/external/borehole.toml").problem());
  EXPECT_EQ(program.model().kind(), "command");
  const Problem expressions =
      Problem::build(Config::load_file(MCSENS_SOURCE_DIR "/configs/benchmarks/borehole.toml").problem());
  const Results a = kept_run(program, 64, 2);
  const Results b = kept_run(expressions, 64, 2);
  ASSERT_EQ(a.kept.rows, 64u);
  EXPECT_EQ(a.kept.inputs, b.kept.inputs);  // the same draws
  EXPECT_EQ(a.failures.total(), 0u);
  const auto column = [](const KeptSamples& k, const std::string& name) {
    for (std::size_t j = 0; j < k.output_names.size(); ++j) {
      if (k.output_names[j] == name) return j;
    }
    return k.output_names.size();
  };
  const std::size_t fa = column(a.kept, "flow");
  const std::size_t fb = column(b.kept, "flow");
  ASSERT_LT(fa, a.kept.output_names.size());
  ASSERT_LT(fb, b.kept.output_names.size());
  for (std::size_t i = 0; i < 64; ++i) {
    const double x = a.kept.outputs[i * a.kept.output_names.size() + fa];
    const double y = b.kept.outputs[i * b.kept.output_names.size() + fb];
    EXPECT_NEAR(x, y, 1e-12 * std::fabs(y)) << "draw " << i;  // Python's libm against the vector math library
  }
}

// The template example (each draw's inputs in a filled input file, in a folder of the draw's own) gives the same
// bits as the command-line example: 17 significant digits read back as the same doubles, both ways.
TEST(CommandModel, TheTemplateExampleGivesTheCommandLineExamplesNumbers) {
  const ScratchFolder scratch("template_tmp");
  const std::filesystem::path& tmp = scratch.path();
  const char* before = std::getenv("TMPDIR");
  const std::string saved = before != nullptr ? before : "";
  ::setenv("TMPDIR", tmp.c_str(), 1);
  const Problem with_template =
      Problem::build(Config::load_file(MCSENS_SOURCE_DIR "/examples/external/borehole_template.toml").problem());
  const Problem with_arguments =
      Problem::build(Config::load_file(MCSENS_SOURCE_DIR "/examples/external/borehole.toml").problem());
  const Results a = kept_run(with_template, 24, 2);
  const Results b = kept_run(with_arguments, 24, 2);
  before != nullptr ? ::setenv("TMPDIR", saved.c_str(), 1) : ::unsetenv("TMPDIR");
  EXPECT_EQ(a.failures.total(), 0u);
  ASSERT_EQ(a.kept.rows, 24u);
  EXPECT_EQ(a.kept.inputs, b.kept.inputs);
  for (std::size_t i = 0; i < 24; ++i) {
    EXPECT_EQ(a.kept.outputs[i * a.kept.output_names.size()], b.kept.outputs[i * b.kept.output_names.size()])
        << "draw " << i;
  }
  EXPECT_TRUE(std::filesystem::is_empty(tmp));  // every draw's temporary folder was removed
}

// workdir keeps each draw's folder: draw-<hash of its inputs>, with the filled template, inputs.txt and what the
// program printed on its standard output and error.
TEST(CommandModel, WorkdirKeepsEachDrawsFolderWithWhatTheProgramSawAndSaid) {
  const ScratchFolder scratch("workdir");
  const std::filesystem::path& folder = scratch.path();
  std::ofstream(folder / "deck.tmpl") << "x = {x}\n{not a placeholder}\n";
  const std::string config = R"toml(
[model]
kind = "command"
command = ["/bin/sh", "-c", "read line < deck.tmpl; echo complaint >&2; echo \"y ${line#x = }\""]
template = "deck.tmpl"
workdir = "draws"
outputs = ["y"]
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "y"
)toml";
  std::ofstream(folder / "kept.toml") << config;
  const Results r = kept_run(Problem::build(Config::load_file((folder / "kept.toml").string()).problem()), 10, 2);
  EXPECT_EQ(r.failures.total(), 0u);
  std::size_t folders = 0;
  for (const auto& draw : std::filesystem::directory_iterator(folder / "draws")) {
    ++folders;
    const auto read = [&](const char* name) {
      std::ifstream in(draw.path() / name);
      return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string x = read("inputs.txt").substr(2);  // "x <value>\n"
    EXPECT_EQ(read("deck.tmpl"), "x = " + x + "{not a placeholder}\n");
    EXPECT_EQ(read("stdout.txt"), "y " + x);
    EXPECT_EQ(read("stderr.txt"), "complaint\n");
    const double value = std::stod(x);
    EXPECT_EQ(draw.path().filename().string(), draw_folder_name(&value, 1));
  }
  EXPECT_EQ(folders, 10u);
  for (std::size_t i = 0; i < r.kept.rows; ++i) EXPECT_EQ(r.kept.outputs[i], r.kept.inputs[i]);
}

TEST(CommandModel, EveryDrawTheProgramFailsIsCountedWithItsReasonAndNothingElseIsLost) {
  // x ~ U(0, 1): below 0.2 the program exits 3; in [0.3, 0.33) it kills itself (the shell execs awk);
  // in [0.5, 0.52) it hangs past the timeout; in [0.7, 0.73) it reports z instead of y; above 0.9 it prints
  // garbage; else it reports y = 2 x.
  const char* config = R"toml(
[model]
kind = "command"
command = ["/bin/sh", "-c", "exec awk -v x=$1 'BEGIN { if (x < 0.2) exit 3; if (x >= 0.3 && x < 0.33) system(\"kill -KILL $PPID\"); if (x > 0.9) { print \"y abc\"; exit }; if (x >= 0.7 && x < 0.73) { print \"z 1\"; exit }; if (x >= 0.5 && x < 0.52) system(\"sleep 20\"); print \"y \" 2 * x }'", "model", "{x}"]
outputs = ["y"]
timeout = 0.5
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "y"
[[claims]]
name = "big"
expr = "y > 1"
)toml";
  const Problem problem = Problem::build(Config::load_text(config, "faulty.toml").problem());
  const Results r = kept_run(problem, 300, 2);
  FailureCounts expected;
  double sum = 0;
  std::uint64_t ok = 0;
  std::uint64_t big = 0;
  for (std::size_t i = 0; i < r.kept.rows; ++i) {
    const double x = r.kept.inputs[i];
    const double y = r.kept.outputs[i];
    const DrawStatus status = x < 0.2                ? DrawStatus::exit_status
                              : x >= 0.3 && x < 0.33 ? DrawStatus::signal
                              : x > 0.9              ? DrawStatus::bad_output
                              : x >= 0.7 && x < 0.73 ? DrawStatus::missing_output
                              : x >= 0.5 && x < 0.52 ? DrawStatus::timeout
                                                     : DrawStatus::ok;
    expected.add(status);
    if (status != DrawStatus::ok) {
      EXPECT_TRUE(std::isnan(y)) << "x = " << x;
    } else {
      EXPECT_NEAR(y, 2 * x, 1e-5) << "x = " << x;  // awk prints 6 significant digits
      sum += y;
      ++ok;
      big += y > 1 ? 1 : 0;
    }
  }
  for (const FailureReason& reason : failure_reasons()) {
    EXPECT_EQ(r.failures.*reason.count, expected.*reason.count) << reason.name;
  }
  EXPECT_GT(expected.exit_status, 40u);
  EXPECT_GT(expected.signal, 0u);
  EXPECT_GT(expected.timeout, 0u);
  EXPECT_GT(expected.missing_output, 0u);
  EXPECT_GT(expected.bad_output, 0u);
  EXPECT_EQ(r.failures.reported, 0u);  // every failure has the program's reason, none is the model's own word
  EXPECT_EQ(r.outputs[0].nonfinite, expected.total());
  EXPECT_EQ(r.outputs[0].count, ok);
  EXPECT_NEAR(r.outputs[0].mean, sum / static_cast<double>(ok), 1e-12);
  // The claim over the draws that did not fail, and the bounds over all 300 had each failed draw failed or held it.
  ASSERT_EQ(r.claims.size(), 1u);
  const ClaimSummary& claim = r.claims[0];
  EXPECT_EQ(claim.count, big);
  EXPECT_EQ(claim.n, ok);
  EXPECT_EQ(claim.failed, expected.total());
  EXPECT_EQ(claim.probability_if_failed_fail(), static_cast<double>(big) / 300);
  EXPECT_EQ(claim.probability_if_failed_hold(), static_cast<double>(big + expected.total()) / 300);
}

// A program that fails the first two times it sees a draw and reports y = x the third (it leaves a mark per
// attempt in `folder`): with retries = 2 every draw succeeds, with retries = 1 every draw fails, by its exit status.
std::string fails_twice(const std::filesystem::path& folder, int retries) {
  return R"toml(
[model]
kind = "command"
command = ["/bin/sh", "-c", "m=\"$0/$1\"; if [ -e \"$m.2\" ]; then echo \"y $1\"; elif [ -e \"$m.1\" ]; then touch \"$m.2\"; exit 1; else touch \"$m.1\"; exit 1; fi", ")toml" +
         folder.string() + R"toml(", "{x}"]
outputs = ["y"]
retries = )toml" +
         std::to_string(retries) +
         R"toml(
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "y"
)toml";
}

TEST(CommandModel, AFailedDrawIsRunAgainUpToRetriesTimes) {
  const ScratchFolder scratch("retries");
  const std::filesystem::path& folder = scratch.path();
  for (const int retries : {2, 1}) {
    scratch.reset();
    const Problem problem = Problem::build(Config::load_text(fails_twice(folder, retries), "retries.toml").problem());
    const Results r = kept_run(problem, 40, 2);
    if (retries == 2) {
      EXPECT_EQ(r.failures.total(), 0u);
      for (std::size_t i = 0; i < r.kept.rows; ++i) EXPECT_EQ(r.kept.outputs[i], r.kept.inputs[i]) << "draw " << i;
    } else {
      EXPECT_EQ(r.failures.exit_status, 40u);
      EXPECT_EQ(r.failures.total(), 40u);
    }
  }
}

// The histogram pilot (chunk 0), the run and the kept samples all evaluate the first draws: the program still runs
// once per draw (it logs each of its runs).
TEST(CommandModel, EachDrawRunsTheProgramOnceThoughTheEngineAsksForItAgain) {
  const ScratchFolder scratch("runs");
  const std::filesystem::path& folder = scratch.path();
  const std::string config = R"toml(
[model]
kind = "command"
command = ["/bin/sh", "-c", "echo \"$1\" >> \"$0/log\"; echo \"y $1\"", ")toml" +
                             folder.string() + R"toml(", "{x}"]
outputs = ["y"]
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "y"
)toml";
  const Results r = kept_run(Problem::build(Config::load_text(config, "once.toml").problem()), 300, 2);
  EXPECT_EQ(r.kept.rows, 300u);
  const std::vector<std::string> lines = lines_of(folder / "log");
  EXPECT_EQ(lines.size(), 300u);
  EXPECT_EQ(std::set<std::string>(lines.begin(), lines.end()).size(), 300u);
}

// A stop (Ctrl-C) while chunks after the histogram pilot run: the engine's checkpoint holds the finished draws, and
// a run resumed from it in a new process (a new model, its memory empty) runs only the others, with the bits of a
// run that was never stopped. (test_command_faults.cpp stops a run during its pilot, through the program.)
TEST(CommandModel, AStoppedRunsCheckpointKeepsTheFinishedDrawsForTheResumedRun) {
  const ScratchFolder scratch("stopped");
  const std::filesystem::path& folder = scratch.path();
  const std::string config = R"toml(
[model]
kind = "command"
command = ["/bin/sh", "-c", "sleep 0.02; echo \"$1\" >> \"$0/log\"; echo \"y $1\"", ")toml" +
                             folder.string() + R"toml(", "{x}"]
outputs = ["y"]
jobs = 2
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "y"
)toml";
  const auto log_lines = [&] { return lines_of(folder / "log"); };
  const auto request = [](const Problem& problem, const std::atomic<bool>* stop) {
    RequestChoices choices;
    choices.samples = 96;
    choices.seed = 7;
    choices.chunk_size = 16;  // the pilot is the first 16 draws; five more chunks follow
    choices.only = {"uncertainty"};
    RunRequest r = testing::request_for(problem, choices, 1);
    r.execution.stop = stop;
    return r;
  };
  RunState saved;
  {
    const Problem problem = Problem::build(Config::load_text(config, "stopped.toml").problem());
    std::atomic<bool> stop{false};
    Engine engine(problem, request(problem, &stop));
    std::thread watcher([&] {
      while (log_lines().size() < 40) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      stop = true;
    });
    EXPECT_THROW(engine.run(), Interrupted);
    watcher.join();
    saved = engine.state(RunState::Kind::checkpoint);
  }
  const std::size_t before = log_lines().size();
  EXPECT_LT(before, 96u);
  ASSERT_FALSE(saved.model_draws.empty());
  const RunState back = decode_run_state(encode_run_state(saved), "checkpoint");  // through its bytes
  const Problem problem = Problem::build(Config::load_text(config, "stopped.toml").problem());
  problem.model().restore_finished_draws(back.model_draws, "checkpoint");
  Engine resumed(problem, request(problem, nullptr));
  resumed.import(back, "checkpoint", false);
  resumed.run();
  const Results r = resumed.finish();
  const std::vector<std::string> lines = log_lines();
  EXPECT_EQ(std::set<std::string>(lines.begin(), lines.end()).size(), 96u);
  EXPECT_LE(lines.size(), 96u + 2) << "finished draws ran again (" << before << " before the stop)";
  const Problem fresh_problem = Problem::build(Config::load_text(config, "stopped.toml").problem());
  const Results fresh = run_request(fresh_problem, request(fresh_problem, nullptr));
  EXPECT_EQ(r.outputs[0].mean, fresh.outputs[0].mean);
  EXPECT_EQ(r.outputs[0].sd, fresh.outputs[0].sd);
  EXPECT_EQ(r.outputs[0].quantiles, fresh.outputs[0].quantiles);
}

TEST(CommandModel, OnFailureAbortStopsTheRunNamingTheDrawAndTheReason) {
  const char* config = R"toml(
[model]
kind = "command"
command = ["/bin/sh", "-c", "awk -v x=$1 'BEGIN { if (x < 0.2) exit 3; print \"y \" x }'", "model", "{x}"]
outputs = ["y"]
on_failure = "abort"
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "y"
)toml";
  const Problem problem = Problem::build(Config::load_text(config, "abort.toml").problem());
  try {
    kept_run(problem, 200, 2);
    FAIL() << "the run went on past a failed draw";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), exit_code::kUsage);
    EXPECT_NE(e.message().find("the program '/bin/sh' failed on the draw x = 0."), std::string::npos) << e.message();
    EXPECT_NE(e.message().find(": exit status 3; on_failure = \"abort\" stops the run"), std::string::npos)
        << e.message();
    EXPECT_EQ(e.where().line, 4);  // the command
  }
}

// The Sobol' design's failed runs are counted by reason too, each failed row's base sample dropped whole; the same
// counts on 1 and 2 threads.
TEST(CommandModel, TheSobolDesignsFailedRunsAreCountedByReason) {
  const char* config = R"toml(
[model]
kind = "command"
command = ["/bin/sh", "-c", "awk -v x=$1 -v z=$2 'BEGIN { if (x < 0.1) exit 3; print \"y \" x + 2 * z }'", "model", "{x}", "{z}"]
outputs = ["y"]
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
z = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "y"
[sensitivity]
sobol = { base_samples = 64 }
)toml";
  const Problem problem = Problem::build(Config::load_text(config, "sobol_failures.toml").problem());
  const auto run = [&](int threads) {
    RequestChoices choices;
    choices.samples = 16;
    choices.seed = 3;
    choices.only = {"sobol"};
    return run_request(problem, testing::request_for(problem, choices, threads));
  };
  const Results one = run(1);
  const Results two = run(2);
  ASSERT_EQ(one.sobol.size(), 1u);
  const SobolSummary& so = one.sobol[0];
  EXPECT_GT(so.failures.total(), 0u);
  EXPECT_EQ(so.failures.exit_status, so.failures.total());
  EXPECT_EQ(so.result.N + so.result.nonfinite_bases, 64u);
  // A dropped base has at least one failed row of its k + 2 = 4; a failed row drops its base.
  EXPECT_GE(so.failures.total(), so.result.nonfinite_bases);
  EXPECT_LE(so.failures.total(), 4 * so.result.nonfinite_bases);
  for (const FailureReason& r : failure_reasons()) EXPECT_EQ(two.sobol[0].failures.*r.count, so.failures.*r.count);
  EXPECT_EQ(two.sobol[0].result.ST, so.result.ST);
}

// jobs caps the programs running at once in the whole process, not per worker thread: two threads with blocks of
// their own and jobs = 1 never run two programs at once (each program counts the others running as it starts).
TEST(CommandModel, JobsCapsTheProgramsRunningAtOnceOverEveryThread) {
  const ScratchFolder scratch("jobs");
  const std::filesystem::path& folder = scratch.path();
  const std::string config = counting_config(folder, "jobs = 1");
  const Problem problem = Problem::build(Config::load_text(config, "jobs.toml").problem());
  RequestChoices choices;
  choices.samples = 64;
  choices.seed = 5;
  choices.chunk_size = 8;  // eight chunks: both threads have blocks to run at the same time
  choices.only = {"uncertainty"};
  const Results r = run_request(problem, testing::request_for(problem, choices, 2));
  EXPECT_EQ(r.failures.total(), 0u);
  expect_one_at_a_time(folder, 64u);
}

// jobs = 0 (the default) is the run's thread count: on one thread, one program at a time, even in a block of
// many draws (the machine's cores would have run two).
TEST(CommandModel, JobsZeroIsTheRunsThreadCount) {
  const ScratchFolder scratch("jobs_zero");
  const std::filesystem::path& folder = scratch.path();
  const std::string config = counting_config(folder, "");
  const Problem problem = Problem::build(Config::load_text(config, "jobs_zero.toml").problem());
  RequestChoices choices;
  choices.samples = 40;
  choices.seed = 6;
  choices.only = {"uncertainty"};
  const Results r = run_request(problem, testing::request_for(problem, choices, 1));
  EXPECT_EQ(r.failures.total(), 0u);
  expect_one_at_a_time(folder, 40u);
}

TEST(CommandModel, TheResultsDoNotDependOnHowManyProgramsRunAtOnce) {
  const auto run = [](int jobs) {
    const std::string config = R"toml(
[model]
kind = "command"
command = ["/bin/sh", "-c", "awk -v x=$1 'BEGIN { printf \"y %.17g\\n\", exp(x) }'", "model", "{x}"]
outputs = ["y"]
jobs = )toml" + std::to_string(jobs) +
                               R"toml(
[parameters]
x = { dist = "normal", mean = 0, sd = 1 }
[outputs]
y = "y"
)toml";
    return kept_run(Problem::build(Config::load_text(config, "jobs.toml").problem()), 300, 1);
  };
  const Results one = run(1);
  const Results four = run(4);
  EXPECT_EQ(one.kept.outputs, four.kept.outputs);
  EXPECT_EQ(one.outputs[0].mean, four.outputs[0].mean);
  EXPECT_EQ(one.outputs[0].quantiles, four.outputs[0].quantiles);
  EXPECT_EQ(one.failures.total(), 0u);
}

TEST(CommandModel, APlaceholderThatNamesNoParameterIsRefusedAtTheCommand) {
  const char* config = R"toml([parameters]
rw = { dist = "uniform", low = 0, high = 1 }
[model]
kind = "command"
command = ["prog", "{rww}"]
outputs = ["y"]
[outputs]
y = "y"
)toml";
  try {
    Problem::build(Config::load_text(config, "p.toml").problem());
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(),
              "model.command: {rww} names no parameter (did you mean 'rw'?) (a placeholder {name} is replaced by the "
              "draw's value of parameter name)");
    EXPECT_EQ(e.where().line, 5);
  }
}

}  // namespace
}  // namespace mcsens
