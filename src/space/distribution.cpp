// SPDX-License-Identifier: MIT
#include "mcsens/space/distribution.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <set>

#include "mcsens/error.hpp"
#include "mcsens/space/normal.hpp"
#include "mcsens/space/number_text.hpp"
#include "mcsens/suggest.hpp"
#include "space/quantile_table.hpp"

namespace mcsens {

namespace detail {

std::string format_number(double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

}  // namespace detail

namespace {

using detail::format_number;

// Boost.Math evaluated in double (no promotion to long double): about 2x faster table construction, and within
// a few ulps of the promoted result. A quantile beyond the double range (Student's t with df 0.05 far in a tail)
// is +-inf, a draw counted as non-finite, not an exception in the middle of a run.
using FastPolicy =
    boost::math::policies::policy<boost::math::policies::promote_double<false>,
                                  boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;
using BoostBeta = boost::math::beta_distribution<double, FastPolicy>;
using BoostGamma = boost::math::gamma_distribution<double, FastPolicy>;
using BoostNormal = boost::math::normal_distribution<double, FastPolicy>;
using BoostStudentT = boost::math::students_t_distribution<double, FastPolicy>;

// The absolute accuracy of the tabulated quantiles, in units of the distribution's scale (issue 3).
constexpr double kTableAccuracy = 1e-9;

// The beta shapes whose quantiles Boost.Math computes (docs/robustness.md).
constexpr double kMinBetaShapeSum = 1e-150;
constexpr double kMaxBetaShape = 1e15;
constexpr double kMaxGammaShape = 1e10;

// ---------------------------------------------------------------------------------------------------------------
// Spec validation

class SpecReader {
 public:
  explicit SpecReader(const DistributionSpec& spec) : spec_(spec) {}

  const std::string& key() const { return spec_.key; }
  std::string prefix() const { return (spec_.key.empty() ? std::string("distribution") : spec_.key) + ": "; }

  SourceLocation where(const std::string& name) const {
    const auto it = spec_.number_locations.find(name);
    return it != spec_.number_locations.end() ? it->second : spec_.location;
  }

  [[noreturn]] void fail(const std::string& message, const std::string& at = "") const {
    throw Error(prefix() + message, at.empty() ? spec_.location : where(at));
  }

  // Rejects keys the kind does not take, values/weights outside discrete, and non-finite numbers.
  void check_keys(const std::vector<std::string>& allowed) const {
    for (const auto& [name, value] : spec_.numbers) {
      if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
        std::string known;
        for (const auto& a : allowed) known += (known.empty() ? "" : ", ") + a;
        const std::string none = spec_.kind == "empirical" ? "file, column" : "values, weights";
        std::vector<std::string> candidates = allowed;
        candidates.insert(candidates.end(), {"label", "unit"});  // the text keys every parameter may have
        fail(spec_.kind + " takes no key '" + name + "' (it takes " + (known.empty() ? none : known) + ")" +
                 did_you_mean(name, candidates),
             name);
      }
      if (!std::isfinite(value)) fail(name + " must be a finite number, not " + format_number(value), name);
    }
    if (spec_.kind != "discrete") {
      if (!spec_.values.empty()) fail(spec_.kind + " takes no 'values' (only discrete does)");
      if (!spec_.weights.empty()) fail(spec_.kind + " takes no 'weights' (only discrete does)");
    }
    if (spec_.kind != "empirical" && !spec_.data.empty())
      fail(spec_.kind + " takes no data file (only empirical does)");
  }

  bool has(const std::string& name) const { return spec_.numbers.count(name) != 0; }
  double get(const std::string& name) const {
    const auto it = spec_.numbers.find(name);
    if (it == spec_.numbers.end()) fail(spec_.kind + " needs '" + name + "'");
    return it->second;
  }
  double get_or(const std::string& name, double fallback) const { return has(name) ? get(name) : fallback; }

  void require_order(const std::string& low_key, double low, const std::string& high_key, double high) const {
    if (!(low < high)) {
      fail(spec_.kind + " needs " + low_key + " < " + high_key + ", got " + low_key + " = " + format_number(low) +
               " and " + high_key + " = " + format_number(high),
           high_key);
    }
  }
  // A range whose width is beyond the largest double (1.8e308), which the tabulated laws cannot scale by.
  void require_finite_width(double low, double high) const {
    if (!std::isfinite(high - low)) {
      fail(spec_.kind + " needs high - low within the double range (at most 1.8e308), got low = " + format_number(low) +
               " and high = " + format_number(high),
           has("high") ? "high" : "low");
    }
  }
  void require_positive(const std::string& name, double value) const {
    if (!(value > 0)) fail(spec_.kind + " needs " + name + " > 0, got " + format_number(value), name);
  }

  const DistributionSpec& spec() const { return spec_; }

 private:
  const DistributionSpec& spec_;
};

using Parameters = std::vector<std::pair<std::string, double>>;

// ---------------------------------------------------------------------------------------------------------------
// Closed-form quantiles

class UniformDistribution final : public Distribution {
 public:
  UniformDistribution(double low, double high) : low_(low), high_(high) {}
  void quantile(const double* u, double* x, std::size_t n) const override {
    const double width = high_ - low_;
    if (std::isfinite(width)) {
      for (std::size_t i = 0; i < n; ++i) x[i] = low_ + width * u[i];
      return;
    }
    // A range beyond the largest double (-1e308 to 1.7e308): in halves, which cannot overflow.
    const double half_low = 0.5 * low_, half_width = 0.5 * high_ - 0.5 * low_;
    for (std::size_t i = 0; i < n; ++i) x[i] = 2.0 * (half_low + half_width * u[i]);
  }
  double cdf(double x) const override {
    const double width = high_ - low_;
    if (std::isfinite(width)) return std::clamp((x - low_) / width, 0.0, 1.0);
    return std::clamp((0.5 * x - 0.5 * low_) / (0.5 * high_ - 0.5 * low_), 0.0, 1.0);
  }
  double mean() const override {
    const double sum = low_ + high_;
    return std::isfinite(sum) ? 0.5 * sum : 0.5 * low_ + 0.5 * high_;
  }
  double variance() const override { return (high_ - low_) * (high_ - low_) / 12.0; }
  std::string kind() const override { return "uniform"; }
  Parameters parameters() const override { return {{"low", low_}, {"high", high_}}; }

