// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "integration/cli_runner.hpp"

namespace mcsens::testing {

namespace {
const char* kValid = R"toml(title = "small"
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 2, sd = 0.5 }
c = { value = 3 }
[outputs]
y = "a * b + c"
)toml";
}  // namespace

TEST(CliCheck, ValidConfigPrintsParametersAndOutputs) {
  TempDir dir("check_valid");
  const auto path = dir.write("small.toml", kValid);
  const CliResult r = run_cli("check '" + path.string() + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("OK"), std::string::npos);
  EXPECT_NE(r.out.find("[parameters]  3 inputs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("uniform"), std::string::npos);
  EXPECT_NE(r.out.find("normal"), std::string::npos);
  EXPECT_NE(r.out.find("constant 3"), std::string::npos);
  EXPECT_NE(r.out.find("y     = a * b + c"), std::string::npos) << r.out;
}

TEST(CliCheck, PaperConfigIsValid) {
  const CliResult r = run_cli(std::string("check '") + MCSENS_SOURCE_DIR + "/configs/paper.toml'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rde_hb"), std::string::npos);
}

// A model of another kind: its keys as mcsens read them, defaults and what a 0 means included, in text and JSON.
TEST(CliCheck, AnExternalProgramsKeysAreShownAsRead) {
  const std::string config = std::string(MCSENS_SOURCE_DIR) + "/examples/external/borehole_template.toml";
  const CliResult r = run_cli("check '" + config + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("model: command, 2 targets\n"
                       "  command: [\"/usr/bin/python3\", \"./borehole.py\", \"--input\", \"borehole.in\"]\n"
                       "  outputs: [\"flow\"]\n"
                       "  timeout: 10\n"
                       "  jobs: 0 (as many as the run's threads, -t)\n"
                       "  retries: 0 (a failed draw is not run again)\n"
                       "  on_failure: skip\n"
                       "  template: " +
                       std::string(MCSENS_SOURCE_DIR) + "/examples/external/borehole.in\n  workdir: (none)\n"),
            std::string::npos)
      << r.out;
  const CliResult j = run_cli("check --json '" + config + "'");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_NE(
      j.out.find("\"model\": {\"kind\": \"command\", \"targets\": 2, \"command\": [\"/usr/bin/python3\", "
                 "\"./borehole.py\", \"--input\", \"borehole.in\"], \"outputs\": [\"flow\"], \"timeout\": \"10\", "
                 "\"jobs\": \"0\", \"retries\": \"0\", \"on_failure\": \"skip\""),
      std::string::npos)
      << j.out;
}

TEST(CliCheck, TomlSyntaxErrorIsFileLineColumnAndExitTwo) {
  TempDir dir("check_syntax");
  const auto path = dir.write("bad.toml", "[parameters]\na = { dist = \"uniform\" low = 0 }\n");
  const CliResult r = run_cli("check '" + path.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("mcsens: error: " + path.string() + ":2:", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("TOML syntax error"), std::string::npos);
  EXPECT_NE(r.err.find("^"), std::string::npos);  // the caret line
}

TEST(CliCheck, MissingFileExitsTwo) {
  const CliResult r = run_cli("check /nonexistent/model.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "mcsens: error: cannot read config file '/nonexistent/model.toml': no such file or not readable\n");
}

TEST(CliCheck, WrongTypeNamesKeyAndLine) {
  TempDir dir("check_type");
  const auto path = dir.write("type.toml", std::string(kValid) + "[run]\nsamples = \"many\"\n");
  const CliResult r = run_cli("check '" + path.string() + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("mcsens: error: " + path.string() + ":9:11: run.samples: 'many' is not a number of draws", 0),
            0u)
      << r.err;
}

TEST(CliCheck, NoConfigAndUnknownOption) {
  EXPECT_EQ(run_cli("check").exit_code, 2);
  const CliResult r = run_cli("check --frobnicate x.toml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("frobnicate"), std::string::npos);
}

TEST(CliCheck, SetOverridesAreApplied) {
  TempDir dir("check_set");
  const auto path = dir.write("small.toml", kValid);
  const CliResult r = run_cli("check '" + path.string() + "' --set parameters.a.high=5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("high=5"), std::string::npos) << r.out;
}

namespace {

// Every section check reports, with numbers that are noisy once computed: a lognormal given by its median (1e6
// comes back from exp(log(1e6)) as 999999.9999999995), a beta by mean and sd (a = 23.700000000000003).
const char* kEverything = R"toml(title = "small"
[run]
samples = 20000
[parameters]
a = { dist = "lognormal", median = 1e6, gsd = 1.5 }
b = { dist = "beta", mean = 0.05, sd = 0.01 }
c = { value = 3 }
d = { dist = "uniform", low = 2.5e-7, high = 123456 }
[outputs]
y = { expr = "a * b + c + d", quantiles = [0.005, 0.995] }
[[claims]]
name = "big"
expr = "y > 1e5"
text = "y is large"
[[curves]]
name = "decay"
x = "t"
grid = { low = 0, high = 5, points = 51 }
y = "exp(-b * t)"
features = ["inflection", { crossing_below = 0.5 }, { crossing_below_expr = "b / 4" }]
[[scenarios]]
name = "sure_b"
text = "b known"
parameters = { b = { value = 0.05 } }
[[scenarios]]
name = "wide_a"
parameters = { a = { dist = "lognormal", median = 1e6, gsd = 3 } }
[ranking]
rank_by = "y"
[sensitivity]
sobol = { base_samples = 1024 }
morris = { trajectories = 50 }
regression = true
)toml";

}  // namespace

// Issue 18: check shows everything it understood (curve features, scenarios and what they change, [ranking],
// [sensitivity] with its cost in model runs), numbers as written or, when computed, without their rounding noise.
TEST(CliCheck, ShowsEverythingItUnderstood) {
  TempDir dir("check_everything");
  dir.write("small.toml", kEverything);
  const CliResult r = run_cli("check small.toml", dir.path().string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out,
            "small.toml: OK  (small)\n"
            "\n"
            "[run]  20,000 samples, seed 20251126, sampler mc\n"
            "  uncertainty: 20,000 draws x (baseline + 2 scenarios) = 60,000 model runs\n"
            "\n"
            "[parameters]  4 inputs, 3 uncertain\n"
            "  a     lognormal(median=1e6, gsd=1.5; mu=13.815510558, sigma=0.405465108108)\n"
            "  b     beta(mean=0.05, sd=0.01; a=23.7, b=450.3, low=0, high=1)\n"
            "  c     constant 3\n"
            "  d     uniform(low=2.5e-7, high=123456)\n"
            "\n"
            "[outputs]  1\n"
            "  y     = a * b + c + d\n"
            "          quantiles 0.005, 0.05, 0.5, 0.95, 0.995\n"
            "\n"
            "[[claims]]  1\n"
            "  big:  y > 1e5  (\"y is large\")\n"
            "\n"
            "[[curves]]  1\n"
            "  decay:  y = exp(-b * t)  over t in [0, 5], 51 points\n"
            "    bands 0.05, 0.25, 0.5, 0.75, 0.95\n"
            "    features inflection, crossing_below = 0.5, crossing_below_expr = \"b / 4\"\n"
            "\n"
            "[[scenarios]]  2\n"
            "  sure_b:  b known\n"
            "    b -> constant 0.05\n"
            "  wide_a\n"
            "    a -> lognormal(median=1e6, gsd=3; mu=13.815510558, sigma=1.09861228867)\n"
            "\n"
            "[ranking]  by y\n"
            "  scenarios sure_b, wide_a\n"
            "\n"
            "[sensitivity]  outputs y (every output)\n"
            "  sobol:       N = 1,024 base samples x (k + 2, k = 3) = 5,120 model runs; sampler sobol (32 replicates), "
            "intervals at "
            "95 %\n"
            "  morris:      r = 50 trajectories x (k + 1, k = 3) = 200 model runs; 4 levels\n"
            "  regression:  SRC and PRCC from the first 20,000 uncertainty draws, no model runs of its own\n"
            "\n"
            "intervals at 95 % (run.confidence)\n"
            "model: expressions, 2 targets, a program of 2 instructions\n");
}

TEST(CliCheck, CostsFollowSetAndSecondOrder) {
  TempDir dir("check_costs");
  dir.write("small.toml", kEverything);
  const CliResult r = run_cli(
      "check small.toml --set run.samples=1e6 --set sensitivity.sobol.second_order=true "
      "--set sensitivity.morris.candidates=400",
      dir.path().string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  uncertainty: 1,000,000 draws x (baseline + 2 scenarios) = 3,000,000 model runs\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("N = 1,024 base samples x (2k + 2, k = 3) = 8,192 model runs; sampler sobol (32 replicates), "
                       "intervals at 95 %, second order\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("= 200 model runs; 4 levels, chosen from 400\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SRC and PRCC from the first 100,000 uncertainty draws"), std::string::npos) << r.out;
}

// The sobol sampler's sizes as the engine will run them: rounded up to whole replicated nets, said so.
TEST(CliCheck, SobolSamplerSizesAreShownAsRun) {
  TempDir dir("check_rqmc");
  dir.write("small.toml", kEverything);
  const CliResult r = run_cli(
      "check small.toml --set 'run.sampler=\"sobol\"' --set sensitivity.sobol.base_samples=1000", dir.path().string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("sampler sobol (32 scrambled replicates)\n  samples rounded up to 32,768 = 32 x 1,024"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("  uncertainty: 32,768 draws x (baseline + 2 scenarios) = 98,304 model runs\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("base_samples 1,000 rounded up to 1,024 = 32 x 32"), std::string::npos) << r.out;
}

// The [ranking] options are shown (issue 18).
TEST(CliCheck, RankingOptionsAreShown) {
  TempDir dir("check_ranking");
  dir.write("small.toml", kEverything);
  const CliResult r = run_cli("check small.toml --set ranking.include_baseline=true --set ranking.lower_is_better=true",
                              dir.path().string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("  the baseline is a contender (include_baseline)\n  a smaller value wins (lower_is_better)\n"),
            std::string::npos)
      << r.out;
}

// Shapley effects: what the design will cost, as the engine counts it (every subset for k <= 6).
TEST(CliCheck, ShapleyCostIsShown) {
  TempDir dir("check_shapley");
  dir.write("corr.toml", R"toml([parameters]
a = { dist = "normal", mean = 0, sd = 1 }
b = { dist = "normal", mean = 0, sd = 1 }
[correlation]
pairs = [["a", "b", 0.5]]
[outputs]
y = "a + b"
[sensitivity]
shapley = { outer = 1000, inner = 3 }
)toml");
  const CliResult r = run_cli("check corr.toml", dir.path().string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // 1 + (2^2 - 1)(3 - 1) = 7 model runs per outer point.
  EXPECT_NE(r.out.find("  shapley:     1,000 outer points x every subset (k = 2, inner = 3) = 7,000 model runs; "
                       "method auto"),
            std::string::npos)
      << r.out;
}

// check --json: the same content as one JSON document, read back by Python's json module.
// A trajectory output (issue 35, step 5): check says it is an array over the time of [dynamics], how many values it
// records and from when to when, in the text and in --json.
TEST(CliCheck, ATrajectoryOutputIsShownAsAnArrayOverTime) {
  TempDir dir("check_trajectory");
  const auto path = dir.write("decay.toml", R"toml([parameters]
k = { dist = "uniform", low = 0.5, high = 1.5 }
[dynamics]
steps = 40
dt = 0.1
record_every = 4
time = "year"
[dynamics.states]
y = { initial = "1", rate = "-k * y" }
[outputs]
path = "trajectory(y)"
last = "at_end(y)"
)toml");
  CliResult r = run_cli("check '" + path.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("40 steps of 0.1 from year = 0 to 4, trajectories recorded every 4 steps"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("path  = trajectory(y)\n          an array over year, 11 values (0 to 4)\n"), std::string::npos)
      << r.out;
  r = run_cli("check --json '" + path.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"record_every\": 4"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"dimension\": {\"name\": \"year\", \"size\": 11, \"coordinates\": [0, 0.4, 0.8, 1.2"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"name\": \"last\", \"expr\": \"at_end(y)\", \"dimension\": null"), std::string::npos) << r.out;
}

TEST(CliCheck, JsonIsOneDocumentWithTheSameContent) {
  if (::access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  TempDir dir("check_json");
  dir.write("small.toml", kEverything);
  const CliResult r = run_cli("check small.toml --json", dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto json = dir.write("check.json", r.out);
  const auto script = dir.write("read.py", R"py(import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["config", "title", "run", "model", "parameters", "correlation", "functions", "derived",
                   "dynamics", "outputs", "claims", "curves", "scenarios", "ranking", "sensitivity"], list(d)
assert d["config"] == "small.toml" and d["title"] == "small" and d["dynamics"] is None
assert d["run"] == {"samples": 20000, "samples_requested": 20000, "replicates": 0, "seed": 20251126, "sampler": "mc",
                    "confidence": 0.95, "model_runs": 60000}, d["run"]
assert d["model"] == {"kind": "expressions", "targets": 2, "instructions": 2}, d["model"]
a, b, c, dd = d["parameters"]
assert a["name"] == "a" and a["kind"] == "lognormal" and a["given"] == {"median": 1e6, "gsd": 1.5}
assert abs(a["derived"]["mu"] - 13.815510557964274) < 1e-12
assert b["given"] == {"mean": 0.05, "sd": 0.01} and abs(b["derived"]["a"] - 23.7) < 1e-9
assert c == {"name": "c", "kind": "constant", "value": 3, "label": "", "unit": ""}, c
assert dd["given"] == {"low": 2.5e-7, "high": 123456} and dd["derived"] == {}
assert d["outputs"][0]["quantiles"] == [0.005, 0.05, 0.5, 0.95, 0.995]
assert d["outputs"][0]["histogram"] == {"bins": 100, "low": None, "high": None}
assert d["claims"] == [{"name": "big", "expr": "y > 1e5", "text": "y is large"}]
curve = d["curves"][0]
assert curve["grid"] == {"low": 0, "high": 5, "points": 51} and curve["x"] == "t"
assert curve["features"] == [{"kind": "inflection"}, {"kind": "crossing_below", "level": 0.5},
                             {"kind": "crossing_below_expr", "level_expr": "b / 4"}], curve["features"]
s0, s1 = d["scenarios"]
assert s0["changes"] == [{"parameter": "b", "kind": "constant", "value": 0.05}], s0
assert s1["changes"][0]["parameter"] == "a" and s1["changes"][0]["given"] == {"median": 1e6, "gsd": 3}
assert d["ranking"] == {"rank_by": "y", "scenarios": ["sure_b", "wide_a"], "include_baseline": False,
                        "lower_is_better": False, "from_config": True}, d["ranking"]
sens = d["sensitivity"]
assert sens["outputs"] == ["y"] and sens["k"] == 3
assert sens["sobol"]["model_runs"] == 1024 * (3 + 2) and sens["sobol"]["second_order"] is False
assert sens["morris"]["model_runs"] == 50 * (3 + 1)
assert sens["regression"] == {"draws": 20000, "model_runs": 0}
print("ok")
)py");
  const std::string command = "/usr/bin/python3 '" + script.string() + "' '" + json.string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string said;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) said += buffer;
  const int status = ::pclose(pipe);
  EXPECT_EQ(status, 0) << said << "\n" << r.out;
  EXPECT_EQ(said, "ok\n") << r.out;

  // A config without scenarios or [sensitivity]: empty lists and nulls, still one document.
  dir.write("plain.toml", kValid);
  const CliResult plain = run_cli("check plain.toml --json", dir.path().string());
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_NE(plain.out.find("\"scenarios\": [],\n  \"ranking\": null,\n  \"sensitivity\": null\n}\n"), std::string::npos)
      << plain.out;
  EXPECT_NE(plain.out.find("{\"name\": \"c\", \"kind\": \"constant\", \"value\": 3, \"label\": \"\", \"unit\": \"\"}"),
            std::string::npos)
      << plain.out;
}

}  // namespace mcsens::testing
