// SPDX-License-Identifier: MIT
// The model interface (include/mcsens/model/model.hpp) proved by a backend written as docs/architecture.md says a
// new one is written: the Sobol' G-function (Sobol' 1993; a = 0, 1, 4.5, 9, 99 x 4 as in
// configs/benchmarks/gfunction.toml) as a plain C++ function. Its arithmetic is the expression program's, operation
// for operation (exactly rounded +, -, *, /, abs; this file is compiled with -ffp-contract=off so that no fused
// multiply-add changes a rounding), so every estimate of every analysis must be identical to the bit. A second
// backend fails some draws on purpose, to pin what a failed draw means for each analysis.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "engine/sobol_design.hpp"
#include "engine/uncertainty_design.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/model/model.hpp"
#include "model/expression_model.hpp"
#include "support/requests.hpp"

namespace mcsens {

namespace {

const char* kGFunction = R"toml(
[parameters]
x1 = { dist = "uniform", low = 0, high = 1 }
x2 = { dist = "uniform", low = 0, high = 1 }
x3 = { dist = "uniform", low = 0, high = 1 }
x4 = { dist = "uniform", low = 0, high = 1 }
x5 = { dist = "uniform", low = 0, high = 1 }
x6 = { dist = "uniform", low = 0, high = 1 }
x7 = { dist = "uniform", low = 0, high = 1 }
x8 = { dist = "uniform", low = 0, high = 1 }
[functions]
gi = { args = ["x", "a"], expr = "(abs(4 * x - 2) + a) / (1 + a)" }
[outputs]
y = "gi(x1, 0) * gi(x2, 1) * gi(x3, 4.5) * gi(x4, 9) * gi(x5, 99) * gi(x6, 99) * gi(x7, 99) * gi(x8, 99)"
[[claims]]
name = "above_one"
expr = "y > 1"
[sensitivity]
sobol = { base_samples = 3000 }
morris = { trajectories = 30 }
regression = true
)toml";

// The G-function backend: inputs x1..x8, targets y and the claim's indicator.
class GFunctionModel final : public Model {
 public:
  GFunctionModel() {
    for (int i = 1; i <= 8; ++i) inputs_.push_back("x" + std::to_string(i));
    targets_ = {{"y", {}}, {"above_one", {}}};
  }
  std::string kind() const override { return "test-gfunction"; }
  const std::vector<std::string>& input_names() const override { return inputs_; }
  const std::vector<ModelTarget>& targets() const override { return targets_; }

  class Evaluator final : public ModelEvaluator {
   public:
    void evaluate(const double* const* x, double* const* out, std::size_t n, DrawStatus* status) override {
      static const double a[8] = {0, 1, 4.5, 9, 99, 99, 99, 99};
      for (std::size_t i = 0; i < n; ++i) {
        double y = 0.0;
        for (int j = 0; j < 8; ++j) {
          const double g = (std::fabs(4.0 * x[j][i] - 2.0) + a[j]) / (1.0 + a[j]);
          y = j == 0 ? g : y * g;
        }
        out[0][i] = y;
        out[1][i] = y > 1.0 ? 1.0 : 0.0;
        status[i] = DrawStatus::ok;
      }
    }
  };
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t) const override { return std::make_unique<Evaluator>(); }

 private:
  std::vector<std::string> inputs_;
  std::vector<ModelTarget> targets_;
};

// Fails every draw whose x1 is below 0.1 (about 10 % of them) and otherwise is the G-function.
class FailingModel final : public Model {
 public:
  std::string kind() const override { return "test-failing"; }
  const std::vector<std::string>& input_names() const override { return inner_.input_names(); }
  const std::vector<ModelTarget>& targets() const override { return inner_.targets(); }
  class Evaluator final : public ModelEvaluator {
   public:
    void evaluate(const double* const* x, double* const* out, std::size_t n, DrawStatus* status) override {
      inner_->evaluate(x, out, n, status);
      for (std::size_t i = 0; i < n; ++i) {
        if (x[0][i] < 0.1) {
          status[i] = DrawStatus::failed;
          out[0][i] = 42.0;  // whatever a failed backend leaves behind must not be used
        }
      }
    }
    std::unique_ptr<ModelEvaluator> inner_ = GFunctionModel().evaluator(0);
  };
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t) const override { return std::make_unique<Evaluator>(); }

 private:
  GFunctionModel inner_;
};