 private:
  double low_;
  double high_;
};

class LogUniformDistribution final : public Distribution {
 public:
  LogUniformDistribution(double low, double high)
      : low_(low), high_(high), log_low_(std::log(low)), log_ratio_(std::log(high / low)) {
    // high / low beyond the largest double (1e-160 to 1e160): the difference of the logarithms.
    if (!std::isfinite(log_ratio_)) log_ratio_ = std::log(high) - log_low_;
  }
  void quantile(const double* u, double* x, std::size_t n) const override {
    for (std::size_t i = 0; i < n; ++i) x[i] = std::exp(log_low_ + log_ratio_ * u[i]);
  }
  double cdf(double x) const override {
    if (x <= low_) return 0.0;
    return std::min(1.0, std::log(x / low_) / log_ratio_);
  }
  double mean() const override { return (high_ - low_) / log_ratio_; }
  double variance() const override {
    const double m = mean();
    const double v = (high_ * high_ - low_ * low_) / (2.0 * log_ratio_) - m * m;
    if (std::isfinite(v)) return v;
    // The same in units of high (+inf only when the variance itself is beyond the double range).
    const double r = low_ / high_, c = (1 - r) / log_ratio_;
    return high_ * high_ * ((1 - r * r) / (2.0 * log_ratio_) - c * c);
  }
  std::string kind() const override { return "loguniform"; }
  Parameters parameters() const override { return {{"low", low_}, {"high", high_}}; }

 private:
  double low_;
  double high_;
  double log_low_;
  double log_ratio_;
};

class NormalDistribution final : public Distribution {
 public:
  NormalDistribution(double mean, double sd) : mean_(mean), sd_(sd) {}
  void quantile(const double* u, double* x, std::size_t n) const override {
    detail::normal_quantile_block(u, x, n);
    for (std::size_t i = 0; i < n; ++i) x[i] = mean_ + sd_ * x[i];
  }
  double cdf(double x) const override { return detail::normal_cdf((x - mean_) / sd_); }
  double mean() const override { return mean_; }
  double variance() const override { return sd_ * sd_; }
  std::string kind() const override { return "normal"; }
  Parameters parameters() const override { return {{"mean", mean_}, {"sd", sd_}}; }

 private:
  double mean_;
  double sd_;
};

class LogNormalDistribution final : public Distribution {
 public:
  enum class Form { median_gsd, mu_sigma, mean_sd };
  LogNormalDistribution(double mu, double sigma, Form form) : mu_(mu), sigma_(sigma), form_(form) {}
  void quantile(const double* u, double* x, std::size_t n) const override {
    detail::normal_quantile_block(u, x, n);
    for (std::size_t i = 0; i < n; ++i) x[i] = std::exp(mu_ + sigma_ * x[i]);
  }
  double cdf(double x) const override { return x <= 0 ? 0.0 : detail::normal_cdf((std::log(x) - mu_) / sigma_); }
  double mean() const override { return std::exp(mu_ + 0.5 * sigma_ * sigma_); }
  double variance() const override { return std::expm1(sigma_ * sigma_) * std::exp(2 * mu_ + sigma_ * sigma_); }
  std::string kind() const override { return "lognormal"; }
  Parameters parameters() const override {
    const Parameters as_median = {{"median", std::exp(mu_)}, {"gsd", std::exp(sigma_)}};
    const Parameters as_log = {{"mu", mu_}, {"sigma", sigma_}};
    if (form_ == Form::mean_sd) {
      Parameters out = {{"mean", mean()}, {"sd", std::sqrt(variance())}};
      out.insert(out.end(), as_median.begin(), as_median.end());
      out.insert(out.end(), as_log.begin(), as_log.end());
      return out;
    }
    const bool median = form_ == Form::median_gsd;
    Parameters out = median ? as_median : as_log;
    const Parameters& derived = median ? as_log : as_median;
    out.insert(out.end(), derived.begin(), derived.end());
    return out;
  }
  std::size_t given_parameter_count() const override { return 2; }

 private:
  double mu_;
  double sigma_;
  Form form_;
};

class TriangularDistribution final : public Distribution {
 public:
  TriangularDistribution(double low, double mode, double high)
      : low_(low), mode_(mode), high_(high), split_((mode - low) / (high - low)) {
    if (!std::isfinite(high - low)) split_ = (0.5 * mode - 0.5 * low) / (0.5 * high - 0.5 * low);
  }
  void quantile(const double* u, double* x, std::size_t n) const override {
    const double width = high_ - low_;
    const double left = width * (mode_ - low_);
    const double right = width * (high_ - mode_);
    if (!std::isfinite(left) || !std::isfinite(right)) {
      // A range beyond 1e154 (its square overflows) or beyond the largest double: in halves and square roots,
      // sqrt(u left) = 2 sqrt(u) sqrt(width / 2) sqrt((mode - low) / 2).
      const double half_low = 0.5 * low_, half_high = 0.5 * high_;
      const double half_width = half_high - half_low;
      const double l = std::sqrt(half_width) * std::sqrt(0.5 * mode_ - half_low);
      const double r = std::sqrt(half_width) * std::sqrt(half_high - 0.5 * mode_);
      for (std::size_t i = 0; i < n; ++i) {
        const double ui = u[i];
        const double a = 2.0 * (half_low + std::sqrt(ui) * l);
        const double b = 2.0 * (half_high - std::sqrt(1.0 - ui) * r);
        x[i] = std::clamp(ui < split_ ? a : b, low_, high_);
      }
      return;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double ui = u[i];
      const double a = low_ + std::sqrt(ui * left);
      const double b = high_ - std::sqrt((1.0 - ui) * right);
      x[i] = ui < split_ ? a : b;
    }
  }
  double cdf(double x) const override {
    if (x <= low_) return 0.0;
    if (x >= high_) return 1.0;
    // As ratios of halves where the products overflow: (x - low)^2 / ((high - low) (mode - low)) and its mirror
    // (the square is at most the product, so a finite product means plain arithmetic is safe).
    const double w = 0.5 * high_ - 0.5 * low_;
    if (x <= mode_) {
      const double den = (high_ - low_) * (mode_ - low_);
      if (std::isfinite(den)) return (x - low_) * (x - low_) / den;
      const double d = 0.5 * x - 0.5 * low_;
      return (d / w) * (d / (0.5 * mode_ - 0.5 * low_));
    }
    const double den = (high_ - low_) * (high_ - mode_);
    if (std::isfinite(den)) return 1.0 - (high_ - x) * (high_ - x) / den;
    const double d = 0.5 * high_ - 0.5 * x;
    return 1.0 - (d / w) * (d / (0.5 * high_ - 0.5 * mode_));
  }
  double mean() const override {
    const double m = (low_ + mode_ + high_) / 3.0;
    return std::isfinite(m) ? m : low_ / 3.0 + mode_ / 3.0 + high_ / 3.0;
  }
  double variance() const override {
    const double a = low_, b = high_, c = mode_;
    return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
  }
  std::string kind() const override { return "triangular"; }
  Parameters parameters() const override { return {{"low", low_}, {"mode", mode_}, {"high", high_}}; }

