// SPDX-License-Identifier: MIT
// `mcsens run` and `mcsens show` end to end: config -> HDF5 -> summary, as a user runs them.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>

#include "integration/cli_runner.hpp"
#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"

namespace mcsens::testing {

namespace {

const char* kModel = R"toml(title = "integration model"
[run]
samples = 20000
seed = 11
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 1, sd = 0.5 }
[outputs]
y = { expr = "a * b", label = "a times b" }
z = "a + b"
[[claims]]
name = "z_big"
expr = "z > 1.5"
text = "z exceeds 1.5"
[[curves]]
name = "sweep"
x = "a"
grid = { low = 0.1, high = 1, points = 21 }
y = "a * b + a ^ 3"
features = ["takeoff", { crossing = 0.8 }]
[[scenarios]]
name = "more_b"
parameters = { b = { dist = "normal", mean = 2, sd = 0.5 } }
[[scenarios]]
name = "less_b"
parameters = { b = { dist = "normal", mean = 0.5, sd = 0.5 } }
)toml";

std::string q(const std::filesystem::path& p) {
  return "'" + p.string() + "'";
}

// Every dataset under `group`, read back as text (strings) or doubles, keyed by path.
void collect(const h5::Group& group, const std::string& prefix, std::map<std::string, std::vector<std::string>>& all) {
  for (const auto& name : group.children()) {
    const std::string path = prefix + "/" + name;
    bool is_group = true;
    try {
      collect(group.open_group(name), path, all);
    } catch (const mcsens::Error&) {
      is_group = false;
    }
    if (is_group) continue;
    try {
      all[path] = group.read_strings(name);
    } catch (const mcsens::Error&) {
      std::vector<std::string> values;
      try {
        for (double v : group.read_doubles(name))
          values.push_back(std::to_string(v) + "/" + std::to_string(std::hash<double>{}(v)));
      } catch (const mcsens::Error&) {
        for (auto v : group.read_uint64s(name)) values.push_back(std::to_string(v));
      }
      all[path] = values;
    }
  }
}

std::map<std::string, std::vector<std::string>> datasets(const std::string& path) {
  std::map<std::string, std::vector<std::string>> all;
  h5::InputFile file(path);
  h5::Group root = file.root();
  for (const char* section : {"outputs", "claims", "curves", "scenarios"}) {
    if (root.exists(section)) collect(root.open_group(section), section, all);
  }
  return all;
}

}  // namespace