std::vector<std::uint8_t> bytes_of(const UncertaintyState& s) {
  ByteWriter w;
  UncertaintyDesign::encode(s, w);
  return w.bytes();
}

std::vector<std::uint8_t> bytes_of(const SobolDesignState& s) {
  ByteWriter w;
  SobolDesign::encode(s, w);
  return w.bytes();
}

// Every analysis of the config: uncertainty, claims with drivers, Sobol', Morris, regression.
Results run_all(const Problem& problem, int threads) {
  RequestChoices choices;
  choices.samples = 40'000;
  choices.seed = 5;
  choices.chunk_size = 8192;
  return run_request(problem, testing::request_for(problem, choices, threads));
}

ProblemSpec spec_of(const char* text) {
  return Config::load_text(text, "g.toml").problem();
}

}  // namespace

TEST(ModelBackend, ExpressionsAreTheDefaultBackend) {
  const Problem problem = Problem::build(spec_of(kGFunction));
  EXPECT_EQ(problem.model().kind(), "expressions");
  EXPECT_NE(dynamic_cast<const ExpressionModel*>(&problem.model()), nullptr);
  EXPECT_EQ(problem.model().num_inputs(), 8u);
  ASSERT_EQ(problem.model().num_targets(), 2u);
  EXPECT_EQ(problem.model().targets()[1].name, "above_one");
  EXPECT_TRUE(problem.model().targets()[0].shape.scalar());
  EXPECT_EQ(problem.model().targets()[0].shape.elements(), 1u);
}

TEST(ModelBackend, ACppBackendGivesTheBitsOfTheExpressionModel) {
  const Problem expressions = Problem::build(spec_of(kGFunction));
  const Problem cpp = Problem::build(spec_of(kGFunction), std::make_shared<GFunctionModel>());
  EXPECT_EQ(cpp.model().kind(), "test-gfunction");
  for (int threads : {1, 2}) {
    const Results a = run_all(expressions, threads);
    const Results b = run_all(cpp, threads);
    EXPECT_EQ(bytes_of(*a.uncertainty_state), bytes_of(*b.uncertainty_state)) << threads << " threads";
    EXPECT_EQ(bytes_of(*a.sobol_state), bytes_of(*b.sobol_state)) << threads << " threads";
    ASSERT_EQ(a.sobol.size(), 1u);
    ASSERT_EQ(b.sobol.size(), 1u);
    EXPECT_EQ(a.sobol[0].result.S1, b.sobol[0].result.S1);
    EXPECT_EQ(a.sobol[0].result.ST_high, b.sobol[0].result.ST_high);
    EXPECT_EQ(a.morris[0].result.mu_star, b.morris[0].result.mu_star);
    ASSERT_EQ(a.regression.size(), 1u);
    EXPECT_EQ(a.regression[0].result.src, b.regression[0].result.src);
    EXPECT_EQ(a.claims[0].probability, b.claims[0].probability);
    EXPECT_EQ(a.outputs[0].quantiles, b.outputs[0].quantiles);
  }
}