 private:
  double low_;
  double mode_;
  double high_;
  double split_;
};

// Exponential(rate): Q(u) = -log(1 - u) / rate.
class ExponentialDistribution final : public Distribution {
 public:
  ExponentialDistribution(double rate, bool given_as_mean) : rate_(rate), by_mean_(given_as_mean) {}
  void quantile(const double* u, double* x, std::size_t n) const override {
    for (std::size_t i = 0; i < n; ++i) x[i] = -std::log1p(-u[i]) / rate_;
  }
  double cdf(double x) const override { return x <= 0 ? 0.0 : -std::expm1(-rate_ * x); }
  double mean() const override { return 1 / rate_; }
  double variance() const override { return 1 / (rate_ * rate_); }
  std::string kind() const override { return "exponential"; }
  Parameters parameters() const override {
    if (by_mean_) return {{"mean", 1 / rate_}, {"rate", rate_}};
    return {{"rate", rate_}, {"mean", 1 / rate_}};
  }
  std::size_t given_parameter_count() const override { return 1; }

 private:
  double rate_;
  bool by_mean_;
};

// Weibull(shape k, scale lambda): Q(u) = lambda (-log(1 - u))^(1/k).
class WeibullDistribution final : public Distribution {
 public:
  WeibullDistribution(double shape, double scale) : shape_(shape), scale_(scale) {}
  void quantile(const double* u, double* x, std::size_t n) const override {
    const double inv = 1 / shape_;
    for (std::size_t i = 0; i < n; ++i) x[i] = scale_ * std::pow(-std::log1p(-u[i]), inv);
  }
  double cdf(double x) const override { return x <= 0 ? 0.0 : -std::expm1(-std::pow(x / scale_, shape_)); }
  double mean() const override { return scale_ * std::tgamma(1 + 1 / shape_); }
  double variance() const override {
    const double g1 = std::tgamma(1 + 1 / shape_), g2 = std::tgamma(1 + 2 / shape_);
    return scale_ * scale_ * (g2 - g1 * g1);
  }
  std::string kind() const override { return "weibull"; }
  Parameters parameters() const override {
    return {{"shape", shape_}, {"scale", scale_}, {"mean", mean()}, {"sd", std::sqrt(variance())}};
  }
  std::size_t given_parameter_count() const override { return 2; }

 private:
  double shape_;
  double scale_;
};

// The integers low, low + 1, ..., high with equal probabilities: Q(u) = low + floor(u (high - low + 1)).
class UniformIntDistribution final : public Distribution {
 public:
  UniformIntDistribution(double low, double high) : low_(low), high_(high), count_(high - low + 1) {}
  void quantile(const double* u, double* x, std::size_t n) const override {
    for (std::size_t i = 0; i < n; ++i) x[i] = std::min(high_, low_ + std::floor(u[i] * count_));
  }
  double cdf(double x) const override {
    if (x < low_) return 0.0;
    return std::min(1.0, (std::floor(x) - low_ + 1) / count_);
  }
  double mean() const override { return 0.5 * (low_ + high_); }
  double variance() const override { return (count_ * count_ - 1) / 12.0; }
  std::string kind() const override { return "uniform_int"; }
  Parameters parameters() const override { return {{"low", low_}, {"high", high_}}; }

 private:
  double low_;
  double high_;
  double count_;
};

// The empirical distribution of data x_(0) <= ... <= x_(n-1): the inverse CDF interpolates linearly between the
// order statistics, Q(u) = x_(k) + (h - k) (x_(k+1) - x_(k)) with h = (n - 1) u, k = floor(h) (Hyndman and Fan
// 1996, definition 7, the default of R's quantile()). Its support is [min, max]; mean and variance are those of
// this piecewise-linear Q: E X = int Q du, E X^2 = int Q^2 du, exact per segment.
class EmpiricalDistribution final : public Distribution {
 public:
  EmpiricalDistribution(std::vector<double> data, std::string source)
      : x_(std::move(data)), source_(std::move(source)) {
    std::sort(x_.begin(), x_.end());
    const double segments = static_cast<double>(x_.size() - 1);
    // Data beyond 1e150 in size would overflow the squares: the moments are taken of x / scale and scaled back (a
    // variance beyond the double range is then inf, honestly). Smaller data keep the plain sums.
    const double largest = std::max(std::fabs(x_.front()), std::fabs(x_.back()));
    const double scale = largest > 1e150 ? largest : 1.0;
    double m1 = 0, m2 = 0;
    for (std::size_t k = 0; k + 1 < x_.size(); ++k) {
      const double a = x_[k] / scale, b = x_[k + 1] / scale;
      m1 += 0.5 * (a + b);
      m2 += (a * a + a * b + b * b) / 3.0;
    }
    mean_ = m1 / segments;
    variance_ = std::max(0.0, m2 / segments - mean_ * mean_);
    mean_ *= scale;
    variance_ = variance_ * scale * scale;
  }
  void quantile(const double* u, double* x, std::size_t n) const override {
    const double segments = static_cast<double>(x_.size() - 1);
    const std::size_t last = x_.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
      const double h = u[i] * segments;
      const std::size_t k = std::min(static_cast<std::size_t>(h), last - 1);
      const double t = h - static_cast<double>(k);
      const double width = x_[k + 1] - x_[k];
      // A segment wider than the double range (from near -1.8e308 to near +1.8e308) is interpolated without its
      // width, which would be inf: its ends have opposite signs, so neither product nor the sum overflows.
      x[i] = std::isfinite(width) ? x_[k] + t * width : (1 - t) * x_[k] + t * x_[k + 1];
    }
  }
  double cdf(double x) const override {
    if (x < x_.front()) return 0.0;
    if (x >= x_.back()) return 1.0;
    // The last order statistic <= x starts the segment (ties: the last of them, where F jumps past them).
    const auto k = static_cast<std::size_t>(std::upper_bound(x_.begin(), x_.end(), x) - x_.begin()) - 1;
    const double width = x_[k + 1] - x_[k];
    const double t = x_[k + 1] > x_[k] ? (std::isfinite(width) ? (x - x_[k]) / width
                                                               : (x / 2 - x_[k] / 2) / (x_[k + 1] / 2 - x_[k] / 2))
                                       : 0.0;
    return (static_cast<double>(k) + t) / static_cast<double>(x_.size() - 1);
  }
  double mean() const override { return mean_; }
  double variance() const override { return variance_; }
  std::string kind() const override { return "empirical"; }
  Parameters parameters() const override {
    return {{"n", static_cast<double>(x_.size())},
            {"min", x_.front()},
            {"max", x_.back()},
            {"mean", mean_},
            {"sd", std::sqrt(variance_)}};
  }
  std::size_t given_parameter_count() const override { return 1; }
  const std::string& source() const { return source_; }

