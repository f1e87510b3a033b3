// SPDX-License-Identifier: MIT
// The description of a result file's groups (mcsens/report/result_layouts.hpp, issue 33, part 0): what it writes
// is exactly what it lists, what it reads back is what was written, and a dataset of another shape is refused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "support/h5_contents.hpp"

namespace mcsens {
namespace {

namespace fs = std::filesystem;

class ResultLayout : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("mcsens_layout_" + std::to_string(::getpid()) + "_" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string file(const std::string& name) const { return (folder_ / name).string(); }
  fs::path folder_;
};

// A summary with every field set, the optional ones included (non-finite draws, quantile bounds, replicates).
OutputSummary full_output() {
  OutputSummary o;
  o.name = "y";
  o.label = "the output y";
  o.unit = "m";
  o.expr = "a * b";
  o.count = 990;
  o.nonfinite = 10;
  o.positive_infinite = 3;
  o.negative_infinite = 2;
  o.mean = 1.25;
  o.mean_se = 0.01;
  o.sd = 0.3;
  o.skewness = -0.1;
  o.kurtosis = 0.2;
  o.min = 0.1;
  o.max = 2.5;
  o.replicates = 32;
  o.probabilities = {0.05, 0.5, 0.95};
  o.quantiles = {0.7, 1.2, -std::numeric_limits<double>::infinity()};
  o.quantile_accuracy = 0.001;
  o.quantile_errors = {1e-5, 2e-5, 3e-5};
  o.histogram_edges = {0, 1, 2};
  o.histogram_counts = {400, 580};
  o.underflow = 4;
  o.overflow = 6;
  return o;
}

template <class T>
std::set<std::string> listed(const layout::Layout<T>& description, bool only_always);

// What one set has and the other has not, for a failure's message.
std::string difference(const std::set<std::string>& held, const std::set<std::string>& expected) {
  std::string out;
  for (const auto& p : held) {
    if (!expected.count(p)) out += " +" + p;
  }
  for (const auto& p : expected) {
    if (!held.count(p)) out += " -" + p;
  }
  return out;
}

template <class T>
std::set<std::string> listed(const layout::Layout<T>& description, bool only_always) {
  std::vector<layout::SchemaLine> lines;
  description.list("", lines);
  // With only_always: the lines in every such group, i.e. always there with every group they are in.
  std::set<std::string> optional_groups;
  for (const auto& line : lines) {
    if (line.group && !line.always) optional_groups.insert(line.path);
  }
  std::set<std::string> paths;
  for (const auto& line : lines) {
    bool in_every = line.always;
    for (const auto& group : optional_groups) {
      if (line.path.size() > group.size() && line.path.compare(0, group.size(), group) == 0) in_every = false;
    }
    if (!only_always || in_every) paths.insert(line.path);
  }
  return paths;
}

// Names from the object (Layout::names): a series whose dimension the object names ("year") is written with its
// coordinate dataset named after it and that dimension attached by that name, read back with the name read first,
// and listed with the placeholder. What an array output's group needs (issue 35, step 3).
struct Series {
  std::string dimension;
  std::vector<double> at;
  std::vector<double> values;  // (at.size(), 2) row-major
};

const layout::Layout<Series>& series_layout() {
  using layout::Type;
  using layout::Values;
  static const layout::Layout<Series> l = [] {
    layout::Layout<Series> s;
    s.names([](const Series& x, const std::string& placeholder) {
       return placeholder == "<dimension>" ? x.dimension : placeholder;
     })
        .attribute(
            "dimension", Type::string, "the dimension's name",
            [](const Series& x) -> std::optional<Values> { return Values::text(x.dimension); },
            [](Series& x, const Values& v) { x.dimension = v.string[0]; })
        .dataset(
            "<dimension>", Type::float64, {{"<dimension>"}}, "coordinate: where the elements are",
            [](const Series& x) -> std::optional<Values> { return Values::numbers(x.at); },
            [](Series& x, const Values& v) { x.at = v.float64; })
        .dataset_attribute("<dimension>", "units", Type::string, "the coordinate's unit",
                           [](const Series&) -> std::optional<Values> { return Values::text("a"); })
        .dataset(
            "values", Type::float64, {{"<dimension>"}, {"pair", 2}}, "two values per element",
            [](const Series& x) -> std::optional<Values> { return Values::table(x.values, x.at.size(), 2); },
            [](Series& x, const Values& v) { x.values = v.float64; });
    return s;
  }();
  return l;
}

TEST_F(ResultLayout, NamesTakenFromTheObjectNameItsCoordinateAndDimensions) {
  const Series series{"year", {2020, 2021, 2022}, {1, 2, 3, 4, 5, 6}};
  {
    h5::OutputFile f(file("s.h5"), false);
    h5::Group root = f.root();
    h5::Group g = root.create_group("s");
    series_layout().write(g, series);
    f.commit();
  }
  h5::InputFile f(file("s.h5"));
  const h5::Group g = f.root().open_group("s");
  EXPECT_TRUE(g.exists("year"));
  EXPECT_FALSE(g.exists("<dimension>"));
  EXPECT_EQ(g.string_attribute("units", "year"), "a");
  EXPECT_EQ(g.dimension_names("values"), (std::vector<std::string>{"year", "pair"}));
  Series back;
  series_layout().read(g, back);
  EXPECT_EQ(back.dimension, "year");
  EXPECT_EQ(back.at, series.at);
  EXPECT_EQ(back.values, series.values);

  std::vector<std::string> paths;
  series_layout().visit(
      series, [&](const std::string& path, const std::vector<layout::Dimension>& dims, const layout::Values&) {
        paths.push_back(path + (dims.empty() ? "" : ":" + dims[0].name));
      });
  EXPECT_EQ(paths, (std::vector<std::string>{"@dimension", "year:year", "year@units", "values:year"}));
  std::vector<layout::SchemaLine> lines;
  series_layout().list("", lines);
  std::vector<std::string> listed;
  for (const auto& line : lines) listed.push_back(line.path);
  EXPECT_NE(std::find(listed.begin(), listed.end(), "<dimension>"), listed.end());
  EXPECT_NE(std::find(listed.begin(), listed.end(), "<dimension>@units"), listed.end());
}

TEST_F(ResultLayout, AnOutputReadsBackAsWritten) {
  const OutputSummary o = full_output();
  {
    h5::OutputFile f(file("o.h5"), false);
    h5::Group root = f.root();
    h5::Group g = root.create_group("y");
    output_layout().write(g, o);
    f.commit();
  }
  h5::InputFile f(file("o.h5"));
  OutputSummary back;
  back.name = "y";
  output_layout().read(f.root().open_group("y"), back);
  EXPECT_EQ(back.label, o.label);
  EXPECT_EQ(back.unit, o.unit);
  EXPECT_EQ(back.expr, o.expr);
  EXPECT_EQ(back.count, o.count);
  EXPECT_EQ(back.nonfinite, o.nonfinite);
  EXPECT_EQ(back.positive_infinite, o.positive_infinite);
  EXPECT_EQ(back.negative_infinite, o.negative_infinite);
  EXPECT_EQ(std::vector<double>({back.mean, back.sd, back.skewness, back.kurtosis, back.min, back.max}),
            std::vector<double>({o.mean, o.sd, o.skewness, o.kurtosis, o.min, o.max}));
  EXPECT_EQ(back.mean_se, o.mean_se);
  EXPECT_EQ(back.replicates, o.replicates);
  EXPECT_EQ(back.probabilities, o.probabilities);
  EXPECT_EQ(back.quantiles, o.quantiles);
  EXPECT_EQ(back.quantile_accuracy, o.quantile_accuracy);
  EXPECT_EQ(back.quantile_errors, o.quantile_errors);
  EXPECT_EQ(back.histogram_edges, o.histogram_edges);
  EXPECT_EQ(back.histogram_counts, o.histogram_counts);
  EXPECT_EQ(back.underflow, o.underflow);
  EXPECT_EQ(back.overflow, o.overflow);
}

// The listing is the file: with every optional part present the group holds exactly the listed paths, and without
// them exactly those every file has.
TEST_F(ResultLayout, AnOutputsGroupHoldsExactlyWhatTheDescriptionLists) {
  OutputSummary plain = full_output();
  plain.nonfinite = 0;
  plain.positive_infinite = plain.negative_infinite = 0;
  plain.quantile_errors.clear();
  {
    h5::OutputFile f(file("o.h5"), false);
    h5::Group root = f.root();
    h5::Group full = root.create_group("full");
    output_layout().write(full, full_output());
    h5::Group g = root.create_group("plain");
    output_layout().write(g, plain);
    f.commit();
  }
  h5::InputFile f(file("o.h5"));
  std::set<std::string> full, bare;
  testing::h5_contents(f.root().open_group("full"), "", full);
  testing::h5_contents(f.root().open_group("plain"), "", bare);
  EXPECT_EQ(full, listed(output_layout(), false));
  EXPECT_EQ(bare, listed(output_layout(), true));
  EXPECT_TRUE(full.count("moments@nonfinite_share") && full.count("quantile_errors") && full.count("histogram/"));
}

// A listing's placeholders (<feature>) stand for every name a file holds there.
std::set<std::string> with_names(std::set<std::string> paths, const std::string& placeholder,
                                 const std::vector<std::string>& names) {
  std::set<std::string> out;
  for (const auto& path : paths) {
    const auto at = path.find(placeholder);
    if (at == std::string::npos) {
      out.insert(path);
      continue;
    }
    for (const auto& name : names) out.insert(path.substr(0, at) + name + path.substr(at + placeholder.size()));
  }
  return out;
}

ClaimSummary claim_with_drivers() {
  ClaimSummary c;
  c.name = "big";
  c.expr = "y > 1";
  c.text = "y is large";
  c.count = 600;
  c.n = 990;
  c.nonfinite = 10;
  c.failed = 4;  // of the 10 undefined draws, 4 the model failed
  c.probability = 600.0 / 990;
  c.ci_low = 0.58;
  c.ci_high = 0.63;
  c.level = 0.9;
  c.interval_method = "wilson";
  c.verdict = "about as likely as not";
  c.drivers = {DriverSummary{"a", 0.5, 1e-20, {1, 2, 3, 4, 5}}, DriverSummary{"b", 0.1, 0.3, {6, 7, 8, 9, 10}}};
  return c;
}

TEST_F(ResultLayout, AClaimReadsBackAsWrittenAndHoldsWhatIsListed) {
  ClaimSummary bare = claim_with_drivers();
  bare.name = "bare";
  bare.drivers.clear();  // a scenario's claim
  bare.failed = 0;       // of a model that failed no draw
  {
    h5::OutputFile f(file("c.h5"), false);
    h5::Group root = f.root();
    layout::write_each(root, "claims", claim_layout(), {claim_with_drivers(), bare}, &ClaimSummary::name);
    f.commit();
  }
  h5::InputFile f(file("c.h5"));
  const auto back = layout::read_each(f.root(), "claims", claim_layout(), &ClaimSummary::name);
  ASSERT_EQ(back.size(), 2u);
  const ClaimSummary c = claim_with_drivers();
  EXPECT_EQ(back[0].name, "big");
  EXPECT_EQ(back[1].name, "bare");
  EXPECT_EQ(back[0].expr, c.expr);
  EXPECT_EQ(back[0].text, c.text);
  EXPECT_EQ(back[0].verdict, c.verdict);
  EXPECT_EQ(back[0].interval_method, c.interval_method);
  EXPECT_EQ(back[0].level, c.level);
  EXPECT_EQ(std::vector<double>({back[0].probability, back[0].ci_low, back[0].ci_high}),
            std::vector<double>({c.probability, c.ci_low, c.ci_high}));
  EXPECT_EQ(std::vector<std::uint64_t>({back[0].count, back[0].n, back[0].nonfinite, back[0].failed}),
            std::vector<std::uint64_t>({c.count, c.n, c.nonfinite, c.failed}));
  EXPECT_EQ(f.root().open_group("claims/big").read_double("probability_if_failed_fail"), 600.0 / 994);
  EXPECT_EQ(f.root().open_group("claims/big").read_double("probability_if_failed_hold"), 604.0 / 994);
  ASSERT_EQ(back[0].drivers.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back[0].drivers[i].input, c.drivers[i].input);
    EXPECT_EQ(back[0].drivers[i].ks_distance, c.drivers[i].ks_distance);
    EXPECT_EQ(back[0].drivers[i].p_value, c.drivers[i].p_value);
    EXPECT_EQ(back[0].drivers[i].holding_quantiles, c.drivers[i].holding_quantiles);
  }
  EXPECT_TRUE(back[1].drivers.empty());
  std::set<std::string> with, without;
  testing::h5_contents(f.root().open_group("claims/big"), "", with);
  testing::h5_contents(f.root().open_group("claims/bare"), "", without);
  EXPECT_EQ(with, listed(claim_layout(), false));
  EXPECT_EQ(without, listed(claim_layout(), true));
}

TEST_F(ResultLayout, ACurveReadsBackAsWrittenAndHoldsWhatIsListed) {
  CurveSummary c;
  c.name = "decay";
  c.x = "t";
  c.unit = "g";  // [[curves]] unit, x_label, x_unit: optional, written when given
  c.x_label = "time";
  c.x_unit = "years";
  c.grid = {0, 1, 2, 3};
  c.band_probabilities = {0.05, 0.5, 0.95};
  c.bands = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  for (const char* name : {"takeoff", "inflection"}) {
    FeatureSummary f;
    f.stats = full_output();
    f.stats.name = name;
    f.at_edge = 7;
    c.features.push_back(f);
  }
  {
    h5::OutputFile f(file("c.h5"), false);
    h5::Group root = f.root();
    layout::write_each(root, "curves", curve_layout(), {c}, &CurveSummary::name);
    f.commit();
  }
  h5::InputFile f(file("c.h5"));
  const auto back = layout::read_each(f.root(), "curves", curve_layout(), &CurveSummary::name);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].label, "decay");  // the name, when the config gives no label
  EXPECT_EQ(back[0].x, "t");
  EXPECT_EQ(back[0].unit, "g");
  EXPECT_EQ(back[0].x_label, "time");
  EXPECT_EQ(back[0].x_unit, "years");
  EXPECT_EQ(back[0].grid, c.grid);
  EXPECT_EQ(back[0].band_probabilities, c.band_probabilities);
  EXPECT_EQ(back[0].bands, c.bands);
  ASSERT_EQ(back[0].features.size(), 2u);
  EXPECT_EQ(back[0].features[0].stats.name, "takeoff");  // in the order written
  EXPECT_EQ(back[0].features[1].stats.name, "inflection");
  EXPECT_EQ(back[0].features[1].at_edge, 7u);
  EXPECT_EQ(back[0].features[1].stats.quantiles, c.features[1].stats.quantiles);
  EXPECT_EQ(back[0].features[1].stats.nonfinite, c.features[1].stats.nonfinite);
  std::set<std::string> held;
  testing::h5_contents(f.root().open_group("curves/decay"), "", held);
  EXPECT_EQ(held, with_names(listed(curve_layout(), false), "<feature>", {"takeoff", "inflection"}));
  EXPECT_TRUE(held.count("features/takeoff/not_found") && held.count("features/inflection/histogram/edges"));
}

