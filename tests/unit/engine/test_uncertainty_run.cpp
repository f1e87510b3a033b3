// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "engine/uncertainty_design.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"
#include "support/problem_from.hpp"
#include "support/requests.hpp"

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
std::vector<std::uint8_t> fingerprint(const Results& r) {
  ByteWriter w;
  UncertaintyDesign::encode(*r.uncertainty_state, w);
  return w.bytes();
}

}  // namespace

TEST(UncertaintyRun, IdenticalBitsForOneTwoThreeThreads) {
  const Problem problem = problem_from(kModel);
  std::vector<std::uint8_t> reference;
  for (int threads : {1, 2, 3}) {
    // 25 chunks of 2048: an odd tree with leftovers.
    const Results r = testing::run_draws(problem, 50'000, 99, SamplerKind::mc, threads, 2048);
    EXPECT_EQ(r.samples, 50'000u);
    if (reference.empty()) {
      reference = fingerprint(r);
    } else {
      EXPECT_EQ(fingerprint(r), reference) << threads << " threads";
    }
  }
}

TEST(UncertaintyRun, CountsEveryDrawOnceAndSeparatesNonFinite) {
  const Problem problem = problem_from(kModel);
  // 10001: not a multiple of the block or chunk size.
  const Results results = testing::run_draws(problem, 10'001, 20251126, SamplerKind::mc, 0, 4096);
  const UncertaintyState& r = *results.uncertainty_state;
  const auto& y = r.outputs[0].moments;
  EXPECT_EQ(y.count() + y.nonfinite(), 10'001u);
  EXPECT_EQ(y.nonfinite(), 0u);
  EXPECT_EQ(r.claims[0].trials(), 10'001u);
  // r = 1/(a - 0.5) is finite for every draw (a is never exactly 0.5 in 53-bit uniforms, almost surely).
  EXPECT_EQ(r.outputs[1].moments.count() + r.outputs[1].moments.nonfinite(), 10'001u);
}

TEST(UncertaintyRun, NonFiniteDrawsAreCountedNotAveraged) {
  const Problem problem = problem_from(R"toml(
[parameters]
a = { dist = "uniform", low = -1, high = 1 }
[outputs]
s = "sqrt(a)"
)toml");
  const Results r = testing::run_draws(problem, 20'000);
  const auto& m = r.uncertainty_state->outputs[0].moments;
  EXPECT_EQ(m.count() + m.nonfinite(), 20'000u);
  EXPECT_GT(m.nonfinite(), 9'000u);  // about half the draws are negative
  EXPECT_LT(m.nonfinite(), 11'000u);
  EXPECT_TRUE(std::isfinite(m.mean()));
}

TEST(UncertaintyRun, KeepsTheFirstDrawsInOrder) {
  const Problem problem = problem_from(kModel);
  RunRequest request = testing::draws_request(problem, 5000, 20251126, SamplerKind::mc, 2, 1024);
  request.settings.keep_samples = 1500;
  const Results r = run_request(problem, request);
  const KeptSamples& kept = r.kept;
  ASSERT_EQ(kept.rows, 1500u);
  ASSERT_EQ(kept.input_names.size(), 3u);
  for (std::uint64_t i = 0; i < kept.rows; ++i) {
    const double a = kept.inputs[i * 3 + 0];
    const double b = kept.inputs[i * 3 + 1];
    EXPECT_EQ(kept.inputs[i * 3 + 2], 2.0);
    EXPECT_DOUBLE_EQ(kept.outputs[i * 2 + 0], a * b + 2.0);
  }
}

TEST(UncertaintyRun, StopFlagInterrupts) {
  const Problem problem = problem_from(kModel);
  std::atomic<bool> stop{true};
  RunRequest request = testing::draws_request(problem, 1'000'000);
  request.execution.stop = &stop;
  EXPECT_THROW(run_request(problem, request), Interrupted);
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