 private:
  std::vector<double> x_;
  std::string source_;
  double mean_ = 0;
  double variance_ = 0;
};

// ---------------------------------------------------------------------------------------------------------------
// Tabulated quantiles (detail::QuantileTable over Boost.Math's exact quantile)

// Beta(a, b) on [low, high]; PERT is one with a = 1 + 4 (mode - low) / (high - low), b = 1 + 4 (high - mode) / ...
// (Malcolm et al. 1959; Vose 2008, lambda = 4).
class BetaDistribution final : public Distribution {
 public:
  BetaDistribution(double a, double b, double low, double high, std::string kind, Parameters given)
      : a_(a), b_(b), low_(low), high_(high), beta_(a, b), kind_(std::move(kind)), given_(std::move(given)) {
    const double width = high_ - low_;
    detail::QuantileTable::Functions f;
    const BoostBeta dist = beta_;
    const double lo = low_;
    f.lower = [dist, lo, width](double w) { return lo + width * boost::math::quantile(dist, w); };
    f.upper = [dist, lo, width](double w) {
      return lo + width * boost::math::quantile(boost::math::complement(dist, w));
    };
    f.pdf = [dist, lo, width](double x) {
      const double t = (x - lo) / width;
      if (t <= 0 || t >= 1) return std::numeric_limits<double>::quiet_NaN();
      return boost::math::pdf(dist, t) / width;
    };
    const double am1 = a - 1, bm1 = b - 1;
    f.dlog_pdf = [am1, bm1, lo, width](double x) {
      const double t = (x - lo) / width;
      return (am1 / t - bm1 / (1 - t)) / width;
    };
    table_ = detail::QuantileTable(std::move(f), kTableAccuracy * width);
  }
  void quantile(const double* u, double* x, std::size_t n) const override { table_.evaluate(u, x, n); }
  double cdf(double x) const override {
    const double t = (x - low_) / (high_ - low_);
    if (t <= 0) return 0.0;
    if (t >= 1) return 1.0;
    return boost::math::cdf(beta_, t);
  }
  double mean() const override { return low_ + (high_ - low_) * a_ / (a_ + b_); }
  double variance() const override {
    const double w = high_ - low_, s = a_ + b_;
    return w * w * a_ * b_ / (s * s * (s + 1));
  }
  std::string kind() const override { return kind_; }
  Parameters parameters() const override {
    Parameters out = given_;
    const Parameters derived = {{"mean", mean()}, {"sd", std::sqrt(variance())}, {"a", a_}, {"b", b_}, {"low", low_},
                                {"high", high_}};
    for (const auto& d : derived) {
      if (std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == d.first; })) out.push_back(d);
    }
    return out;
  }
  std::size_t given_parameter_count() const override { return given_.size(); }

 private:
  double a_;
  double b_;
  double low_;
  double high_;
  BoostBeta beta_;
  std::string kind_;
  Parameters given_;
  detail::QuantileTable table_;
};

class GammaDistribution final : public Distribution {
 public:
  GammaDistribution(double shape, double scale, bool given_as_moments)
      : shape_(shape), scale_(scale), moments_(given_as_moments), gamma_(shape, scale) {
    detail::QuantileTable::Functions f;
    const BoostGamma dist = gamma_;
    f.lower = [dist](double w) { return boost::math::quantile(dist, w); };
    f.upper = [dist](double w) { return boost::math::quantile(boost::math::complement(dist, w)); };
    f.pdf = [dist](double x) { return x <= 0 ? std::numeric_limits<double>::quiet_NaN() : boost::math::pdf(dist, x); };
    const double km1 = shape - 1, rate = 1 / scale;
    f.dlog_pdf = [km1, rate](double x) { return km1 / x - rate; };
    table_ = detail::QuantileTable(std::move(f), kTableAccuracy * scale);
  }
  void quantile(const double* u, double* x, std::size_t n) const override { table_.evaluate(u, x, n); }
  double cdf(double x) const override { return x <= 0 ? 0.0 : boost::math::cdf(gamma_, x); }
  double mean() const override { return shape_ * scale_; }
  double variance() const override { return shape_ * scale_ * scale_; }
  std::string kind() const override { return "gamma"; }
  Parameters parameters() const override {
    if (moments_) return {{"mean", mean()}, {"sd", std::sqrt(variance())}, {"shape", shape_}, {"scale", scale_}};
    return {{"shape", shape_}, {"scale", scale_}, {"mean", mean()}, {"sd", std::sqrt(variance())}};
  }
  std::size_t given_parameter_count() const override { return 2; }

 private:
  double shape_;
  double scale_;
  bool moments_;
  BoostGamma gamma_;
  detail::QuantileTable table_;
};

// Normal(mean, sd) truncated to [low, high]: Q(u) = mean + sd Phi^-1(Phi(alpha) + u Z), Z = Phi(beta) - Phi(alpha),
// evaluated on the side (CDF or survival function) where the probabilities do not cancel.
struct TruncatedNormalCore {
  double mean, sd, low, high, alpha, beta;
  double cdf_alpha = 0, cdf_beta = 1, sf_alpha = 1, sf_beta = 0, mass = 1;

  TruncatedNormalCore(double m, double s, double lo, double hi)
      : mean(m), sd(s), low(lo), high(hi), alpha((lo - m) / s), beta((hi - m) / s) {
    const BoostNormal n;
    auto lower_cdf = [&](double z) { return std::isinf(z) ? (z < 0 ? 0.0 : 1.0) : boost::math::cdf(n, z); };
    auto survival = [&](double z) {
      return std::isinf(z) ? (z < 0 ? 1.0 : 0.0) : boost::math::cdf(boost::math::complement(n, z));
    };
    cdf_alpha = lower_cdf(alpha);
    cdf_beta = lower_cdf(beta);
    sf_alpha = survival(alpha);
    sf_beta = survival(beta);
    mass = alpha > 0 ? sf_alpha - sf_beta : cdf_beta - cdf_alpha;
  }
  double clamp(double x) const { return std::clamp(x, low, high); }
  // Q(w), accurate for small w.
  double exact_lower(double w) const {
    const BoostNormal n;
    if (alpha > 0) return clamp(mean + sd * boost::math::quantile(boost::math::complement(n, sf_alpha - w * mass)));
    return clamp(mean + sd * boost::math::quantile(n, cdf_alpha + w * mass));
  }
  // Q(1 - w), accurate for small w.
  double exact_upper(double w) const {
    const BoostNormal n;
    if (beta < 0) return clamp(mean + sd * boost::math::quantile(n, cdf_beta - w * mass));
    return clamp(mean + sd * boost::math::quantile(boost::math::complement(n, sf_beta + w * mass)));
  }
  double pdf(double x) const {
    const double z = (x - mean) / sd;
    return std::exp(-0.5 * z * z) / (2.5066282746310005024 * sd * mass);
  }
};

class TruncatedNormalDistribution final : public Distribution {
 public:
  explicit TruncatedNormalDistribution(const TruncatedNormalCore& core) : c_(core) {
    detail::QuantileTable::Functions f;
    f.lower = [core](double w) { return core.exact_lower(w); };
    f.upper = [core](double w) { return core.exact_upper(w); };
    f.pdf = [core](double x) { return core.pdf(x); };
    const double mean = core.mean, var = core.sd * core.sd;
    f.dlog_pdf = [mean, var](double x) { return -(x - mean) / var; };
    table_ = detail::QuantileTable(std::move(f), kTableAccuracy * core.sd);
  }

