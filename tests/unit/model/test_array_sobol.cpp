// SPDX-License-Identifier: MIT
// Sobol' indices of an array output, per element (issue 35, step 4, first part: the engine), through a C++ backend:
// y_t = a_t x1 + b_t x2 with x1, x2 independent standard normals, a_t = t + 1 and b_t = 10 - t / 2 over 10 years,
// so that every element is additive with exact indices S1(x1) = ST(x1) = a_t^2 / (a_t^2 + b_t^2), and the other
// input's the rest (Saltelli et al. 2008, "Global Sensitivity Analysis: The Primer", ch. 1: a linear model's
// indices are its squared standardized coefficients). Each estimate is checked within 5 standard errors of its
// exact value, the standard error taken from its own interval; the same bits on 1 and 3 threads and as the scalar
// target of the same column; the result file, console, JSON, CSV and plot hold them; what cannot take an array yet
// is refused by name.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/engine.hpp"
#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/model/model.hpp"
#include "mcsens/report/console.hpp"
#include "mcsens/report/csv_tables.hpp"
#include "mcsens/report/json.hpp"
#include "mcsens/report/json_text.hpp"
#include "mcsens/report/result_file.hpp"
#include "support/h5_contents.hpp"
#include "support/requests.hpp"
#include "support/schema_check.hpp"

namespace mcsens {
namespace {

constexpr std::size_t kYears = 10;

double a(std::size_t t) {
  return static_cast<double>(t + 1);
}
double b(std::size_t t) {
  return 10.0 - 0.5 * static_cast<double>(t);
}

// The config the backend stands in for: y (the series) and s = y's last element as a scalar of its own.
std::string config(const std::string& sensitivity) {
  return R"toml(
[parameters]
x1 = { dist = "normal", mean = 0, sd = 1 }
x2 = { dist = "normal", mean = 0, sd = 1 }
[outputs]
y = "x1"
s = "10 * x1 + 5.5 * x2"
)toml" + sensitivity;
}

class TwoInputSeries final : public Model {
 public:
  // gaps: the first year's value is NaN where x1 > 2 (2.3 % of the draws), so that its element drops base samples
  // the others keep.
  explicit TwoInputSeries(bool gaps = false) : gaps_(gaps) {}
  std::string kind() const override { return "test-two-input-series"; }
  const std::vector<std::string>& input_names() const override { return inputs_; }
  const std::vector<ModelTarget>& targets() const override { return targets_; }

  class Evaluator final : public ModelEvaluator {
   public:
    explicit Evaluator(bool gaps) : gaps_(gaps) {}
    // Columns 0 .. 9: y's elements; 10: s, the same value as y's last element.
    void evaluate(const double* const* in, double* const* out, std::size_t n, DrawStatus* status) override {
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t t = 0; t < kYears; ++t) out[t][i] = a(t) * in[0][i] + b(t) * in[1][i];
        if (gaps_ && in[0][i] > 2) out[0][i] = std::nan("");
        out[kYears][i] = a(kYears - 1) * in[0][i] + b(kYears - 1) * in[1][i];
        status[i] = DrawStatus::ok;
      }
    }

   private:
    bool gaps_;
  };
  std::unique_ptr<ModelEvaluator> evaluator(std::size_t) const override { return std::make_unique<Evaluator>(gaps_); }

 private:
  bool gaps_;
  std::vector<std::string> inputs_{"x1", "x2"};
  std::vector<ModelTarget> targets_{{"y", {{Dimension{"year", kYears}}}}, {"s", {}}};
};

Problem series_problem(const std::string& sensitivity, bool gaps = false) {
  return Problem::build(Config::load_text(config(sensitivity), "series.toml").problem(),
                        std::make_shared<TwoInputSeries>(gaps));
}

