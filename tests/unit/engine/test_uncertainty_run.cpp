// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/uncertainty_run.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "support/problem_from.hpp"

namespace mcsens {

namespace {

using testing::problem_from;

const char* kModel = R"toml(
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 1, sd = 0.5 }
c = { value = 2 }
[derived]
ab = "a * b"
[outputs]
y = "ab + c"
r = "1 / (a - 0.5)"
[[claims]]
name = "y_big"
expr = "y > 2.5"
)toml";

// Every statistic of a run as raw bits, so that equality means identical to the bit.
std::vector<std::uint8_t> fingerprint(const UncertaintyResult& r) {
  ByteWriter flat;
  for (const auto& o : r.state.outputs) {
    o.moments.encode(flat);
    o.sketch.encode(flat);
    o.histogram.encode(flat);
  }
  for (const auto& c : r.state.claims) c.encode(flat);
  return std::move(flat.bytes());
}

}  // namespace

TEST(UncertaintyRun, IdenticalBitsForOneTwoThreeThreads) {
  const Problem problem = problem_from(kModel);
  RunOptions options;
  options.samples = 50'000;
  options.chunk_size = 2048;  // 25 chunks: an odd tree with leftovers
  options.seed = 99;
  std::vector<std::uint8_t> reference;
  for (int threads : {1, 2, 3}) {
    options.threads = threads;
    const UncertaintyResult r = run_uncertainty(problem, options);
    EXPECT_EQ(r.draws, 50'000u);
    if (reference.empty()) {
      reference = fingerprint(r);
    } else {
      EXPECT_EQ(fingerprint(r), reference) << threads << " threads";
    }
  }
}

TEST(UncertaintyRun, CountsEveryDrawOnceAndSeparatesNonFinite) {
  const Problem problem = problem_from(kModel);
  RunOptions options;
  options.samples = 10'001;  // not a multiple of the block or chunk size
  options.chunk_size = 4096;
  const UncertaintyResult r = run_uncertainty(problem, options);
  const auto& y = r.state.outputs[0].moments;
  EXPECT_EQ(y.count() + y.nonfinite(), 10'001u);
  EXPECT_EQ(y.nonfinite(), 0u);
  EXPECT_EQ(r.state.claims[0].trials(), 10'001u);
  // r = 1/(a - 0.5) is finite for every draw (a is never exactly 0.5 in 53-bit uniforms, almost surely).
  EXPECT_EQ(r.state.outputs[1].moments.count() + r.state.outputs[1].moments.nonfinite(), 10'001u);
}

TEST(UncertaintyRun, NonFiniteDrawsAreCountedNotAveraged) {
  const Problem problem = problem_from(R"toml(
[parameters]
a = { dist = "uniform", low = -1, high = 1 }
[outputs]
s = "sqrt(a)"
)toml");
  RunOptions options;
  options.samples = 20'000;
  const UncertaintyResult r = run_uncertainty(problem, options);
  const auto& m = r.state.outputs[0].moments;
  EXPECT_EQ(m.count() + m.nonfinite(), 20'000u);
  EXPECT_GT(m.nonfinite(), 9'000u);  // about half the draws are negative
  EXPECT_LT(m.nonfinite(), 11'000u);
  EXPECT_TRUE(std::isfinite(m.mean()));
}

TEST(UncertaintyRun, KeepsTheFirstDrawsInOrder) {
  const Problem problem = problem_from(kModel);
  RunOptions options;
  options.samples = 5000;
  options.keep_samples = 1500;
  options.chunk_size = 1024;
  options.threads = 2;
  const UncertaintyResult r = run_uncertainty(problem, options);
  ASSERT_EQ(r.samples.rows, 1500u);
  ASSERT_EQ(r.samples.input_names.size(), 3u);
  for (std::uint64_t i = 0; i < r.samples.rows; ++i) {
    const double a = r.samples.inputs[i * 3 + 0];
    const double b = r.samples.inputs[i * 3 + 1];
    EXPECT_EQ(r.samples.inputs[i * 3 + 2], 2.0);
    EXPECT_DOUBLE_EQ(r.samples.outputs[i * 2 + 0], a * b + 2.0);
  }
}

TEST(UncertaintyRun, StopFlagInterrupts) {
  const Problem problem = problem_from(kModel);
  std::atomic<bool> stop{true};
  RunOptions options;
  options.samples = 1'000'000;
  options.stop = &stop;
  EXPECT_THROW(run_uncertainty(problem, options), Interrupted);
}

TEST(Problem, SensitivityOutputsMustExist) {
  try {
    problem_from(std::string(kModel) + "[sensitivity]\noutputs = [\"yy\"]\n");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'yy' is neither an output nor a claim (did you mean 'y'?)"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace mcsens