  void quantile(const double* u, double* x, std::size_t n) const override { table_.evaluate(u, x, n); }
  double cdf(double x) const override {
    if (x <= c_.low) return 0.0;
    if (x >= c_.high) return 1.0;
    const BoostNormal n;
    const double z = (x - c_.mean) / c_.sd;
    const double p = c_.alpha > 0 ? (c_.sf_alpha - boost::math::cdf(boost::math::complement(n, z))) / c_.mass
                                  : (boost::math::cdf(n, z) - c_.cdf_alpha) / c_.mass;
    return std::clamp(p, 0.0, 1.0);
  }
  // Johnson, Kotz and Balakrishnan (1994), Continuous Univariate Distributions vol. 1, section 10.1.
  double mean() const override { return c_.mean + c_.sd * (phi(c_.alpha) - phi(c_.beta)) / c_.mass; }
  double variance() const override {
    const double d = (phi(c_.alpha) - phi(c_.beta)) / c_.mass;
    const double t = (zphi(c_.alpha) - zphi(c_.beta)) / c_.mass;
    return c_.sd * c_.sd * (1 + t - d * d);
  }
  std::string kind() const override { return "normal"; }
  Parameters parameters() const override {
    Parameters out = {{"mean", c_.mean}, {"sd", c_.sd}};
    if (std::isfinite(c_.low)) out.emplace_back("low", c_.low);
    if (std::isfinite(c_.high)) out.emplace_back("high", c_.high);
    out.emplace_back("truncated_mean", mean());
    out.emplace_back("truncated_sd", std::sqrt(variance()));
    out.emplace_back("mass", c_.mass);
    return out;
  }
  std::size_t given_parameter_count() const override {
    return 2 + (std::isfinite(c_.low) ? 1 : 0) + (std::isfinite(c_.high) ? 1 : 0);
  }

 private:
  static double phi(double z) { return std::isinf(z) ? 0.0 : std::exp(-0.5 * z * z) / 2.5066282746310005024; }
  static double zphi(double z) { return std::isinf(z) ? 0.0 : z * phi(z); }

  TruncatedNormalCore c_;
  detail::QuantileTable table_;
};

// |T^-1(p)| for a tail probability p when Boost's inverse gives inf: for df well below 1 the incomplete beta's
// argument x = df / (df + t^2) underflows (df 0.05 at p = 1e-9: x = 1e-347) although t = 1.1e173 is finite. There
// F(-t) = I_x(df/2, 1/2) / 2 = x^(df/2) / ((df/2) B(df/2, 1/2)) (1 + O(x)), so log x follows from log p, and
// t = sqrt(df (1 - x) / x) = exp((log df - log x) / 2) to a relative 1e-13 (the O(x) terms are below 1e-300). A t
// beyond the double range stays inf.
double student_t_far_tail(double df, double p) {
  const double a = df / 2;
  const double log_x = (std::log(2 * p) + std::log(a) + std::lgamma(a) + std::lgamma(0.5) - std::lgamma(a + 0.5)) / a;
  return std::exp((std::log(df) - log_x) / 2);
}

// T^-1(p) and T^-1(1 - q), far tails included.
double student_t_lower(const BoostStudentT& t, double p) {
  const double s = boost::math::quantile(t, p);
  return std::isinf(s) && p > 0 ? -student_t_far_tail(t.degrees_of_freedom(), p) : s;
}
double student_t_upper(const BoostStudentT& t, double q) {
  const double s = boost::math::quantile(boost::math::complement(t, q));
  return std::isinf(s) && q > 0 ? student_t_far_tail(t.degrees_of_freedom(), q) : s;
}

// Student's t with df degrees of freedom, location and scale, optionally truncated to [low, high] like the
// normal: Q(u) = location + scale T^-1(T(alpha) + u Z), Z = T(beta) - T(alpha), on the side (CDF or survival
// function) where the probabilities do not cancel. Mean and variance: location and scale^2 df / (df - 2) untruncated
// (undefined for df <= 1, infinite variance for df <= 2); truncated, by Gauss-Kronrod quadrature of t f(t) and
// t^2 f(t) over [alpha, beta].
class StudentTDistribution final : public Distribution {
 public:
  StudentTDistribution(double df, double location, double scale, double low, double high)
      : df_(df), location_(location), scale_(scale), low_(low), high_(high), t_(df) {
    alpha_ = (low - location) / scale;
    beta_ = (high - location) / scale;
    const BoostStudentT t = t_;
    auto lower_cdf = [t](double z) { return std::isinf(z) ? (z < 0 ? 0.0 : 1.0) : boost::math::cdf(t, z); };
    auto survival = [t](double z) {
      return std::isinf(z) ? (z < 0 ? 1.0 : 0.0) : boost::math::cdf(boost::math::complement(t, z));
    };
    cdf_alpha_ = lower_cdf(alpha_);
    sf_alpha_ = survival(alpha_);
    cdf_beta_ = lower_cdf(beta_);
    sf_beta_ = survival(beta_);
    mass_ = alpha_ > 0 ? sf_alpha_ - sf_beta_ : cdf_beta_ - cdf_alpha_;
    detail::QuantileTable::Functions f;
    const double ca = cdf_alpha_, sa = sf_alpha_, cb = cdf_beta_, sb = sf_beta_, z = mass_, a = alpha_, b = beta_;
    const double loc = location, sc = scale, lo = low, hi = high;
    f.lower = [=](double w) {
      const double s = a > 0 ? student_t_upper(t, sa - w * z) : student_t_lower(t, ca + w * z);
      return std::clamp(loc + sc * s, lo, hi);
    };
    f.upper = [=](double w) {
      const double s = b < 0 ? student_t_lower(t, cb - w * z) : student_t_upper(t, sb + w * z);
      return std::clamp(loc + sc * s, lo, hi);
    };
    f.pdf = [=](double x) { return boost::math::pdf(t, (x - loc) / sc) / (sc * z); };
    f.dlog_pdf = [=](double x) {
      const double y = (x - loc) / sc;
      return -(df + 1) * y / (df + y * y) / sc;
    };
    table_ = detail::QuantileTable(std::move(f), kTableAccuracy * scale);
    if (truncated()) {
      const auto pdf = [t](double y) { return boost::math::pdf(t, y); };
      using boost::math::quadrature::gauss_kronrod;
      const double m1 =
          gauss_kronrod<double, 61>::integrate([&](double y) { return y * pdf(y); }, alpha_, beta_, 15, 1e-13) / mass_;
      const double m2 =
          gauss_kronrod<double, 61>::integrate([&](double y) { return y * y * pdf(y); }, alpha_, beta_, 15, 1e-13) /
          mass_;
      mean_ = location_ + scale_ * m1;
      variance_ = scale_ * scale_ * (m2 - m1 * m1);
    } else {
      mean_ = df > 1 ? location : std::numeric_limits<double>::quiet_NaN();
      variance_ = df > 2   ? scale * scale * df / (df - 2)
                  : df > 1 ? std::numeric_limits<double>::infinity()
                           : std::numeric_limits<double>::quiet_NaN();
    }
  }
  bool truncated() const { return std::isfinite(low_) || std::isfinite(high_); }
  double mass() const { return mass_; }
  void quantile(const double* u, double* x, std::size_t n) const override { table_.evaluate(u, x, n); }
  double cdf(double x) const override {
    if (x <= low_) return 0.0;
    if (x >= high_) return 1.0;
    const double y = (x - location_) / scale_;
    const double p = alpha_ > 0 ? (sf_alpha_ - boost::math::cdf(boost::math::complement(t_, y))) / mass_
                                : (boost::math::cdf(t_, y) - cdf_alpha_) / mass_;
    return std::clamp(p, 0.0, 1.0);
  }
  double mean() const override { return mean_; }
  double variance() const override { return variance_; }
  std::string kind() const override { return "student_t"; }
  Parameters parameters() const override {
    Parameters out = {{"df", df_}, {"location", location_}, {"scale", scale_}};
    if (std::isfinite(low_)) out.emplace_back("low", low_);
    if (std::isfinite(high_)) out.emplace_back("high", high_);
    if (truncated()) {
      out.emplace_back("truncated_mean", mean_);
      out.emplace_back("truncated_sd", std::sqrt(variance_));
      out.emplace_back("mass", mass_);
    }
    return out;
  }
  std::size_t given_parameter_count() const override {
    return 3 + (std::isfinite(low_) ? 1 : 0) + (std::isfinite(high_) ? 1 : 0);
  }