const char* kSobol = "[sensitivity]\nsobol = { base_samples = 16384 }\n";

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ArraySobol, EveryElementHasItsExactIndicesWithinFiveStandardErrors) {
  const Problem problem = series_problem(kSobol);
  const Results r = testing::run_only(problem, "sobol", 11);
  ASSERT_EQ(r.sobol.size(), 2u);
  const SobolSummary& y = r.sobol[0];
  ASSERT_TRUE(y.is_array());
  EXPECT_EQ(y.target, "y");
  EXPECT_EQ(y.dimensions.at(0).name, "year");
  ASSERT_EQ(y.elements.size(), kYears);
  EXPECT_FALSE(r.sobol[1].is_array());
  for (std::size_t t = 0; t < kYears; ++t) {
    SCOPED_TRACE("year " + std::to_string(t));
    const SobolResult& e = y.elements[t];
    EXPECT_EQ(e.interval_method, "rqmc-t");
    const double share = a(t) * a(t) / (a(t) * a(t) + b(t) * b(t));
    const double exact[2] = {share, 1 - share};
    for (std::size_t i = 0; i < 2; ++i) {
      // The standard error from the interval (a Student t interval over the replicates: t > 1.96, so this
      // overstates it a little).
      const double se1 = (e.S1_high[i] - e.S1_low[i]) / (2 * 1.96);
      const double seT = (e.ST_high[i] - e.ST_low[i]) / (2 * 1.96);
      EXPECT_GT(se1, 0.0);
      EXPECT_NEAR(e.S1[i], exact[i], 5 * se1) << "input " << i;
      EXPECT_NEAR(e.ST[i], exact[i], 5 * seT) << "input " << i;
    }
  }
}

// An element's indices are those of a scalar target on the same column: the same accumulator, the same bootstrap
// or replicate draws (s is y's last element as a scalar, and the second target). And the same on 1 and 3 threads.
TEST(ArraySobol, AnElementIsTheScalarOfTheSameValuesToTheBitOnAnyThreads) {
  const Problem problem = series_problem(kSobol);
  const Results one = testing::run_only(problem, "sobol", 5, 1);
  const Results three = testing::run_only(problem, "sobol", 5, 3);
  for (std::size_t t = 0; t < kYears; ++t) {
    EXPECT_EQ(one.sobol[0].elements[t].S1, three.sobol[0].elements[t].S1);
    EXPECT_EQ(one.sobol[0].elements[t].ST_low, three.sobol[0].elements[t].ST_low);
  }
  const SobolResult& last = one.sobol[0].elements[kYears - 1];
  const SobolResult& s = one.sobol[1].result;
  EXPECT_EQ(last.S1, s.S1);
  EXPECT_EQ(last.ST, s.ST);
  EXPECT_EQ(last.variance, s.variance);
}

// The aggregated indices (Gamboa, Janon, Klein & Lagnoux 2014): the variance-weighted sums, here exactly
// sum_t a_t^2 / sum_t (a_t^2 + b_t^2) for x1 (first and total order alike: the model is additive), within 5 standard
// errors under both kinds of interval (the replicates of the sobol sampler, the bootstrap of mc draws).
TEST(ArraySobol, TheAggregatedIndicesAreTheVarianceWeightedShares) {
  double a2 = 0, b2 = 0;
  for (std::size_t t = 0; t < kYears; ++t) {
    a2 += a(t) * a(t);
    b2 += b(t) * b(t);
  }
  const double exact[2] = {a2 / (a2 + b2), b2 / (a2 + b2)};
  for (const char* sampler : {"sobol", "mc"}) {
    SCOPED_TRACE(sampler);
    const Problem problem =
        series_problem(std::string("[sensitivity]\nsobol = { base_samples = 4096, sampler = \"") + sampler + "\" }\n");
    const AggregatedSobol g = testing::run_only(problem, "sobol", 3).sobol[0].aggregated;
    EXPECT_EQ(g.note, "");
    for (std::size_t i = 0; i < 2; ++i) {
      const double se1 = (g.S1_high[i] - g.S1_low[i]) / (2 * 1.96);
      const double seT = (g.ST_high[i] - g.ST_low[i]) / (2 * 1.96);
      EXPECT_GT(se1, 0.0);
      EXPECT_NEAR(g.S1[i], exact[i], 5 * se1) << "input " << i;
      EXPECT_NEAR(g.ST[i], exact[i], 5 * seT) << "input " << i;
    }
  }
}

