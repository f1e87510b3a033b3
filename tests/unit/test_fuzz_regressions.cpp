// SPDX-License-Identifier: MIT
// Replays every input the fuzzers ever failed on (fuzz/regressions/<target>/) and the seed corpora
// (fuzz/corpus/<target>/) through the same entry functions as the libFuzzer targets, without libFuzzer: under the
// asan preset a regression of a fixed crash or sanitizer report fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_entries.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const std::string& folder) {
  std::vector<fs::path> files;
  const fs::path root = fs::path(MCSENS_SOURCE_DIR) / "fuzz" / folder;
  if (!fs::exists(root)) return files;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string bytes_of(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every seed of fuzz/corpus/<target>/ (at least `seeds` of them) and every input of fuzz/regressions/<target>/
// through `entry`: each must run to an answer (a result or a refusal), under the sanitizers too.
void replay(const std::string& target, std::size_t seeds, int (*entry)(std::string_view)) {
  const auto corpus = inputs_of("corpus/" + target);
  ASSERT_GE(corpus.size(), seeds) << "the seed corpus is missing";
  auto inputs = corpus;
  const auto regressions = inputs_of("regressions/" + target);
  inputs.insert(inputs.end(), regressions.begin(), regressions.end());
  for (const auto& path : inputs) {
    SCOPED_TRACE(path.string());
    EXPECT_EQ(entry(bytes_of(path)), 0);
  }
}

TEST(FuzzRegressions, ConfigCorpusAndRegressionsRunToAnAnswer) {
  replay("config", 10, mcsens::fuzz::config_entry);
}

TEST(FuzzRegressions, ExpressionCorpusAndRegressionsRunToAnAnswer) {
  replay("expression", 10, mcsens::fuzz::expression_entry);
}

TEST(FuzzRegressions, DataFileCorpusAndRegressionsRunToAnAnswer) {
  replay("data_file", 5, mcsens::fuzz::data_file_entry);
}

}  // namespace