TEST(CliRun, RunWritesTheResultAndShowPrintsTheSameSummary) {
  TempDir dir("run_show");
  const auto config = dir.write("model.toml", kModel);
  const auto out = dir / "model.h5";
  const CliResult r = run_cli("run " + q(config) + " -o " + q(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(out));
  EXPECT_NE(r.out.find("20,000 draws (mc, seed 11)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("z_big"), std::string::npos);
  EXPECT_NE(r.out.find("z exceeds 1.5"), std::string::npos);
  const CliResult s = run_cli("show " + q(out));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out, r.out);

  h5::InputFile file(out.string());
  h5::Group root = file.root();
  EXPECT_EQ(root.int_attribute("samples"), 20000);
  EXPECT_EQ(root.int_attribute("seed"), 11);
  EXPECT_EQ(root.string_attribute("sampler"), "mc");
  EXPECT_EQ(root.string_attribute("config"), kModel);
  for (const char* attr : {"mcsens_version", "git_commit", "created_utc"}) EXPECT_TRUE(root.has_attribute(attr));
  for (const char* path : {"outputs/y/moments", "outputs/y/mean_se", "outputs/y/quantiles", "outputs/y/nonfinite",
                           "outputs/y/histogram/edges", "outputs/y/histogram/counts", "claims/z_big/probability",
                           "claims/z_big/ci_low", "claims/z_big/ci_high", "claims/z_big/count", "claims/z_big/n"}) {
    const std::string p(path);
    const auto slash = p.rfind('/');
    EXPECT_TRUE(root.open_group(p.substr(0, slash)).exists(p.substr(slash + 1))) << path;
  }
  EXPECT_EQ(root.open_group("outputs/y").shape("quantiles").at(0), 2u);
  EXPECT_EQ(root.open_group("parameters/b").string_attribute("dist"), "normal");
  for (const char* path :
       {"curves/sweep/x", "curves/sweep/bands", "curves/sweep/band_probs", "curves/sweep/features/takeoff/quantiles",
        "curves/sweep/features/crossing_0.8/not_found", "scenarios/ranking", "scenarios/more_b/delta/y/moments",
        "scenarios/more_b/outputs/z/moments", "scenarios/more_b/claims/z_big/probability", "claims/z_big/drivers/ks_d",
        "claims/z_big/drivers/names", "claims/z_big/drivers/holding_quantiles"}) {
    const std::string p(path);
    const auto slash = p.rfind('/');
    EXPECT_TRUE(root.open_group(p.substr(0, slash)).exists(p.substr(slash + 1))) << path;
  }
  EXPECT_EQ(root.open_group("curves/sweep").shape("bands"), (std::vector<std::size_t>{5, 21}));
  EXPECT_EQ(root.open_group("scenarios").shape("ranking"), (std::vector<std::size_t>{2, 2}));
  const auto counts = root.open_group("outputs/y/histogram").read_uint64s("counts");
  std::uint64_t total = root.open_group("outputs/y/histogram").read_uint64("underflow") +
                        root.open_group("outputs/y/histogram").read_uint64("overflow");
  for (auto c : counts) total += c;
  EXPECT_EQ(total, 20000u);
}

TEST(CliRun, IdenticalDatasetsForOneTwoThreeThreads) {
  TempDir dir("run_threads");
  const auto config = dir.write("model.toml", kModel);
  std::map<std::string, std::vector<std::string>> reference;
  for (int t : {1, 2, 3}) {
    const auto out = dir / ("t" + std::to_string(t) + ".h5");
    const CliResult r = run_cli("run " + q(config) + " -n 70000 -t " + std::to_string(t) + " -q -o " + q(out));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto now = datasets(out.string());
    if (t == 1) {
      reference = now;
      EXPECT_GT(reference.size(), 10u);
    } else {
      EXPECT_EQ(now, reference) << t << " threads";  // exact equality of every value
    }
  }
}

TEST(CliRun, ExistingFileNeedsForce) {
  TempDir dir("run_force");
  const auto config = dir.write("model.toml", kModel);
  const auto out = dir / "x.h5";
  ASSERT_EQ(run_cli("run " + q(config) + " -q -o " + q(out)).exit_code, 0);
  const auto before = std::filesystem::last_write_time(out);
  const CliResult again = run_cli("run " + q(config) + " -q -o " + q(out), "", "env -u MCSENS_OVERWRITE");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err, "mcsens: error: " + out.string() +
                           " exists; use --force to overwrite it (or --resume with a larger -n to extend it) (or set "
                           "MCSENS_OVERWRITE=1 to replace earlier results without --force)\n");
  EXPECT_EQ(std::filesystem::last_write_time(out), before);
  EXPECT_EQ(run_cli("run " + q(config) + " -q --force -n 1000 -o " + q(out)).exit_code, 0);
  h5::InputFile file(out.string());
  EXPECT_EQ(file.root().int_attribute("samples"), 1000);
}

// Issue 18: MCSENS_OVERWRITE=1 lets `run` and `merge` replace an mcsens result without --force; any other existing
// file is still refused (and left as it was), and without the variable a result still needs --force.
TEST(CliRun, OverwriteEnvironmentReplacesResultsOnly) {
  TempDir dir("run_overwrite_env");
  const auto config = dir.write("model.toml", kModel);
  const auto out = dir / "x.h5";
  const std::string env = "env MCSENS_OVERWRITE=1";
  ASSERT_EQ(run_cli("run " + q(config) + " -q -n 500 -o " + q(out), "", env).exit_code, 0);
  const CliResult again = run_cli("run " + q(config) + " -q -n 700 -o " + q(out), "", env);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  {
    h5::InputFile file(out.string());
    EXPECT_EQ(file.root().int_attribute("samples"), 700);
  }
  EXPECT_EQ(run_cli("run " + q(config) + " -q -n 900 -o " + q(out), "", "env MCSENS_OVERWRITE=0").exit_code, 2);
  const auto other = dir.write("notes.h5", "not a result\n");
  const CliResult refused = run_cli("run " + q(config) + " -q -n 500 -o " + q(other), "", env);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, "mcsens: error: " + other.string() +
                             " exists and is not an mcsens result, so MCSENS_OVERWRITE=1 does not replace it; use "
                             "--force to overwrite it\n");
  EXPECT_EQ(read_text(other), "not a result\n");
  const auto shard0 = dir / "s0.h5", shard1 = dir / "s1.h5";
  ASSERT_EQ(run_cli("run " + q(config) + " -q -n 500 --shard 1/2 -o " + q(shard0)).exit_code, 0);
  ASSERT_EQ(run_cli("run " + q(config) + " -q -n 500 --shard 2/2 -o " + q(shard1)).exit_code, 0);
  const CliResult merged = run_cli("merge -q -o " + q(out) + " " + q(shard0) + " " + q(shard1), "", env);
  EXPECT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_EQ(run_cli("merge -q -o " + q(other) + " " + q(shard0) + " " + q(shard1), "", env).exit_code, 2);
}