// The aggregated intervals cover the exact value at their level over repeated seeds: 200 runs of 512 base samples
// (16 scrambled replicates each), coverage of S1 and ST of x1 within 5 binomial standard errors of 95 %.
TEST(ArraySobol, TheAggregatedIntervalsCoverOverRepeatedSeeds) {
  double a2 = 0, b2 = 0;
  for (std::size_t t = 0; t < kYears; ++t) {
    a2 += a(t) * a(t);
    b2 += b(t) * b(t);
  }
  const double exact = a2 / (a2 + b2);
  const Problem problem = series_problem("[sensitivity]\nsobol = { base_samples = 512 }\n");
  constexpr int kRuns = 200;
  int s1 = 0, st = 0;
  for (int seed = 1; seed <= kRuns; ++seed) {
    const AggregatedSobol g =
        testing::run_only(problem, "sobol", static_cast<std::uint64_t>(seed), 1).sobol[0].aggregated;
    s1 += g.S1_low[0] <= exact && exact <= g.S1_high[0];
    st += g.ST_low[0] <= exact && exact <= g.ST_high[0];
  }
  const double se = std::sqrt(0.95 * 0.05 / kRuns);
  EXPECT_NEAR(static_cast<double>(s1) / kRuns, 0.95, 5 * se) << s1;
  EXPECT_NEAR(static_cast<double>(st) / kRuns, 0.95, 5 * se) << st;
}

// An element that drops base samples the others keep (a NaN in its year): under the bootstrap its resamples are
// not the others', so the aggregated intervals are NaN with a note saying why, never a mixture of unrelated
// resamples; the estimates stand. The batches of the sobol sampler's replicates are cut at the same base samples for
// every element, so there the intervals exist.
TEST(ArraySobol, ElementsThatDropDifferentBasesGiveNoBootstrapAggregatedInterval) {
  const auto run = [](const char* sampler) {
    const Problem problem = series_problem(
        std::string("[sensitivity]\nsobol = { base_samples = 2048, sampler = \"") + sampler + "\" }\n", true);
    return testing::run_only(problem, "sobol", 7).sobol[0];
  };
  const SobolSummary mc = run("mc");
  EXPECT_GT(mc.elements[0].nonfinite_bases, 0u);
  EXPECT_EQ(mc.elements[1].nonfinite_bases, 0u);
  EXPECT_EQ(mc.aggregated.note,
            "aggregated intervals not computed: the elements dropped different base samples (non-finite values), so "
            "their bootstrap resamples differ");
  EXPECT_TRUE(std::isnan(mc.aggregated.S1_low[0]) && std::isnan(mc.aggregated.ST_high[1]));
  EXPECT_TRUE(std::isfinite(mc.aggregated.S1[0]) && std::isfinite(mc.aggregated.ST[1]));
  const SobolSummary sobol = run("sobol");
  EXPECT_EQ(sobol.aggregated.note, "");
  EXPECT_TRUE(std::isfinite(sobol.aggregated.S1_low[0]) && std::isfinite(sobol.aggregated.ST_high[1]));
  // The note reaches the console and the JSON document.
  Results r;
  r.sobol = {mc};
  std::ostringstream console;
  print_summary(console, r);
  EXPECT_NE(console.str().find("  (aggregated intervals not computed: the elements dropped different base samples"),
            std::string::npos)
      << console.str();
  std::ostringstream json;
  print_json(json, r, {});
  EXPECT_NE(json.str().find("\"aggregated_note\": \"aggregated intervals not computed: "), std::string::npos);
}

