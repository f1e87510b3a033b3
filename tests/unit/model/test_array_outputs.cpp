// SPDX-License-Identifier: MIT
// Array outputs in the uncertainty design (issue 35, step 2, first part), through a C++ backend as the issue asks
// (the config language comes last): a model whose output y is a series over 20 years, y_t = a_t x + b_t with
// x ~ N(1, 0.5^2), a_t = t + 1 and b_t = 0, but the last year, a = 1 and b = -0.9 (a mean near zero, so the
// hardest element for --until), so that every element has a closed form: mean a + b, sd 0.5 a, skewness and
// excess kurtosis 0, p-quantile a (1 + 0.5 z_p) + b. Each element is checked within 5 standard errors of it
// (fixed seed), the same bits on 1, 2 and 3 threads, shards and resumes, --until over every element, and what
// cannot take an array yet is refused by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/uncertainty_design.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/engine/run_state.hpp"
#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/model/model.hpp"
#include "mcsens/report/console.hpp"
#include "mcsens/report/csv_tables.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/json_text.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/space/normal.hpp"
#include "support/h5_contents.hpp"
#include "support/requests.hpp"
#include "support/schema_check.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kYears = 20;

double slope(std::size_t t) {
  return t + 1 < kYears ? static_cast<double>(t + 1) : 1.0;
}
double offset(std::size_t t) {
  return t + 1 < kYears ? 0.0 : -0.9;
}

// The config the backend stands in for: y (the series), s = x (a scalar) and the claim "s > 1".
const char* kSeries = R"toml(
[parameters]
x = { dist = "normal", mean = 1, sd = 0.5 }
[outputs]
y = "x"
s = "x"
[[claims]]
name = "above"
expr = "s > 1"
)toml";

class SeriesModel final : public Model {
 public:
  SeriesModel() : inputs_{"x"}, targets_{{"y", {{{"year", kYears}}}}, {"s", {}}, {"above", {}}} {}
  std::string kind() const override { return "test-series"; }
  const std::vector<std::string>& input_names() const override { return inputs_; }
  const std::vector<ModelTarget>& targets() const override { return targets_; }

  class Evaluator final : public ModelEvaluator {
   public:
    // Columns 0 .. 19: y's elements; 20: s; 21: the claim's indicator.
    void evaluate(const double* const* in, double* const* out, std::size_t n, DrawStatus* status) override {
      for (std::size_t i = 0; i < n; ++i) {
        const double x = in[0][i];
        for (std::size_t t = 0; t < kYears; ++t) out[t][i] = slope(t) * x + offset(t);
        out[kYears][i] = x;
        out[kYears + 1][i] = x > 1 ? 1.0 : 0.0;
        status[i] = DrawStatus::ok;
      }
    }
  };
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t) const override { return std::make_unique<Evaluator>(); }

 private:
  std::vector<std::string> inputs_;
  std::vector<ModelTarget> targets_;
};

Problem series_problem(const std::string& extra = "") {
  return Problem::build(Config::load_text(std::string(kSeries) + extra, "series.toml").problem(),
                        std::make_shared<SeriesModel>());
}

constexpr std::uint64_t kDraws = 200'000;