// The four sensitivity methods' groups: what is written is what the description lists as always there (and, with
// second-order indices, S2 and its bounds); what is read back is what was written.
TEST_F(ResultLayout, SensitivityGroupsHoldWhatIsListedAndReadBack) {
  SobolSummary so;
  so.target = "y";
  so.inputs = {"a", "b"};
  so.result.k = 2;
  so.result.S1 = {0.25, 0.5};
  so.result.S1_low = {0.2, 0.45};
  so.result.S1_high = {0.3, 0.55};
  so.result.ST = {0.3, 0.7};
  so.result.ST_low = {0.28, 0.68};
  so.result.ST_high = {0.32, 0.72};
  so.result.N = 1024;
  so.result.interval_method = "rqmc-t";
  so.sampler = "sobol";
  so.evaluations = 4096;
  SobolSummary second = so;
  second.target = "z";
  second.result.second_order = true;
  second.result.S2 = {std::nan(""), 0.1, 0.1, std::nan("")};
  second.result.S2_low = second.result.S2_high = second.result.S2;
  MorrisSummary mo;
  mo.target = "y";
  mo.inputs = {"a", "b"};
  mo.result.mu = {1, -2};
  mo.result.mu_star = {1, 2};
  mo.result.sigma = {0.1, 0.2};
  mo.result.mu_star_low = {0.9, 1.8};
  mo.result.mu_star_high = {1.1, 2.2};
  mo.result.effects = {10, 9};
  mo.result.trajectories = 10;
  ShapleySummary sh;
  sh.target = "y";
  sh.inputs = {"a", "b"};
  sh.result.effects = {0.4, 0.6};
  sh.result.effects_low = {0.3, 0.5};
  sh.result.effects_high = {0.5, 0.7};
  sh.result.method = "exact";
  RegressionSummary re;
  re.target = "y";
  re.inputs = {"a", "b"};
  re.result.src = {0.5, 0.8};
  re.result.prcc = {0.6, 0.9};
  re.result.r_squared = 0.89;
  re.result.n = 1000;
  {
    h5::OutputFile f(file("s.h5"), false);
    h5::Group root = f.root();
    layout::write_each(root, "sobol", sobol_layout(), {so, second}, &SobolSummary::target);
    layout::write_each(root, "morris", morris_layout(), {mo}, &MorrisSummary::target);
    layout::write_each(root, "shapley", shapley_layout(), {sh}, &ShapleySummary::target);
    layout::write_each(root, "regression", regression_layout(), {re}, &RegressionSummary::target);
    f.commit();
  }
  h5::InputFile f(file("s.h5"));
  const auto held = [&](const std::string& group) {
    std::set<std::string> paths;
    testing::h5_contents(f.root().open_group(group), "", paths);
    return paths;
  };
  EXPECT_EQ(held("sobol/y"), listed(sobol_layout(), true));
  std::set<std::string> with_s2 = listed(sobol_layout(), true);
  with_s2.insert({"S2", "S2_ci_low", "S2_ci_high", "input_2"});
  EXPECT_EQ(held("sobol/z"), with_s2);
  EXPECT_EQ(held("morris/y"), listed(morris_layout(), true));
  EXPECT_EQ(held("shapley/y"), listed(shapley_layout(), true));
  EXPECT_EQ(held("regression/y"), listed(regression_layout(), true));
  EXPECT_TRUE(listed(sobol_layout(), false).count("@caveat"));  // supplied by the writer, listed

  const auto sobol = layout::read_each(f.root(), "sobol", sobol_layout(), &SobolSummary::target);
  ASSERT_EQ(sobol.size(), 2u);
  EXPECT_EQ(sobol[0].inputs, so.inputs);
  EXPECT_EQ(sobol[0].result.ST_high, so.result.ST_high);
  EXPECT_EQ(sobol[0].result.N, 1024u);
  EXPECT_FALSE(sobol[0].result.second_order);
  EXPECT_TRUE(sobol[1].result.second_order);
  EXPECT_EQ(sobol[1].result.S2[1], 0.1);
  const auto morris = layout::read_each(f.root(), "morris", morris_layout(), &MorrisSummary::target);
  EXPECT_EQ(morris.at(0).result.mu_star_high, mo.result.mu_star_high);
  EXPECT_EQ(morris.at(0).result.trajectories, 10u);
  const auto shapley = layout::read_each(f.root(), "shapley", shapley_layout(), &ShapleySummary::target);
  EXPECT_EQ(shapley.at(0).result.effects_low, sh.result.effects_low);
  EXPECT_EQ(shapley.at(0).result.method, "exact");
  const auto regression = layout::read_each(f.root(), "regression", regression_layout(), &RegressionSummary::target);
  EXPECT_EQ(regression.at(0).result.prcc, re.result.prcc);
  EXPECT_EQ(regression.at(0).result.n, 1000u);
}

