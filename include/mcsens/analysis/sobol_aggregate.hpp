// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/analysis/sobol.hpp"

namespace mcsens {

// Sobol' indices aggregated over the elements of an array output (Gamboa, Janon, Klein & Lagnoux, "Sensitivity
// analysis for multidimensional and functional outputs", Electronic Journal of Statistics 8 (2014) 575-603; preprint
// 2013): the variance-weighted sums S_i = sum_t V_t S_t,i / sum_t V_t of the elements' first- and total-order
// indices, the share of the whole series' variance (the trace of its covariance) that input i explains alone, or
// with its interactions.
struct AggregatedSobol {
  std::vector<double> S1, S1_low, S1_high;  // k each
  std::vector<double> ST, ST_low, ST_high;  // k each
  std::string note;                         // why the intervals are NaN, when they are ("" otherwise)
};

// From the results of every element of one target of one Sobol' design, estimated with_replicates. An element that
// does not vary (zero variance) weighs nothing. Intervals at `confidence` from the elements' common replicates: the
// aggregate of each bootstrap resample (every element draws the same resamples, which needs the same finite base
// samples in every element: otherwise the intervals are NaN, with a note) gives the percentile interval; the
// aggregate of each batch or replicate (batch-means, rqmc-t) the batch-means interval around the estimate.
AggregatedSobol aggregate_sobol(const std::vector<SobolResult>& elements, double confidence);

}  // namespace mcsens