// Issue 16, part 5: a payback that is "never" (+inf) in about 16 % of the draws. q95 is inf (not the largest
// finite payback), the moments are over the finite draws and say so (console, JSON, HDF5, and show); NaN stays
// out of the quantiles and is counted.
TEST(CliRun, InfiniteDrawsAreQuantileValuesAndMomentsAreMarked) {
  TempDir dir("run_infinite");
  const auto config = dir.write("payback.toml", R"toml(
[parameters]
r = { dist = "uniform", low = 0.0, high = 1.0 }
[outputs]
payback = { expr = "r > 0.84 ? 1 / 0 : 44 * r / 0.84" }
odd = { expr = "r > 0.9 ? 0 / 0 : r" }
)toml");
  const auto out = dir / "payback.h5";
  const CliResult r = run_cli("run " + q(config) + " -n 200000 -o " + q(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("inf      "), std::string::npos) << r.out;  // the q95 column
  EXPECT_NE(r.out.find("note: payback: moments over the finite draws only: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("+inf); the quantiles include the infinite draws"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("note: odd: moments over the finite draws only: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NaN); NaN draws are left out everywhere"), std::string::npos) << r.out;
  const CliResult s = run_cli("show " + q(out));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out, r.out);
  const CliResult j = run_cli("show " + q(out) + " --json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_NE(j.out.find("\"0.95\": \"inf\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"moments_note\": \"moments over the finite draws only: "), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"nonfinite_share\": 0.1"), std::string::npos) << j.out;

  h5::InputFile file(out.string());
  h5::Group payback = file.root().open_group("outputs/payback");
  const auto quantiles = payback.read_doubles("quantiles");
  const std::size_t k = quantiles.size() / 2;
  for (std::size_t i = 0; i < k; ++i) {
    const double p = quantiles[i];
    const double v = quantiles[k + i];
    if (p >= 0.85) {
      EXPECT_TRUE(std::isinf(v) && v > 0) << p;
    } else {
      EXPECT_TRUE(std::isfinite(v) && v < 44.0) << p;
    }
  }
  const auto share = payback.double_attribute("nonfinite_share", "moments");
  EXPECT_NEAR(share, 0.16, 5 * std::sqrt(0.16 * 0.84 / 200000));
  EXPECT_EQ(static_cast<std::uint64_t>(payback.int_attribute("positive_infinite", "moments")),
            payback.read_uint64("nonfinite"));
  EXPECT_NE(payback.string_attribute("note", "moments").find("over the finite draws only"), std::string::npos);
  // The mean is that of U(0, 44) over the finite draws: 22, within 5 se (sd 44 / sqrt(12)).
  EXPECT_NEAR(payback.read_doubles("moments")[0], 22.0, 5 * 44 / std::sqrt(12.0 * 168000));
  h5::Group odd = file.root().open_group("outputs/odd");
  const auto odd_quantiles = odd.read_doubles("quantiles");
  for (std::size_t i = k; i < 2 * k; ++i) EXPECT_TRUE(std::isfinite(odd_quantiles[i]) && odd_quantiles[i] <= 0.9);
  EXPECT_EQ(odd.int_attribute("positive_infinite", "moments"), 0);
  EXPECT_NE(odd.string_attribute("note", "moments").find("NaN"), std::string::npos);
}

