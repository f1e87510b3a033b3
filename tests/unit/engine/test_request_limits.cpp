// SPDX-License-Identifier: MIT
// The preflight of `mcsens run`: byte estimates of the parts that grow with the request, refusals against a given
// amount of available memory, the samplers' limits and the output folder.
#include "mcsens/engine/request_limits.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/problem_from.hpp"
#include "support/requests.hpp"

namespace mcsens {
namespace {

const char* kModel = R"toml([parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 0, sd = 1 }
c = { value = 2 }
[outputs]
y = "a + b * c"
[sensitivity]
morris = { trajectories = 1000, levels = 4 }
sobol = { base_samples = 1024 }
)toml";

std::string temp_folder() {
  const auto path = std::filesystem::temp_directory_path() / ("mcsens_limits_" + std::to_string(::getpid()));
  std::filesystem::create_directories(path);
  return path.string();
}

TEST(RequestLimits, EstimatesKeptDrawsAndMorrisEffects) {
  const Problem problem = testing::problem_from(kModel);
  RunRequest options = testing::draws_request(problem, 100000);
  options.settings.samples = 1'000'000;
  options.settings.keep_samples = 250'000;
  const RequestEstimate e = estimate_request(problem, options);
  // 250000 draws x (3 parameters + 1 output) x 8 bytes; 1000 trajectories x (1 + 1 target x 2 uncertain) x 8.
  EXPECT_DOUBLE_EQ(e.kept_sample_bytes, 250'000.0 * 4 * 8);
  EXPECT_DOUBLE_EQ(e.morris_bytes, 1000.0 * 3 * 8);
  // Kept rows never exceed the draws.
  options.settings.keep_samples = 5'000'000;
  EXPECT_DOUBLE_EQ(estimate_request(problem, options).kept_sample_bytes, 1'000'000.0 * 4 * 8);
}

TEST(RequestLimits, RefusesWhatDoesNotFitAndAcceptsWhatDoes) {
  const Problem problem = testing::problem_from(kModel);
  const std::string out = temp_folder() + "/out.h5";
  RunRequest options = testing::draws_request(problem, 100000);
  options.settings.samples = 1'000'000;
  options.settings.keep_samples = 1'000'000;  // 3.2e7 bytes
  EXPECT_NO_THROW(check_request_size(problem, options, out, 100'000'000));
  try {
    check_request_size(problem, options, out, 10'000'000);
    FAIL() << "3.2e7 bytes of kept draws were accepted with 1e7 bytes available";
  } catch (const RuntimeFailure&) {
    FAIL() << "a request too big is bad input, not a runtime failure";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("--keep-samples 1000000 would hold 3.2e+07 bytes"), std::string::npos) << m;
    EXPECT_NE(m.find("1e+07 bytes (10 MB) of memory are available"), std::string::npos) << m;
  }
  std::filesystem::remove_all(std::filesystem::path(out).parent_path());
}

TEST(RequestLimits, ChecksTheSamplersLimitsUpFront) {
  const Problem problem = testing::problem_from(kModel);
  const std::string out = temp_folder() + "/out.h5";
  RunRequest options = testing::draws_request(problem, 100000);
  options.settings.samples = (std::uint64_t{1} << 32) + 1;
  options.settings.sampler = SamplerKind::sobol;
  EXPECT_THROW(check_request_size(problem, options, out, 1ull << 40), Error);
  options.settings.sampler = SamplerKind::mc;
  EXPECT_NO_THROW(check_request_size(problem, options, out, 1ull << 40));
  std::filesystem::remove_all(std::filesystem::path(out).parent_path());
}

TEST(RequestLimits, OutputFolderMustExistAndBeAFolder) {
  const Problem problem = testing::problem_from(kModel);
  const std::string folder = temp_folder();
  std::ofstream(folder + "/plain") << "x";
  RunRequest options = testing::draws_request(problem, 100000);
  EXPECT_THROW(check_request_size(problem, options, folder + "/missing/out.h5", 1ull << 40), RuntimeFailure);
  EXPECT_THROW(check_request_size(problem, options, folder + "/plain/out.h5", 1ull << 40), RuntimeFailure);
  EXPECT_NO_THROW(check_request_size(problem, options, folder + "/out.h5", 1ull << 40));
  std::filesystem::remove_all(folder);
}

TEST(RequestLimits, AvailableMemoryIsMeasured) {
  EXPECT_GT(available_memory_bytes(), 0u);
}

}  // namespace
}  // namespace mcsens
