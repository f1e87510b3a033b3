// SPDX-License-Identifier: MIT
#include "mcsens/engine/request_limits.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/sensitivity_targets.hpp"
#include "mcsens/error.hpp"
#include "mcsens/sampling/sampler.hpp"

namespace mcsens {

namespace {

// "4.0e+13 bytes (40 TB)": the exact-ish figure and a readable one.
std::string bytes_text(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  double scaled = bytes;
  int unit = 0;
  while (scaled >= 1000.0 && unit < 6) {
    scaled /= 1000.0;
    ++unit;
  }
  char text[96];
  std::snprintf(text, sizeof text, "%.2g bytes (%.3g %s)", bytes, scaled, units[unit]);
  return text;
}

std::string count_text(double n) {
  char text[32];
  std::snprintf(text, sizeof text, n < 1e7 ? "%.0f" : "%.3g", n);
  return text;
}

void check_output_folder(const std::string& output_path) {
  namespace fs = std::filesystem;
  std::error_code ignored;
  check_output_path(output_path);
  fs::path folder = fs::path(output_path).parent_path();
  if (folder.empty()) folder = ".";
  const SourceLocation where{output_path, 0, 0, {}};
  if (!fs::exists(folder, ignored)) {
    throw RuntimeFailure("cannot create the result file: folder '" + folder.string() + "' does not exist", where);
  }
  if (!fs::is_directory(folder, ignored)) {
    throw RuntimeFailure("cannot create the result file: '" + folder.string() + "' is not a folder", where);
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    throw RuntimeFailure("cannot create the result file: folder '" + folder.string() + "' is not writable", where);
  }
  if (fs::is_directory(output_path, ignored)) {
    throw RuntimeFailure("cannot create the result file: a folder of that name exists", where);
  }
}

}  // namespace

void check_output_path(const std::string& output_path) {
  namespace fs = std::filesystem;
  if (output_path.empty()) throw Error("-o/--output is empty: name the result file (e.g. -o results/model.h5)");
  for (const std::string& path : {output_path, output_path + ".ckpt"}) {
    std::error_code failed;
    const fs::file_status status = fs::symlink_status(path, failed);
    if (failed || status.type() == fs::file_type::not_found || status.type() == fs::file_type::regular) continue;
    if (status.type() == fs::file_type::symlink) {
      const fs::file_status target = fs::status(path, failed);
      if (failed || target.type() == fs::file_type::regular || target.type() == fs::file_type::not_found) continue;
    }
    const bool folder = fs::is_directory(path, failed);
    if (folder && path == output_path) {
      throw RuntimeFailure("cannot create the result file: a folder of that name exists",
                           SourceLocation{path, 0, 0, {}});
    }
    throw RuntimeFailure(std::string(folder ? "a folder" : "not a regular file (a device, pipe or socket)") +
                             " is in the way of the " + (path == output_path ? "result file" : "checkpoint") +
                             "; mcsens only ever replaces regular files",
                         SourceLocation{path, 0, 0, {}});
  }
}

namespace {

// The analyses over the draws of -n that hold per-draw state (the regression alone only reads kept draws).
bool distributions(const Analyses& a) {
  return a.uncertainty || a.claims || a.curves || a.scenarios;
}

}  // namespace

RequestEstimate estimate_request(const Problem& problem, const RunRequest& request) {
  RequestEstimate estimate;
  const Settings& settings = request.settings;
  const double rows =
      static_cast<double>(std::min(std::max(settings.keep_samples, request.analysis_rows()), settings.samples));
  const double columns = static_cast<double>(problem.space().size() + problem.num_outputs());
  if (distributions(request.analyses)) {
    estimate.kept_sample_bytes = rows * columns * sizeof(double);
  }
  if (problem.spec().has_sensitivity && problem.spec().sensitivity.morris) {
    const double r = static_cast<double>(problem.spec().sensitivity.morris->trajectories);
    const double k = static_cast<double>(problem.space().dimensions());
    const double targets = static_cast<double>(sensitivity_targets(problem).size());
    estimate.morris_bytes = r * (1.0 + targets * k) * sizeof(double);
  }
  return estimate;
}

std::uint64_t available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    std::istringstream fields(line);
    std::string key;
    std::uint64_t kib = 0;
    if (fields >> key >> kib && key == "MemAvailable:") return kib * 1024;
  }
  const long pages = ::sysconf(_SC_AVPHYS_PAGES);
  const long page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
  return 0;
}

