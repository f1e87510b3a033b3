// SPDX-License-Identifier: MIT
// The description of a result file's groups (mcsens/report/result_layouts.hpp, issue 33, part 0): what it writes
// is exactly what it lists, what it reads back is what was written, and a dataset of another shape is refused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/report/result_layouts.hpp"

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

bool is_group(const h5::Group& g, const std::string& name) {
  try {
    g.open_group(name);
    return true;
  } catch (const RuntimeFailure&) {
    return false;
  }
}

// Every dataset ("a/b") and attribute ("a/b@name", "@name" for the group's own) under `g`, subgroups as "a/".
void contents(const h5::Group& g, const std::string& prefix, std::set<std::string>& out) {
  for (const auto& key : g.attribute_names()) out.insert(prefix + "@" + key);
  for (const auto& name : g.children()) {
    if (!is_group(g, name)) {
      out.insert(prefix + name);
      for (const auto& key : g.attribute_names(name)) out.insert(prefix + name + "@" + key);
    } else {
      out.insert(prefix + name + "/");
      contents(g.open_group(name), prefix + name + "/", out);
    }
  }
}

template <class T>
std::set<std::string> listed(const layout::Layout<T>& description, bool only_always) {
  std::vector<layout::SchemaLine> lines;
  description.list("", lines);
  std::set<std::string> paths;
  for (const auto& line : lines) {
    if (!only_always || line.always) paths.insert(line.path);
  }
  return paths;
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
  contents(f.root().open_group("full"), "", full);
  contents(f.root().open_group("plain"), "", bare);
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
  EXPECT_EQ(std::vector<std::uint64_t>({back[0].count, back[0].n, back[0].nonfinite}),
            std::vector<std::uint64_t>({c.count, c.n, c.nonfinite}));
  ASSERT_EQ(back[0].drivers.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back[0].drivers[i].input, c.drivers[i].input);
    EXPECT_EQ(back[0].drivers[i].ks_distance, c.drivers[i].ks_distance);
    EXPECT_EQ(back[0].drivers[i].p_value, c.drivers[i].p_value);
    EXPECT_EQ(back[0].drivers[i].holding_quantiles, c.drivers[i].holding_quantiles);
  }
  EXPECT_TRUE(back[1].drivers.empty());
  std::set<std::string> with, without;
  contents(f.root().open_group("claims/big"), "", with);
  contents(f.root().open_group("claims/bare"), "", without);
  EXPECT_EQ(with, listed(claim_layout(), false));
  EXPECT_EQ(without, listed(claim_layout(), true));
}

TEST_F(ResultLayout, ACurveReadsBackAsWrittenAndHoldsWhatIsListed) {
  CurveSummary c;
  c.name = "decay";
  c.x = "t";
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
  contents(f.root().open_group("curves/decay"), "", held);
  EXPECT_EQ(held, with_names(listed(curve_layout(), false), "<feature>", {"takeoff", "inflection"}));
  EXPECT_TRUE(held.count("features/takeoff/not_found") && held.count("features/inflection/histogram/edges"));
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