// A failed draw counts as non-finite in every output and claim (never dropped, never averaged); a Sobol' base
// sample with a failed row is left out whole.
TEST(ModelBackend, FailedDrawsAreNonFiniteEverywhere) {
  const Problem problem = Problem::build(spec_of(kGFunction), std::make_shared<FailingModel>());
  const Results r = run_all(problem, 2);
  const OutputSummary& y = r.outputs[0];
  EXPECT_EQ(y.count + y.nonfinite, 40'000u);
  // x1 < 0.1 in a Binomial(40000, 0.1) number of draws: 4000 +- 5 sd (sd = 60).
  EXPECT_NEAR(static_cast<double>(y.nonfinite), 4000.0, 5 * 60.0);
  EXPECT_LT(y.max, 42.0);  // the backend's leftover 42 never reached a statistic
  EXPECT_EQ(r.claims[0].nonfinite, y.nonfinite);
  EXPECT_EQ(r.claims[0].n, y.count);
  // The Sobol' design: of 3000 base samples (rounded up to 32 x 128 = 4096 for the sobol sampler's replicates),
  // those with a failed row among their k + 2 = 10 are dropped. Rows A and B fail independently with probability
  // 0.1 each and the AB_i rows with x1 from A (i != 1) or from B (i = 1): a base sample survives when neither A's
  // nor B's x1 is below 0.1, probability 0.81.
  const double kept = static_cast<double>(r.sobol[0].result.N);
  EXPECT_EQ(r.sobol[0].result.N + r.sobol[0].result.nonfinite_bases, 4096u);
  EXPECT_NEAR(kept, 0.81 * 4096, 5 * std::sqrt(4096 * 0.81 * 0.19));
}

TEST(ModelBackend, ABackendMustMatchTheConfigsInputsAndTargets) {
  const char* other = R"toml(
[parameters]
x1 = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "x1"
)toml";
  try {
    Problem::build(spec_of(other), std::make_shared<GFunctionModel>());
    FAIL() << "a backend with other inputs was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("test-gfunction model's inputs do not match"), std::string::npos) << e.what();
  }
}

namespace {

// The G-function backend with y an array over 20 years: what a backend with an array target declares.
class ArrayModel final : public Model {
 public:
  ArrayModel() {
    targets_ = inner_.targets();
    targets_[0].shape.dimensions.push_back(Dimension{"year", 20});
  }
  std::string kind() const override { return "test-array"; }
  const std::vector<std::string>& input_names() const override { return inner_.input_names(); }
  const std::vector<ModelTarget>& targets() const override { return targets_; }
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t rows) const override { return inner_.evaluator(rows); }

 private:
  GFunctionModel inner_;
  std::vector<ModelTarget> targets_;
};

}  // namespace

// Where each target's values are among the model's columns (issue 35, step 1): an array target takes its elements'
// columns in a row, the targets after it move along; with scalars only, target t is column t, as before.
TEST(ModelBackend, TheTargetLayoutGivesAnArrayTargetItsElementsConsecutiveColumns) {
  const TargetLayout array(ArrayModel().targets(), 1);
  EXPECT_EQ(array.columns(), 21u);
  EXPECT_EQ(ArrayModel().num_columns(), 21u);
  EXPECT_EQ(array.num_targets(), 2u);
  EXPECT_EQ(array.first(0), 0u);
  EXPECT_EQ(array.elements(0), 20u);
  EXPECT_EQ(array.output_column(0), 0u);
  EXPECT_EQ(array.claim_column(0), 20u);
  EXPECT_EQ(array.elements(1), 1u);

  std::vector<ModelTarget> mixed{{"a", {}}, {"b", {{{"row", 3}, {"col", 4}}}}, {"c", {}}, {"holds", {}}};
  const TargetLayout middle(mixed, 3);
  EXPECT_EQ(middle.columns(), 15u);
  EXPECT_EQ(middle.output_column(1), 1u);
  EXPECT_EQ(middle.elements(1), 12u);
  EXPECT_EQ(middle.output_column(2), 13u);
  EXPECT_EQ(middle.claim_column(0), 14u);
  EXPECT_THROW(TargetLayout(mixed, 5), std::logic_error);

  const Problem scalar = Problem::build(spec_of(kGFunction), std::make_shared<GFunctionModel>());
  ASSERT_EQ(scalar.num_columns(), scalar.num_targets());
  EXPECT_EQ(scalar.target_layout().output_column(0), 0u);
  EXPECT_EQ(scalar.target_layout().claim_column(0), 1u);
}

// Array targets are part of the interface (a shape with named dimensions); the analyses that take scalar outputs
// only so far refuse one by name (tests/unit/model/test_array_outputs.cpp runs one through the uncertainty design).
TEST(ModelBackend, AnArrayTargetIsRefusedByTheAnalysesThatCannotTakeItYet) {
  try {
    Problem::build(spec_of(kGFunction), std::make_shared<ArrayModel>());
    FAIL() << "an array target was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("output 'y' is an array: [sensitivity] takes it for sobol only so far"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace mcsens
