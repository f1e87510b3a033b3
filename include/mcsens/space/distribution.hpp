// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "mcsens/space/distribution_spec.hpp"

namespace mcsens {

// A univariate distribution sampled by inverse CDF, so that MC, QMC and LHS designs all work for it.
// Immutable and thread-safe after construction; quantile() runs over a block without allocating.
class Distribution {
 public:
  virtual ~Distribution() = default;

  // x[i] = F^-1(u[i]) for i < n; u[i] strictly in (0, 1).
  virtual void quantile(const double* u, double* x, std::size_t n) const = 0;
  virtual double cdf(double x) const = 0;
  virtual double mean() const = 0;
  virtual double variance() const = 0;

  // The kind ("beta") and its parameters as given and as derived ({"a", 2.1}, {"b", 3.4}, {"low", 0}, ...),
  // for `mcsens check` and the HDF5 attributes of /parameters/<name>.
  virtual std::string kind() const = 0;
  virtual std::vector<std::pair<std::string, double>> parameters() const = 0;
  // "beta(mean=0.38, sd=0.03; a=..., b=...)"
  std::string describe() const;
  // How many leading entries of parameters() were given (the rest are derived); describe() puts ';' there.
  virtual std::size_t given_parameter_count() const;
};

// Validates the spec and builds the distribution. Errors name the key and point at it, e.g.
// "parameters.s_hb: beta with mean 0.5 and sd 0.6 does not exist (sd must be below 0.5)"; unknown keys for the
// kind and unknown kinds get a did-you-mean.
std::unique_ptr<Distribution> make_distribution(const DistributionSpec& spec);

// The distribution kinds make_distribution accepts.
const std::vector<std::string>& distribution_kinds();

}  // namespace mcsens
