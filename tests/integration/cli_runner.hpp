// SPDX-License-Identifier: MIT
// Runs the built mcsens program as a user would, capturing its exit code, stdout and stderr.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace mcsens::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh, empty folder under the build tree's temp area, removed at destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() / ("mcsens_test_" + tag + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

// `args` is a shell-quoted argument string appended to the program path; runs in `cwd` when given. `prefix`, when
// given, is put before the program path: a wrapper such as `bash -c 'ulimit -f 64; exec "$0" "$@"'`.
inline CliResult run_cli(const std::string& args, const std::string& cwd = "", const std::string& prefix = "") {
  static int counter = 0;
  const auto base = std::filesystem::temp_directory_path() /
                    ("mcsens_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const std::string out_path = base.string() + ".out";
  const std::string err_path = base.string() + ".err";
  std::string command = (cwd.empty() ? "" : "cd '" + cwd + "' && ") + prefix + (prefix.empty() ? "" : " ") +
                        std::string("'") + MCSENS_BINARY + "' " + args + " >'" + out_path + "' 2>'" + err_path +
                        "' </dev/null";
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_text(out_path);
  result.err = read_text(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return result;
}

}  // namespace mcsens::testing
