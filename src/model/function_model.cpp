// SPDX-License-Identifier: MIT
#include "model/function_model.hpp"

#include <memory>
#include <vector>

namespace mcsens {

namespace {

class FunctionEvaluator final : public ModelEvaluator {
 public:
  FunctionEvaluator(std::shared_ptr<const BlockFunction> function, const Program& program, std::size_t parameters,
                    std::size_t max_rows)
      : function_(std::move(function)),
        evaluator_(program, max_rows),
        parameters_(parameters),
        scratch_(function_->outputs().size() * max_rows) {
    for (std::size_t k = 0; k < function_->outputs().size(); ++k) columns_.push_back(scratch_.data() + k * max_rows);
  }

  void evaluate(const double* const* inputs, double* const* outputs, std::size_t n, DrawStatus* status) override {
    function_->evaluate(inputs, n, columns_.data(), status);  // sets every draw's status (BlockFunction's contract)
    // The program reads the parameters, then the function's outputs.
    program_inputs_.assign(inputs, inputs + parameters_);
    for (double* column : columns_) program_inputs_.push_back(column);
    evaluator_.run(program_inputs_.data(), outputs, n);
  }

 private:
  std::shared_ptr<const BlockFunction> function_;
  Evaluator evaluator_;
  std::size_t parameters_;
  std::vector<double> scratch_;
  std::vector<double*> columns_;
  std::vector<const double*> program_inputs_;
};

}  // namespace

FunctionModel::FunctionModel(std::shared_ptr<const BlockFunction> function, std::vector<std::string> parameters,
                             Program program, std::vector<ModelTarget> targets)
    : function_(std::move(function)),
      parameters_(std::move(parameters)),
      program_(std::make_shared<const Program>(std::move(program))),
      targets_(std::move(targets)) {}

std::unique_ptr<ModelEvaluator> FunctionModel::evaluator(std::size_t max_rows) const {
  return std::make_unique<FunctionEvaluator>(function_, *program_, parameters_.size(), max_rows);
}

}  // namespace mcsens