// Issue 16, part 4 (the issue's example) and issue 18's ranking options, end to end: the edge count and the ranking
// choices in the console, --json, the result file, and `show` of it.
TEST(CliRun, EdgeCountsAndRankingOptionsInEveryReport) {
  TempDir dir("edge_ranking");
  const auto config = dir.write("ramp.toml", R"toml([run]
samples = 5000
seed = 16
[parameters]
a = { dist = "uniform", low = 0.3, high = 0.7 }
[outputs]
cost = "a"
[[curves]]
name = "ramp"
x = "t"
grid = { low = 0, high = 1, points = 101 }
y = "max(0.001, a - t)"
features = ["inflection", "steepest_fall"]
[[scenarios]]
name = "fixed"
parameters = { a = { value = 0.5 } }
[ranking]
rank_by = "cost"
include_baseline = true
lower_is_better = true
)toml");
  const auto out = dir / "ramp.h5";
  const CliResult r = run_cli("run " + q(config) + " -o " + q(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("at edge"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("note: steepest_fall lies at the grid's edge in 5,000 draws"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("note: inflection"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("P(row scenario gives a smaller cost than column scenario), same draws (lower is better), "
                       "baseline included:"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("[1] baseline"), std::string::npos) << r.out;
  const CliResult s = run_cli("show " + q(out));
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out, r.out);

  h5::InputFile file(out.string());
  h5::Group root = file.root();
  EXPECT_EQ(root.open_group("curves/ramp/features/steepest_fall").read_uint64("at_edge"), 5000u);
  EXPECT_EQ(root.open_group("curves/ramp/features/steepest_fall").read_uint64("count"), 0u);
  EXPECT_EQ(root.open_group("curves/ramp/features/inflection").read_uint64("at_edge"), 0u);
  EXPECT_EQ(root.open_group("scenarios/fixed/curves/ramp/features/steepest_fall").read_uint64("at_edge"), 5000u);
  h5::Group scenarios = root.open_group("scenarios");
  EXPECT_EQ(scenarios.int_attribute("include_baseline", "ranking"), 1);
  EXPECT_EQ(scenarios.int_attribute("lower_is_better", "ranking"), 1);
  EXPECT_EQ(scenarios.read_strings("ranking_names"), (std::vector<std::string>{"baseline", "fixed"}));
  EXPECT_EQ(scenarios.shape("ranking"), (std::vector<std::size_t>{2, 2}));

  const CliResult j = run_cli("run " + q(config) + " --json --force -o " + q(out));
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_NE(j.out.find("\"not_found\": 0, \"at_edge\": 5000, \"statistics\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"include_baseline\": true, \"lower_is_better\": true, \"scenarios\": [\"baseline\", "
                       "\"fixed\"]"),
            std::string::npos)
      << j.out;
}

TEST(CliRun, SetOnlyJsonAndKeepSamples) {
  TempDir dir("run_options");
  const auto config = dir.write("model.toml", kModel);
  const auto out = dir / "o.h5";
  const CliResult r = run_cli("run " + q(config) +
                              " --set parameters.a.low=10 --set parameters.a.high=11 --only claims "
                              "--keep-samples 100 --json -o " +
                              q(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.front(), '{');
  EXPECT_NE(r.out.find("\"z_big\": {"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"probability\": 1,"), std::string::npos) << r.out;  // a >= 10 makes z > 1.5 certain
  EXPECT_NE(r.out.find("\"verdict\": \"virtually certain\""), std::string::npos);
  h5::InputFile file(out.string());
  h5::Group root = file.root();
  EXPECT_EQ(root.open_group("samples").shape("inputs"), (std::vector<std::size_t>{100, 2}));
  const auto inputs = root.open_group("samples").read_doubles("inputs");
  for (size_t i = 0; i < 100; ++i) EXPECT_GE(inputs[i * 2], 10.0);
  EXPECT_EQ(root.open_group("parameters/a").double_attribute("low"), 10.0);
}

TEST(CliRun, BuiltinDefaultWritesResultsPaper) {
  TempDir dir("run_default");
  const CliResult r = run_cli("run -n 20000 -q", dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "results/paper.h5"));
  const CliResult s = run_cli("show results/paper.h5", dir.path().string());
  EXPECT_EQ(s.exit_code, 0);
  EXPECT_NE(s.out.find("rde_hb"), std::string::npos);
  EXPECT_NE(s.out.find("below_threshold_hb"), std::string::npos);
}

TEST(CliRun, BadFlagsExitTwoWithoutAFile) {
  TempDir dir("run_bad");
  const auto config = dir.write("model.toml", kModel);
  const auto out = dir / "never.h5";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"-n abc", "-n/--samples: 'abc' is not a number of draws"},
      {"-n 0", "it must be at least 1"},
      {"-t 0", "-t/--threads must be between 1 and 4096"},
      {"--sampler foo", "sampler"},
      {"--set nokey", "--set takes KEY=VALUE"},
      {"--only sobbol", "did you mean 'sobol'?"},
      {"-s -3", "seed"},
      {"--progress sometimes", "--progress must be auto, always or never"},
      {"--frobnicate", "frobnicate"},
  };
  for (const auto& [flags, message] : cases) {
    const CliResult r = run_cli("run " + q(config) + " " + flags + " -o " + q(out));
    EXPECT_EQ(r.exit_code, 2) << flags;
    EXPECT_EQ(r.err.rfind("mcsens: error: ", 0), 0u) << flags << ": " << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << flags << ": " << r.err;
    EXPECT_FALSE(std::filesystem::exists(out)) << flags;
  }
}

TEST(CliRun, UnwritableFolderExitsThreeWithoutAFile) {
  TempDir dir("run_io");
  const auto config = dir.write("model.toml", kModel);
  const CliResult r = run_cli("run " + q(config) + " -n 1000 -o " + q(dir / "missing/folder/x.h5"));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(r.err.rfind("mcsens: error: ", 0), 0u) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "missing"));
}

