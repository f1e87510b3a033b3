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

TEST(FuzzRegressions, ConfigCorpusAndRegressionsRunToAnAnswer) {
  const auto corpus = inputs_of("corpus/config");
  ASSERT_GE(corpus.size(), 10u) << "the seed corpus is missing";
  for (const auto& path : corpus) {
    SCOPED_TRACE(path.string());
    EXPECT_EQ(mcsens::fuzz::config_entry(bytes_of(path)), 0);
  }
  for (const auto& path : inputs_of("regressions/config")) {
    SCOPED_TRACE(path.string());
    EXPECT_EQ(mcsens::fuzz::config_entry(bytes_of(path)), 0);
  }
}

TEST(FuzzRegressions, ExpressionCorpusAndRegressionsRunToAnAnswer) {
  const auto corpus = inputs_of("corpus/expression");
  ASSERT_GE(corpus.size(), 10u) << "the seed corpus is missing";
  for (const auto& path : corpus) {
    SCOPED_TRACE(path.string());
    EXPECT_EQ(mcsens::fuzz::expression_entry(bytes_of(path)), 0);
  }
  for (const auto& path : inputs_of("regressions/expression")) {
    SCOPED_TRACE(path.string());
    EXPECT_EQ(mcsens::fuzz::expression_entry(bytes_of(path)), 0);
  }
}

TEST(FuzzRegressions, DataFileCorpusAndRegressionsRunToAnAnswer) {
  const auto corpus = inputs_of("corpus/data_file");
  ASSERT_GE(corpus.size(), 5u) << "the seed corpus is missing";
  for (const auto& path : corpus) {
    SCOPED_TRACE(path.string());
    EXPECT_EQ(mcsens::fuzz::data_file_entry(bytes_of(path)), 0);
  }
  for (const auto& path : inputs_of("regressions/data_file")) {
    SCOPED_TRACE(path.string());
    EXPECT_EQ(mcsens::fuzz::data_file_entry(bytes_of(path)), 0);
  }
}

}  // namespace
