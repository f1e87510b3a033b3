// SPDX-License-Identifier: MIT
// Trajectories a user writes (issue 35, step 5): an output `path = "trajectory(y)"` of a [dynamics] model is an
// array over the time of the dynamics, one element per recorded step (dynamics.record_every), run through the whole
// engine from a config. The model is exponential decay by explicit Euler,
//   dy/dt = -k y,  y(t0) = y0,  y0 ~ U(0.5, 1.5),  k ~ U(0.5, 1.5) independent,
// whose step n is exactly y0 (1 - k h)^n (to rounding), so every element has closed-form moments and Sobol' indices:
// with A = y0 and B = (1 - k h)^n independent, E[Y^j] = E[A^j] E[B^j], where
//   E[A^j] = (1.5^(j+1) - 0.5^(j+1)) / (j + 1)   and   E[B^j] = ((1 - 0.5 h)^(jn+1) - (1 - 1.5 h)^(jn+1)) / ((jn+1) h),
// and (a product of independent factors) S1 of y0 = Var(A) E[B]^2 / Var(Y), S1 of k = E[A]^2 Var(B) / Var(Y).
// Under a scenario k ~ U(1.5, 2.5) the same draws (common random numbers: k' = k + 1) give the paired change
// y0 ((1 - k' h)^n - (1 - k h)^n), of mean E[A] (E[B'] - E[B]) per element.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "engine/uncertainty_design.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/report/console.hpp"
#include "mcsens/report/csv_tables.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/result_file.hpp"
#include "support/requests.hpp"
#include "support/schema_check.hpp"