 private:
  double df_, location_, scale_, low_, high_;
  BoostStudentT t_;
  double alpha_ = 0, beta_ = 0, cdf_alpha_ = 0, sf_alpha_ = 1, cdf_beta_ = 1, sf_beta_ = 0, mass_ = 1;
  double mean_ = 0, variance_ = 0;
  detail::QuantileTable table_;
};

// ---------------------------------------------------------------------------------------------------------------
// Discrete

// Values sorted ascending with their weights; Q(u) = the smallest value whose cumulative weight is >= u.
class DiscreteDistribution final : public Distribution {
 public:
  DiscreteDistribution(std::vector<double> values, std::vector<double> weights) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return values[i] < values[j]; });
    // Weights whose sum overflows (1e308 each) are first divided by the largest: the same probabilities.
    if (!std::isfinite(std::accumulate(weights.begin(), weights.end(), 0.0))) {
      const double largest = *std::max_element(weights.begin(), weights.end());
      for (double& w : weights) w /= largest;
    }
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
    double running = 0;
    for (std::size_t k : order) {
      values_.push_back(values[k]);
      probabilities_.push_back(weights[k] / total);
      running += weights[k];
      cumulative_.push_back(running / total);
    }
    cumulative_.back() = 1.0;  // every u < 1 finds a value
  }
  void quantile(const double* u, double* x, std::size_t n) const override {
    for (std::size_t i = 0; i < n; ++i) {
      const auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), u[i]);
      x[i] = values_[static_cast<std::size_t>(it - cumulative_.begin())];
    }
  }
  double cdf(double x) const override {
    const auto it = std::upper_bound(values_.begin(), values_.end(), x);
    if (it == values_.begin()) return 0.0;
    return cumulative_[static_cast<std::size_t>(it - values_.begin()) - 1];
  }
  double mean() const override {
    double m = 0;
    for (std::size_t k = 0; k < values_.size(); ++k) m += probabilities_[k] * values_[k];
    return m;
  }
  double variance() const override {
    const double m = mean();
    double v = 0;
    for (std::size_t k = 0; k < values_.size(); ++k) v += probabilities_[k] * (values_[k] - m) * (values_[k] - m);
    return v;
  }
  std::string kind() const override { return "discrete"; }
  Parameters parameters() const override {
    Parameters out;
    for (std::size_t k = 0; k < values_.size(); ++k) {
      out.emplace_back("value_" + std::to_string(k), values_[k]);
      out.emplace_back("probability_" + std::to_string(k), probabilities_[k]);
    }
    return out;
  }

 private:
  std::vector<double> values_;
  std::vector<double> probabilities_;
  std::vector<double> cumulative_;
};

// ---------------------------------------------------------------------------------------------------------------
// Factories

std::unique_ptr<Distribution> make_uniform(const SpecReader& r) {
  r.check_keys({"low", "high"});
  const double low = r.get("low"), high = r.get("high");
  r.require_order("low", low, "high", high);
  return std::make_unique<UniformDistribution>(low, high);
}

std::unique_ptr<Distribution> make_loguniform(const SpecReader& r) {
  r.check_keys({"low", "high"});
  const double low = r.get("low"), high = r.get("high");
  r.require_positive("low", low);
  r.require_order("low", low, "high", high);
  return std::make_unique<LogUniformDistribution>(low, high);
}

std::unique_ptr<Distribution> make_normal(const SpecReader& r) {
  r.check_keys({"mean", "sd", "low", "high"});
  const double mean = r.get("mean"), sd = r.get("sd");
  r.require_positive("sd", sd);
  if (!r.has("low") && !r.has("high")) return std::make_unique<NormalDistribution>(mean, sd);
  const double inf = std::numeric_limits<double>::infinity();
  const double low = r.get_or("low", -inf), high = r.get_or("high", inf);
  if (r.has("low") && r.has("high")) r.require_order("low", low, "high", high);
  const TruncatedNormalCore core(mean, sd, low, high);
  if (!(core.mass > 1e-12)) {
    r.fail("normal with mean " + format_number(mean) + " and sd " + format_number(sd) + " truncated to [" +
               format_number(low) + ", " + format_number(high) + "] keeps a probability of " +
               format_number(core.mass) + " (it must be above 1e-12: move the bounds toward the mean)",
           r.has("low") ? "low" : "high");
  }
  return std::make_unique<TruncatedNormalDistribution>(core);
}