TEST(CliRun, InterruptExits130AndLeavesNoFile) {
  TempDir dir("run_sigint");
  const auto config = dir.write("model.toml", kModel);
  const auto out = dir / "big.h5";
  // timeout sends SIGINT after 1 s; --preserve-status passes mcsens' own exit code through.
  const std::string command = std::string("timeout --preserve-status -s INT 1 '") + MCSENS_BINARY + "' run " +
                              q(config) + " -n 1e12 -q -o " + q(out) + " 2>" + q(dir / "err.txt");
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_EQ(read_text(dir / "err.txt"),
            "mcsens: interrupted; no result file was written; the finished work is saved in " + out.string() +
                ".ckpt (continue with the same command and --resume)\n");
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_TRUE(std::filesystem::exists(out.string() + ".ckpt"));  // issue 8: the checkpoint written on SIGINT
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos) << entry.path();
  }
}

TEST(CliShow, RefusesMissingAndForeignFiles) {
  TempDir dir("show_bad");
  EXPECT_EQ(run_cli("show " + q(dir / "none.h5")).exit_code, 2);
  const auto text = dir.write("not.h5", "hello");
  const CliResult r = run_cli("show " + q(text));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.err.rfind("mcsens: error: ", 0), 0u) << r.err;
}

}  // namespace mcsens::testing

