// SPDX-License-Identifier: MIT
// One library call runs a whole study (issue 34, step 0): the files of `mcsens run` (refusals, checkpoints,
// resume, shards, merge) behind mcsens::Study and merge_shards, with the same bits as the engine run in-process.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/error.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/study/study.hpp"

namespace mcsens {
namespace {

namespace fs = std::filesystem;

const char* kConfig = R"toml(title = "study"
[run]
samples = 40_000
seed = 7
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 0, sd = 1 }
[outputs]
y = "a + b"
[[claims]]
name = "big"
expr = "y > 1"
text = "y exceeds one"
)toml";

class StudyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mcsens_study_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  // The request of `mcsens run` with these choices (chunks of 4096 draws: ten of them).
  static RunRequest request(const Config& config, const RequestChoices& base = {}) {
    RequestChoices choices = base;
    choices.chunk_size = 4096;
    RunRequest r = make_request(config, config.problem(), choices);
    r.execution.threads = 2;
    r.execution.checkpoint_every = 0;  // only when interrupted
    return r;
  }

  Config config_ = Config::load_text(kConfig, "study.toml");
  fs::path dir_;
};

// The same numbers, to the bit, as the engine run in-process (what the tests of the engine check).
void expect_same(const Results& a, const Results& b) {
  ASSERT_EQ(a.outputs.size(), b.outputs.size());
  for (std::size_t i = 0; i < a.outputs.size(); ++i) {
    EXPECT_EQ(a.outputs[i].count, b.outputs[i].count);
    EXPECT_EQ(a.outputs[i].mean, b.outputs[i].mean);
    EXPECT_EQ(a.outputs[i].sd, b.outputs[i].sd);
    EXPECT_EQ(a.outputs[i].quantiles, b.outputs[i].quantiles);
  }
  ASSERT_EQ(a.claims.size(), b.claims.size());
  for (std::size_t i = 0; i < a.claims.size(); ++i) {
    EXPECT_EQ(a.claims[i].count, b.claims[i].count);
    EXPECT_EQ(a.claims[i].probability, b.claims[i].probability);
    EXPECT_EQ(a.claims[i].ci_low, b.claims[i].ci_low);
  }
}

TEST_F(StudyTest, WritesTheResultFileWithTheEnginesOwnNumbers) {
  const Problem problem = Problem::build(config_.problem());
  const Results direct = run_request(problem, request(config_));

  Study study(config_.problem(), request(config_), StudyFiles{path("r.h5"), false, false});
  EXPECT_EQ(study.checkpoint_path(), path("r.h5") + ".ckpt");
  ASSERT_EQ(study.run(), StudyEnd::finished);
  expect_same(study.results(), direct);
  EXPECT_EQ(study.results().output_path, path("r.h5"));
  EXPECT_TRUE(is_mcsens_file(path("r.h5")));
  expect_same(read_result_summary(path("r.h5")), direct);
  EXPECT_FALSE(fs::exists(study.checkpoint_path()));
}

TEST_F(StudyTest, RefusesAnExistingOutputBeforeAnyDrawAndReplacesItWithForce) {
  { std::ofstream(path("r.h5")) << "not a result"; }
  try {
    Study study(config_.problem(), request(config_), StudyFiles{path("r.h5"), false, false});
    FAIL() << "an existing output was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), path("r.h5") +
                               " exists; use --force to overwrite it (or --resume with a larger -n to extend it) (or "
                               "set MCSENS_OVERWRITE=1 to replace earlier results without --force)");
  }
  Study study(config_.problem(), request(config_), StudyFiles{path("r.h5"), false, true});
  EXPECT_EQ(study.run(), StudyEnd::finished);
  EXPECT_TRUE(is_mcsens_file(path("r.h5")));
}

TEST_F(StudyTest, RefusesALinkAndNothingToResume) {
  fs::create_symlink(path("elsewhere.h5"), path("link.h5"));
  EXPECT_THROW(Study(config_.problem(), request(config_), StudyFiles{path("link.h5"), false, true}), Error);
  EXPECT_THROW(Study(config_.problem(), request(config_), StudyFiles{path("none.h5"), true, false}), Error);
  EXPECT_FALSE(fs::exists(path("none.h5")));
}

TEST_F(StudyTest, AnInterruptedStudyResumesToTheSameBits) {
  const Results direct = run_request(Problem::build(config_.problem()), request(config_));
  std::atomic<bool> stop{true};
  RunRequest stopped = request(config_);
  stopped.execution.stop = &stop;
  Study first(config_.problem(), std::move(stopped), StudyFiles{path("r.h5"), false, false});
  ASSERT_EQ(first.run(), StudyEnd::interrupted);
  EXPECT_FALSE(fs::exists(path("r.h5")));
  ASSERT_TRUE(fs::exists(first.checkpoint_path()));
  EXPECT_THROW(first.results(), std::logic_error);

  std::vector<std::string> said;
  RunRequest again = request(config_);
  again.execution.say = [&said](const std::string& line) { said.push_back(line); };
  Study second(config_.problem(), std::move(again), StudyFiles{path("r.h5"), true, false});
  ASSERT_EQ(second.run(), StudyEnd::finished);
  expect_same(second.results(), direct);
  ASSERT_FALSE(said.empty());
  EXPECT_EQ(said.front(), "resuming from " + path("r.h5") + ".ckpt");
  EXPECT_FALSE(fs::exists(second.checkpoint_path()));
}

TEST_F(StudyTest, ShardsMergeIntoTheSingleRunsNumbers) {
  const Results direct = run_request(Problem::build(config_.problem()), request(config_));
  std::vector<std::string> shards;
  for (std::uint64_t i = 1; i <= 2; ++i) {
    RunRequest r = request(config_);
    r.execution.shard_index = i;
    r.execution.shard_count = 2;
    shards.push_back(path("shard" + std::to_string(i) + ".h5"));
    Study shard(config_.problem(), std::move(r), StudyFiles{shards.back(), false, false});
    ASSERT_EQ(shard.run(), StudyEnd::shard_written);
    EXPECT_EQ(partial_result_note(shards.back()), "shard " + std::to_string(i) + " of 2");
  }
  const MergedStudy merged = merge_shards({shards[1], shards[0]}, path("merged.h5"), false);
  expect_same(merged.results, direct);
  expect_same(read_result_summary(path("merged.h5")), direct);
  EXPECT_EQ(merged.problem.output_names(), std::vector<std::string>{"y"});

  try {
    merge_shards({shards[0]}, path("other.h5"), false);
    FAIL() << "a missing shard was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "merge: shard 2 of 2 missing");
  }
  EXPECT_THROW(merge_shards({shards[0], shards[1]}, shards[0], true), Error);  // its own input
  EXPECT_THROW(merge_shards({}, path("other.h5"), false), Error);
}

}  // namespace
}  // namespace mcsens
