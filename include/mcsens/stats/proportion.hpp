// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mcsens {

class ByteWriter;
class ByteReader;

// How often a claim holds: the count of draws whose indicator is 1 among those where it is defined (a NaN
// indicator is counted as non-finite and left out; so is +-inf). Any finite nonzero indicator is a success.
class ProportionCounter {
 public:
  void add(const double* indicator, std::size_t n);
  void merge(const ProportionCounter& other);

  std::uint64_t successes() const { return successes_; }
  std::uint64_t trials() const { return trials_; }
  std::uint64_t nonfinite() const { return nonfinite_; }
  double probability() const;  // successes / trials; NaN when trials == 0

  // Flat form; decode() throws CorruptState on more successes than trials.
  void encode(ByteWriter& out) const;
  static ProportionCounter decode(ByteReader& in);

 private:
  std::uint64_t successes_ = 0;
  std::uint64_t trials_ = 0;
  std::uint64_t nonfinite_ = 0;
};

struct Interval {
  double low;
  double high;
};

// Wilson score interval (Wilson 1927) for successes out of trials at the given two-sided level.
Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double level = 0.95);
// Clopper-Pearson exact interval (Clopper and Pearson 1934), through Boost.Math's beta quantiles.
Interval clopper_pearson_interval(std::uint64_t successes, std::uint64_t trials, double level = 0.95);

// The difference p1 - p2 of two proportions with Newcombe's hybrid score interval built from their own intervals
// (Newcombe 1998, Stat. Med. 17:873-890, method 10 with Wilson intervals):
// [d - sqrt((p1 - l1)^2 + (u2 - p2)^2), d + sqrt((u1 - p1)^2 + (p2 - l2)^2)]. Made for independent samples; for a
// scenario and its baseline, which share their draws and so correlate positively, it is wider than the paired
// interval: conservative.
struct Difference {
  double value;
  double low;
  double high;
};
Difference newcombe_difference(double p1, Interval i1, double p2, Interval i2);

// The calibrated words of the IPCC likelihood scale for a probability: "virtually certain" (>= 0.99),
// "very likely" (>= 0.90), "likely" (>= 0.66), "about as likely as not", "unlikely" (<= 0.33),
// "very unlikely" (<= 0.10), "exceptionally unlikely" (<= 0.01).
std::string likelihood_words(double probability);

// The two-sided standard normal quantile z with P(|Z| <= z) = level.
double normal_two_sided_z(double level);

}  // namespace mcsens