std::unique_ptr<Distribution> make_lognormal(const SpecReader& r) {
  using Form = LogNormalDistribution::Form;
  r.check_keys({"median", "gsd", "mu", "sigma", "mean", "sd"});
  const bool by_median = r.has("median") || r.has("gsd");
  const bool by_log = r.has("mu") || r.has("sigma");
  const bool by_moments = r.has("mean") || r.has("sd");
  if (int(by_median) + int(by_log) + int(by_moments) > 1) {
    r.fail("lognormal takes one of: median and gsd, mu and sigma, or mean and sd (not two of them)");
  }
  if (!by_median && !by_log && !by_moments) r.fail("lognormal needs median and gsd, mu and sigma, or mean and sd");
  if (by_median) {
    const double median = r.get("median"), gsd = r.get("gsd");
    r.require_positive("median", median);
    if (!(gsd > 1)) r.fail("lognormal needs gsd > 1, got " + format_number(gsd), "gsd");
    return std::make_unique<LogNormalDistribution>(std::log(median), std::log(gsd), Form::median_gsd);
  }
  if (by_moments) {
    // sigma^2 = log(1 + sd^2 / mean^2), mu = log(mean) - sigma^2 / 2 (Johnson, Kotz and Balakrishnan 1994, 14.8).
    const double mean = r.get("mean"), sd = r.get("sd");
    r.require_positive("mean", mean);
    r.require_positive("sd", sd);
    const double sigma2 = std::log1p((sd / mean) * (sd / mean));
    return std::make_unique<LogNormalDistribution>(std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2), Form::mean_sd);
  }
  const double mu = r.get("mu"), sigma = r.get("sigma");
  r.require_positive("sigma", sigma);
  return std::make_unique<LogNormalDistribution>(mu, sigma, Form::mu_sigma);
}

std::unique_ptr<Distribution> make_triangular_like(const SpecReader& r, bool pert) {
  r.check_keys({"low", "mode", "high"});
  const double low = r.get("low"), mode = r.get("mode"), high = r.get("high");
  r.require_order("low", low, "high", high);
  const std::string kind = pert ? "pert" : "triangular";
  if (!(mode >= low && mode <= high)) {
    r.fail(kind + " needs low <= mode <= high, got mode = " + format_number(mode) + " outside [" + format_number(low) +
               ", " + format_number(high) + "]",
           "mode");
  }
  if (!pert) return std::make_unique<TriangularDistribution>(low, mode, high);
  r.require_finite_width(low, high);
  const double a = 1 + 4 * (mode - low) / (high - low);
  const double b = 1 + 4 * (high - mode) / (high - low);
  return std::make_unique<BetaDistribution>(a, b, low, high, "pert",
                                            Parameters{{"low", low}, {"mode", mode}, {"high", high}});
}

std::unique_ptr<Distribution> make_beta(const SpecReader& r) {
  r.check_keys({"a", "b", "mean", "sd", "low", "high"});
  const double low = r.get_or("low", 0.0), high = r.get_or("high", 1.0);
  r.require_order("low", low, "high", high);
  r.require_finite_width(low, high);
  const bool by_shape = r.has("a") || r.has("b");
  const bool by_moments = r.has("mean") || r.has("sd");
  if (by_shape && by_moments) r.fail("beta takes either a and b, or mean and sd, not both");
  if (!by_shape && !by_moments) r.fail("beta needs either a and b, or mean and sd");
  Parameters given;
  double a = 0, b = 0;
  if (by_shape) {
    a = r.get("a");
    b = r.get("b");
    r.require_positive("a", a);
    r.require_positive("b", b);
    given = {{"a", a}, {"b", b}};
  } else {
    const double mean = r.get("mean"), sd = r.get("sd");
    const std::string what = "beta with mean " + format_number(mean) + " and sd " + format_number(sd);
    if (!(mean > low && mean < high)) {
      r.fail(what + " does not exist (mean must be inside (" + format_number(low) + ", " + format_number(high) + "))",
             "mean");
    }
    r.require_positive("sd", sd);
    // On [0, 1]: nu = m (1 - m) / s^2 - 1, a = m nu, b = (1 - m) nu, which needs s^2 < m (1 - m).
    const double width = high - low;
    const double m = (mean - low) / width, s = sd / width;
    const double limit = std::sqrt(m * (1 - m)) * width;
    if (!(sd < limit)) {
      r.fail(what + " does not exist (sd must be below " + format_number(limit) + ")", "sd");
    }
    const double nu = m * (1 - m) / (s * s) - 1;
    a = m * nu;
    b = (1 - m) * nu;
    given = {{"mean", mean}, {"sd", sd}};
  }
  // Boost's inverse incomplete beta gives NaN when a + b is below about 2e-154 and does not return for a and b
  // both above about 1e18: shapes outside these limits are refused (such a law is two points or one).
  if (!(a + b >= kMinBetaShapeSum && a <= kMaxBetaShape && b <= kMaxBetaShape)) {
    const bool small = !(a + b >= kMinBetaShapeSum);
    r.fail("beta with a = " + format_number(a) + " and b = " + format_number(b) + " is beyond the shapes mcsens " +
               "computes quantiles for (a + b >= 1e-150, a and b <= 1e15): " +
               (small ? "it is a two-point law, use discrete" : "it is a point mass, use a value"),
           by_shape ? (small || a > kMaxBetaShape ? "a" : "b") : "sd");
  }
  if (r.has("low")) given.emplace_back("low", low);
  if (r.has("high")) given.emplace_back("high", high);
  return std::make_unique<BetaDistribution>(a, b, low, high, "beta", given);
}

// Boost's incomplete gamma series does not converge for shapes above about 1e11.
void require_gamma_shape(const SpecReader& r, double shape, const std::string& at) {
  if (!(shape <= kMaxGammaShape)) {
    r.fail("gamma with shape " + format_number(shape) + " is beyond the shapes mcsens computes quantiles for " +
               "(at most 1e10; such a gamma is a normal law to many digits: use normal)",
           at);
  }
}

std::unique_ptr<Distribution> make_gamma(const SpecReader& r) {
  r.check_keys({"shape", "scale", "mean", "sd"});
  const bool by_shape = r.has("shape") || r.has("scale");
  const bool by_moments = r.has("mean") || r.has("sd");
  if (by_shape && by_moments) r.fail("gamma takes either shape and scale, or mean and sd, not both");
  if (!by_shape && !by_moments) r.fail("gamma needs either shape and scale, or mean and sd");
  if (by_moments) {
    // shape = (mean / sd)^2, scale = sd^2 / mean.
    const double mean = r.get("mean"), sd = r.get("sd");
    r.require_positive("mean", mean);
    r.require_positive("sd", sd);
    require_gamma_shape(r, (mean / sd) * (mean / sd), "sd");
    return std::make_unique<GammaDistribution>((mean / sd) * (mean / sd), sd * sd / mean, true);
  }
  const double shape = r.get("shape"), scale = r.get("scale");
  r.require_positive("shape", shape);
  r.require_positive("scale", scale);
  require_gamma_shape(r, shape, "shape");
  return std::make_unique<GammaDistribution>(shape, scale, false);
}

std::unique_ptr<Distribution> make_exponential(const SpecReader& r) {
  r.check_keys({"rate", "mean"});
  if (r.has("rate") && r.has("mean")) r.fail("exponential takes either rate or mean, not both");
  if (!r.has("rate") && !r.has("mean")) r.fail("exponential needs either rate or mean (= 1 / rate)");
  const bool by_mean = r.has("mean");
  const double value = by_mean ? r.get("mean") : r.get("rate");
  r.require_positive(by_mean ? "mean" : "rate", value);
  return std::make_unique<ExponentialDistribution>(by_mean ? 1 / value : value, by_mean);
}

