// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "mcsens/space/distribution.hpp"
#include "mcsens/space/distribution_spec.hpp"

namespace mcsens {

// The ordered inputs of a model: maps a block of unit points (one sampler dimension per uncertain parameter) to a
// block of physical values (one array per parameter, constants included), through each marginal's inverse CDF and,
// when [correlation] pairs are given, a Gaussian copula on Spearman rank correlations.
// Immutable and thread-safe after construction.
class ParameterSpace {
 public:
  ParameterSpace(const std::vector<ParameterSpec>& parameters, const std::vector<CorrelationPairSpec>& correlations);
  ~ParameterSpace();
  ParameterSpace(ParameterSpace&&) noexcept;
  ParameterSpace& operator=(ParameterSpace&&) noexcept;

  std::size_t size() const;        // every parameter, constants included, in config order
  std::size_t dimensions() const;  // the uncertain ones of the baseline: the sampler's dimensions
  const std::vector<std::string>& names() const;
  bool is_constant(std::size_t parameter) const;
  double constant_value(std::size_t parameter) const;
  const Distribution* distribution(std::size_t parameter) const;  // nullptr for a constant
  const ParameterSpec& spec(std::size_t parameter) const;
  // Which sampler dimension feeds a parameter (size_t(-1) for a constant).
  std::size_t dimension_of(std::size_t parameter) const;
  // True when [correlation] pairs couple some inputs through the copula: then an input's value depends on other
  // inputs' unit coordinates too, not on its own alone.
  bool has_copula() const;

  // A space with some parameters' distributions replaced (a scenario), keeping names, order, dimensions and the
  // copula: an input that is not overridden gets the same value for the same unit point. An uncertain input may be
  // fixed to a constant ({ value = x }): it keeps its sampler dimension (and its place in the copula), unused.
  // Overriding an unknown name, or turning a constant into an uncertain input, is an Error naming the key.
  ParameterSpace with_overrides(const std::vector<ParameterSpec>& overrides) const;

  // unit[d * unit_stride + i] (d < dimensions()) -> phys[p * phys_stride + i] (p < size()), for i < n.
  void map(const double* unit, std::size_t unit_stride, double* phys, std::size_t phys_stride, std::size_t n) const;

  // The copula in the normal scores z_d = Phi^-1(u_d) of the marginals: the dimensions() x dimensions() row-major
  // correlation matrix of z (the identity where no pair correlates two inputs). What conditional sampling needs
  // (Shapley effects): every input's value is a marginal quantile of Phi(z_d) with z ~ N(0, this).
  std::vector<double> latent_correlation() const;

  // z[d * z_stride + i] (normal scores, correlated as latent_correlation() says) -> phys as map() writes it: each
  // uncertain input's marginal quantile of Phi(z) (kept strictly inside (0, 1)), constants filled.
  void map_normal_scores(const double* z, std::size_t z_stride, double* phys, std::size_t phys_stride,
                         std::size_t n) const;

 private:
  struct Copy {};
  ParameterSpace(const ParameterSpace& other, Copy);  // a deep copy sharing the immutable distributions

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mcsens
