// SPDX-License-Identifier: MIT
// Sobol' indices of an array output, per element (issue 35, step 4, first part: the engine), through a C++ backend:
// y_t = a_t x1 + b_t x2 with x1, x2 independent standard normals, a_t = t + 1 and b_t = 10 - t over 10 years, so
// that every element is additive with exact indices S1(x1) = ST(x1) = a_t^2 / (a_t^2 + b_t^2), and the other
// input's the rest (Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", ch. 1: a linear model's
// indices are its squared standardized coefficients). Each estimate is checked within 5 standard errors of its
// exact value, the standard error taken from its own interval; the same bits on 1 and 3 threads and as the scalar
// target of the same column; what cannot take an array yet is refused by name.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/error.hpp"
#include "mcsens/model/model.hpp"
#include "mcsens/report/console.hpp"
#include "mcsens/report/result_file.hpp"
#include "support/requests.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kYears = 10;

double a(std::size_t t) {
  return static_cast<double>(t + 1);
}
double b(std::size_t t) {
  return static_cast<double>(kYears - t);
}

// The config the backend stands in for: y (the series) and s = y's last element as a scalar of its own.
std::string config(const std::string& sensitivity) {
  return R"toml(
[parameters]
x1 = { dist = "normal", mean = 0, sd = 1 }
x2 = { dist = "normal", mean = 0, sd = 1 }
[outputs]
y = "x1"
s = "10 * x1 + x2"
)toml" + sensitivity;
}

class TwoInputSeries final : public Model {
 public:
  std::string kind() const override { return "test-two-input-series"; }
  const std::vector<std::string>& input_names() const override { return inputs_; }
  const std::vector<ModelTarget>& targets() const override { return targets_; }

  class Evaluator final : public ModelEvaluator {
   public:
    // Columns 0 .. 9: y's elements; 10: s, the same value as y's last element.
    void evaluate(const double* const* in, double* const* out, std::size_t n, DrawStatus* status) override {
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t t = 0; t < kYears; ++t) out[t][i] = a(t) * in[0][i] + b(t) * in[1][i];
        out[kYears][i] = a(kYears - 1) * in[0][i] + b(kYears - 1) * in[1][i];
        status[i] = DrawStatus::ok;
      }
    }
  };
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t) const override { return std::make_unique<Evaluator>(); }

 private:
  std::vector<std::string> inputs_{"x1", "x2"};
  std::vector<ModelTarget> targets_{{"y", {{Dimension{"year", kYears}}}}, {"s", {}}};
};

Problem series_problem(const std::string& sensitivity) {
  return Problem::build(Config::load_text(config(sensitivity), "series.toml").problem(),
                        std::make_shared<TwoInputSeries>());
}

const char* kSobol = "[sensitivity]\nsobol = { base_samples = 16384 }\n";

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ArraySobol, EveryElementHasItsExactIndicesWithinFiveStandardErrors) {
  const Problem problem = series_problem(kSobol);
  const Results r = testing::run_only(problem, "sobol", 11);
  ASSERT_EQ(r.sobol.size(), 2u);
  const SobolSummary& y = r.sobol[0];
  ASSERT_TRUE(y.is_array());
  EXPECT_EQ(y.target, "y");
  EXPECT_EQ(y.dimensions.at(0).name, "year");
  ASSERT_EQ(y.elements.size(), kYears);
  EXPECT_FALSE(r.sobol[1].is_array());
  for (std::size_t t = 0; t < kYears; ++t) {
    SCOPED_TRACE("year " + std::to_string(t));
    const SobolResult& e = y.elements[t];
    EXPECT_EQ(e.interval_method, "rqmc-t");
    const double share = a(t) * a(t) / (a(t) * a(t) + b(t) * b(t));
    const double exact[2] = {share, 1 - share};
    for (std::size_t i = 0; i < 2; ++i) {
      // The standard error from the interval (a Student t interval over the replicates: t > 1.96, so this
      // overstates it a little).
      const double se1 = (e.S1_high[i] - e.S1_low[i]) / (2 * 1.96);
      const double seT = (e.ST_high[i] - e.ST_low[i]) / (2 * 1.96);
      EXPECT_GT(se1, 0.0);
      EXPECT_NEAR(e.S1[i], exact[i], 5 * se1) << "input " << i;
      EXPECT_NEAR(e.ST[i], exact[i], 5 * seT) << "input " << i;
    }
  }
}

// An element's indices are those of a scalar target on the same column: the same accumulator, the same bootstrap
// or replicate draws (s is y's last element as a scalar, and the second target). And the same on 1 and 3 threads.
TEST(ArraySobol, AnElementIsTheScalarOfTheSameValuesToTheBitOnAnyThreads) {
  const Problem problem = series_problem(kSobol);
  const Results one = testing::run_only(problem, "sobol", 5, 1);
  const Results three = testing::run_only(problem, "sobol", 5, 3);
  for (std::size_t t = 0; t < kYears; ++t) {
    EXPECT_EQ(one.sobol[0].elements[t].S1, three.sobol[0].elements[t].S1);
    EXPECT_EQ(one.sobol[0].elements[t].ST_low, three.sobol[0].elements[t].ST_low);
  }
  const SobolResult& last = one.sobol[0].elements[kYears - 1];
  const SobolResult& s = one.sobol[1].result;
  EXPECT_EQ(last.S1, s.S1);
  EXPECT_EQ(last.ST, s.ST);
  EXPECT_EQ(last.variance, s.variance);
}

// What cannot take an array yet refuses it by name: the other methods, second order, and the writers of the
// indices (the engine computes them; the file, console, JSON and CSV come next).
TEST(ArraySobol, WhatCannotTakeItYetRefusesByName) {
  EXPECT_NE(refusal([] {
              series_problem("[sensitivity]\nmorris = { trajectories = 4 }\n");
            }).find("output 'y' is an array: [sensitivity] takes it for sobol only so far"),
            std::string::npos);
  EXPECT_NE(refusal([] {
              series_problem("[sensitivity]\nsobol = { base_samples = 64, second_order = true }\n");
            }).find("second-order Sobol' indices of an array output are not computed yet"),
            std::string::npos);
  EXPECT_EQ(refusal([] { series_problem("[sensitivity]\noutputs = [\"s\"]\nmorris = { trajectories = 4 }\n"); }),
            "accepted");
  const Problem problem = series_problem("[sensitivity]\nsobol = { base_samples = 256 }\n");
  const Results r = testing::run_only(problem, "sobol", 5);
  std::ostringstream ignored;
  EXPECT_NE(refusal([&] { print_summary(ignored, r); })
                .find("the Sobol' indices of 'y', an array output, are computed per element, but the console summary "
                      "cannot hold them yet"),
            std::string::npos);
  EXPECT_NE(refusal([&] {
              write_result_file(::testing::TempDir() + "/array_sobol.h5", true, problem, r);
            }).find("but the result file cannot hold them yet"),
            std::string::npos);
}

}  // namespace
}  // namespace mcsens