namespace mcsens::testing {

// --sampler sobol: -n and base_samples are rounded up to R x 2^m with a note; the standard errors and claim
// intervals come from the randomized-QMC replicates, and the file says so.
TEST(CliRun, SobolSamplerRoundsUpAndUsesReplicates) {
  TempDir dir("run_rqmc");
  const auto config = dir.write("q.toml", R"toml([parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "a + b^2"
[[claims]]
name = "big"
expr = "y > 0.8"
[sensitivity]
sobol = { base_samples = 3000 }
)toml");
  const auto out = dir / "q.h5";
  const CliResult r = run_cli("run " + q(config) + " -n 1000 --sampler sobol --set run.replicates=8 -o " + q(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("note: -n 1000 rounded up to 1024 = 8 x 128"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("note: sensitivity.sobol.base_samples 3000 rounded up to 4096 = 32 x 128"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("(se: the spread of 8 independently scrambled Sobol' replicates"), std::string::npos) << r.out;
  // Both inputs matter (every interval is away from 0): no row is marked ~0, so its legend is not printed.
  EXPECT_EQ(r.out.find("~0"), std::string::npos) << r.out;
  h5::InputFile file(out.string());
  h5::Group root = file.root();
  h5::Group y = root.open_group("outputs/y");
  EXPECT_EQ(y.int_attribute("replicates", "mean_se"), 8);
  EXPECT_NE(y.string_attribute("method", "mean_se").find("randomized QMC"), std::string::npos);
  EXPECT_EQ(root.open_group("claims/big").string_attribute("interval"), "rqmc-t");
  EXPECT_EQ(root.open_group("sensitivity/sobol/y").string_attribute("interval"), "rqmc-t");
  // With mc draws nothing is rounded and the i.i.d. formulas are used.
  const CliResult mc = run_cli("run " + q(config) + " -n 1000 --only uncertainty,claims -o " + q(out) + " --force");
  ASSERT_EQ(mc.exit_code, 0) << mc.err;
  EXPECT_EQ(mc.out.find("rounded up"), std::string::npos) << mc.out;
  h5::InputFile mc_file(out.string());
  EXPECT_EQ(mc_file.root().open_group("outputs/y").int_attribute("replicates", "mean_se"), 0);
  EXPECT_EQ(mc_file.root().open_group("claims/big").string_attribute("interval"), "wilson");
}

// Issue 32 class 5: the most extreme accepted confidence level, 1 - 1e-12, gives every interval (claims, ranking,
// Sobol' bootstrap and batch means, Morris, Shapley, --until ci) on both samplers; the next doubles above it are
// refused before any work (1 - 2^-53 lost a finished run to an overflow in a quantile at 0.5 + level / 2).
TEST(CliRun, TheLargestAcceptedConfidenceGivesEveryInterval) {
  TempDir dir("run_confidence_edge");
  const auto config = dir.write("c.toml", R"toml([run]
confidence = 0.999999999999
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 0, sd = 1 }
[outputs]
y = "a + b"
[[claims]]
name = "pos"
expr = "y > 0.5"
[[scenarios]]
name = "wide"
parameters = { a = { dist = "uniform", low = 0, high = 2 } }
[[scenarios]]
name = "wider"
parameters = { a = { dist = "uniform", low = 0, high = 3 } }
[ranking]
rank_by = "y"
[sensitivity]
sobol = { base_samples = 1024 }
morris = { trajectories = 20 }
shapley = { outer = 100, inner = 3, permutations = 200 }
)toml");
  const auto out = dir / "c.h5";
  for (const char* sampler : {"mc", "sobol"}) {
    const CliResult r = run_cli("run " + q(config) + " -q -n 4096 --force --sampler " + sampler + " -o " + q(out));
    EXPECT_EQ(r.exit_code, 0) << sampler << "\n" << r.err;
  }
  const CliResult until =
      run_cli("run " + q(config) + " -q -n 100000 --force --until ci=0.5 --only uncertainty,claims -o " + q(out));
  EXPECT_EQ(until.exit_code, 0) << until.err;
}

TEST(CliSensitivity, SobolMorrisRegressionIntoTheFileAndBack) {
  TempDir dir("run_sensitivity");
  const auto config = dir.write("ish.toml", R"toml(title = "ishigami"
[run]
samples = 20000
[parameters]
x1 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
x2 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
x3 = { dist = "uniform", low = -3.141592653589793, high = 3.141592653589793 }
[outputs]
y = "sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"
[[claims]]
name = "y_pos"
expr = "y > 0"
[sensitivity]
outputs = ["y", "y_pos"]
sobol = { base_samples = 4096, second_order = true }
morris = { trajectories = 30, levels = 6 }
regression = true
)toml");
  const auto out = dir / "ish.h5";
  const CliResult r = run_cli("run " + q(config) + " -o " + q(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Sobol' indices: N = 4096 base samples x (2k + 2, k = 3) = 32768 model runs"), std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("Sobol' indices of y_pos"), std::string::npos);
  // Ishigami's S1 of x3 is 0: its row carries ~0, and the legend explains the mark.
  EXPECT_NE(r.out.find(" ~0 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("~0: the interval contains 0 (not distinguishable from 0)"), std::string::npos);
  EXPECT_NE(r.out.find("regression (SRC/PRCC) is computed for outputs only, not for claim y_pos"), std::string::npos);
  const CliResult s = run_cli("show " + q(out));
  EXPECT_EQ(s.out, r.out);
  h5::InputFile file(out.string());
  h5::Group root = file.root();
  h5::Group sobol = root.open_group("sensitivity/sobol/y");
  EXPECT_EQ(sobol.read_strings("names"), (std::vector<std::string>{"x1", "x2", "x3"}));
  EXPECT_EQ(sobol.shape("S1_ci"), (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(sobol.shape("ST_ci"), (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(sobol.shape("S2"), (std::vector<std::size_t>{3, 3}));
  EXPECT_EQ(sobol.int_attribute("N"), 4096);
  EXPECT_EQ(sobol.string_attribute("interval"), "rqmc-t");  // the sobol sampler's 32 scrambled replicates
  EXPECT_EQ(sobol.int_attribute("batches"), 32);
  EXPECT_NE(sobol.string_attribute("estimator").find("jansen1999"), std::string::npos);
  EXPECT_NEAR(sobol.read_doubles("ST")[0], 0.5576, 0.03);  // Ishigami exact ST1 (Saltelli et al. 2008)
  EXPECT_TRUE(root.open_group("sensitivity/sobol").exists("y_pos"));
  h5::Group morris = root.open_group("sensitivity/morris/y");
  EXPECT_EQ(morris.shape("mu_star_ci"), (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(morris.read_doubles("mu").size(), 3u);
  h5::Group regression = root.open_group("sensitivity/regression/y");
  EXPECT_EQ(regression.read_doubles("src").size(), 3u);
  EXPECT_EQ(regression.read_doubles("prcc").size(), 3u);
  EXPECT_FALSE(root.open_group("sensitivity/regression").exists("y_pos"));

  // --only sobol runs no uncertainty draws: no /outputs in the file.
  const auto only = dir / "only.h5";
  ASSERT_EQ(run_cli("run " + q(config) + " -q --only sobol -o " + q(only)).exit_code, 0);
  h5::InputFile only_file(only.string());
  EXPECT_FALSE(only_file.root().exists("outputs"));
  EXPECT_TRUE(only_file.root().exists("sensitivity"));
}

// Issue 16: with correlated inputs, Shapley effects into the file, the console, --json and back through `show`, and
// the caveat on the Sobol' and Morris results (console, JSON, HDF5 attribute).
TEST(CliSensitivity, ShapleyAndTheCorrelationCaveat) {
  TempDir dir("run_shapley");
  const auto config = dir.write("npv.toml", R"toml(title = "npv"
[parameters]
rate = { dist = "uniform", low = 0.02, high = 0.08 }
growth = { dist = "normal", mean = 0.03, sd = 0.01 }
cost = { dist = "uniform", low = 80, high = 120 }
[correlation]
pairs = [["rate", "growth", 0.5]]
[outputs]
npv = "150 / (1 + rate - growth) - cost"
[sensitivity]
sobol = { base_samples = 1024 }
morris = { trajectories = 10 }
shapley = { outer = 400, blocks = 10 }
)toml");
  const auto out = dir / "npv.h5";
  const CliResult r = run_cli("run " + q(config) + " --only sobol,morris,shapley -o " + q(out));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Shapley effects (every subset, 1 + (2^k - 1)(inner - 1), k = 3, inner = 3): 400 outer points "
                       "x 15 = 6000 model runs"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("Shapley effects of npv"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("caveat: correlated inputs"), std::string::npos) << r.out;
  const CliResult s = run_cli("show " + q(out));
  EXPECT_EQ(s.out, r.out);
  const CliResult j = run_cli("show " + q(out) + " --json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_NE(
      j.out.find("\"shapley\": {\n    \"npv\": {\"inputs\": [\"rate\", \"growth\", \"cost\"], \"method\": \"exact\""),
      std::string::npos)
      << j.out;
  EXPECT_NE(j.out.find("\"caveat\": \"correlated inputs"), std::string::npos);
  h5::InputFile file(out.string());
  h5::Group root = file.root();
  h5::Group sh = root.open_group("sensitivity/shapley/npv");
  const auto effects = sh.read_doubles("effects");
  ASSERT_EQ(effects.size(), 3u);
  EXPECT_NEAR(effects[0] + effects[1] + effects[2], 1.0, 1e-12);
  EXPECT_EQ(sh.read_doubles("effects_low").size(), 3u);
  EXPECT_EQ(sh.read_doubles("effects_high").size(), 3u);
  EXPECT_TRUE(sh.has_attribute("inputs"));
  EXPECT_EQ(sh.string_attribute("method"), "exact");
  EXPECT_EQ(sh.int_attribute("evaluations"), 6000);
  for (const char* g : {"sensitivity/sobol/npv", "sensitivity/morris/npv"}) {
    EXPECT_NE(root.open_group(g).string_attribute("caveat").find("Shapley effects"), std::string::npos) << g;
  }
  // Without correlations: no caveat anywhere.
  const auto plain = dir.write("plain.toml", R"toml([parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 1, sd = 0.5 }
[outputs]
y = "a * b"
[sensitivity]
morris = { trajectories = 10 }
shapley = { method = "random", permutations = 200 }
)toml");
  const auto plain_out = dir / "plain.h5";
  const CliResult p = run_cli("run " + q(plain) + " --only morris,shapley -o " + q(plain_out));
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_EQ(p.out.find("caveat"), std::string::npos);
  EXPECT_NE(p.err.find("200 permutations x 5 = 1000 model runs"), std::string::npos) << p.err;
  h5::InputFile plain_file(plain_out.string());
  EXPECT_FALSE(plain_file.root().open_group("sensitivity/morris/y").has_attribute("caveat"));
}

TEST(CliSelfcheck, ReferenceProblemsAreRecovered) {
  const CliResult r = run_cli("selfcheck -n 4096 -t 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* name : {"ishigami", "g-function", "linear"}) EXPECT_NE(r.out.find(name), std::string::npos);
  EXPECT_NE(r.out.find("intervals cover the exact value"), std::string::npos);
}

}  // namespace mcsens::testing
