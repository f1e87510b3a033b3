// SPDX-License-Identifier: MIT
// The compiled-plugin backend ([model] kind = "plugin", include/mcsens/model_plugin.h): the shipped borehole plugin
// against the borehole expression of configs/benchmarks/borehole.toml (the same numbers within 1e-12 relative:
// libm's log against the vector log, and a contraction or two, differ by a few ulp), every load-time refusal with
// its message and location, and a plugin that fails draws and is not thread safe.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/problem.hpp"
#include "support/requests.hpp"

namespace mcsens {
namespace {

const std::string kParameters = R"toml(
[parameters]
rw = { dist = "normal", mean = 0.10, sd = 0.0161812 }
r = { dist = "lognormal", mu = 7.71, sigma = 1.0056 }
Tu = { dist = "uniform", low = 63070, high = 115600 }
Hu = { dist = "uniform", low = 990, high = 1110 }
Tl = { dist = "uniform", low = 63.1, high = 116 }
Hl = { dist = "uniform", low = 700, high = 820 }
L = { dist = "uniform", low = 1120, high = 1680 }
Kw = { dist = "uniform", low = 9855, high = 12045 }
)toml";

std::string plugin_config(const std::string& extra_model, const std::string& outputs,
                          const std::string& parameters = kParameters) {
  return "[model]\nkind = \"plugin\"\nlibrary = \"" + std::string(MCSENS_BOREHOLE_PLUGIN) + "\"\n" + extra_model +
         parameters + outputs;
}

Problem from_text(const std::string& text) {
  return Problem::build(Config::load_text(text, "plugin.toml").problem());
}

Error load_error(const std::string& text) {
  try {
    from_text(text);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return Error("no error");
}

TEST(PluginModel, BoreholePluginGivesTheExpressionsNumbers) {
  const Problem plugin = from_text(plugin_config("",
                                                 "[outputs]\nflow = \"flow\"\nhalf = \"flow / 2\"\n"
                                                 "[[claims]]\nname = \"high\"\nexpr = \"flow > 100\"\n"));
  const Problem expression =
      from_text(kParameters +
                "[derived]\nlnr = \"log(r / rw)\"\n[outputs]\nflow = \"2 * pi * Tu * (Hu - Hl) / (lnr * (1 + 2 * L * "
                "Tu / (lnr * rw^2 * Kw) + Tu / Tl))\"\nhalf = \"flow / 2\"\n[[claims]]\nname = \"high\"\nexpr = "
                "\"flow > 100\"\n");
  EXPECT_EQ(plugin.model().kind(), "plugin");
  const Results a = testing::run_draws(plugin, 50000, 7);
  const Results b = testing::run_draws(expression, 50000, 7);
  ASSERT_EQ(a.outputs.size(), 2u);
  for (size_t k = 0; k < 2; ++k) {
    EXPECT_NEAR(a.outputs[k].mean, b.outputs[k].mean, 1e-12 * std::fabs(b.outputs[k].mean)) << k;
    EXPECT_NEAR(a.outputs[k].sd, b.outputs[k].sd, 1e-10 * b.outputs[k].sd) << k;
    EXPECT_NEAR(a.outputs[k].min, b.outputs[k].min, 1e-12 * std::fabs(b.outputs[k].min)) << k;
    EXPECT_NEAR(a.outputs[k].max, b.outputs[k].max, 1e-12 * std::fabs(b.outputs[k].max)) << k;
  }
  EXPECT_EQ(a.claims[0].count, b.claims[0].count);
  // Draw by draw, through the evaluators: the same inputs give the same flow within 1e-12 relative.
  constexpr size_t n = 512;
  std::vector<std::vector<double>> columns(8, std::vector<double>(n));
  const double low[] = {0.06, 100, 63070, 990, 63.1, 700, 1120, 9855};
  const double high[] = {0.14, 50000, 115600, 1110, 116, 820, 1680, 12045};
  for (size_t j = 0; j < 8; ++j)
    for (size_t i = 0; i < n; ++i)
      columns[j][i] = low[j] + (high[j] - low[j]) * static_cast<double>((i * 37 + j * 11) % n) / n;
  std::vector<const double*> inputs;
  for (const auto& c : columns) inputs.push_back(c.data());
  std::vector<std::vector<double>> out_a(3, std::vector<double>(n)), out_b(3, std::vector<double>(n));
  std::vector<double*> pa, pb;
  for (size_t t = 0; t < 3; ++t) {
    pa.push_back(out_a[t].data());
    pb.push_back(out_b[t].data());
  }
  std::vector<DrawStatus> status(n);
  plugin.model().evaluator(n)->evaluate(inputs.data(), pa.data(), n, status.data());
  expression.model().evaluator(n)->evaluate(inputs.data(), pb.data(), n, status.data());
  for (size_t i = 0; i < n; ++i) {
    EXPECT_NEAR(out_a[0][i], out_b[0][i], 1e-12 * std::fabs(out_b[0][i])) << i;
    EXPECT_EQ(status[i], DrawStatus::ok);
  }
}

TEST(PluginModel, LoadTimeRefusalsNameTheCauseAndTheKey) {
  const std::string outputs = "[outputs]\nflow = \"flow\"\n";
  const auto message_of = [&](const std::string& text) { return load_error(text).message(); };
  // A missing file, a file that is not a shared library (this test's source), a missing entry point.
  EXPECT_EQ(message_of("[model]\nkind = \"plugin\"\nlibrary = \"/no/such/model.so\"\n" + kParameters + outputs),
            "model.library: no such file: /no/such/model.so");
  const std::string text_file = std::string(MCSENS_SOURCE_DIR) + "/tests/unit/model/test_plugins.c";
  EXPECT_NE(message_of("[model]\nkind = \"plugin\"\nlibrary = \"" + text_file + "\"\n" + kParameters + outputs)
                .find("cannot load " + text_file + " as a shared library"),
            std::string::npos);
  EXPECT_NE(message_of(plugin_config("prefix = \"other\"\n", outputs)).find("has no function 'other_info'"),
            std::string::npos);
  // The wrong ABI, an input that is not a parameter (with a did-you-mean: 'rw' and 'Kx' are both one edit away),
  // a misused output name.
  const std::string tests = MCSENS_TEST_PLUGINS;
  const std::string x = "[parameters]\nx = { dist = \"uniform\", low = 0, high = 1 }\n[outputs]\ny = \"y\"\n";
  const Error abi = load_error("[model]\nkind = \"plugin\"\nlibrary = \"" + tests + "\"\nprefix = \"badabi\"\n" + x);
  EXPECT_NE(abi.message().find("was built for plugin ABI version 99; this mcsens speaks version 1"), std::string::npos)
      << abi.message();
  EXPECT_EQ(abi.where().line, 3);  // at model.library
  EXPECT_NE(message_of("[model]\nkind = \"plugin\"\nlibrary = \"" + tests + "\"\nprefix = \"unknown\"\n" + x)
                .find("the plugin's input 'zz' is not a parameter of the config"),
            std::string::npos);
  // An output named like a built-in (issue 32 class 6: it used to fail later, without a location).
  const Error builtin =
      load_error("[model]\nkind = \"plugin\"\nlibrary = \"" + tests + "\"\nprefix = \"builtin\"\n" +
                 "[parameters]\nx = { dist = \"uniform\", low = 0, high = 1 }\n[outputs]\ny = \"x\"\n");
  EXPECT_NE(builtin.message().find("the plugin's output 'pi' has the name of the built-in constant 'pi'"),
            std::string::npos)
      << builtin.message();
  EXPECT_EQ(builtin.where().line, 3);
  std::string renamed = kParameters;
  renamed.replace(renamed.find("Kw ="), 4, "Kx =");
  EXPECT_NE(message_of(plugin_config("", outputs, renamed))
                .find("the plugin's input 'Kw' is not a parameter of the config (did you mean"),
            std::string::npos);
  EXPECT_EQ(message_of(plugin_config("", "[outputs]\nflow = \"2 * flow\"\n")),
            "output 'flow' has the name of an output of the plugin: write flow = \"flow\" to report it, or give this "
            "expression another name");
  // Keys of a plugin with another kind, and a curve (which sweeps expressions) with a plugin.
  EXPECT_EQ(message_of("[model]\nlibrary = \"x.so\"\n" + kParameters + outputs),
            "model.library belongs to kind = \"plugin\"");
  EXPECT_NE(message_of(plugin_config("", outputs + "[[curves]]\nname = \"c\"\nx = \"L\"\ngrid = { low = 1120, high = "
                                                   "1680, points = 11 }\ny = \"flow\"\n"))
                .find("a curve sweeps the model's expressions"),
            std::string::npos);
}

TEST(PluginModel, FailedDrawsAreCountedAndASerialPluginGivesTheSameBitsOnAnyThreadCount) {
  const std::string text = "[model]\nkind = \"plugin\"\nlibrary = \"" + std::string(MCSENS_TEST_PLUGINS) +
                           "\"\nprefix = \"flaky\"\n[parameters]\nx = { dist = \"uniform\", low = 0, high = 1 }\n"
                           "[outputs]\ny = \"y\"\n[[claims]]\nname = \"big\"\nexpr = \"y > 1\"\n";
  const Problem problem = from_text(text);
  const Results one = testing::run_draws(problem, 40000, 5, SamplerKind::mc, 1);
  const Results two = testing::run_draws(problem, 40000, 5, SamplerKind::mc, 2);
  // x > 0.9 fails: about 10 % of the draws, NaN in every output and claim, counted (binomial sd 60).
  EXPECT_NEAR(static_cast<double>(one.outputs[0].nonfinite), 4000.0, 5 * 60.0);
  EXPECT_EQ(one.outputs[0].nonfinite + one.outputs[0].count, 40000u);
  // Counted as failures by the model's own status, apart from genuine non-finite values (issue 32 class 2).
  EXPECT_EQ(one.failures.reported, one.outputs[0].nonfinite);
  EXPECT_EQ(one.failures.unwritten, 0u);
  EXPECT_EQ(two.failures.reported, one.failures.reported);
  EXPECT_NEAR(one.outputs[0].mean, 0.9, 5 * one.outputs[0].mean_se);  // y = 2x over x < 0.9
  EXPECT_EQ(one.outputs[0].mean, two.outputs[0].mean);
  EXPECT_EQ(one.outputs[0].nonfinite, two.outputs[0].nonfinite);
  EXPECT_EQ(one.claims[0].count, two.claims[0].count);
  // init and finalize paired (every evaluator is gone), and no two calls ever overlapped.
  void* handle = dlopen(MCSENS_TEST_PLUGINS, RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(handle, nullptr);
  const auto live = reinterpret_cast<int (*)()>(dlsym(handle, "flaky_live_contexts"));
  const auto overlapped = reinterpret_cast<int (*)()>(dlsym(handle, "flaky_overlapped"));
  ASSERT_NE(live, nullptr);
  EXPECT_EQ(live(), 0);
  EXPECT_EQ(overlapped(), 0);
  dlclose(handle);
}

// Issue 32 class 2: output buffers are refilled before every call, so a value the plugin did not write is a failed
// draw (never a zero, never the previous block's value), even when the plugin says the draw is ok.
TEST(PluginModel, AnOutputThePluginDidNotWriteFailsTheDraw) {
  const std::string text = "[model]\nkind = \"plugin\"\nlibrary = \"" + std::string(MCSENS_TEST_PLUGINS) +
                           "\"\nprefix = \"lazy\"\n[parameters]\nx = { dist = \"uniform\", low = 0, high = 1 }\n"
                           "[outputs]\ny = \"y\"\nz = \"z\"\n";
  const Problem problem = from_text(text);
  const Results r = testing::run_draws(problem, 40000, 5, SamplerKind::mc, 2);
  // x > 0.5 leaves y unwritten: half the draws fail (binomial sd 100), in y and in z alike.
  for (const auto& output : r.outputs) {
    EXPECT_NEAR(static_cast<double>(output.nonfinite), 20000.0, 5 * 100.0) << output.name;
    EXPECT_EQ(output.nonfinite + output.count, 40000u);
  }
  EXPECT_EQ(r.outputs[0].nonfinite, r.outputs[1].nonfinite);
  EXPECT_EQ(r.failures.unwritten, r.outputs[0].nonfinite);  // counted with their reason
  EXPECT_EQ(r.failures.reported, 0u);
  EXPECT_LE(r.outputs[0].max, 1.5);                                // 3 x over x <= 0.5: no stale or zero value
  EXPECT_GT(r.outputs[0].min, 0.0);                                // a zero would be an unwritten cell read as 0
  EXPECT_NEAR(r.outputs[0].mean, 0.75, 5 * r.outputs[0].mean_se);  // E[3x | x <= 0.5]
  EXPECT_NEAR(r.outputs[1].mean, 0.25, 5 * r.outputs[1].mean_se);  // E[x | x <= 0.5]: z of a failed draw is NaN
}

}  // namespace
}  // namespace mcsens
