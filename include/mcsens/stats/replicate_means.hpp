// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "mcsens/stats/proportion.hpp"

namespace mcsens {

class ByteWriter;
class ByteReader;

// The error of a randomized quasi-Monte Carlo estimate, from R independent randomizations (L'Ecuyer and Lemieux
// 2002, "Recent advances in randomized quasi-Monte Carlo methods"; Owen 2013, "Monte Carlo theory, methods and
// examples", ch. 17): the draws of R independently scrambled Sobol' sequences, interleaved so that draw i belongs
// to replicate i mod R (see Sampler). The R replicate means are i.i.d. estimates of the same expectation, so
// sd(replicate means) / sqrt(R) is the standard error of their average and a Student t interval with R - 1
// degrees of freedom covers it; the i.i.d. formula sd / sqrt(n) is far too wide for QMC points.
//
// Keeps, per replicate, the count and a compensated sum of the finite values added (non-finite values are left
// out, as in Moments). Merging adds the sums in the fixed order of the merge tree: deterministic.
class ReplicateMeans {
 public:
  ReplicateMeans() = default;  // no replicates: adds nothing, standard_error() is NaN
  explicit ReplicateMeans(std::size_t replicates);

  // Values of draws first .. first + n - 1.
  void add(const double* x, std::size_t n, std::uint64_t first);
  // Claim indicators of draws first .. first + n - 1, as ProportionCounter counts them: a finite nonzero value is
  // 1, zero is 0, a non-finite one is not a trial.
  void add_indicators(const double* x, std::size_t n, std::uint64_t first);
  void merge(const ReplicateMeans& other);

  std::size_t replicates() const { return count_.size(); }
  std::uint64_t count(std::size_t r) const { return count_[r]; }
  double mean(std::size_t r) const;  // NaN for a replicate without values
  // sd of the replicate means / sqrt(R), over the replicates that have values; NaN when fewer than 2 have.
  double standard_error() const;
  // point +- t_{R-1, (1 + level) / 2} * standard_error().
  Interval t_interval(double point, double level) const;

  // Flat form; decode() throws CorruptState on counts or sums no accumulator has.
  void encode(ByteWriter& out) const;
  static ReplicateMeans decode(ByteReader& in);

 private:
  void add_block(const double* values, const std::uint64_t* counts);
  std::vector<std::uint64_t> count_;
  std::vector<double> sum_;
  std::vector<double> compensation_;  // Neumaier's running error of sum_
};

// The Student t quantile t_{dof, p}.
double student_t_quantile(double dof, double p);

}  // namespace mcsens
