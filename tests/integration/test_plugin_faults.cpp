// SPDX-License-Identifier: MIT
// User code that crashes or never returns (issue 32 class 1), through the real program: a crash inside a plugin
// prints one line naming the plugin, the signal and the block, exits 3 and keeps the last checkpoint, from which
// --resume finishes the run; a plugin that never returns is stopped at once by a second SIGINT or SIGTERM (130,
// 143), the checkpoint kept. The plugin (tests/unit/model/test_plugins.c, faulty_*) faults in a call number the
// environment gives.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "integration/cli_runner.hpp"

namespace mcsens::testing {
namespace {

namespace fs = std::filesystem;

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

std::string faulty_config() {
  return "[model]\nkind = \"plugin\"\nlibrary = \"" + std::string(MCSENS_TEST_PLUGINS) +
         "\"\nprefix = \"faulty\"\n[parameters]\nx = { dist = \"uniform\", low = 0, high = 1 }\n[outputs]\ny = "
         "\"y\"\n";
}

// Blocks of 1024 draws on one thread, a checkpoint after every chunk of 65536. The first 64 calls are the pilot (the
// first chunk, evaluated once more to place the quantile windows), so call 300 is block 235 of the run: draws 240640
// to 241663, after three chunks and their checkpoints.
TEST(PluginFaults, ACrashIsOneLineExitThreeAndTheCheckpointResumes) {
  for (const char* fault : {"segv", "abort"}) {
    TempDir dir(std::string("plugin_crash_") + fault);
    const auto config = dir.write("m.toml", faulty_config());
    const std::string args = "run " + q(config) +
                             " -q -t 1 -n 1000000 --only uncertainty --checkpoint-every 0.000001 -o " +
                             q(dir / "out.h5");
    const CliResult r = run_cli(args, "", "env MCSENS_TEST_FAULT='" + std::string(fault) + " 300'");
    EXPECT_EQ(r.exit_code, 3) << r.err;
    const std::string expected = std::string("mcsens: error: the model plugin 'faulty' (") + MCSENS_TEST_PLUGINS +
                                 ") crashed with " + (fault[0] == 's' ? "SIGSEGV" : "SIGABRT");
    EXPECT_EQ(r.err.rfind(expected, 0), 0u) << r.err;
    EXPECT_NE(r.err.find("while evaluating uncertainty draws 240640 to 241663; no result file was written; the last "
                         "checkpoint, " +
                         (dir / "out.h5.ckpt").string() + ", is kept"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << r.err;  // one line
    EXPECT_FALSE(fs::exists(dir / "out.h5"));
    ASSERT_TRUE(fs::exists(dir / "out.h5.ckpt"));
    // The plugin fixed (no fault), the run goes on from the checkpoint and equals an uninterrupted one.
    const CliResult resumed = run_cli(args + " --resume");
    EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
    const CliResult fresh =
        run_cli("run " + q(config) + " -q -t 2 -n 1000000 --only uncertainty -o " + q(dir / "fresh.h5"));
    ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
    const CliResult a = run_cli("show " + q(dir / "out.h5"));
    const CliResult b = run_cli("show " + q(dir / "fresh.h5"));
    // The summaries agree past their first lines (which name the file, the threads and the time).
    EXPECT_EQ(a.out.substr(a.out.find("output")), b.out.substr(b.out.find("output")));
  }
}

// A run whose plugin never returns: the first SIGINT or SIGTERM cannot stop it (the block never ends), a second one
// ends it at once with 128 + the signal, the last checkpoint kept.
TEST(PluginFaults, ASecondSignalStopsAHungPluginAtOnce) {
  for (const int signal : {SIGINT, SIGTERM}) {
    TempDir dir("plugin_hang_" + std::to_string(signal));
    const auto config = dir.write("m.toml", faulty_config());
    const std::string command = std::string("MCSENS_TEST_FAULT='hang 300' MCSENS_TEST_FAULT_MARK=") +
                                q(dir / "hanging") + " exec '" + MCSENS_BINARY + "' run " + q(config) +
                                " -q -t 1 -n 1000000 --checkpoint-every 0.000001 -o " + q(dir / "out.h5") + " 2>" +
                                q(dir / "err.txt");
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Wait until the run hangs (the plugin makes the file `hanging`), after three chunks and their checkpoints.
    for (int i = 0; i < 1200 && !fs::exists(dir / "hanging"); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_TRUE(fs::exists(dir / "hanging"));
    ::kill(pid, signal);
    // A second signal counts a quarter of a second after the first (one sent to the process group arrives twice).
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    int status = 0;
    EXPECT_EQ(::waitpid(pid, &status, WNOHANG), 0) << "the first signal ended a run whose block never ends";
    const auto sent = std::chrono::steady_clock::now();
    ::kill(pid, signal);
    pid_t ended = 0;
    while ((ended = ::waitpid(pid, &status, WNOHANG)) == 0 &&
           std::chrono::steady_clock::now() - sent < std::chrono::seconds(10)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (ended == 0) {  // still hung: never leave it behind
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      FAIL() << "a second signal did not stop the hung run";
    }
    EXPECT_LT(std::chrono::steady_clock::now() - sent, std::chrono::seconds(5));
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 128 + signal);
    const std::string err = read_text(dir / "err.txt");
    EXPECT_NE(err.find("mcsens: stopped at once by a second signal; no result file was written; the last checkpoint "
                       "is kept for --resume: " +
                       (dir / "out.h5.ckpt").string()),
              std::string::npos)
        << err;
    EXPECT_TRUE(fs::exists(dir / "out.h5.ckpt"));
    EXPECT_FALSE(fs::exists(dir / "out.h5"));
  }
}

// Failed draws are counted with their reason in the console, the JSON and the result file (read back by show), apart
// from genuine non-finite values; an analysis that loses every item to failures says so (issue 32 class 2).
TEST(PluginFaults, FailedDrawsAreReportedWithTheirReasonEverywhere) {
  TempDir dir("plugin_failed_draws");
  // lazy_*: y unwritten for x > 0.5. With x from 0.6 to 1 in a scenario, every draw of that scenario fails.
  const auto config = dir.write(
      "m.toml",
      "[model]\nkind = \"plugin\"\nlibrary = \"" + std::string(MCSENS_TEST_PLUGINS) +
          "\"\nprefix = \"lazy\"\n[parameters]\nx = { dist = \"uniform\", low = 0, high = 1 }\n[outputs]\n"
          "y = \"y\"\n[[scenarios]]\nname = \"high\"\nparameters = { x = { dist = \"uniform\", low = 0.6, high = 1 } "
          "}\n");
  const auto out = dir / "out.h5";
  const CliResult run = run_cli("run " + q(config) + " -n 20000 -o " + q(out));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto note_at = run.out.find(" of 20,000 draws failed (");
  ASSERT_NE(note_at, std::string::npos) << run.out;
  EXPECT_NE(run.out.find("20,000 of 20,000 draws failed (20,000 with an output the model did not write)"),
            std::string::npos)
      << run.out;  // the scenario
  const CliResult show = run_cli("show " + q(out));
  EXPECT_EQ(show.out.substr(show.out.find("output ")), run.out.substr(run.out.find("output ")));
  const CliResult json = run_cli("show --json " + q(out));
  EXPECT_NE(json.out.find("\"failed_draws\": {\"total\": 20000, \"reported\": 0, \"unwritten\": 20000, "),
            std::string::npos)
      << json.out;
  // An analysis whose every item failed says so, not "the output does not vary".
  TempDir all("plugin_every_item_failed");
  const auto failing =
      all.write("m.toml", "[model]\nkind = \"plugin\"\nlibrary = \"" + std::string(MCSENS_TEST_PLUGINS) +
                              "\"\nprefix = \"lazy\"\n[parameters]\nx = { dist = \"uniform\", low = 0.6, high = 1 }\n"
                              "[outputs]\ny = \"y\"\n[sensitivity]\nsobol = { base_samples = 1024 }\n"
                              "shapley = { outer = 100, inner = 3, permutations = 200 }\n");
  const CliResult lost = run_cli("run " + q(failing) + " -n 4096 -o " + q(all / "out.h5"));
  ASSERT_EQ(lost.exit_code, 0) << lost.err;
  EXPECT_NE(lost.out.find("every base sample was dropped (the model failed"), std::string::npos) << lost.out;
  EXPECT_NE(lost.out.find("every item was dropped (the model failed"), std::string::npos) << lost.out;
  EXPECT_EQ(lost.out.find("does not vary"), std::string::npos) << lost.out;
}

}  // namespace
}  // namespace mcsens::testing
