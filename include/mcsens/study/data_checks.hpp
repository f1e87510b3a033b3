// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mcsens/space/parameter_space.hpp"
#include "mcsens/study/data_analysis.hpp"

// Checks of data against a config (issue 21, `mcsens analyze DATA --config CONFIG`): the estimators of analyze
// assume the rows are draws of the inputs' joint law; when the config that declares that law is at hand, a column
// whose values contradict its parameter's distribution is worth a warning (a wrong column, a transformed unit, a
// design that was not random).
namespace mcsens {

// Below this p-value the sample is said to contradict the declared distribution: about one column in a thousand
// that does follow it is warned about.
constexpr double kDistributionWarningLevel = 1e-3;

struct DistributionCheck {
  std::string column;
  std::string declared;      // the parameter's distribution in words, "uniform(low=0, high=1)", or "constant 2"
  double ks_distance = 0;    // one-sample KS distance of the column's finite values from the declared CDF (for a
                             // constant: the share of values that are not it)
  double p_value = 1;        // asymptotic, Stephens-corrected (ks one-sample)
  std::size_t n = 0;         // finite values
  bool contradicts = false;  // p_value < kDistributionWarningLevel, or a constant the column does not hold
  std::string warning;       // the message when it contradicts, empty otherwise
};

// One check per input column that names a parameter of `space` (columns the config does not declare are not
// checked), in column order. `config_name` is named in the warnings.
std::vector<DistributionCheck> check_declared_distributions(const DataColumns& data, const ParameterSpace& space,
                                                            const std::string& config_name);

}  // namespace mcsens
