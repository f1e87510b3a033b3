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

// Issue 18: quantile levels per output. The asked levels (sorted) plus 0.05, 0.5, 0.95 for the summaries; another
// output keeps the 13 default levels. u ~ U(0, 1): Q(p) = p, within 5 order-statistic standard errors
// sqrt(p (1 - p) / N) plus the sketch's relative accuracy; the median is the same estimate as with the default levels.
TEST(UncertaintyRun, QuantileLevelsPerOutput) {
  const std::string model = R"toml(
[parameters]
u = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = { expr = "u", quantiles = [0.995, 0.005, 0.5] }
z = "u"
)toml";
  const std::size_t n = 100'000;
  const Results r = testing::run_draws(problem_from(model), n, 7);
  const OutputSummary& y = r.outputs[0];
  EXPECT_EQ(y.probabilities, (std::vector<double>{0.005, 0.05, 0.5, 0.95, 0.995}));
  EXPECT_EQ(r.outputs[1].probabilities, reported_quantile_probabilities());
  for (double p : {0.005, 0.5, 0.995}) {
    const double se = std::sqrt(p * (1 - p) / static_cast<double>(n));
    EXPECT_NEAR(y.quantile(p), p, 5 * se + y.quantile_accuracy * p) << p;
  }
  EXPECT_EQ(y.quantile(0.5), r.outputs[1].quantile(0.5));
  EXPECT_EQ(y.quantile(0.95), r.outputs[1].quantile(0.95));
}

// Issue 18: a scenario fixes the uncertain input a to 0.25. Its r = 1 / (a - 0.5) is the constant -4, and b, not
// overridden, gets the baseline's draws: the scenario - baseline difference of an output of b alone is exactly 0.
TEST(UncertaintyRun, AScenarioFixingAnInputKeepsTheOtherDraws) {
  const Problem problem = problem_from(std::string(kModel) + R"toml(
[outputs.only_b]
expr = "b"
[[scenarios]]
name = "a_fixed"
parameters = { a = { value = 0.25 } }
)toml");
  const Results r = testing::run_draws(problem, 20'000, 3);
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& s = r.scenarios[0];
  EXPECT_EQ(s.outputs[1].mean, -4.0);
  EXPECT_EQ(s.outputs[1].sd, 0.0);
  EXPECT_EQ(s.outputs[2].mean, r.outputs[2].mean);
  EXPECT_EQ(s.deltas[2].min, 0.0);
  EXPECT_EQ(s.deltas[2].max, 0.0);
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
