// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "integration/cli_runner.hpp"

namespace mcsens::testing {

TEST(CliBasics, VersionNamesVersionAndCommit) {
  const CliResult r = run_cli("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("mcsens 0.", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("(git "), std::string::npos);
}

TEST(CliBasics, HelpListsEverySubcommand) {
  const CliResult r = run_cli("--help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* sub : {"run", "check", "show", "merge", "selfcheck"}) {
    EXPECT_NE(r.out.find(std::string("mcsens ") + sub), std::string::npos) << sub;
  }
}

TEST(CliBasics, NoArgumentsPrintsHelpAndExitsTwo) {
  const CliResult r = run_cli("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("Usage:"), std::string::npos);
}

TEST(CliBasics, UnknownCommandProposesTheClosest) {
  const CliResult r = run_cli("chekc x.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "mcsens: error: unknown command 'chekc' (did you mean 'check'?); commands are run, check, show, "
            "merge, design, ingest, analyze, report, reproduce, selfcheck\n");
}

}  // namespace mcsens::testing