void check_request_size(const Problem& problem, const RunRequest& request, const std::string& output_path,
                        std::uint64_t available) {
  check_request_limits(problem, request, available);
  check_output_folder(output_path);
}

void check_request_limits(const Problem& problem, const RunRequest& request, std::uint64_t available) {
  if (available == 0) available = available_memory_bytes();
  const RequestEstimate estimate = estimate_request(problem, request);
  const Settings& options = request.settings;
  if (available > 0) {
    const double budget = kMemoryShare * static_cast<double>(available);
    const std::string have = "; " + bytes_text(static_cast<double>(available)) + " of memory are available";
    if (estimate.kept_sample_bytes > budget) {
      const double rows = estimate.kept_sample_bytes / sizeof(double) /
                          static_cast<double>(problem.space().size() + problem.num_outputs());
      throw Error("--keep-samples " + count_text(rows) + " would hold " + bytes_text(estimate.kept_sample_bytes) +
                  " of draws in memory (" + count_text(rows) + " draws x " +
                  std::to_string(problem.space().size() + problem.num_outputs()) + " values x 8 bytes)" + have +
                  "; keep fewer draws");
    }
    if (estimate.morris_bytes > budget) {
      const auto& morris = *problem.spec().sensitivity.morris;
      throw Error("sensitivity.morris.trajectories = " + count_text(static_cast<double>(morris.trajectories)) +
                      " would hold " + bytes_text(estimate.morris_bytes) + " of elementary effects in memory" + have +
                      "; use fewer trajectories",
                  morris.location);
    }
    if (estimate.total_bytes() > budget) {
      throw Error("the kept draws (" + bytes_text(estimate.kept_sample_bytes) + ") and the Morris effects (" +
                  bytes_text(estimate.morris_bytes) + ") would not fit together in memory" + have);
    }
  }
  // The samplers' own limits (Sobol' points: 2^32; dimensions), checked now rather than when that part starts,
  // which for the Sobol' design is after all the uncertainty draws.
  if (distributions(request.analyses)) {
    try {
      (void)Sampler(options.sampler, options.seed, std::max<std::size_t>(problem.space().dimensions(), 1),
                    options.samples, options.replicates);
    } catch (const Error& e) {
      throw Error("-n/--samples " + count_text(static_cast<double>(options.samples)) + ": " + e.message() +
                  " (--sampler mc has no such limit)");
    }
  }
  const ProblemSpec& spec = problem.spec();
  if (spec.has_sensitivity && spec.sensitivity.sobol && problem.space().dimensions() > 0) {
    const SobolSpec& sobol = *spec.sensitivity.sobol;
    try {
      const SamplerKind kind = parse_sampler_kind(sobol.sampler);
      const std::size_t R = kind == SamplerKind::sobol ? sobol.replicates : 1;
      (void)Sampler(kind, options.seed, 2 * problem.space().dimensions(),
                    R > 1 ? replicated_sobol_size(sobol.base_samples, R) : sobol.base_samples, R);
    } catch (const Error& e) {
      throw Error("sensitivity.sobol.base_samples = " + count_text(static_cast<double>(sobol.base_samples)) +
                      ": the design's " + e.message() + " (sampler = \"mc\" has no such limit)",
                  sobol.location);
    }
  }
}

}  // namespace mcsens