std::unique_ptr<Distribution> make_weibull(const SpecReader& r) {
  r.check_keys({"shape", "scale"});
  const double shape = r.get("shape"), scale = r.get("scale");
  r.require_positive("shape", shape);
  r.require_positive("scale", scale);
  return std::make_unique<WeibullDistribution>(shape, scale);
}

std::unique_ptr<Distribution> make_student_t(const SpecReader& r) {
  r.check_keys({"df", "location", "scale", "low", "high"});
  const double df = r.get("df");
  r.require_positive("df", df);
  const double location = r.get_or("location", 0.0), scale = r.get_or("scale", 1.0);
  r.require_positive("scale", scale);
  const double inf = std::numeric_limits<double>::infinity();
  const double low = r.get_or("low", -inf), high = r.get_or("high", inf);
  if (r.has("low") && r.has("high")) r.require_order("low", low, "high", high);
  auto d = std::make_unique<StudentTDistribution>(df, location, scale, low, high);
  if (!(d->mass() > 1e-12)) {
    r.fail("student_t with df " + format_number(df) + ", location " + format_number(location) + " and scale " +
               format_number(scale) + " truncated to [" + format_number(low) + ", " + format_number(high) +
               "] keeps a probability of " + format_number(d->mass()) +
               " (it must be above 1e-12: move the bounds toward the location)",
           r.has("low") ? "low" : "high");
  }
  return d;
}

std::unique_ptr<Distribution> make_uniform_int(const SpecReader& r) {
  r.check_keys({"low", "high"});
  const double low = r.get("low"), high = r.get("high");
  for (const auto& [name, v] : {std::pair<const char*, double>{"low", low}, {"high", high}}) {
    if (v != std::floor(v) || std::fabs(v) > 9007199254740992.0) {
      r.fail(std::string("uniform_int needs whole numbers, got ") + name + " = " + format_number(v), name);
    }
  }
  if (!(low <= high)) {
    r.fail("uniform_int needs low <= high, got low = " + format_number(low) + " and high = " + format_number(high),
           "high");
  }
  return std::make_unique<UniformIntDistribution>(low, high);
}

std::unique_ptr<Distribution> make_empirical(const SpecReader& r) {
  r.check_keys({});
  const auto& spec = r.spec();
  const std::string from = spec.data_source.empty() ? "" : " (" + spec.data_source + ")";
  if (spec.data.size() < 2) {
    r.fail("empirical needs at least 2 data values, got " + std::to_string(spec.data.size()) + from);
  }
  for (std::size_t k = 0; k < spec.data.size(); ++k) {
    if (!std::isfinite(spec.data[k]))
      r.fail("empirical data must be finite, value " + std::to_string(k + 1) + " is not");
  }
  const auto [lo, hi] = std::minmax_element(spec.data.begin(), spec.data.end());
  if (!(*lo < *hi)) r.fail("empirical data are all equal to " + format_number(*lo) + from + ": use { value = x }");
  return std::make_unique<EmpiricalDistribution>(spec.data, spec.data_source);
}

std::unique_ptr<Distribution> make_discrete(const SpecReader& r) {
  r.check_keys({});
  const auto& spec = r.spec();
  if (spec.values.empty()) r.fail("discrete needs 'values' (a non-empty array of numbers)");
  if (spec.weights.empty()) r.fail("discrete needs 'weights' (one per value)");
  if (spec.values.size() != spec.weights.size()) {
    r.fail("discrete has " + std::to_string(spec.values.size()) + " values but " + std::to_string(spec.weights.size()) +
           " weights (they must pair up)");
  }
  double total = 0;
  for (std::size_t k = 0; k < spec.values.size(); ++k) {
    if (!std::isfinite(spec.values[k]))
      r.fail("discrete values must be finite, value " + std::to_string(k + 1) + " is not");
    if (!(spec.weights[k] >= 0) || !std::isfinite(spec.weights[k])) {
      r.fail("discrete weights must be finite and non-negative, weight " + std::to_string(k + 1) + " is " +
             format_number(spec.weights[k]));
    }
    total += spec.weights[k];
  }
  if (!(total > 0)) r.fail("discrete weights must sum to a positive number, they sum to " + format_number(total));
  return std::make_unique<DiscreteDistribution>(spec.values, spec.weights);
}

}  // namespace

std::size_t Distribution::given_parameter_count() const {
  return parameters().size();
}

std::string Distribution::describe() const {
  const auto params = parameters();
  const std::size_t given = std::min(given_parameter_count(), params.size());
  std::string out = kind() + "(";
  for (std::size_t k = 0; k < params.size(); ++k) {
    if (k > 0) out += k == given ? "; " : ", ";
    out += params[k].first + "=" + format_number(params[k].second);
  }
  return out + ")";
}

const std::vector<std::string>& distribution_kinds() {
  static const std::vector<std::string> kinds = {"uniform", "loguniform", "normal",      "lognormal", "triangular",
                                                 "pert",    "beta",       "gamma",       "discrete",  "exponential",
                                                 "weibull", "student_t",  "uniform_int", "empirical"};
  return kinds;
}

namespace {

std::unique_ptr<Distribution> make_distribution_of(const DistributionSpec& spec, const SpecReader& r) {
  if (spec.kind == "uniform") return make_uniform(r);
  if (spec.kind == "loguniform") return make_loguniform(r);
  if (spec.kind == "normal") return make_normal(r);
  if (spec.kind == "lognormal") return make_lognormal(r);
  if (spec.kind == "triangular") return make_triangular_like(r, false);
  if (spec.kind == "pert") return make_triangular_like(r, true);
  if (spec.kind == "beta") return make_beta(r);
  if (spec.kind == "gamma") return make_gamma(r);
  if (spec.kind == "discrete") return make_discrete(r);
  if (spec.kind == "exponential") return make_exponential(r);
  if (spec.kind == "weibull") return make_weibull(r);
  if (spec.kind == "student_t") return make_student_t(r);
  if (spec.kind == "uniform_int") return make_uniform_int(r);
  if (spec.kind == "empirical") return make_empirical(r);
  std::string known;
  for (const auto& k : distribution_kinds()) known += (known.empty() ? "" : ", ") + k;
  r.fail("unknown distribution '" + spec.kind + "' (known: " + known + ")" +
         did_you_mean(spec.kind, distribution_kinds()));
}

}  // namespace

// Boost.Math reports parameters its algorithms cannot handle (a series that does not converge, a quantile beyond
// the double range) with its own exceptions: they are a refused distribution, at its place in the config.
std::unique_ptr<Distribution> make_distribution(const DistributionSpec& spec) {
  const SpecReader r(spec);
  try {
    return make_distribution_of(spec, r);
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    r.fail(spec.kind + " with these parameters is beyond what mcsens can compute its quantiles for (" + e.what() + ")");
  }
}

}  // namespace mcsens
