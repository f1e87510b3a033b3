// SPDX-License-Identifier: MIT
#include "model/expression_model.hpp"

#include <algorithm>

namespace mcsens {

namespace {

class ExpressionEvaluator final : public ModelEvaluator {
 public:
  ExpressionEvaluator(const Program& program, std::size_t max_rows) : evaluator_(program, max_rows) {}
  void evaluate(const double* const* inputs, double* const* outputs, std::size_t n, DrawStatus* status) override {
    evaluator_.run(inputs, outputs, n);
    std::fill(status, status + n, DrawStatus::ok);
  }

 private:
  Evaluator evaluator_;
};

}  // namespace

ExpressionModel::ExpressionModel(Program program, std::vector<std::string> input_names,
                                 std::vector<ModelTarget> targets)
    : program_(std::move(program)), input_names_(std::move(input_names)), targets_(std::move(targets)) {}

std::unique_ptr<ModelEvaluator> ExpressionModel::evaluator(std::size_t max_rows) const {
  return std::make_unique<ExpressionEvaluator>(program_, max_rows);
}

}  // namespace mcsens
