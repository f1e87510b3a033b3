// SPDX-License-Identifier: MIT
// I/O and runtime faults end to end: an output folder that is missing or not a folder, a full disk (a file-size
// limit with SIGXFSZ ignored, so that write() fails with EFBIG as on a full file system), huge requests, and a run
// whose output is never finite. Each failure exits 3 (environment) or 2 (request) with one clear line, leaves no
// file at the target path and never touches a previous file of that name.
#include <gtest/gtest.h>

#include <chrono>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "integration/cli_runner.hpp"

namespace mcsens::testing {

namespace {

namespace fs = std::filesystem;

const char* kModel = R"toml(title = "faults"
[run]
samples = 20000
seed = 5
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 1, sd = 0.5 }
c = { dist = "uniform", low = -1, high = 1 }
[outputs]
y = "a * b + c"
)toml";

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// Files left in `folder` other than `except`: a failed write must leave no temporary file behind.
std::vector<std::string> other_files(const fs::path& folder, const std::vector<std::string>& except) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    if (std::find(except.begin(), except.end(), name) == except.end()) found.push_back(name);
  }
  return found;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Faults, MissingOutputFolderExits3BeforeAnyDraw) {
  TempDir dir("fault_missing");
  const auto config = dir.write("m.toml", kModel);
  const auto r = run_cli("run " + q(config) + " -q -o " + q(dir / "nope/out.h5"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(first_line(r.err).find("folder '" + (dir / "nope").string() + "' does not exist"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "nope"));
  EXPECT_EQ(other_files(dir.path(), {"m.toml"}), std::vector<std::string>{});
}

// Root may write anywhere, so "not writable" is made with a parent that is a regular file: no user can create a
// file under it.
TEST(Faults, OutputFolderThatIsAFileExits3) {
  TempDir dir("fault_notdir");
  const auto config = dir.write("m.toml", kModel);
  dir.write("plain", "not a folder\n");
  const auto r = run_cli("run " + q(config) + " -q -o " + q(dir / "plain/out.h5"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(first_line(r.err).find("'" + (dir / "plain").string() + "' is not a folder"), std::string::npos) << r.err;
  EXPECT_EQ(bytes_of(dir / "plain"), "not a folder\n");
  EXPECT_EQ(other_files(dir.path(), {"m.toml", "plain"}), std::vector<std::string>{});
}

TEST(Faults, OutputPathThatIsAFolderExits3) {
  TempDir dir("fault_isdir");
  const auto config = dir.write("m.toml", kModel);
  fs::create_directories(dir / "out.h5");
  const auto r = run_cli("run " + q(config) + " -q --force -o " + q(dir / "out.h5"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(first_line(r.err).find("a folder of that name exists"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_directory(dir / "out.h5"));
  EXPECT_TRUE(fs::is_empty(dir / "out.h5"));
}

// A full disk: HDF5's writes fail with EFBIG once the file passes 64 KiB. The previous result of that name stays
// byte for byte, and no temporary file is left.
TEST(Faults, DiskFullExits3AndKeepsThePreviousFile) {
  TempDir dir("fault_full");
  const auto config = dir.write("m.toml", kModel);
  const auto first = run_cli("run " + q(config) + " -q -o " + q(dir / "out.h5"));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string before = bytes_of(dir / "out.h5");
  ASSERT_GT(before.size(), 0u);

  const std::string limit = "bash -c 'trap \"\" XFSZ; ulimit -f 64; exec \"$0\" \"$@\"'";
  const auto r =
      run_cli("run " + q(config) + " -q --force -n 50000 --keep-samples 50000 -o " + q(dir / "out.h5"), "", limit);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(first_line(r.err).find("mcsens: error: " + (dir / "out.h5").string() + ": "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(bytes_of(dir / "out.h5"), before);
  EXPECT_EQ(other_files(dir.path(), {"m.toml", "out.h5"}), std::vector<std::string>{});
  // And the kept file is still a valid result.
  const auto show = run_cli("show " + q(dir / "out.h5"));
  EXPECT_EQ(show.exit_code, 0) << show.err;
}

// Issue 32 class 8: a run that stops on a full disk says that its last checkpoint is kept and can be resumed, and
// --resume then finishes the run from it.
TEST(Faults, DiskFullSaysTheLastCheckpointCanBeResumed) {
  TempDir dir("fault_full_checkpoint");
  const auto config = dir.write("m.toml", kModel);
  // A checkpoint after every chunk (a few hundred KB fit under the limit); the kept draws (32 MB) do not.
  const std::string limit = "bash -c 'trap \"\" XFSZ; ulimit -f 512; exec \"$0\" \"$@\"'";
  const std::string args = "run " + q(config) + " -q -t 1 -n 1000000 --keep-samples 1000000 -o " + q(dir / "out.h5");
  const auto r = run_cli(args + " --checkpoint-every 0.000001", "", limit);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("File too large; the last checkpoint, " + (dir / "out.h5.ckpt").string() +
                       ", is kept: make room and continue with the same command and --resume"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  ASSERT_TRUE(fs::exists(dir / "out.h5.ckpt"));
  const auto resumed = run_cli(args + " --resume");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_FALSE(fs::exists(dir / "out.h5.ckpt"));
}

TEST(Faults, KeepSamplesBeyondMemoryIsRefusedWithTheEstimate) {
  TempDir dir("fault_keep");
  const auto config = dir.write("m.toml", kModel);
  const auto r = run_cli("run " + q(config) + " -q -n 1e13 --keep-samples 1e13 -o " + q(dir / "out.h5"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const std::string line = first_line(r.err);
  // 1e13 draws x (3 inputs + 1 output) x 8 bytes.
  EXPECT_NE(line.find("--keep-samples 1e+13 would hold 3.2e+14 bytes"), std::string::npos) << r.err;
  EXPECT_NE(line.find("of memory are available"), std::string::npos) << r.err;
  EXPECT_EQ(other_files(dir.path(), {"m.toml"}), std::vector<std::string>{});
}

TEST(Faults, MorrisTrajectoriesBeyondMemoryAreRefusedWithTheEstimate) {
  TempDir dir("fault_morris");
  const auto config =
      dir.write("m.toml", std::string(kModel) + "[sensitivity]\nmorris = { trajectories = 1e12, levels = 4 }\n");
  const auto r = run_cli("run " + q(config) + " -q -o " + q(dir / "out.h5"));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const std::string line = first_line(r.err);
  EXPECT_NE(line.find("m.toml:12:10: "), std::string::npos) << r.err;
  // 1e12 trajectories x (1 index + 1 target x 3 effects) x 8 bytes.
  EXPECT_NE(line.find("sensitivity.morris.trajectories = 1e+12 would hold 3.2e+13 bytes"), std::string::npos) << r.err;
  EXPECT_EQ(other_files(dir.path(), {"m.toml"}), std::vector<std::string>{});
}

// -n 1e15 streams through chunks in constant memory: it is accepted (not refused: killed after 2 s, with no error
// on stderr), and an interrupt of a long run stops it cleanly with status 130 and no file.
TEST(Faults, HugeSampleCountIsAcceptedAndAnInterruptStopsARunCleanly) {
  TempDir dir("fault_huge_n");
  const auto config = dir.write("m.toml", kModel);
  const auto huge = run_cli("run " + q(config) + " -q -n 1e15 -t 1 -o " + q(dir / "out.h5"), "", "timeout -s KILL 2");
  EXPECT_EQ(huge.exit_code, 137) << huge.err;
  EXPECT_EQ(huge.err.find("mcsens: error"), std::string::npos) << huge.err;
  // 1e15 draws (1.5e10 chunks), stopped after 2 s: the stop must not walk the remaining chunks (it did once, for
  // minutes). The finished chunks are saved in the checkpoint (issue 8), nothing else is left.
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_cli("run " + q(config) + " -q -n 1e15 -t 1 -o " + q(dir / "out.h5"), "",
                         "timeout --preserve-status -s INT 2");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("interrupted; no result file was written"), std::string::npos) << r.err;
  EXPECT_EQ(other_files(dir.path(), {"m.toml"}), std::vector<std::string>{"out.h5.ckpt"});
}

// Every draw of `never` is NaN: the run says so, is not averaged into anything, and still writes a valid file.
TEST(Faults, OutputThatIsNeverFiniteIsReportedAndTheFileIsValid) {
  TempDir dir("fault_nan");
  const auto config = dir.write("m.toml", std::string(kModel) + "never = \"log(-1 - a)\"\n");
  const auto r = run_cli("run " + q(config) + " -n 5000 -o " + q(dir / "out.h5"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("never"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no finite draw"), std::string::npos) << r.out;
  const auto show = run_cli("show " + q(dir / "out.h5"));
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("no finite draw"), std::string::npos) << show.out;
  const auto json = run_cli("show --json " + q(dir / "out.h5"));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"count\": 0, \"nonfinite\": 5000"), std::string::npos) << json.out;
}

}  // namespace

}  // namespace mcsens::testing
