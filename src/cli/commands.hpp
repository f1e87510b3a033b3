// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace mcsens::cli {

// Each subcommand takes its own arguments (without the program and subcommand names) and returns the exit code.
// Bad input is thrown as mcsens::Error; main() prints it as one line and exits with its code.
int check_command(const std::vector<std::string>& args);
int run_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int design_command(const std::vector<std::string>& args);
int ingest_command(const std::vector<std::string>& args);
int analyze_command(const std::vector<std::string>& args);
int show_command(const std::vector<std::string>& args);
int selfcheck_command(const std::vector<std::string>& args);
int reproduce_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);

}  // namespace mcsens::cli
