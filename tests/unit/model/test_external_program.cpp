// SPDX-License-Identifier: MIT
// The external-program protocol (issue 19, part 2; src/model/external_program.*), through /bin/sh scripts: the
// placeholders and the environment carry each input's exact double; outputs as JSON or as lines; and every way a
// draw fails, with its reason: a program that cannot start, exits non-zero, dies by a signal, hangs past its
// timeout (with a child of its own), prints garbage, too much, or leaves an output out.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "model/external_program.hpp"

namespace mcsens {
namespace {

// A command running `script` under /bin/sh with the inputs a, b and the outputs y (and z when asked).
ExternalCommand shell(const std::string& script, std::vector<std::string> outputs = {"y"}, double timeout = 0) {
  ExternalCommand command;
  command.words = {"/bin/sh", "-c", script, "model", "{a}", "{b}"};
  command.inputs = {"a", "b"};
  command.outputs = std::move(outputs);
  command.timeout_seconds = timeout;
  return command;
}

TEST(ExternalProgram, PlaceholdersAndTheEnvironmentCarryEachInputsExactDouble) {
  const double values[] = {0.1, -1e-300};
  const ExternalCommand command = shell("echo");
  const std::vector<std::string> words = substitute(command, values);
  EXPECT_EQ(words[4], "0.10000000000000001");  // 17 significant digits: reads back as the same double
  EXPECT_EQ(words[5], "-1e-300");              // %.17g drops trailing zeros
  EXPECT_EQ(std::strtod(words[4].c_str(), nullptr), 0.1);
  ExternalCommand unknown = command;
  unknown.words.push_back("--c={c}");
  unknown.words.push_back("{a}{nme}");
  EXPECT_EQ(unknown_placeholders(unknown), (std::vector<std::string>{"{c}", "{nme}"}));
  EXPECT_EQ(substitute(unknown, values)[7], "0.10000000000000001{nme}");
  // The program sees them as arguments and as MCSENS_IN_<name>: it reports y from its argument and z from its
  // environment, and both read back as the draw's doubles.
  const ExternalResult r = run_external(shell(R"(echo "y $1"; echo "z $MCSENS_IN_b")", {"y", "z"}), values);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.outputs, (std::vector<double>{0.1, -1e-300}));
}

TEST(ExternalProgram, OutputsAsJsonOrAsLines) {
  const double values[] = {2.0, 3.0};
  ExternalResult r = run_external(shell(R"(printf '{"y": 1.5, "note": "a, b", "z": -2e-3}\n')", {"z", "y"}), values);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.outputs, (std::vector<double>{-2e-3, 1.5}));
  // Lines: the program's own chatter is left alone; the last value of a name counts.
  r = run_external(shell(R"(echo "starting"; echo "y 1"; echo "y 6"; echo "z NaN")", {"y", "z"}), values);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.outputs[0], 6.0);
  EXPECT_TRUE(std::isnan(r.outputs[1]));  // a non-finite value is a result, not a failure
  // Python's json writes NaN and Infinity.
  r = run_external(shell(R"(echo '{"y": Infinity}')"), values);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(r.outputs[0], std::numeric_limits<double>::infinity());
}

TEST(ExternalProgram, EveryFailedDrawHasItsReason) {
  const double values[] = {1.0, 2.0};
  struct Case {
    const char* script;
    ExternalFailure failure;
    const char* reason;
  };
  const Case cases[] = {
      {"exit 3", ExternalFailure::exit_status, "exit status 3"},
      {"echo 'y 1'; kill -SEGV $$", ExternalFailure::signal, "killed by signal 11 (Segmentation fault)"},
      {"echo 'z 1'", ExternalFailure::missing_output, "no output 'y'"},
      {"echo 'y abc'", ExternalFailure::bad_output, "output 'y' is not a number: 'abc'"},
      {"echo 'y 1 2'", ExternalFailure::bad_output, "the line of output 'y' is not 'name value'"},
      {R"(echo '{"y": 1')", ExternalFailure::bad_output, "expected '}' at byte 8 of the JSON output"},
      {R"(echo '{"y": null}')", ExternalFailure::bad_output, "output 'y' is not a number: 'null'"},
      {"head -c 2000000 /dev/zero", ExternalFailure::bad_output, "more than 1048576 bytes on standard output"},
  };
  for (const Case& c : cases) {
    const ExternalResult r = run_external(shell(c.script), values);
    EXPECT_EQ(r.failure, c.failure) << c.script << ": " << r.reason;
    EXPECT_EQ(r.reason, c.reason) << c.script;
    EXPECT_TRUE(std::isnan(r.outputs.at(0))) << c.script;
  }
  ExternalCommand missing;
  missing.words = {"/nonexistent/simulator", "{a}"};
  missing.inputs = {"a"};
  missing.outputs = {"y"};
  const ExternalResult r = run_external(missing, values);
  EXPECT_EQ(r.failure, ExternalFailure::cannot_start);
  EXPECT_EQ(r.reason, "cannot start '/nonexistent/simulator': No such file or directory");
}

TEST(ExternalProgram, AProgramPastItsTimeoutIsKilledWithWhatItStarted) {
  const double values[] = {1.0, 2.0};
  // The program starts a child that keeps its output open, then hangs: both are killed at the deadline.
  const auto start = std::chrono::steady_clock::now();
  const ExternalResult r = run_external(shell("(sleep 30; echo 'y 1') & sleep 30", {"y"}, 0.3), values);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.failure, ExternalFailure::timeout);
  EXPECT_EQ(r.reason,
            "no result within the timeout of 0.29999999999999999 s (the program and what it started were "
            "killed)");
  EXPECT_LT(seconds, 10.0);  // not the 30 s of the program: a generous bound for a loaded machine
  // A program that closes its output and keeps running is stopped at the deadline too.
  const ExternalResult quiet = run_external(shell("echo 'y 1'; exec 1>&-; sleep 30", {"y"}, 0.3), values);
  EXPECT_EQ(quiet.failure, ExternalFailure::timeout);
}

TEST(ExternalProgram, ConcurrentDrawsEachReadTheirOwnOutput) {
  // Each thread's program holds no other thread's pipe (the ends close on exec), so every draw ends when its own
  // program does and reads its own values.
  std::vector<std::thread> threads;
  std::vector<double> got(8, 0.0);
  for (std::size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([t, &got] {
      const double values[] = {static_cast<double>(t), 0.0};
      const ExternalResult r = run_external(shell("sleep 0.05; echo \"y $1\""), values);
      got[t] = r.ok() ? r.outputs[0] : -1;
    });
  }
  for (auto& thread : threads) thread.join();
  for (std::size_t t = 0; t < got.size(); ++t) EXPECT_EQ(got[t], static_cast<double>(t));
}

}  // namespace
}  // namespace mcsens