// A scenario with everything (failed draws, outputs, claims, curves, paired changes) holds exactly what the
// description lists, its collections' placeholders standing for the items' names; the ranking beside it too.
TEST_F(ResultLayout, AScenarioAndTheRankingHoldWhatIsListedAndReadBack) {
  ScenarioSummary sc;
  sc.name = "subsidy";
  sc.text = "a subsidy";
  sc.overridden = {"a", "b"};
  sc.failures.reported = 3;
  sc.failures.unwritten = 1;
  std::uint64_t n = 10;  // an external program's reasons, each its own count
  for (const FailureReason& r : failure_reasons()) {
    if (sc.failures.*r.count == 0) sc.failures.*r.count = n++;
  }
  sc.outputs = {full_output()};
  sc.deltas = {full_output()};
  ClaimSummary claim = claim_with_drivers();
  claim.drivers.clear();
  sc.claims = {claim};
  CurveSummary curve;
  curve.name = "decay";
  curve.x = "t";
  curve.unit = "g";
  curve.x_label = "time";
  curve.x_unit = "years";
  curve.grid = {0, 1};
  curve.band_probabilities = {0.5};
  curve.bands = {1, 2};
  FeatureSummary feature;
  feature.stats = full_output();
  feature.stats.name = "takeoff";
  curve.features = {feature};
  sc.curves = {curve};
  RankingSummary ranking;
  ranking.output = "y";
  ranking.scenarios = {"baseline", "subsidy"};
  ranking.include_baseline = true;
  ranking.probability = {0, 0.4, 0.6, 0};
  ranking.ci_low = {0, 0.3, 0.5, 0};
  ranking.ci_high = {0, 0.5, 0.7, 0};
  {
    h5::OutputFile f(file("s.h5"), false);
    h5::Group root = f.root();
    h5::Group scenarios = root.create_group("scenarios");
    h5::Group g = scenarios.create_group(sc.name);
    scenario_layout().write(g, sc);
    ranking_layout().write(scenarios, ranking);
    f.commit();
  }
  h5::InputFile f(file("s.h5"));
  std::set<std::string> held;
  testing::h5_contents(f.root().open_group("scenarios/subsidy"), "", held);
  std::set<std::string> expected = listed(scenario_layout(), false);
  expected = with_names(expected, "<output>", {"y"});
  expected = with_names(expected, "<claim>", {"big"});
  expected = with_names(expected, "<curve>", {"decay"});
  expected = with_names(expected, "<feature>", {"takeoff"});
  // A scenario's claims have no drivers; its outputs here are scalars (an array output's lines are the alternative
  // layout's, tested with a trajectory in test_trajectory_outputs.cpp).
  for (auto it = expected.begin(); it != expected.end();) {
    const bool other = it->find("/drivers/") != std::string::npos || it->find("<array output>") != std::string::npos;
    it = other ? expected.erase(it) : std::next(it);
  }
  EXPECT_EQ(held, expected) << "file +, listing -:" << difference(held, expected);
  ScenarioSummary back;
  scenario_layout().read(f.root().open_group("scenarios/subsidy"), back);
  EXPECT_EQ(back.text, sc.text);
  EXPECT_EQ(back.overridden, sc.overridden);
  EXPECT_EQ(back.failures.reported, 3u);
  EXPECT_EQ(back.failures.unwritten, 1u);
  for (const FailureReason& r : failure_reasons()) EXPECT_EQ(back.failures.*r.count, sc.failures.*r.count) << r.name;
  ASSERT_EQ(back.outputs.size(), 1u);
  EXPECT_EQ(back.outputs[0].quantiles, sc.outputs[0].quantiles);
  ASSERT_EQ(back.deltas.size(), 1u);
  ASSERT_EQ(back.claims.size(), 1u);
  EXPECT_EQ(back.claims[0].name, "big");
  ASSERT_EQ(back.curves.size(), 1u);
  EXPECT_EQ(back.curves[0].features.at(0).stats.name, "takeoff");
  RankingSummary r;
  ranking_layout().read(f.root().open_group("scenarios"), r);
  EXPECT_EQ(r.output, "y");
  EXPECT_EQ(r.scenarios, ranking.scenarios);
  EXPECT_TRUE(r.include_baseline);
  EXPECT_FALSE(r.lower_is_better);
  EXPECT_EQ(r.probability, ranking.probability);
  EXPECT_EQ(r.ci_high, ranking.ci_high);
}

TEST_F(ResultLayout, ADatasetOfAnotherShapeIsRefusedWithItsPath) {
  // /bad/moments with five values: a file of another format, or a damaged one.
  h5::OutputFile f(file("bad.h5"), false);
  h5::Group root = f.root();
  h5::Group bad = root.create_group("bad");
  output_layout().write(bad, full_output());
  h5::Group worse = root.create_group("worse");
  for (const char* key : {"label", "unit", "expr"}) worse.set_attribute(key, std::string("y"));
  worse.write("moments", std::vector<double>{1, 2, 3, 4, 5});
  OutputSummary back;
  output_layout().read(bad, back);  // the one written by the description reads
  try {
    output_layout().read(worse, back);
    FAIL() << "a moments dataset of 5 values was read";
  } catch (const RuntimeFailure& e) {
    EXPECT_EQ(e.message(), "/worse/moments has shape (5), not (6)") << e.message();
    EXPECT_EQ(e.where().file, file("bad.h5"));
  }
}

}  // namespace
}  // namespace mcsens