namespace mcsens {
namespace {

constexpr double kH = 0.1;
constexpr long long kSteps = 40;
constexpr long long kEvery = 4;
constexpr double kStart = 2.0;

const char* kDecay = R"toml(
[parameters]
y0 = { dist = "uniform", low = 0.5, high = 1.5 }
k = { dist = "uniform", low = 0.5, high = 1.5 }
[dynamics]
steps = 40
dt = 0.1
start = 2
record_every = 4
[dynamics.states]
y = { initial = "y0", rate = "-k * y" }
[outputs]
path = { expr = "trajectory(y)", label = "y over time", unit = "m" }
last = "at_end(y)"
[[claims]]
name = "low"
expr = "at_end(y) < 0.05"
)toml";

Problem decay_problem(const std::string& extra = "") {
  return Problem::build(Config::load_text(std::string(kDecay) + extra, "decay.toml").problem());
}

// E[A^j] for A ~ U(0.5, 1.5).
double a_moment(int j) {
  return (std::pow(1.5, j + 1) - std::pow(0.5, j + 1)) / (j + 1);
}
// E[B^j] for B = (1 - k h)^n, k ~ U(0.5, 1.5).
double b_moment(int j, long long n) {
  const double m = static_cast<double>(j * n + 1);
  return (std::pow(1 - 0.5 * kH, m) - std::pow(1 - 1.5 * kH, m)) / (m * kH);
}
double y_moment(int j, long long n) {
  return a_moment(j) * b_moment(j, n);
}

TEST(TrajectoryOutputs, ATrajectoryIsAnArrayOverTimeWithOneElementPerRecordedStep) {
  const Problem problem = decay_problem();
  const ModelTarget& path = problem.model().targets()[0];
  ASSERT_EQ(path.shape.dimensions.size(), 1u);
  const Dimension& time = path.shape.dimensions[0];
  EXPECT_EQ(time.name, "t");
  ASSERT_EQ(time.size, static_cast<std::size_t>(kSteps / kEvery + 1));
  ASSERT_EQ(time.coordinates.size(), time.size);
  for (std::size_t i = 0; i < time.size; ++i) {
    // The time of step k is start + k h, computed as the integration computes it (rounded twice: a build that
    // contracts this test's start + k h into one multiply-add may differ in the last bit).
    EXPECT_DOUBLE_EQ(time.coordinates[i], kStart + static_cast<double>(i * kEvery) * kH) << i;
  }
  EXPECT_TRUE(problem.model().targets()[1].shape.scalar());
  EXPECT_EQ(problem.num_columns(), time.size + 2);  // the elements of path, last, the claim
  // The dimension takes dynamics.time's name.
  std::string text = kDecay;
  text.replace(text.find("start = 2"), 9, "start = 2\ntime = \"year\"");
  const Problem named = Problem::build(Config::load_text(text, "decay.toml").problem());
  EXPECT_EQ(named.model().targets()[0].shape.dimensions[0].name, "year");
}

TEST(TrajectoryOutputs, EveryElementHasTheClosedFormMeanAndSdWithinFiveStandardErrors) {
  const Problem problem = decay_problem();
  constexpr std::uint64_t kDraws = 200'000;
  const Results r = testing::run_draws(problem, kDraws, 13);
  const OutputSummary& path = r.outputs[0];
  ASSERT_TRUE(path.is_array());
  ASSERT_EQ(path.elements.size(), static_cast<std::size_t>(kSteps / kEvery + 1));
  const double draws = static_cast<double>(kDraws);
  for (std::size_t i = 0; i < path.elements.size(); ++i) {
    const long long n = static_cast<long long>(i) * kEvery;
    const double m1 = y_moment(1, n), m2 = y_moment(2, n), m3 = y_moment(3, n), m4 = y_moment(4, n);
    const double variance = m2 - m1 * m1;
    const double central4 = m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 * m1 * m1 * m1;
    const double sd = std::sqrt(variance);
    // The sample sd's large-sample standard error: sd sqrt((m4 / sd^4 - 1) / (4 N)).
    const double sd_se = sd * std::sqrt((central4 / (variance * variance) - 1) / (4 * draws));
    const OutputSummary& e = path.elements[i];
    SCOPED_TRACE("step " + std::to_string(n));
    EXPECT_EQ(e.count, kDraws);
    EXPECT_NEAR(e.mean, m1, 5 * e.mean_se);
    EXPECT_NEAR(e.sd, sd, 5 * sd_se);
  }
  // The last element holds at_end(y)'s values: the same statistics to the bit.
  EXPECT_EQ(path.elements.back().mean, r.outputs[1].mean);
  EXPECT_EQ(path.elements.back().sd, r.outputs[1].sd);
  // An element's quantiles come from a coarser sketch than a scalar's (docs/methods.md): they agree within the
  // two error bounds.
  const OutputSummary& last = path.elements.back();
  ASSERT_EQ(last.quantiles.size(), r.outputs[1].quantiles.size());
  for (std::size_t q = 0; q < last.quantiles.size(); ++q) {
    EXPECT_NEAR(last.quantiles[q], r.outputs[1].quantiles[q], last.quantile_errors[q] + r.outputs[1].quantile_errors[q])
        << q;
  }
}

TEST(TrajectoryOutputs, EveryElementIsTheSameToTheBitOnOneTwoAndThreeThreads) {
  const Problem problem = decay_problem();
  const Results one = testing::run_draws(problem, 30'000, 3, SamplerKind::sobol, 1, 4096);
  for (int threads : {2, 3}) {
    const Results other = testing::run_draws(problem, 30'000, 3, SamplerKind::sobol, threads, 4096);
    for (std::size_t i = 0; i < one.outputs[0].elements.size(); ++i) {
      EXPECT_EQ(one.outputs[0].elements[i].mean, other.outputs[0].elements[i].mean);
      EXPECT_EQ(one.outputs[0].elements[i].sd, other.outputs[0].elements[i].sd);
      EXPECT_EQ(one.outputs[0].elements[i].quantiles, other.outputs[0].elements[i].quantiles);
    }
  }
}

TEST(TrajectoryOutputs, SobolIndicesOverTimeMatchTheClosedFormOfAProduct) {
  const Problem problem = decay_problem("[sensitivity]\noutputs = [\"path\"]\nsobol = { base_samples = 8192 }\n");
  const Results r = testing::run_only(problem, "sobol", 17, 2);
  ASSERT_EQ(r.sobol.size(), 1u);
  const SobolSummary& s = r.sobol[0];
  ASSERT_TRUE(s.is_array());
  ASSERT_EQ(s.elements.size(), static_cast<std::size_t>(kSteps / kEvery + 1));
  ASSERT_EQ(s.inputs, (std::vector<std::string>{"y0", "k"}));
  for (std::size_t i = 0; i < s.elements.size(); ++i) {
    const long long n = static_cast<long long>(i) * kEvery;
    const double variance = y_moment(2, n) - y_moment(1, n) * y_moment(1, n);
    const double var_a = a_moment(2) - 1.0;
    const double var_b = b_moment(2, n) - b_moment(1, n) * b_moment(1, n);
    const double exact[2] = {var_a * b_moment(1, n) * b_moment(1, n) / variance, var_b / variance};
    const SobolResult& e = s.elements[i];
    SCOPED_TRACE("step " + std::to_string(n));
    for (std::size_t j = 0; j < 2; ++j) {
      // The 95 % interval's half-width is 1.96 se.
      const double se = (e.S1_high[j] - e.S1_low[j]) / (2 * 1.96);
      EXPECT_NEAR(e.S1[j], exact[j], 5 * se + 1e-12) << s.inputs[j];
    }
  }
  // At the start only y0 varies: S1 of k is 0 there.
  EXPECT_NEAR(s.elements[0].S1[1], 0.0, 1e-12);
}

// E[(1 - k h)^n] for k ~ U(low, low + 1).
double b_mean(double low, long long n) {
  const double m = static_cast<double>(n + 1);
  return (std::pow(1 - low * kH, m) - std::pow(1 - (low + 1) * kH, m)) / (m * kH);
}

const char* kFaster = R"toml(
[[scenarios]]
name = "faster"
text = "decay one unit faster"
parameters = { k = { dist = "uniform", low = 1.5, high = 2.5 } }
)toml";

TEST(TrajectoryOutputs, ScenariosTakeATrajectoryWithThePairedChangeOfEachElement) {
  const Problem problem = decay_problem(kFaster);
  constexpr std::uint64_t kDraws = 100'000;
  const testing::Drawn one = testing::drawn(problem, kDraws, 29, SamplerKind::mc, 1, 8192);
  const Results& r = one.results;
  ASSERT_EQ(r.scenarios.size(), 1u);
  const ScenarioSummary& faster = r.scenarios[0];
  const OutputSummary& path = faster.outputs[0];
  const OutputSummary& change = faster.deltas[0];
  ASSERT_TRUE(path.is_array());
  ASSERT_TRUE(change.is_array());
  ASSERT_EQ(change.elements.size(), static_cast<std::size_t>(kSteps / kEvery + 1));
  EXPECT_EQ(change.dimensions[0].name, "t");
  for (std::size_t i = 0; i < change.elements.size(); ++i) {
    const long long n = static_cast<long long>(i) * kEvery;
    SCOPED_TRACE("step " + std::to_string(n));
    EXPECT_NEAR(path.elements[i].mean, b_mean(1.5, n), 5 * path.elements[i].mean_se);
    EXPECT_NEAR(change.elements[i].mean, b_mean(1.5, n) - b_mean(0.5, n), 5 * change.elements[i].mean_se + 1e-15);
  }
  EXPECT_EQ(change.elements[0].mean, 0.0);  // at the start the scenario changes nothing
  // The last element's changes are at_end(y)'s, the scalar beside it: the same statistics to the bit.
  EXPECT_EQ(change.elements.back().mean, faster.deltas[1].mean);
  EXPECT_EQ(change.elements.back().sd, faster.deltas[1].sd);
  // The same bits on 3 threads; the run state carries the scenario's elements (decode(encode) gives its bytes).
  const testing::Drawn three = testing::drawn(problem, kDraws, 29, SamplerKind::mc, 3, 8192);
  for (std::size_t i = 0; i < change.elements.size(); ++i) {
    EXPECT_EQ(three.results.scenarios[0].deltas[0].elements[i].mean, change.elements[i].mean);
    EXPECT_EQ(three.results.scenarios[0].deltas[0].elements[i].quantiles, change.elements[i].quantiles);
    EXPECT_EQ(three.results.scenarios[0].outputs[0].elements[i].sd, path.elements[i].sd);
  }
  ASSERT_EQ(one.state.scenarios[0].delta_elements.size(), change.elements.size());
  ByteWriter first;
  UncertaintyDesign::encode(one.state, first);
  ByteReader reader(first.bytes().data(), first.bytes().size(), "state");
  ByteWriter again;
  UncertaintyDesign::encode(UncertaintyDesign::decode(reader), again);
  EXPECT_EQ(again.bytes(), first.bytes());

  // The file: each scenario's array output and its changes along the named dimension, as the schema lists them,
  // and read back as written; the console, JSON and CSV show them.
  const std::string file = ::testing::TempDir() + "/trajectory_scenario.h5";
  write_result_file(file, true, problem, r);
  testing::expect_file_follows_schema(file);
  EXPECT_EQ(std::system(("/usr/bin/python3 " MCSENS_SOURCE_DIR "/scripts/docs_check.py --root " MCSENS_SOURCE_DIR
                         " --schema " +
                         file + " > /dev/null")
                            .c_str()),
            0);
  const Results back = read_result_summary(file);
  ASSERT_TRUE(back.scenarios.at(0).deltas.at(0).is_array());
  for (std::size_t i = 0; i < change.elements.size(); ++i) {
    EXPECT_EQ(back.scenarios[0].deltas[0].elements[i].mean, change.elements[i].mean);
    EXPECT_EQ(back.scenarios[0].outputs[0].elements[i].quantiles, path.elements[i].quantiles);
  }
  std::ostringstream console;
  print_summary(console, back);
  EXPECT_NE(console.str().find("over t (11 values): mean from 3.113e-04 (t 6) to 1 (t 2)\n"), std::string::npos)
      << console.str();
  EXPECT_NE(console.str().find("over t (11 values): mean change from -0.2694 (t 2.8) to 0 (t 2)\n"), std::string::npos)
      << console.str();
  std::ostringstream json;
  print_json(json, back, {});
  EXPECT_NE(json.str().find("\"delta_mean\": [0, "), std::string::npos);
  bool found = false;
  for (const CsvTable& table : csv_tables(back)) {
    if (table.name != "delta_elements") continue;
    found = true;
    EXPECT_EQ(table.rows.size(), change.elements.size());
    EXPECT_EQ(table.rows[0][0], "faster");
  }
  EXPECT_TRUE(found);
}

TEST(TrajectoryOutputs, TheRankingIsByAScalarOutput) {
  // Without [ranking] the scenarios are ranked by the first scalar output (last), not by the array before it.
  const Problem problem =
      decay_problem(std::string(kFaster) + "[[scenarios]]\nname = \"slower\"\nparameters = { k = { value = 0.2 } }\n");
  ASSERT_TRUE(problem.ranking().has_value());
  EXPECT_EQ(problem.output_names()[problem.ranking()->output], "last");
  // rank_by an array output is refused at the key.
  try {
    decay_problem(std::string(kFaster) + "[ranking]\nrank_by = \"path\"\ninclude_baseline = true\n");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("output 'path' is an array (over t): ranking.rank_by ranks the scenarios by one value "
                               "per draw; name a scalar output"),
              std::string::npos)
        << e.message();
    EXPECT_EQ(e.where().line, 24);  // rank_by (kDecay starts with a line break)
  }
}

}  // namespace
}  // namespace mcsens
