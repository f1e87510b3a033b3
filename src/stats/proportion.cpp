// SPDX-License-Identifier: MIT
#include "mcsens/stats/proportion.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"
#include "stats/finite.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_level(double level) {
  if (!(level > 0.0 && level < 1.0)) {
    std::ostringstream message;
    message << "a confidence level must lie strictly between 0 and 1, got " << level;
    throw Error(message.str());
  }
}

}  // namespace

// Indicators: non-finite (NaN, inf) -> not a trial; finite nonzero -> success; 0 -> failure. Both counts are
// integer reductions that the compiler vectorizes.
void ProportionCounter::add(const double* indicator, std::size_t n) {
  std::uint64_t finite = 0;
  std::uint64_t success = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double v = indicator[i];
    const bool ok = detail::is_finite_bits(v);
    finite += ok ? 1 : 0;
    success += (ok && v != 0.0) ? 1 : 0;
  }
  trials_ += finite;
  successes_ += success;
  nonfinite_ += n - finite;
}

void ProportionCounter::merge(const ProportionCounter& other) {
  successes_ += other.successes_;
  trials_ += other.trials_;
  nonfinite_ += other.nonfinite_;
}

double ProportionCounter::probability() const {
  return trials_ == 0 ? kNaN : static_cast<double>(successes_) / static_cast<double>(trials_);
}

namespace {
constexpr std::uint64_t kProportionTag = 0x31506e736e63736dULL;  // "mcsnsnP1"
}  // namespace

// Layout: tag, successes, trials, nonfinite.
void ProportionCounter::encode(ByteWriter& out) const {
  out.put_tag(kProportionTag);
  out.put_u64(successes_);
  out.put_u64(trials_);
  out.put_u64(nonfinite_);
}

ProportionCounter ProportionCounter::decode(ByteReader& in) {
  in.expect_tag(kProportionTag, "proportion counter");
  ProportionCounter p;
  p.successes_ = in.get_u64();
  p.trials_ = in.get_u64();
  p.nonfinite_ = in.get_u64();
  if (p.successes_ > p.trials_) in.fail("proportion: more successes than trials");
  if (p.trials_ > ~std::uint64_t{0} - p.nonfinite_) in.fail("proportion: more draws than a counter holds");
  return p;
}

// Wilson (1927): the p with |p_hat - p| = z sqrt(p (1 - p) / n), i.e.
//   centre = (p_hat + z^2 / 2n) / (1 + z^2 / n),  half = z / (1 + z^2 / n) sqrt(p_hat (1 - p_hat) / n + z^2 / 4n^2).
// The ends are exactly 0 for x = 0 and 1 for x = n (the formula gives them up to rounding).
Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double level) {
  check_level(level);
  if (trials == 0) return {kNaN, kNaN};
  const double z = normal_two_sided_z(level);
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2n = z * z / n;
  const double centre = (p + 0.5 * z2n) / (1.0 + z2n);
  const double half = z / (1.0 + z2n) * std::sqrt(p * (1.0 - p) / n + 0.25 * z2n / n);
  const double low = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  const double high = successes == trials ? 1.0 : std::min(1.0, centre + half);
  return {low, high};
}

Difference newcombe_difference(double p1, Interval i1, double p2, Interval i2) {
  const double d = p1 - p2;
  return {d, d - std::hypot(p1 - i1.low, i2.high - p2), d + std::hypot(i1.high - p1, p2 - i2.low)};
}

// Clopper and Pearson (1934): low = B^-1(alpha/2; x, n - x + 1), high = B^-1(1 - alpha/2; x + 1, n - x), with
// B^-1 the beta quantile (the regularized incomplete beta inverse); low = 0 for x = 0 and high = 1 for x = n.
Interval clopper_pearson_interval(std::uint64_t successes, std::uint64_t trials, double level) {
  check_level(level);
  if (trials == 0) return {kNaN, kNaN};
  if (successes > trials) throw Error("a proportion cannot have more successes than trials");
  const double alpha = 1.0 - level;
  const double x = static_cast<double>(successes);
  const double n = static_cast<double>(trials);
  const double low = successes == 0 ? 0.0 : boost::math::ibeta_inv(x, n - x + 1.0, 0.5 * alpha);
  const double high = successes == trials ? 1.0 : boost::math::ibeta_inv(x + 1.0, n - x, 1.0 - 0.5 * alpha);
  return {low, high};
}

// Boundaries as listed in the header (IPCC AR5 guidance note, Mastrandrea et al. 2010), checked from the
// extremes inwards so that the strongest applicable word wins. NaN (no trials) gives "undetermined".
std::string likelihood_words(double probability) {
  if (std::isnan(probability)) return "undetermined";
  if (probability >= 0.99) return "virtually certain";
  if (probability >= 0.90) return "very likely";
  if (probability >= 0.66) return "likely";
  if (probability <= 0.01) return "exceptionally unlikely";
  if (probability <= 0.10) return "very unlikely";
  if (probability <= 0.33) return "unlikely";
  return "about as likely as not";
}

double normal_two_sided_z(double level) {
  check_level(level);
  const boost::math::normal_distribution<double> normal(0.0, 1.0);
  return boost::math::quantile(normal, 0.5 + 0.5 * level);
}

}  // namespace mcsens