TEST(ArrayOutputs, EveryElementHasTheClosedFormMomentsAndQuantilesWithinFiveStandardErrors) {
  const Problem problem = series_problem();
  EXPECT_EQ(problem.num_columns(), kYears + 2);
  const Results r = testing::run_draws(problem, kDraws, 7);
  ASSERT_EQ(r.outputs.size(), 2u);
  const OutputSummary& y = r.outputs[0];
  ASSERT_TRUE(y.is_array());
  ASSERT_EQ(y.dimensions.size(), 1u);
  EXPECT_EQ(y.dimensions[0].name, "year");
  ASSERT_EQ(y.elements.size(), kYears);
  const double n = static_cast<double>(kDraws);
  for (std::size_t t = 0; t < kYears; ++t) {
    const OutputSummary& e = y.elements[t];
    const double sd = 0.5 * slope(t);
    SCOPED_TRACE("year " + std::to_string(t));
    EXPECT_EQ(e.count, kDraws);
    EXPECT_NEAR(e.mean, slope(t) + offset(t), 5 * e.mean_se);
    EXPECT_NEAR(e.mean_se, e.sd / std::sqrt(n), 1e-12 * sd);  // i.i.d. draws: sd / sqrt(count)
    // sd of a normal sample: se sd / sqrt(2 n); skewness: sqrt(6 / n); excess kurtosis: sqrt(24 / n).
    EXPECT_NEAR(e.sd, sd, 5 * sd / std::sqrt(2 * n));
    EXPECT_NEAR(e.skewness, 0.0, 5 * std::sqrt(6 / n));
    EXPECT_NEAR(e.kurtosis, 0.0, 5 * std::sqrt(24 / n));
    // The p-quantile's sampling se sqrt(p (1 - p) / n) / f(q_p), f the normal density of sd 0.5 c; plus the
    // sketch's bound, which each element reports (relative accuracy 1 %).
    EXPECT_EQ(e.quantile_accuracy, ElementAccumulator::kElementQuantileAccuracy);
    ASSERT_EQ(e.quantile_errors.size(), e.probabilities.size());
    for (std::size_t q = 0; q < e.probabilities.size(); ++q) {
      const double p = e.probabilities[q];
      if (p < 0.01 || p > 0.99) continue;           // the far tails need more draws than a unit test takes
      const double z = detail::normal_quantile(p);  // AS241, relative accuracy ~1e-16
      const double exact = slope(t) * (1 + 0.5 * z) + offset(t);
      const double density = std::exp(-0.5 * z * z) / (std::sqrt(2 * M_PI) * sd);
      const double se = std::sqrt(p * (1 - p) / n) / density;
      // The coarse layer's bound: alpha |q| relative to the true quantile, so up to alpha / (1 - alpha) of the
      // returned value.
      const double alpha = ElementAccumulator::kElementQuantileAccuracy;
      EXPECT_GE(e.quantile_errors[q], alpha * std::fabs(e.quantiles[q])) << "p = " << p;
      EXPECT_LE(e.quantile_errors[q], alpha / (1 - alpha) * std::fabs(e.quantiles[q]) * (1 + 1e-9)) << "p = " << p;
      EXPECT_NEAR(e.quantiles[q], exact, 5 * se + e.quantile_errors[q]) << "p = " << p;
    }
    EXPECT_TRUE(e.histogram_counts.empty());
  }
  // Element 0 is 1 * x, the same values as s: the same moments to the bit (the columns are routed right).
  EXPECT_EQ(y.elements[0].mean, r.outputs[1].mean);
  EXPECT_EQ(y.elements[0].sd, r.outputs[1].sd);
  EXPECT_FALSE(r.outputs[1].is_array());
  // P(x > 1) = 1/2.
  ASSERT_EQ(r.claims.size(), 1u);
  EXPECT_NEAR(r.claims[0].probability, 0.5, 5 * std::sqrt(0.25 / n));
}

