// SPDX-License-Identifier: MIT
#include "model/command_function.hpp"

namespace mcsens {

void CommandFunction::evaluate(const double* const* inputs, std::size_t n, double* const* outputs,
                               DrawStatus* status) const {
  std::vector<double> values(command_.inputs.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < values.size(); ++j) values[j] = inputs[j][i];
    const ExternalResult result = run_external(command_, values.data());
    for (std::size_t k = 0; k < command_.outputs.size(); ++k) outputs[k][i] = result.outputs[k];
    status[i] = result.ok() ? DrawStatus::ok : DrawStatus::failed;
  }
}

}  // namespace mcsens
