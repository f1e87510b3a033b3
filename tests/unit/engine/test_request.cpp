// SPDX-License-Identifier: MIT
// The request: built once from the config and the command line's choices, every default written once, the
// identity of shards, checkpoints and merge computed from it, and rebuilt from that identity for `merge`.
#include "mcsens/engine/request.hpp"

#include <gtest/gtest.h>

#include "mcsens/config/config.hpp"
#include "mcsens/error.hpp"

namespace mcsens {

namespace {

const char* kModel = R"toml(
[run]
samples = 5000
seed = 17
sampler = "lhs"
confidence = 0.9
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "2 * a"
[sensitivity]
sobol = { base_samples = 128 }
regression = true
)toml";

RunRequest request_of(const Config& config, const RequestChoices& choices) {
  return make_request(config, config.problem(), choices);
}

}  // namespace

TEST(Request, TheConfigsRunTableAndEveryAnalysisByDefault) {
  const Config config = Config::load_text(kModel, "m.toml");
  const RunRequest r = request_of(config, {});
  EXPECT_EQ(r.settings.samples, 5000u);
  EXPECT_EQ(r.settings.seed, 17u);
  EXPECT_EQ(r.settings.sampler, SamplerKind::lhs);
  EXPECT_EQ(r.settings.confidence, 0.9);
  EXPECT_EQ(r.settings.chunk_size, 65536u);
  EXPECT_EQ(r.analyses.text(), "uncertainty,claims,curves,scenarios,sobol,regression");  // no Morris asked for
  EXPECT_EQ(r.analysis_rows(), 5000u);  // the regression reads the first draws (at most kRegressionSampleCap)
  EXPECT_EQ(r.config_name, "m.toml");
  EXPECT_EQ(r.config_text, kModel);
}

TEST(Request, ChoicesOverrideTheConfigWhichIsNeverWrittenBack) {
  Config config = Config::load_text(kModel, "m.toml");
  config.apply_override("run.seed=3");
  RequestChoices choices;
  choices.samples = 123;
  choices.sampler = SamplerKind::mc;
  choices.only = {"uncertainty", "sobol"};
  choices.keep_samples = 10;
  const ProblemSpec spec = config.problem();
  const RunRequest r = make_request(config, spec, choices);
  EXPECT_EQ(r.settings.samples, 123u);
  EXPECT_EQ(r.settings.seed, 3u);  // from --set
  EXPECT_EQ(r.settings.sampler, SamplerKind::mc);
  EXPECT_EQ(r.settings.keep_samples, 10u);
  EXPECT_EQ(r.analyses.text(), "uncertainty,sobol");
  EXPECT_EQ(r.analysis_rows(), 0u);
  EXPECT_EQ(spec.run.samples, 5000u);  // the parsed config keeps what it said
  EXPECT_EQ(r.overrides, std::vector<std::string>{"run.seed=3"});
}

TEST(Request, OnlyRefusesUnknownNamesAndNothingToDo) {
  const Config config = Config::load_text(kModel, "m.toml");
  RequestChoices choices;
  choices.only = {"sobel"};
  try {
    request_of(config, choices);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("unknown analysis 'sobel' (did you mean 'sobol'?)"), std::string::npos)
        << e.what();
  }
  choices.only = {"morris"};
  EXPECT_THROW(request_of(config, choices), Error);  // the config has no Morris analysis
}

TEST(Request, TheIdentityRebuildsTheSameRequest) {
  Config config = Config::load_text(kModel, "m.toml");
  config.apply_override("sensitivity.sobol.base_samples=256");
  RequestChoices choices;
  choices.samples = 777;
  choices.seed = 9;
  choices.only = {"claims", "sobol"};
  const RunRequest r = make_request(config, config.problem(), choices);
  const RunIdentity id = r.identity();
  EXPECT_EQ(id.samples, 777u);
  EXPECT_EQ(id.sampler, "lhs");
  EXPECT_EQ(id.analyses, "claims,sobol");
  const RunRequest back = request_from_identity(id);
  EXPECT_EQ(back.identity().config_text, id.config_text);
  EXPECT_EQ(back.identity().overrides, id.overrides);
  EXPECT_EQ(back.identity().analyses, id.analyses);
  EXPECT_EQ(back.settings.samples, 777u);
  EXPECT_EQ(back.settings.seed, 9u);
  EXPECT_EQ(back.settings.confidence, 0.9);
  EXPECT_EQ(identity_mismatch(back.identity(), id), "");
}

}  // namespace mcsens
