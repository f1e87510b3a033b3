// SPDX-License-Identifier: MIT
#include "mcsens/analysis/pairwise_ranking.hpp"
#include "mcsens/stats/proportion.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "mcsens/error.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

PairwiseRanking::PairwiseRanking(std::size_t scenarios)
    : scenarios_(scenarios),
      wins_(scenarios * scenarios, 0),
      compared_(scenarios * scenarios, 0),
      skipped_(scenarios * scenarios, 0) {}

void PairwiseRanking::add(const double* const* values, std::size_t n) {
  const std::size_t S = scenarios_;
  for (std::size_t d = 0; d < n; ++d) {
    for (std::size_t i = 0; i < S; ++i) {
      const double vi = values[i][d];
      const bool fi = std::isfinite(vi);
      ++(fi ? compared_ : skipped_)[i * S + i];
      for (std::size_t j = i + 1; j < S; ++j) {
        const double vj = values[j][d];
        if (!fi || !std::isfinite(vj)) {
          ++skipped_[i * S + j];
          continue;
        }
        ++compared_[i * S + j];
        if (vi > vj) ++wins_[i * S + j];
        if (vj > vi) ++wins_[j * S + i];
      }
    }
  }
}

void PairwiseRanking::merge(const PairwiseRanking& other) {
  if (other.scenarios_ != scenarios_)
    throw Error("pairwise ranking: cannot merge " + std::to_string(other.scenarios_) + " scenarios into " +
                std::to_string(scenarios_));
  for (std::size_t k = 0; k < wins_.size(); ++k) {
    wins_[k] += other.wins_[k];
    compared_[k] += other.compared_[k];
    skipped_[k] += other.skipped_[k];
  }
}

std::uint64_t PairwiseRanking::compared(std::size_t i, std::size_t j) const {
  return compared_[pair(i, j)];
}

std::uint64_t PairwiseRanking::skipped(std::size_t i, std::size_t j) const {
  return skipped_[pair(i, j)];
}

double PairwiseRanking::probability(std::size_t i, std::size_t j) const {
  const std::uint64_t n = compared(i, j);
  if (n == 0) return kNaN;
  return static_cast<double>(wins(i, j)) / static_cast<double>(n);
}

PairwiseInterval PairwiseRanking::interval(std::size_t i, std::size_t j, double level) const {
  // Wilson 1927 score interval (stats/proportion.hpp): {NaN, NaN} when no draw compared the pair.
  const Interval ci = wilson_interval(wins(i, j), compared(i, j), level);
  return {ci.low, ci.high};
}

std::vector<double> PairwiseRanking::probability_matrix() const {
  std::vector<double> m(scenarios_ * scenarios_);
  for (std::size_t i = 0; i < scenarios_; ++i)
    for (std::size_t j = 0; j < scenarios_; ++j) m[i * scenarios_ + j] = probability(i, j);
  return m;
}

void PairwiseRanking::serialize(std::vector<double>& out) const {
  out.push_back(static_cast<double>(scenarios_));
  for (const auto* v : {&wins_, &compared_, &skipped_})
    for (auto c : *v) out.push_back(static_cast<double>(c));
}

PairwiseRanking PairwiseRanking::deserialize(const double* data, std::size_t size) {
  if (size < 1) throw Error("pairwise ranking: serialized state too short");
  const auto S = static_cast<std::size_t>(data[0]);
  if (size != 1 + 3 * S * S)
    throw Error("pairwise ranking: serialized state has " + std::to_string(size) + " values, expected " +
                std::to_string(1 + 3 * S * S));
  PairwiseRanking r(S);
  const double* p = data + 1;
  for (auto* v : {&r.wins_, &r.compared_, &r.skipped_})
    for (auto& c : *v) c = static_cast<std::uint64_t>(*p++);
  return r;
}

}  // namespace mcsens