// An array output with non-finite draws in one element (the uncertainty draws of the same model): counted per
// element, the moments over the finite draws with the file's note, the console's non-finite column their sum.
TEST(ArraySobol, AnElementsNonFiniteDrawsAreCountedInTheFileAndTheConsole) {
  const Problem problem = series_problem("", true);
  const Results r = testing::run_draws(problem, 20'000, 3);
  const OutputSummary& y = r.outputs.at(0);
  ASSERT_TRUE(y.is_array());
  const std::uint64_t nan = y.elements[0].nonfinite;
  EXPECT_GT(nan, 0u);
  EXPECT_EQ(y.elements[0].count + nan, 20'000u);
  EXPECT_EQ(y.elements[1].nonfinite, 0u);
  const std::string path = ::testing::TempDir() + "/array_nonfinite.h5";
  write_result_file(path, true, problem, r);
  testing::expect_file_follows_schema(path);
  {
    h5::InputFile file(path);
    const h5::Group g = file.root().open_group("outputs/y");
    EXPECT_NE(g.string_attribute("note", "moments").find("over its finite draws"), std::string::npos);
    EXPECT_EQ(g.read_uint64s("nonfinite").at(0), nan);
  }
  std::ostringstream console;
  print_summary(console, read_result_summary(path));
  EXPECT_NE(console.str().find(std::to_string(nan) + "\n"), std::string::npos) << console.str();
}

// What cannot take an array yet refuses it by name: the other methods and second order.
TEST(ArraySobol, WhatCannotTakeItYetRefusesByName) {
  EXPECT_NE(refusal([] {
              series_problem("[sensitivity]\nmorris = { trajectories = 4 }\n");
            }).find("output 'y' is an array: [sensitivity] takes it for sobol only so far"),
            std::string::npos);
  EXPECT_NE(refusal([] {
              series_problem("[sensitivity]\nsobol = { base_samples = 64, second_order = true }\n");
            }).find("second-order Sobol' indices of an array output are not computed yet"),
            std::string::npos);
  EXPECT_EQ(refusal([] { series_problem("[sensitivity]\noutputs = [\"s\"]\nmorris = { trajectories = 4 }\n"); }),
            "accepted");
}

// The result file holds the indices per element as the issue names them: S1 and ST (T, k), S1_ci and ST_ci
// (2, T, k), along the dimension scale "year", as the schema lists them; they read back to the same bits; xarray
// names the axes; the console gives each input's ST range, --json nested lists, --csv a row per element and
// input; the plot is the indices over the years.
TEST(ArraySobol, TheResultFileConsoleJsonCsvAndPlotHoldEachElementsIndices) {
  const Problem problem = series_problem("[sensitivity]\nsobol = { base_samples = 1024 }\n");
  Results r = testing::run_only(problem, "sobol", 5);
  r.outputs.clear();  // --only sobol: no uncertainty draws
  const std::string path = ::testing::TempDir() + "/array_sobol.h5";
  write_result_file(path, true, problem, r);
  testing::expect_file_follows_schema(path);
  EXPECT_EQ(std::system(("/usr/bin/python3 " MCSENS_SOURCE_DIR "/scripts/docs_check.py --root " MCSENS_SOURCE_DIR
                         " --schema " +
                         path + " > /dev/null")
                            .c_str()),
            0);
  std::map<std::string, std::string> dimensions;
  testing::h5_dimensions(h5::InputFile(path).root(), "", dimensions);
  EXPECT_EQ(dimensions.at("sensitivity/sobol/y/S1"), "year, input");
  EXPECT_EQ(dimensions.at("sensitivity/sobol/y/ST_ci"), "bound, year, input");
  EXPECT_EQ(dimensions.at("sensitivity/sobol/y/ST_aggregated"), "input");
  EXPECT_EQ(dimensions.at("sensitivity/sobol/y/ST_aggregated_ci"), "bound, input");
  EXPECT_EQ(dimensions.at("sensitivity/sobol/s/S1"), "input");  // the scalar beside it as before
  {
    h5::InputFile file(path);
    std::vector<std::size_t> shape;
    file.root().open_group("sensitivity/sobol/y").read_doubles("ST_ci", shape);
    EXPECT_EQ(shape, (std::vector<std::size_t>{2, kYears, 2}));
  }
  const Results back = read_result_summary(path);
  ASSERT_EQ(back.sobol.size(), 2u);
  const SobolSummary& y = back.sobol[0];
  ASSERT_TRUE(y.is_array());
  EXPECT_EQ(y.dimensions.at(0).name, "year");
  ASSERT_EQ(y.elements.size(), kYears);
  for (std::size_t t = 0; t < kYears; ++t) {
    const SobolResult& e = y.elements[t];
    const SobolResult& f = r.sobol[0].elements[t];
    EXPECT_EQ(e.S1, f.S1);
    EXPECT_EQ(e.S1_low, f.S1_low);
    EXPECT_EQ(e.S1_high, f.S1_high);
    EXPECT_EQ(e.ST, f.ST);
    EXPECT_EQ(e.ST_low, f.ST_low);
    EXPECT_EQ(e.ST_high, f.ST_high);
    EXPECT_EQ(e.N, f.N);
    EXPECT_EQ(e.variance, f.variance);
    EXPECT_EQ(e.interval_method, f.interval_method);
  }
  EXPECT_EQ(y.aggregated.S1, r.sobol[0].aggregated.S1);
  EXPECT_EQ(y.aggregated.ST_low, r.sobol[0].aggregated.ST_low);
  EXPECT_EQ(y.aggregated.ST_high, r.sobol[0].aggregated.ST_high);
  EXPECT_EQ(back.sobol[1].result.S1, r.sobol[1].result.S1);

  const std::string check = ::testing::TempDir() + "/array_sobol_xarray.py";
  std::ofstream(check) << "import sys, xarray\n"
                          "d = xarray.open_dataset(sys.argv[1], group='sensitivity/sobol/y', engine='h5netcdf')\n"
                          "assert d['S1'].dims == ('year', 'input'), d['S1'].dims\n"
                          "assert d['ST_ci'].dims == ('bound', 'year', 'input'), d['ST_ci'].dims\n"
                          "assert list(d['input'].values) == ['x1', 'x2'], d['input'].values\n"
                          "assert d['ST'].sel(input='x1', year=9) > 0.5\n";
  EXPECT_EQ(std::system(("/usr/bin/python3 " + check + " " + path).c_str()), 0);

  std::ostringstream console;
  print_summary(console, back);
  EXPECT_NE(console.str().find("Sobol' indices of y over year (10 values; "), std::string::npos) << console.str();
  EXPECT_NE(console.str().find("(year 0) to "), std::string::npos) << console.str();
  EXPECT_NE(console.str().find("  aggregated over year (variance-weighted): x2 S1 "), std::string::npos)
      << console.str();
  std::ostringstream json;
  print_json(json, back, {});
  EXPECT_NE(json.str().find("\"dimension\": \"year\", \"coordinates\": [0, 1, 2"), std::string::npos) << json.str();
  EXPECT_NE(json.str().find("\"S1\": [[" + json::number(y.elements[0].S1[0]) + ", " +
                            json::number(y.elements[0].S1[1]) + "], ["),
            std::string::npos);
  EXPECT_NE(json.str().find("\"ST_aggregated\": " + json::number_list(y.aggregated.ST)), std::string::npos);
  const std::vector<CsvTable> tables = csv_tables(back);
  const auto aggregated =
      std::find_if(tables.begin(), tables.end(), [](const CsvTable& t) { return t.name == "sobol_aggregated"; });
  ASSERT_NE(aggregated, tables.end());
  ASSERT_EQ(aggregated->rows.size(), 2u);
  EXPECT_EQ(aggregated->rows[0].at(5), csv::number(y.aggregated.ST[0]));
  const auto elements =
      std::find_if(tables.begin(), tables.end(), [](const CsvTable& t) { return t.name == "sobol_elements"; });
  ASSERT_NE(elements, tables.end());
  ASSERT_EQ(elements->rows.size(), 2 * kYears);
  EXPECT_EQ(elements->rows[3],
            (std::vector<std::string>{"y", "year", "1", "x2", csv::number(y.elements[1].S1[1]),
                                      csv::number(y.elements[1].S1_low[1]), csv::number(y.elements[1].S1_high[1]),
                                      csv::number(y.elements[1].ST[1]), csv::number(y.elements[1].ST_low[1]),
                                      csv::number(y.elements[1].ST_high[1])}));

  const std::string plots = ::testing::TempDir() + "/array_sobol_plots";
  EXPECT_EQ(std::system(("/usr/bin/python3 " MCSENS_SOURCE_DIR "/scripts/plot_results.py " + path + " -o " + plots +
                         " > /dev/null")
                            .c_str()),
            0);
  EXPECT_TRUE(std::ifstream(plots + "/sobol_y.png").good());
  EXPECT_TRUE(std::ifstream(plots + "/sobol_s.png").good());
}

}  // namespace
}  // namespace mcsens
