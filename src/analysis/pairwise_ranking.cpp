// SPDX-License-Identifier: MIT
#include "mcsens/analysis/pairwise_ranking.hpp"
#include "mcsens/stats/proportion.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "mcsens/error.hpp"
#include "mcsens/parallel/byte_stream.hpp"

namespace mcsens {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

PairwiseRanking::PairwiseRanking(std::size_t scenarios)
    : scenarios_(scenarios),
      wins_(scenarios * scenarios, 0),
      compared_(scenarios * scenarios, 0),
      skipped_(scenarios * scenarios, 0) {}

void PairwiseRanking::add(const double* const* values, std::size_t n, bool lower_is_better) {
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
        if (lower_is_better ? vi < vj : vi > vj) ++wins_[i * S + j];
        if (lower_is_better ? vj < vi : vj > vi) ++wins_[j * S + i];
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

namespace {
constexpr std::uint64_t kRankingTag = 0x31526e736e63736dULL;  // "mcsnsnR1"
}  // namespace

// Layout: tag, scenarios, then wins, compared and skipped (S x S each).
void PairwiseRanking::encode(ByteWriter& out) const {
  out.put_tag(kRankingTag);
  out.put_u64(scenarios_);
  out.put_u64s(wins_);
  out.put_u64s(compared_);
  out.put_u64s(skipped_);
}

PairwiseRanking PairwiseRanking::decode(ByteReader& in) {
  in.expect_tag(kRankingTag, "scenario ranking");
  const std::uint64_t S = in.get_u64();
  std::vector<std::uint64_t> wins = in.get_u64s();
  std::vector<std::uint64_t> compared = in.get_u64s();
  std::vector<std::uint64_t> skipped = in.get_u64s();
  // wins holds S x S values, so S is bounded by what was read (S <= size / S, without the product).
  if ((S == 0 ? !wins.empty() : (wins.size() / S != S || wins.size() % S != 0)) || compared.size() != wins.size() ||
      skipped.size() != wins.size()) {
    in.fail("scenario ranking: sizes inconsistent with the number of scenarios");
  }
  PairwiseRanking r;
  r.scenarios_ = static_cast<std::size_t>(S);
  r.wins_ = std::move(wins);
  r.compared_ = std::move(compared);
  r.skipped_ = std::move(skipped);
  // Every draw either compares or skips each pair i <= j, so compared + skipped is the same number of draws for
  // all of them; only i <= j is used; i beats j and j beats i on distinct compared draws, never on the diagonal.
  const std::uint64_t draws = S == 0 ? 0 : r.compared_[0] + r.skipped_[0];
  for (std::size_t i = 0; i < r.scenarios_; ++i) {
    for (std::size_t j = 0; j < r.scenarios_; ++j) {
      const std::size_t at = i * r.scenarios_ + j;
      if (j < i) {
        if (r.compared_[at] != 0 || r.skipped_[at] != 0) in.fail("scenario ranking: counts below the diagonal");
        continue;
      }
      const std::uint64_t c = r.compared_[at];
      if (c > draws || r.skipped_[at] != draws - c) in.fail("scenario ranking: pair counts of different draws");
      const std::uint64_t w = r.wins_[at];
      const std::uint64_t w_back = r.wins_[j * r.scenarios_ + i];
      if (i == j ? w != 0 : (w > c || w_back > c - w)) in.fail("scenario ranking: more wins than comparisons");
    }
  }
  return r;
}

}  // namespace mcsens
