// SPDX-License-Identifier: MIT
#include "mcsens/report/data_analysis_file.hpp"

#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/report/result_file.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "mcsens/version.hpp"
#include "report/layout_parts.hpp"

namespace mcsens {
namespace {

using layout::always;
using layout::as_int;
using layout::bound_coordinate;
using layout::bounds;
using layout::input_coordinate;
using layout::Layout;
using layout::split_bounds;
using layout::Type;
using layout::Values;
using A = DataAnalysis;

// The value of the root's `analysis` attribute, which marks the file.
constexpr const char* kAnalysisMark = "given data (mcsens analyze)";

// An index per input, `name`, and its interval `name`_ci (2, input).
void index_with_interval(Layout<A>& l, const std::string& name, const std::string& meaning, IndexInterval A::*index) {
  l.dataset(name, Type::float64, {{"input"}}, meaning,
            always<A>([index](const A& a) { return Values::numbers((a.*index).value); }),
            [index](A& a, const Values& v) { (a.*index).value = v.float64; })
      .dataset(name + "_ci", Type::float64, {{"bound", 2}, {"input"}},
               "its interval: row 0 the lower, row 1 the upper bounds",
               always<A>([index](const A& a) { return bounds((a.*index).low, (a.*index).high); }),
               [index](A& a, const Values& v) { split_bounds(v, (a.*index).low, (a.*index).high); });
}

Layout<A>& names(Layout<A>& l) {
  return l.dataset("names", Type::string, {{"input"}}, "the inputs of the columns",
                   always<A>([](const A& a) { return Values::texts(a.inputs); }),
                   [](A& a, const Values& v) { a.inputs = v.string; });
}

// The attributes every method's group has: rows used and left out, the intervals' level, how they were made.
// `rows` and `dropped` give a reference to the method's counts in a (const or not) DataAnalysis.
template <class Rows, class Dropped>
void common_attributes(Layout<A>& l, Rows rows, Dropped dropped, const std::string& interval,
                       const std::string& interval_meaning, const std::string& estimator) {
  l.attribute("n", Type::int64, "rows used", always<A>([rows](const A& a) { return Values::integer(as_int(rows(a))); }),
              [rows](A& a, const Values& v) { rows(a) = static_cast<std::size_t>(v.int64[0]); })
      .attribute("dropped_rows", Type::int64, "rows with a non-finite input or output, left out",
                 always<A>([dropped](const A& a) { return Values::integer(as_int(dropped(a))); }),
                 [dropped](A& a, const Values& v) { dropped(a) = static_cast<std::size_t>(v.int64[0]); })
      .attribute("confidence", Type::float64, "the intervals' level",
                 always<A>([](const A& a) { return Values::number(a.confidence); }),
                 [](A& a, const Values& v) { a.confidence = v.float64[0]; })
      .attribute("interval", Type::string, interval_meaning,
                 always<A>([interval](const A&) { return Values::text(interval); }))
      .attribute("batches", Type::int64, "the contiguous batches of the rows the intervals come from",
                 always<A>([](const A&) { return Values::integer(16); }))
      .attribute("estimator", Type::string, "the estimator, in one line",
                 always<A>([estimator](const A&) { return Values::text(estimator); }));
}

const char* kBatchT = "batches-t: the estimate +- t(15) x the 16 batches' standard deviation / 4";
const char* kCorrected =
    "batches-t-bias-corrected: the estimate corrected from the 16 batches for a bias falling as 1/sqrt(n), +- "
    "t(15) x sqrt(17)/3 x the batches' standard deviation / 4";

Layout<A> make_rank_layout() {
  Layout<A> l;
  names(l);
  l.dataset("S1", Type::float64, {{"input"}}, "first-order indices by ranks",
            always<A>([](const A& a) { return Values::numbers(a.rank.S1); }),
            [](A& a, const Values& v) { a.rank.S1 = v.float64; })
      .dataset("S1_ci", Type::float64, {{"bound", 2}, {"input"}},
               "their interval: row 0 the lower, row 1 the upper bounds",
               always<A>([](const A& a) { return bounds(a.S1_low, a.S1_high); }),
               [](A& a, const Values& v) { split_bounds(v, a.S1_low, a.S1_high); });
  input_coordinate(l);
  bound_coordinate(l);
  common_attributes(
      l, [](auto& a) -> auto& { return a.rank.n; }, [](auto& a) -> auto& { return a.rank.dropped_rows; }, "batches-t",
      kBatchT, "rank-based first-order indices (Gamboa, Klein & Lagnoux 2022)");
  return l;
}

Layout<A> make_delta_layout() {
  Layout<A> l;
  names(l);
  index_with_interval(l, "delta", "Borgonovo's delta, cross-fitted and corrected for its bias", &A::delta);
  l.dataset("delta_uncorrected", Type::float64, {{"input"}}, "the whole sample's cross-fitted estimate, uncorrected",
            always<A>([](const A& a) { return Values::numbers(a.delta_sample.delta); }),
            [](A& a, const Values& v) { a.delta_sample.delta = v.float64; });
  input_coordinate(l);
  bound_coordinate(l);
  common_attributes(
      l, [](auto& a) -> auto& { return a.delta_sample.n; },
      [](auto& a) -> auto& { return a.delta_sample.dropped_rows; }, "batches-t-bias-corrected", kCorrected,
      "moment-independent delta from given data (after Plischke, Borgonovo & Smith 2013), cross-fitted");
  l.attribute("classes", Type::int64, "the classes of each input, ceil(n^(1/3))",
              always<A>([](const A& a) { return Values::integer(as_int(a.delta_sample.classes)); }),
              [](A& a, const Values& v) { a.delta_sample.classes = static_cast<std::size_t>(v.int64[0]); });
  return l;
}

Layout<A> make_pawn_layout() {
  Layout<A> l;
  names(l);
  index_with_interval(l, "median", "the PAWN index: median KS distance over the classes, cross-fitted, corrected",
                      &A::pawn_median);
  index_with_interval(l, "mean", "the mean KS distance over the classes, the same way", &A::pawn_mean);
  index_with_interval(l, "max", "the largest KS distance over the classes, the same way", &A::pawn_max);
  const auto published = [&l](const std::string& name, std::vector<double> Pawn::*field, const std::string& what) {
    l.dataset(name, Type::float64, {{"input"}}, what + " as published, max_y |F_n - F_c| (has a noise floor)",
              always<A>([field](const A& a) { return Values::numbers(a.pawn_sample.*field); }),
              [field](A& a, const Values& v) { a.pawn_sample.*field = v.float64; });
  };
  published("published_median", &Pawn::published_median, "the median");
  published("published_mean", &Pawn::published_mean, "the mean");
  published("published_max", &Pawn::published_max, "the maximum");
  input_coordinate(l);
  bound_coordinate(l);
  common_attributes(
      l, [](auto& a) -> auto& { return a.pawn_sample.n; }, [](auto& a) -> auto& { return a.pawn_sample.dropped_rows; },
      "batches-t-bias-corrected", kCorrected, "PAWN from given data (Pianosi & Wagener 2015, 2018), cross-fitted");
  l.attribute("classes", Type::int64, "the conditioning classes of each input",
              always<A>([](const A& a) { return Values::integer(as_int(a.pawn_sample.classes)); }),
              [](A& a, const Values& v) { a.pawn_sample.classes = static_cast<std::size_t>(v.int64[0]); })
      .attribute("published_null_median", Type::float64,
                 "the published median an input without influence gives (Kolmogorov's distribution)",
                 always<A>([](const A& a) { return Values::number(a.pawn_null_median); }),
                 [](A& a, const Values& v) { a.pawn_null_median = v.float64[0]; });
  return l;
}

Layout<A> make_hsic_layout() {
  Layout<A> l;
  names(l);
  l.dataset("r2", Type::float64, {{"input"}}, "R2_HSIC, normalised HSIC (Da Veiga 2015)",
            always<A>([](const A& a) { return Values::numbers(a.hsic.r2); }),
            [](A& a, const Values& v) { a.hsic.r2 = v.float64; })
      .dataset("r2_ci", Type::float64, {{"bound", 2}, {"input"}},
               "its interval: row 0 the lower, row 1 the upper bounds",
               always<A>([](const A& a) { return bounds(a.hsic_low, a.hsic_high); }),
               [](A& a, const Values& v) { split_bounds(v, a.hsic_low, a.hsic_high); })
      .dataset("hsic", Type::float64, {{"input"}}, "HSIC(X_i, Y) of the standardised columns (U-statistic)",
               always<A>([](const A& a) { return Values::numbers(a.hsic.hsic); }),
               [](A& a, const Values& v) { a.hsic.hsic = v.float64; })
      .dataset("p_value", Type::float64, {{"input"}},
               "p-value of the test of independence of X_i and Y (gamma approximation, Gretton et al. 2008)",
               always<A>([](const A& a) { return Values::numbers(a.hsic.p_value); }),
               [](A& a, const Values& v) { a.hsic.p_value = v.float64; });
  input_coordinate(l);
  bound_coordinate(l);
  common_attributes(
      l, [](auto& a) -> auto& { return a.hsic.n; }, [](auto& a) -> auto& { return a.hsic.dropped_rows; }, "batches-t",
      kBatchT, "R2_HSIC with Gaussian kernels of one standard deviation, from the first 4096 rows");
  return l;
}

using F = DataAnalysisFile;

Layout<F> make_root_layout() {
  Layout<F> l;
  l.attribute("mcsens_version", Type::string, "the version of mcsens that wrote the file",
              always<F>([](const F&) { return Values::text(version()); }),
              [](F& f, const Values& v) { f.version = v.string[0]; })
      .attribute("format_version", Type::int64, "the layout's version, as a run's file",
                 always<F>([](const F&) { return Values::integer(result_format_version); }),
                 [](F& f, const Values& v) { f.format_version = static_cast<int>(v.int64[0]); })
      .attribute("git_commit", Type::string, "its git commit",
                 always<F>([](const F&) { return Values::text(git_commit()); }),
                 [](F& f, const Values& v) { f.git_commit = v.string[0]; })
      .attribute("created_utc", Type::string, "when the file was written (UTC, ISO 8601)",
                 always<F>([](const F&) { return Values::text(created_utc_now()); }),
                 [](F& f, const Values& v) { f.created_utc = v.string[0]; })
      .attribute("analysis", Type::string, std::string("\"") + kAnalysisMark + "\": what wrote the file",
                 always<F>([](const F&) { return Values::text(kAnalysisMark); }))
      .attribute("data", Type::string, "the data file, as given",
                 always<F>([](const F& f) { return Values::text(f.data); }),
                 [](F& f, const Values& v) { f.data = v.string[0]; })
      .attribute(
          "sampler", Type::string, "when the data are a run's kept draws: the run's sampler (mc, sobol or lhs)",
          [](const F& f) -> std::optional<Values> {
            if (f.sampler.empty()) return std::nullopt;
            return Values::text(f.sampler);
          },
          [](F& f, const Values& v) { f.sampler = v.string[0]; }, layout::Presence::optional)
      .attribute(
          "left_out", Type::string, "a run's inputs left out because the run held them at one value (a list)",
          [](const F& f) -> std::optional<Values> {
            if (f.left_out.empty()) return std::nullopt;
            return Values::texts(f.left_out);
          },
          [](F& f, const Values& v) { f.left_out = v.string; }, layout::Presence::optional)
      .attribute("rows", Type::int64, "its rows", always<F>([](const F& f) { return Values::integer(as_int(f.rows)); }),
                 [](F& f, const Values& v) { f.rows = static_cast<std::uint64_t>(v.int64[0]); })
      .attribute("inputs", Type::string, "its input columns (a list of strings)",
                 always<F>([](const F& f) { return Values::texts(f.inputs); }),
                 [](F& f, const Values& v) { f.inputs = v.string; })
      .attribute("outputs", Type::string, "its output columns (a list of strings)",
                 always<F>([](const F& f) { return Values::texts(f.outputs); }),
                 [](F& f, const Values& v) { f.outputs = v.string; })
      .attribute("confidence", Type::float64, "the intervals' level",
                 always<F>([](const F& f) { return Values::number(f.confidence); }),
                 [](F& f, const Values& v) { f.confidence = v.float64[0]; })
      .attribute(
          "checked_against", Type::string,
          "with --config: the config whose distributions the inputs were checked against",
          [](const F& f) -> std::optional<Values> {
            if (f.checked_against.empty()) return std::nullopt;
            return Values::text(f.checked_against);
          },
          [](F& f, const Values& v) { f.checked_against = v.string[0]; }, layout::Presence::optional)
      .attribute(
          "warnings", Type::string, "with --config: a column contradicting its declared distribution, each (a list)",
          [](const F& f) -> std::optional<Values> {
            if (f.warnings.empty()) return std::nullopt;
            return Values::texts(f.warnings);
          },
          [](F& f, const Values& v) { f.warnings = v.string; }, layout::Presence::optional);
  return l;
}

Layout<F> make_sensitivity_layout() {
  static const Layout<A> rank = make_rank_layout();
  static const Layout<A> delta = make_delta_layout();
  static const Layout<A> pawn = make_pawn_layout();
  static const Layout<A> hsic = make_hsic_layout();
  const auto key = [](const A& a) { return a.output; };
  const auto set_key = [](A& a, const std::string& name) { a.output = name; };
  Layout<F> l;
  l.each<A>("rank_first_order", "<output>", "first-order indices by ranks of each output", rank, &F::rank_first_order,
            key, set_key, layout::Presence::always)
      .each<A>("delta", "<output>", "Borgonovo's delta of each output", delta, &F::delta, key, set_key,
               layout::Presence::always)
      .each<A>("pawn", "<output>", "PAWN indices of each output", pawn, &F::pawn, key, set_key,
               layout::Presence::always)
      .each<A>("hsic", "<output>", "R2_HSIC and the test of independence of each output", hsic, &F::hsic, key, set_key,
               layout::Presence::always)
      .each<RegressionSummary>(
          "regression", "<output>", "SRC and PRCC of each output, from the first 100,000 rows", regression_layout(),
          &F::regression, [](const RegressionSummary& r) { return r.target; },
          [](RegressionSummary& r, const std::string& name) { r.target = name; }, layout::Presence::always);
  return l;
}

const Layout<F>& root_layout_of_analysis() {
  static const Layout<F> l = make_root_layout();
  return l;
}

const Layout<F>& contents_layout_of_analysis() {
  static const Layout<F> sensitivity = make_sensitivity_layout();
  static const Layout<F> l = [] {
    Layout<F> c;
    c.each<ClaimSummary>(
         "claims", "<claim>", "with --claim: each claim on the data, as a run's", claim_layout(), &F::claims,
         [](const ClaimSummary& x) { return x.name; }, [](ClaimSummary& x, const std::string& n) { x.name = n; })
        .group("sensitivity", "sensitivity indices, per method and output", sensitivity);
    return c;
  }();
  return l;
}

const std::string& item_name(const DataAnalysis& a) {
  return a.output;
}
const std::string& item_name(const RegressionSummary& r) {
  return r.target;
}

}  // namespace

DataAnalysisFile data_analysis_file(const DataColumns& data, const std::vector<DataAnalysis>& analyses,
                                    std::vector<ClaimSummary> claims) {
  DataAnalysisFile f;
  f.claims = std::move(claims);
  f.data = data.path;
  f.sampler = data.sampler;
  f.left_out = data.left_out;
  f.rows = data.rows;
  f.inputs = data.inputs;
  f.outputs = data.outputs;
  f.analyses = f.rank_first_order = f.delta = f.pawn = f.hsic = analyses;
  if (!analyses.empty()) f.confidence = analyses.front().confidence;
  for (const DataAnalysis& a : analyses) f.regression.push_back(RegressionSummary{a.output, a.inputs, a.regression});
  return f;
}

void write_data_analysis_file(const std::string& path, bool overwrite, const DataAnalysisFile& file) {
  h5::OutputFile out(path, overwrite);
  h5::Group root = out.root();
  root_layout_of_analysis().write(root, file);
  contents_layout_of_analysis().write(root, file);
  out.commit();
}

bool is_data_analysis_file(const std::string& path) {
  try {
    h5::InputFile file(path);
    return file.root().has_attribute("analysis");
  } catch (const std::exception&) {
    return false;
  }
}

DataAnalysisFile read_data_analysis_file(const std::string& path) {
  check_result_path(path);
  h5::InputFile in(path);
  const h5::Group root = in.root();
  if (!root.has_attribute("analysis")) {
    throw Error("'" + path + "' is not a file of mcsens analyze (its root has no attribute 'analysis')");
  }
  DataAnalysisFile f;
  root_layout_of_analysis().read(root, f);
  contents_layout_of_analysis().read(root, f);
  // Each method's fields from its own group, by output.
  const auto of_output = [&path](const auto& list, const std::string& output) -> const auto& {
    for (const auto& item : list) {
      if (item_name(item) == output) return item;
    }
    throw Error("'" + path + "' has no group of output '" + output + "' for every method");
  };
  for (const std::string& output : f.outputs) {
    DataAnalysis a = of_output(f.rank_first_order, output);
    const DataAnalysis& d = of_output(f.delta, output);
    a.delta = d.delta;
    a.delta_sample = d.delta_sample;
    const DataAnalysis& p = of_output(f.pawn, output);
    a.pawn_median = p.pawn_median;
    a.pawn_mean = p.pawn_mean;
    a.pawn_max = p.pawn_max;
    a.pawn_sample = p.pawn_sample;
    a.pawn_null_median = p.pawn_null_median;
    const DataAnalysis& h = of_output(f.hsic, output);
    a.hsic = h.hsic;
    a.hsic_low = h.hsic_low;
    a.hsic_high = h.hsic_high;
    a.regression = of_output(f.regression, output).result;
    f.analyses.push_back(std::move(a));
  }
  return f;
}

std::vector<layout::SchemaLine> data_analysis_schema() {
  std::vector<layout::SchemaLine> lines;
  root_layout_of_analysis().list("", lines);
  contents_layout_of_analysis().list("", lines);
  return lines;
}

std::string data_analysis_schema_table() {
  return schema_table(data_analysis_schema());
}

}  // namespace mcsens
