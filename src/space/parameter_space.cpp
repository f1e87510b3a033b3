// SPDX-License-Identifier: MIT
#include "mcsens/space/parameter_space.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "mcsens/error.hpp"
#include "mcsens/space/normal.hpp"
#include "mcsens/space/number_text.hpp"
#include "mcsens/suggest.hpp"

namespace mcsens {

namespace detail {
// In cholesky.cpp: Eigen's LLT of the g x g row-major r into l; false when r is not positive definite.
bool cholesky_lower(const std::vector<double>& r, std::size_t g, std::vector<double>& l);
}  // namespace detail

namespace {

constexpr std::size_t kNoDimension = static_cast<std::size_t>(-1);

std::string parameter_key(const ParameterSpec& p) {
  return p.distribution.key.empty() ? "parameters." + p.name : p.distribution.key;
}

}  // namespace

struct ParameterSpace::Impl {
  std::vector<ParameterSpec> specs;
  std::vector<std::string> names;
  // nullptr for constants; shared (immutable) so that a scenario space reuses the tables it does not override.
  std::vector<std::shared_ptr<const Distribution>> distributions;
  std::vector<std::size_t> dimension_of;
  std::size_t dimensions = 0;
  std::vector<CorrelationPairSpec> correlations;

  // Gaussian copula over the parameters named in some pair (Iman and Conover 1982; Nelsen 2006, ch. 2):
  // z = Phi^-1(u), z' = L z with L L^T = R, u' = Phi(z'). R holds the Pearson correlations of the normal scores,
  // 2 sin(pi rho_S / 6) for a Spearman rho_S (Pearson 1907; Kruskal 1958), which the marginal quantiles keep
  // because Spearman's rho is invariant under monotone maps.
  std::vector<std::size_t> copula_parameters;  // in config order
  std::vector<double> cholesky;                // g x g, row-major, lower triangular
  std::vector<double> correlation;             // g x g, row-major: R itself (latent_correlation)
};

ParameterSpace::ParameterSpace(const std::vector<ParameterSpec>& parameters,
                               const std::vector<CorrelationPairSpec>& correlations)
    : impl_(std::make_unique<Impl>()) {
  Impl& s = *impl_;
  s.specs = parameters;
  s.correlations = correlations;
  std::set<std::string> seen;
  for (const ParameterSpec& p : parameters) {
    if (!seen.insert(p.name).second) throw Error("parameters." + p.name + ": defined twice", p.location);
    s.names.push_back(p.name);
    if (p.constant) {
      if (!std::isfinite(*p.constant)) {
        throw Error(
            "parameters." + p.name + ": value must be a finite number, not " + detail::format_number(*p.constant),
            p.location);
      }
      s.distributions.push_back(nullptr);
      s.dimension_of.push_back(kNoDimension);
    } else {
      s.distributions.push_back(make_distribution(p.distribution));
      s.dimension_of.push_back(s.dimensions++);
    }
  }

  if (correlations.empty()) return;
  auto index_of = [&](const std::string& name, const CorrelationPairSpec& pair) {
    const auto it = std::find(s.names.begin(), s.names.end(), name);
    if (it == s.names.end()) {
      throw Error("correlation: unknown parameter '" + name + "' in pair (" + pair.first + ", " + pair.second + ")" +
                      did_you_mean(name, s.names),
                  pair.location);
    }
    const auto p = static_cast<std::size_t>(it - s.names.begin());
    if (s.distributions[p] == nullptr) {
      throw Error("correlation: parameter '" + name + "' is a constant and cannot be correlated", pair.location);
    }
    return p;
  };
  std::set<std::pair<std::size_t, std::size_t>> pairs_seen;
  std::vector<std::pair<std::size_t, std::size_t>> pair_params;
  for (const CorrelationPairSpec& pair : correlations) {
    const std::size_t a = index_of(pair.first, pair);
    const std::size_t b = index_of(pair.second, pair);
    if (a == b)
      throw Error("correlation: pair (" + pair.first + ", " + pair.second + ") names one parameter twice",
                  pair.location);
    if (!(std::fabs(pair.rho) <= 1)) {
      throw Error("correlation: rank correlation " + detail::format_number(pair.rho) + " of (" + pair.first + ", " +
                      pair.second + ") must be within [-1, 1]",
                  pair.location);
    }
    if (!pairs_seen.insert({std::min(a, b), std::max(a, b)}).second) {
      throw Error("correlation: pair (" + pair.first + ", " + pair.second + ") is given more than once", pair.location);
    }
    pair_params.emplace_back(a, b);
  }
  for (const auto& [a, b] : pair_params) {
    s.copula_parameters.push_back(a);
    s.copula_parameters.push_back(b);
  }
  std::sort(s.copula_parameters.begin(), s.copula_parameters.end());
  s.copula_parameters.erase(std::unique(s.copula_parameters.begin(), s.copula_parameters.end()),
                            s.copula_parameters.end());
  const std::size_t g = s.copula_parameters.size();
  std::vector<double> r(g * g, 0.0);
  for (std::size_t k = 0; k < g; ++k) r[k * g + k] = 1.0;
  auto slot = [&](std::size_t p) {
    return static_cast<std::size_t>(std::lower_bound(s.copula_parameters.begin(), s.copula_parameters.end(), p) -
                                    s.copula_parameters.begin());
  };
  constexpr double kPi = 3.14159265358979323846;
  for (std::size_t k = 0; k < pair_params.size(); ++k) {
    const std::size_t i = slot(pair_params[k].first), j = slot(pair_params[k].second);
    r[i * g + j] = r[j * g + i] = 2.0 * std::sin(kPi * correlations[k].rho / 6.0);
  }
  s.correlation = r;
  if (!detail::cholesky_lower(r, g, s.cholesky)) {
    std::string listed;
    for (const auto& pair : correlations) {
      listed += (listed.empty() ? "" : ", ") + ("(" + pair.first + ", " + pair.second + ")");
    }
    throw Error("correlation: the rank correlations of " + listed + " do not form a positive definite matrix",
                correlations.front().location);
  }
}

ParameterSpace::~ParameterSpace() = default;
ParameterSpace::ParameterSpace(ParameterSpace&&) noexcept = default;
ParameterSpace& ParameterSpace::operator=(ParameterSpace&&) noexcept = default;

std::size_t ParameterSpace::size() const {
  return impl_->specs.size();
}
std::size_t ParameterSpace::dimensions() const {
  return impl_->dimensions;
}
const std::vector<std::string>& ParameterSpace::names() const {
  return impl_->names;
}
bool ParameterSpace::is_constant(std::size_t parameter) const {
  return impl_->distributions.at(parameter) == nullptr;
}
double ParameterSpace::constant_value(std::size_t parameter) const {
  const auto& c = impl_->specs.at(parameter).constant;
  return c ? *c : std::numeric_limits<double>::quiet_NaN();
}
const Distribution* ParameterSpace::distribution(std::size_t parameter) const {
  return impl_->distributions.at(parameter).get();
}
const ParameterSpec& ParameterSpace::spec(std::size_t parameter) const {
  return impl_->specs.at(parameter);
}
std::size_t ParameterSpace::dimension_of(std::size_t parameter) const {
  return impl_->dimension_of.at(parameter);
}

bool ParameterSpace::has_copula() const {
  return !impl_->copula_parameters.empty();
}

ParameterSpace ParameterSpace::with_overrides(const std::vector<ParameterSpec>& overrides) const {
  std::vector<ParameterSpec> specs = impl_->specs;
  for (const ParameterSpec& o : overrides) {
    const auto it = std::find(impl_->names.begin(), impl_->names.end(), o.name);
    if (it == impl_->names.end()) {
      throw Error(parameter_key(o) + ": unknown parameter '" + o.name + "'" + did_you_mean(o.name, impl_->names),
                  o.location);
    }
    ParameterSpec& target = specs[static_cast<std::size_t>(it - impl_->names.begin())];
    // An uncertain input may be fixed (its sampler dimension stays, unused, so every other input keeps its
    // uniforms); a constant cannot become uncertain, which would need a dimension the baseline does not have.
    if (target.constant && !o.constant) {
      throw Error(parameter_key(o) + ": '" + o.name +
                      "' is a constant and a scenario cannot make it an uncertain input (give it a distribution in "
                      "[parameters] and fix it with { value = x } in the scenarios that need a constant)",
                  o.location);
    }
    if (o.constant && !std::isfinite(*o.constant)) {
      throw Error(parameter_key(o) + ": value must be a finite number, not " + detail::format_number(*o.constant),
                  o.location);
    }
    const std::string label = target.label, unit = target.unit;
    target = o;
    if (target.label.empty()) target.label = label;
    if (target.unit.empty()) target.unit = unit;
  }
  // Same names, order, dimensions and copula: copy everything, then rebuild only the overridden marginals.
  ParameterSpace out(*this, Copy{});
  Impl& s = *out.impl_;
  s.specs = specs;
  for (const ParameterSpec& o : overrides) {
    const auto p = static_cast<std::size_t>(std::find(s.names.begin(), s.names.end(), o.name) - s.names.begin());
    s.distributions[p] = o.constant ? nullptr : std::shared_ptr<const Distribution>(make_distribution(o.distribution));
  }
  return out;
}

ParameterSpace::ParameterSpace(const ParameterSpace& other, Copy) : impl_(std::make_unique<Impl>(*other.impl_)) {}

void ParameterSpace::map(const double* unit, std::size_t unit_stride, double* phys, std::size_t phys_stride,
                         std::size_t n) const {
  const Impl& s = *impl_;
  const std::size_t g = s.copula_parameters.size();
  for (std::size_t p = 0; p < s.specs.size(); ++p) {
    double* out = phys + p * phys_stride;
    if (s.distributions[p] == nullptr) {
      std::fill(out, out + n, *s.specs[p].constant);  // a constant, or an input a scenario fixed
    } else if (g == 0 || !std::binary_search(s.copula_parameters.begin(), s.copula_parameters.end(), p)) {
      s.distributions[p]->quantile(unit + s.dimension_of[p] * unit_stride, out, n);
    }
  }
  if (g == 0) return;
  // Scratch for the normal scores: grows to the largest block seen on this thread, then is reused.
  thread_local std::vector<double> scratch;
  if (scratch.size() < g * n) scratch.resize(g * n);
  double* z = scratch.data();
  for (std::size_t k = 0; k < g; ++k) {
    detail::normal_quantile_block(unit + s.dimension_of[s.copula_parameters[k]] * unit_stride, z + k * n, n);
  }
  // z' = L z in place, last row first (row k reads rows <= k only).
  constexpr double kLow = 0x1.0p-54;
  constexpr double kHigh = 1.0 - 0x1.0p-53;
  for (std::size_t k = g; k-- > 0;) {
    double* zk = z + k * n;
    const double lkk = s.cholesky[k * g + k];
    for (std::size_t i = 0; i < n; ++i) zk[i] *= lkk;
    for (std::size_t l = 0; l < k; ++l) {
      const double lkl = s.cholesky[k * g + l];
      if (lkl == 0.0) continue;
      const double* zl = z + l * n;
      for (std::size_t i = 0; i < n; ++i) zk[i] += lkl * zl[i];
    }
    // u' = Phi(z'), kept strictly inside (0, 1) for the marginal quantile.
    for (std::size_t i = 0; i < n; ++i) zk[i] = std::clamp(detail::normal_cdf(zk[i]), kLow, kHigh);
    const std::size_t p = s.copula_parameters[k];
    if (s.distributions[p] != nullptr) s.distributions[p]->quantile(zk, phys + p * phys_stride, n);
  }
}

std::vector<double> ParameterSpace::latent_correlation() const {
  const Impl& s = *impl_;
  const std::size_t k = s.dimensions;
  std::vector<double> c(k * k, 0.0);
  for (std::size_t d = 0; d < k; ++d) c[d * k + d] = 1.0;
  const std::size_t g = s.copula_parameters.size();
  // R over the copula's parameters, placed at their dimensions.
  for (std::size_t a = 0; a < g; ++a) {
    for (std::size_t b = 0; b < g; ++b) {
      c[s.dimension_of[s.copula_parameters[a]] * k + s.dimension_of[s.copula_parameters[b]]] = s.correlation[a * g + b];
    }
  }
  return c;
}

void ParameterSpace::map_normal_scores(const double* z, std::size_t z_stride, double* phys, std::size_t phys_stride,
                                       std::size_t n) const {
  const Impl& s = *impl_;
  constexpr double kLow = 0x1.0p-54;
  constexpr double kHigh = 1.0 - 0x1.0p-53;
  thread_local std::vector<double> u;
  if (u.size() < n) u.resize(n);
  for (std::size_t p = 0; p < s.specs.size(); ++p) {
    double* out = phys + p * phys_stride;
    if (s.distributions[p] == nullptr) {
      std::fill(out, out + n, *s.specs[p].constant);
      continue;
    }
    const double* zp = z + s.dimension_of[p] * z_stride;
    for (std::size_t i = 0; i < n; ++i) u[i] = std::clamp(detail::normal_cdf(zp[i]), kLow, kHigh);
    s.distributions[p]->quantile(u.data(), out, n);
  }
}

}  // namespace mcsens
