// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

namespace mcsens::detail {

// The interval logic shared by every sensitivity estimator (Sobol', Morris): written once, here.

// Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13): the (1 - confidence)/2 and (1 + confidence)/2
// quantiles (linear interpolation between order statistics, Hyndman & Fan type 7) of the replicate values;
// NaN replicates are ignored; both ends NaN when fewer than 2 replicates are finite. Reorders `replicates`.
void percentile_interval(std::vector<double>& replicates, double confidence, double& low, double& high);

// Batch-means interval: point +- t_{b-1, (1+confidence)/2} * sd(batch values) / sqrt(b) over the b finite batch
// values (the estimator applied to each of b consecutive, equal batches). Both ends NaN when b < 2.
void batch_means_interval(double point, const std::vector<double>& batch_values, double confidence, double& low,
                          double& high);

}  // namespace mcsens::detail
