// SPDX-License-Identifier: MIT
// An external program's run stopped by Ctrl-C (issue 19, part 2, "Resumable"), through the real program: the draws
// finished before the signal are kept in the checkpoint, --resume runs only the others (a draw cut short runs
// again: at most one per job), and the result is the bits of an uninterrupted run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include "integration/cli_runner.hpp"

namespace mcsens::testing {
namespace {

namespace fs = std::filesystem;

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

// The lines of the program's log: one per run that finished its work.
std::vector<std::string> log_lines(const fs::path& log) {
  std::vector<std::string> lines;
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(CommandFaults, CtrlCKeepsTheFinishedDrawsAndResumeRunsOnlyTheOthers) {
  TempDir dir("command_interrupt");
  // Each run takes 50 ms, then logs its input and reports y = x; two run at once.
  const auto config = dir.write("slow.toml", R"toml([model]
kind = "command"
command = ["/bin/sh", "-c", "sleep 0.05; echo \"$1\" >> log; echo \"y $1\"", "model", "{x}"]
outputs = ["y"]
jobs = 2
[parameters]
x = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "y"
[[claims]]
name = "high"
expr = "y > 0.7"
)toml");
  const std::string args = "run " + q(config) + " -q -n 120 -o " + q(dir / "out.h5");
  const std::string command = "exec '" + std::string(MCSENS_BINARY) + "' " + args + " 2>" + q(dir / "err.txt");
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Stop it once 30 draws are done (of 120: the whole run is one chunk, and its histogram pilot).
  for (int i = 0; i < 600 && log_lines(dir / "log").size() < 30; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130) << read_text(dir / "err.txt");
  EXPECT_NE(read_text(dir / "err.txt").find("the finished work is saved in " + (dir / "out.h5.ckpt").string()),
            std::string::npos)
      << read_text(dir / "err.txt");
  EXPECT_FALSE(fs::exists(dir / "out.h5"));
  ASSERT_TRUE(fs::exists(dir / "out.h5.ckpt"));
  const std::size_t before = log_lines(dir / "log").size();
  EXPECT_LT(before, 120u) << "the signal came after the last draw";

  const CliResult resumed = run_cli(args + " --resume");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const std::vector<std::string> lines = log_lines(dir / "log");
  const std::set<std::string> draws(lines.begin(), lines.end());
  EXPECT_EQ(draws.size(), 120u);
  EXPECT_LE(lines.size(), 120u + 2) << "finished draws ran again (" << before << " before the signal)";

  // The same bits as a run that was never stopped, on one thread with three jobs.
  const CliResult fresh = run_cli("run " + q(config) + " -q -t 1 -n 120 --set model.jobs=3 -o " + q(dir / "fresh.h5"));
  ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
  const CliResult a = run_cli("show --json " + q(dir / "out.h5"));
  const CliResult b = run_cli("show --json " + q(dir / "fresh.h5"));
  const auto from_outputs = [](const std::string& json) { return json.substr(json.find("\"outputs\"")); };
  const auto until_run = [](const std::string& json) { return json.substr(0, json.find("\"format_version\"")); };
  EXPECT_EQ(until_run(from_outputs(a.out)), until_run(from_outputs(b.out)));
}

}  // namespace
}  // namespace mcsens::testing