// The elements' statistics are merged in the fixed order of the chunks, like the scalars': the same bits on any
// thread count, with the sobol sampler's replicates too; and the run state carries them (decode(encode) gives the
// same bytes again).
TEST(ArrayOutputs, EveryElementIsTheSameToTheBitOnOneTwoAndThreeThreads) {
  const Problem problem = series_problem();
  for (SamplerKind sampler : {SamplerKind::mc, SamplerKind::sobol}) {
    const testing::Drawn one = testing::drawn(problem, 50'000, 3, sampler, 1, 4096);
    ASSERT_EQ(one.state.elements.size(), kYears);
    for (int threads : {2, 3}) {
      const testing::Drawn other = testing::drawn(problem, 50'000, 3, sampler, threads, 4096);
      for (std::size_t t = 0; t < kYears; ++t) {
        const OutputSummary& a = one.results.outputs[0].elements[t];
        const OutputSummary& b = other.results.outputs[0].elements[t];
        EXPECT_EQ(a.mean, b.mean);
        EXPECT_EQ(a.mean_se, b.mean_se);
        EXPECT_EQ(a.sd, b.sd);
        EXPECT_EQ(a.kurtosis, b.kurtosis);
        EXPECT_EQ(a.quantiles, b.quantiles);
        EXPECT_EQ(a.replicates, b.replicates);
      }
    }
    if (sampler == SamplerKind::sobol) {
      EXPECT_GT(one.results.outputs[0].elements[3].replicates, 1u);
    }
    ByteWriter first;
    UncertaintyDesign::encode(one.state, first);
    ByteReader reader(first.bytes().data(), first.bytes().size(), "state");
    ByteWriter again;
    UncertaintyDesign::encode(UncertaintyDesign::decode(reader), again);
    EXPECT_EQ(again.bytes(), first.bytes());
  }
}

void expect_same_elements(const Results& a, const Results& b) {
  ASSERT_EQ(a.outputs[0].elements.size(), b.outputs[0].elements.size());
  for (std::size_t t = 0; t < a.outputs[0].elements.size(); ++t) {
    const OutputSummary& x = a.outputs[0].elements[t];
    const OutputSummary& y = b.outputs[0].elements[t];
    EXPECT_EQ(x.count, y.count);
    EXPECT_EQ(x.mean, y.mean);
    EXPECT_EQ(x.mean_se, y.mean_se);
    EXPECT_EQ(x.sd, y.sd);
    EXPECT_EQ(x.skewness, y.skewness);
    EXPECT_EQ(x.quantiles, y.quantiles);
  }
  EXPECT_EQ(a.outputs[1].mean, b.outputs[1].mean);
  EXPECT_EQ(a.claims[0].probability, b.claims[0].probability);
}

RunRequest draws(const Problem& problem, std::uint64_t samples) {
  return testing::draws_request(problem, samples, 11, SamplerKind::sobol, 2, 4096);
}

// Three shards merged, and a run resumed and extended from a shorter one, give the elements of the single run to
// the bit: the run state carries them.
TEST(ArrayOutputs, ShardsAndAnExtendedRunGiveTheSingleRunsBits) {
  const Problem problem = series_problem();
  const Results single = run_request(problem, draws(problem, 65'536));

  std::vector<RunState> shards;
  for (std::uint64_t i = 1; i <= 3; ++i) {
    RunRequest r = draws(problem, 65'536);
    r.execution.shard_index = i;
    r.execution.shard_count = 3;
    Engine shard(problem, std::move(r));
    shard.run();
    shards.push_back(shard.state(RunState::Kind::shard));
  }
  Engine merged(problem, draws(problem, 65'536));
  for (const RunState& s : shards) merged.import(s, "a shard", false);
  expect_same_elements(merged.finish(), single);  // no run(): every chunk comes from the shards' states

  Engine shorter(problem, draws(problem, 32'768));
  shorter.run();
  const RunState saved = shorter.state(RunState::Kind::result);
  Engine extended(problem, draws(problem, 65'536));
  extended.import(saved, "the shorter run", true);
  extended.run();
  expect_same_elements(extended.finish(), single);
}

// --until stops when every element meets the target, not only the scalars: the last year (mean 0.1, sd 0.5) needs
// (0.5 / 0.1 / 0.01)^2 = 250,000 draws for a relative standard error of 1 %, s = x (mean 1) only 2,500.
TEST(ArrayOutputs, UntilWaitsForEveryElement) {
  const Problem problem = series_problem();
  RunRequest r = testing::draws_request(problem, 1 << 20, 5, SamplerKind::mc, 2, 4096);
  r.execution.until.relative_se = 0.01;
  const Results until = run_request(problem, std::move(r));
  const OutputSummary& last = until.outputs[0].elements[kYears - 1];
  EXPECT_EQ(last.count, 262'144u) << until.stop_reason;  // 64 chunks: the first power of two past 250,000
  EXPECT_LE(last.mean_se / std::fabs(last.mean), 0.01);
  EXPECT_NE(until.stop_reason.find("precision targets met after 262144 draws"), std::string::npos) << until.stop_reason;
}

// A run of scalar outputs encodes its state as before array outputs existed: nothing is appended.
TEST(ArrayOutputs, AScalarRunsStateHasNoElementSection) {
  const Problem scalar = Problem::build(Config::load_text(kSeries, "series.toml").problem());
  const testing::Drawn drawn = testing::drawn(scalar, 10'000, 3);
  EXPECT_TRUE(drawn.state.elements.empty());
  ByteWriter w;
  UncertaintyDesign::encode(drawn.state, w);
  ByteReader reader(w.bytes().data(), w.bytes().size(), "state");
  EXPECT_TRUE(UncertaintyDesign::decode(reader).elements.empty());
}

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return std::string(e.what()) + " @" + std::to_string(e.where().line);
  }
  return "accepted";
}

// What takes scalar outputs only so far refuses an array by name, at its place in the config; what does not read
// the array (a [sensitivity] listing only scalar outputs) runs.
TEST(ArrayOutputs, WhatCannotTakeAnArrayYetRefusesItByName) {
  // Sobol' indices take it (per element: test_array_sobol.cpp); the other methods not yet.
  EXPECT_EQ(refusal([] { series_problem("[sensitivity]\nsobol = { base_samples = 64 }\n"); }), "accepted");
  const std::string listed =
      refusal([] { series_problem("[sensitivity]\noutputs = [\"s\", \"y\"]\nmorris = { trajectories = 4 }\n"); });
  EXPECT_NE(listed.find("output 'y' is an array: [sensitivity] takes it for sobol only so far"), std::string::npos)
      << listed;
  EXPECT_EQ(listed.rfind("series.toml:11:17: ", 0), 0u) << listed;  // at "y" in outputs = [...]
  EXPECT_EQ(refusal([] { series_problem("[sensitivity]\noutputs = [\"s\"]\nregression = true\n"); }), "accepted");
  // Scenarios take it (each element and its paired change: test_trajectory_outputs.cpp); ranking by it not.
  EXPECT_EQ(refusal([] { series_problem("[[scenarios]]\nname = \"more\"\nparameters = { x = { value = 2 } }\n"); }),
            "accepted");
  EXPECT_NE(refusal([] {
              series_problem(
                  "[[scenarios]]\nname = \"more\"\nparameters = { x = { value = 2 } }\n[ranking]\nrank_by = \"y\"\n"
                  "include_baseline = true\n");
            }).find("output 'y' is an array: ranking.rank_by ranks the scenarios by one value per draw"),
            std::string::npos);

  const Problem problem = series_problem();
  RequestChoices keep;
  keep.samples = 1000;
  keep.keep_samples = 10;
  EXPECT_NE(refusal([&] {
              run_request(problem, testing::request_for(problem, keep));
            }).find("output 'y' is an array: --keep-samples keeps scalar outputs only so far"),
            std::string::npos);
  // The result file holds arrays of one dimension so far.
  Results flat = testing::run_draws(problem, 1000, 1);
  flat.outputs[0].dimensions.push_back(Dimension{"region", 1});
  EXPECT_NE(refusal([&] {
              write_result_file(::testing::TempDir() + "/two_dimensions.h5", true, problem, flat);
            }).find("output 'y' is an array of 2 dimensions: this mcsens writes array outputs of one dimension only"),
            std::string::npos);
}

// A number as the console prints one between 1e-3 and 1e6: four significant digits.
std::string four_digits(double x) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.4g", x);
  return buffer;
}

// The console gives an array output one line: its dimension, length and the range of its means, each end at its
// coordinate; the JSON document each statistic as a list along the dimension; the CSV tables a row per element.
TEST(ArrayOutputs, TheConsoleJsonAndCsvShowEachElement) {
  const Problem problem = series_problem();
  const Results r = testing::run_draws(problem, 4000, 1);
  const std::vector<OutputSummary>& e = r.outputs[0].elements;
  std::ostringstream console;
  print_summary(console, r);
  // The means rise with the year but the last (a_t = t + 1, the last year's mean near 0.1).
  const std::string line = "y       over year (20 values): mean from " + four_digits(e[19].mean) + " (year 19) to " +
                           four_digits(e[18].mean) + " (year 18)";
  EXPECT_NE(console.str().find(line), std::string::npos) << console.str();
  EXPECT_NE(console.str().find("\ns       "), std::string::npos) << console.str();  // the scalar's row as before

  std::ostringstream json;
  print_json(json, r, {});
  const std::string document = json.str();
  EXPECT_NE(document.find("\"dimension\": \"year\", \"coordinates\": [0, 1, 2, "), std::string::npos) << document;
  EXPECT_NE(document.find("\"count\": [4000, 4000, "), std::string::npos) << document;
  EXPECT_NE(document.find("\"mean\": [" + json::number(e[0].mean) + ", " + json::number(e[1].mean) + ", "),
            std::string::npos);
  EXPECT_NE(document.find("\"0.5\": [" + json::number(e[0].quantile(0.5)) + ", "), std::string::npos);
  EXPECT_EQ(document.find("\"histogram\": {\"edges\": []"), std::string::npos);  // no empty histogram for y

  const std::vector<CsvTable> tables = csv_tables(r);
  const auto table = [&](const std::string& name) {
    const auto t = std::find_if(tables.begin(), tables.end(), [&](const CsvTable& x) { return x.name == name; });
    return t == tables.end() ? CsvTable{} : *t;
  };
  const CsvTable elements = table("output_elements");
  ASSERT_EQ(elements.rows.size(), kYears);
  EXPECT_EQ(elements.columns.at(3), "coordinate");
  EXPECT_EQ(elements.rows[19].at(2), "year");
  EXPECT_EQ(elements.rows[19].at(3), "19");
  EXPECT_EQ(elements.rows[19].at(4), csv::number(e[19].mean));
  EXPECT_EQ(table("output_element_quantiles").rows.size(), kYears * e[0].probabilities.size());
  ASSERT_EQ(table("outputs").rows.size(), 1u);  // s only
  EXPECT_EQ(table("outputs").rows[0].at(1), "s");
}

// The result file (issue 35, step 3): /outputs/y is the array output's group, each element's statistics along axis 0
// named by the dimension scale "year" (0, 1, ..., 19: the model gives no coordinates), as the schema lists it; it
// reads back to the same bits, and xarray (h5netcdf) opens the group with named dimensions as it is.
TEST(ArrayOutputs, TheResultFileHoldsEachElementAlongTheNamedDimension) {
  const Problem problem = series_problem();
  const Results r = testing::run_draws(problem, 20'000, 3);
  const std::string path = ::testing::TempDir() + "/array_output.h5";
  write_result_file(path, true, problem, r);
  testing::expect_file_follows_schema(path);
  // and docs/hdf5-schema.md's table, as scripts/docs_check.py reads it
  EXPECT_EQ(std::system(("/usr/bin/python3 " MCSENS_SOURCE_DIR "/scripts/docs_check.py --root " MCSENS_SOURCE_DIR
                         " --schema " +
                         path + " > /dev/null")
                            .c_str()),
            0);

  std::map<std::string, std::string> dimensions;
  testing::h5_dimensions(h5::InputFile(path).root(), "", dimensions);
  EXPECT_EQ(dimensions.at("outputs/y/moments"), "year, moment");
  EXPECT_EQ(dimensions.at("outputs/y/quantiles"), "year, quantile");
  EXPECT_EQ(dimensions.at("outputs/y/quantile_errors"), "year, quantile");
  EXPECT_EQ(dimensions.at("outputs/y/mean_se"), "year");
  EXPECT_EQ(dimensions.at("outputs/y/year"), "year");
  EXPECT_EQ(dimensions.at("outputs/s/moments"), "moment");  // the scalar beside it as before
  h5::InputFile file(path);
  const h5::Group y = file.root().open_group("outputs/y");
  EXPECT_EQ(y.string_attribute("dimension"), "year");
  std::vector<std::size_t> shape;
  const std::vector<double> moments = y.read_doubles("moments", shape);
  EXPECT_EQ(shape, (std::vector<std::size_t>{kYears, 6}));
  const std::vector<double> year = y.read_doubles("year");
  ASSERT_EQ(year.size(), kYears);
  for (std::size_t t = 0; t < kYears; ++t) {
    EXPECT_EQ(year[t], static_cast<double>(t));
    EXPECT_EQ(moments[6 * t], r.outputs[0].elements[t].mean);
  }

  const Results back = read_result_summary(path);
  ASSERT_EQ(back.outputs.size(), 2u);
  const OutputSummary& a = back.outputs[0];
  const OutputSummary& b = r.outputs[0];
  ASSERT_TRUE(a.is_array());
  EXPECT_EQ(a.name, "y");
  EXPECT_EQ(a.dimensions.at(0).name, "year");
  EXPECT_EQ(a.dimensions.at(0).size, kYears);
  ASSERT_EQ(a.elements.size(), kYears);
  for (std::size_t t = 0; t < kYears; ++t) {
    const OutputSummary& e = a.elements[t];
    const OutputSummary& f = b.elements[t];
    SCOPED_TRACE("year " + std::to_string(t));
    EXPECT_EQ(std::vector<double>({e.mean, e.sd, e.skewness, e.kurtosis, e.min, e.max, e.mean_se}),
              std::vector<double>({f.mean, f.sd, f.skewness, f.kurtosis, f.min, f.max, f.mean_se}));
    EXPECT_EQ(e.count, f.count);
    EXPECT_EQ(e.nonfinite, f.nonfinite);
    EXPECT_EQ(e.probabilities, f.probabilities);
    EXPECT_EQ(e.quantiles, f.quantiles);
    EXPECT_EQ(e.quantile_errors, f.quantile_errors);
    EXPECT_EQ(e.quantile_accuracy, f.quantile_accuracy);
    EXPECT_EQ(e.replicates, f.replicates);
  }
  EXPECT_FALSE(back.outputs[1].is_array());
  EXPECT_EQ(back.outputs[1].quantiles, r.outputs[1].quantiles);

  // xarray names the axes from the dimension scales, with the coordinate values.
  const std::string check = ::testing::TempDir() + "/array_output_xarray.py";
  std::ofstream(check) << "import sys, xarray\n"
                          "d = xarray.open_dataset(sys.argv[1], group='outputs/y', engine='h5netcdf')\n"
                          "assert d['moments'].dims == ('year', 'moment'), d['moments'].dims\n"
                          "assert d['quantiles'].dims == ('year', 'quantile'), d['quantiles'].dims\n"
                          "assert list(d['year'].values) == list(range(20)), d['year'].values\n"
                          "assert d['moments'].sel(moment='mean').shape == (20,)\n"
                          "assert d.attrs['dimension'] == 'year'\n";
  EXPECT_EQ(std::system(("/usr/bin/python3 " + check + " " + path).c_str()), 0);

  // The plots: a fan chart of y over its years, the histogram of the scalar s beside it.
  const std::string plots = ::testing::TempDir() + "/array_output_plots";
  EXPECT_EQ(std::system(("/usr/bin/python3 " MCSENS_SOURCE_DIR "/scripts/plot_results.py " + path + " -o " + plots +
                         " > /dev/null")
                            .c_str()),
            0);
  EXPECT_TRUE(std::ifstream(plots + "/outputs_y.png").good());
  EXPECT_TRUE(std::ifstream(plots + "/outputs_s.png").good());
}

// A claim is one indicator per draw: a backend whose claim target is an array is refused.
TEST(ArrayOutputs, AnArrayClaimTargetIsRefused) {
  class ArrayClaim final : public Model {
   public:
    std::string kind() const override { return "test-array-claim"; }
    const std::vector<std::string>& input_names() const override { return inner_.input_names(); }
    const std::vector<ModelTarget>& targets() const override { return targets_; }
    std::unique_ptr<ModelEvaluator> evaluator(std::size_t rows) const override { return inner_.evaluator(rows); }

   private:
    SeriesModel inner_;
    std::vector<ModelTarget> targets_{{"y", {}}, {"s", {}}, {"above", {{{"year", 2}}}}};
  };
  EXPECT_NE(refusal([] {
              Problem::build(Config::load_text(kSeries, "series.toml").problem(), std::make_shared<ArrayClaim>());
            }).find("target 'above' is an array; a claim is one 0/1 indicator per draw"),
            std::string::npos);
}

}  // namespace
}  // namespace mcsens
