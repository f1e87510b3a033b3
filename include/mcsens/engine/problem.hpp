// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/config/problem_spec.hpp"
#include "mcsens/expr/program.hpp"
#include "mcsens/space/parameter_space.hpp"

namespace mcsens {

// A validated, immutable problem: the config's specs turned into a parameter space and one compiled program.
// Built once, passed by const& everywhere; every config or model error surfaces in build().
class Problem {
 public:
  // Throws mcsens::Error (file:line:column) for impossible distributions, bad correlations, expression errors,
  // and analyses that name unknown outputs.
  static Problem build(ProblemSpec spec);

  const ProblemSpec& spec() const { return spec_; }
  const ParameterSpace& space() const { return space_; }

  // The program's targets are the outputs (in config order) followed by the claims' indicators.
  const Program& program() const { return program_; }
  std::size_t num_outputs() const { return spec_.outputs.size(); }
  std::size_t num_claims() const { return spec_.claims.size(); }
  const std::vector<std::string>& output_names() const { return output_names_; }
  const std::vector<std::string>& claim_names() const { return claim_names_; }

  // The source the program was compiled from, for analyses that compile variants (curves, scenarios).
  ModelSource model_source() const;

 private:
  Problem(ProblemSpec spec, ParameterSpace space, Program program);

  ProblemSpec spec_;
  ParameterSpace space_;
  Program program_;
  std::vector<std::string> output_names_;
  std::vector<std::string> claim_names_;
};

}  // namespace mcsens
