// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

#include "mcsens/engine/problem.hpp"
#include "mcsens/engine/request.hpp"

namespace mcsens {

// The memory a run would hold at once that grows with the request (kept draws, Morris' elementary effects); the
// rest of a run is a fixed working set per thread, whatever -n is (draws stream through chunks of fixed size, the
// Sobol' accumulators cap what they keep and then stream, curve grids are capped at 100000 points by the config).
struct RequestEstimate {
  double kept_sample_bytes = 0.0;  // --keep-samples (and the regression rows): rows x (inputs + outputs) x 8
  double morris_bytes = 0.0;       // trajectories x (index + targets x k effects) x 8
  double total_bytes() const { return kept_sample_bytes + morris_bytes; }
};

RequestEstimate estimate_request(const Problem& problem, const RunRequest& request);

// Memory the kernel says a new allocation can get without swapping: MemAvailable of /proc/meminfo, else the free
// physical pages (sysconf). 0 when neither is known.
std::uint64_t available_memory_bytes();

// The limits of a request, the same for `mcsens run` and `mcsens check` (which applies every limit run applies):
// refuses (mcsens::Error, exit 2) a request whose growing memory would exceed kMemoryShare of the available memory,
// naming the part, its byte estimate and the memory available, and sizes beyond the samplers' own limits (2^32
// Sobol' points per replicate, for -n and for the Sobol' design). `available` overrides the measurement (tests).
void check_request_limits(const Problem& problem, const RunRequest& request, std::uint64_t available = 0);

// The preflight of `mcsens run`, before any draw: check_request_limits, then refuses (RuntimeFailure, exit 3) an
// output path whose folder is missing, is not a folder or is not writable, so that a long run never ends in a result
// it cannot write.
void check_request_size(const Problem& problem, const RunRequest& request, const std::string& output_path,
                        std::uint64_t available = 0);

// Refuses an output path mcsens must not write: empty (mcsens::Error), or naming something that exists and is not
// a regular file, such as a device, a pipe or a folder (RuntimeFailure naming the path); its checkpoint path
// (OUTPUT.ckpt) likewise. Called before any config is read for a run, and again by check_request_size.
void check_output_path(const std::string& output_path);

// The share of the available memory a request may plan to hold: the rest is left for the per-thread working sets,
// HDF5's buffers and the other programs of the machine.
constexpr double kMemoryShare = 0.8;

}  // namespace mcsens
