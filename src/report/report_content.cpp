// SPDX-License-Identifier: MIT
// What the report says: every section of a result file's summary as tables, figures and sentences, in the order a
// reader of a paper asks for them (what was run, what was assumed, what was found, what drives it, how it was
// estimated). Only what the file holds appears; numbers are written as the console writes them (display_text).
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "mcsens/space/normal.hpp"
#include "mcsens/stats/proportion.hpp"
#include "report/display_text.hpp"
#include "report/report_document.hpp"
#include "report/svg_chart.hpp"

namespace mcsens::report {

void Section::paragraph(std::string text) {
  Block b;
  b.kind = Block::Kind::paragraph;
  b.text = std::move(text);
  blocks.push_back(std::move(b));
}
void Section::table(Table t) {
  Block b;
  b.kind = Block::Kind::table;
  b.table = std::move(t);
  blocks.push_back(std::move(b));
}
void Section::figure(Figure f) {
  Block b;
  b.kind = Block::Kind::figure;
  b.figure = std::move(f);
  blocks.push_back(std::move(b));
}
void Section::code(std::string text) {
  Block b;
  b.kind = Block::Kind::code;
  b.text = std::move(text);
  blocks.push_back(std::move(b));
}
void Section::list(std::vector<std::string> items) {
  Block b;
  b.kind = Block::Kind::list;
  b.items = std::move(items);
  blocks.push_back(std::move(b));
}

namespace {

using display::failure_reasons_text;
using display::num;
using display::one_line;
using display::probability_text;
using display::thousands;
using display::with_interval;

constexpr std::size_t kTopInputs = 15;  // inputs drawn in a sensitivity figure (the tables hold every one)

std::string percent(double level) {
  return num(100 * level, 3) + " %";
}

// "label (unit)", the label alone, or the name when there is no label.
std::string axis_name(const std::string& name, const std::string& label, const std::string& unit) {
  const std::string text = one_line(label.empty() ? name : label);
  return unit.empty() ? text : text + " (" + unit + ")";
}

// A file or anchor name from any text: letters, digits, '-' and '_' kept, the rest as '_'.
std::string slug(const std::string& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out;
}

const ParameterRecord* find_parameter(const Results& r, const std::string& name) {
  for (const auto& p : r.parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const OutputSummary* find_output(const std::vector<OutputSummary>& outputs, const std::string& name) {
  for (const auto& o : outputs) {
    if (o.name == name) return &o;
  }
  return nullptr;
}

// The axis text of a sensitivity target: its label and unit when it is an output, else its name.
std::string target_axis(const Results& r, const std::string& target) {
  const OutputSummary* o = find_output(r.outputs, target);
  return o ? axis_name(o->name, o->label, o->unit) : target;
}

std::string target_unit(const Results& r, const std::string& target) {
  const OutputSummary* o = find_output(r.outputs, target);
  return o ? o->unit : "";
}

// Orders 0..n-1 by key, largest first, NaN last; ties keep the inputs' order.
std::vector<std::size_t> ranked(std::size_t n, const std::function<double(std::size_t)>& key) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double x = key(a), y = key(b);
    return (std::isnan(x) ? -HUGE_VAL : x) > (std::isnan(y) ? -HUGE_VAL : y);
  });
  return order;
}

// ---------------------------------------------------------------------------------------------------------------
// What was run
// ---------------------------------------------------------------------------------------------------------------

Section summary_section(const Results& r) {
  Section s{"summary", "Summary", 2, {}};
  std::vector<std::string> items;
  if (r.samples > 0) {
    items.push_back(thousands(r.samples) + " draws of the model (" + r.sampler + " sampler, seed " +
                    std::to_string(r.seed) + "): " + std::to_string(r.outputs.size()) + " outputs, " +
                    std::to_string(r.claims.size()) + " claims.");
  } else {
    items.push_back("Sensitivity analyses only (no uncertainty draws; seed " + std::to_string(r.seed) + ").");
  }
  for (const auto& c : r.claims) {
    items.push_back("Claim " + c.name + " (" + one_line(c.text.empty() ? c.expr : c.text) + "): " + c.verdict +
                    ", P = " + probability_text(c.probability, c.ci_low, c.ci_high) + " [" +
                    probability_text(c.ci_low, c.ci_low, c.ci_high) + ", " +
                    probability_text(c.ci_high, c.ci_low, c.ci_high) + "].");
  }
  std::vector<std::string> analyses;
  if (!r.sobol.empty()) analyses.push_back("Sobol' indices");
  if (!r.morris.empty()) analyses.push_back("Morris elementary effects");
  if (!r.shapley.empty()) analyses.push_back("Shapley effects");
  if (!r.regression.empty()) analyses.push_back("regression (SRC, PRCC)");
  if (!r.curves.empty()) analyses.push_back(std::to_string(r.curves.size()) + " response curves");
  if (!r.scenarios.empty()) analyses.push_back(std::to_string(r.scenarios.size()) + " scenarios");
  if (!analyses.empty()) {
    std::string text;
    for (std::size_t i = 0; i < analyses.size(); ++i)
      text += (i == 0 ? "" : i + 1 == analyses.size() ? " and " : ", ") + analyses[i];
    items.push_back("Also in this report: " + text + ".");
  }
  s.list(std::move(items));
  return s;
}

Section provenance_section(const Results& r, const std::string& file) {
  Section s{"provenance", "Provenance", 2, {}};
  Table t{{"", ""}, {}, {}};
  const auto row = [&](const std::string& key, const std::string& value) {
    if (!value.empty()) t.rows.push_back({key, value});
  };
  row("result file", file);
  row("config", r.config_name);
  row("title", one_line(r.title));
  row("written", r.created_utc);
  row("mcsens version", r.version);
  row("git commit", r.git_commit);
  row("file format", std::to_string(r.format_version));
  row("model", r.model_kind);
  row("seed", std::to_string(r.seed));
  if (r.samples > 0) {
    row("draws", thousands(r.samples) + " (" + r.sampler + " sampler)");
    row("stopped", r.stop_reason);
  }
  row("confidence of intervals", percent(r.confidence));
  std::string overrides;
  for (const auto& o : r.overrides) overrides += (overrides.empty() ? "" : "; ") + o;
  row("--set overrides", overrides);
  row("threads x ranks",
      std::to_string(r.threads) + " x " + std::to_string(r.ranks) + " (the numbers do not depend on them)");
  row("wall time", num(r.wall_seconds, 3) + " s");
  row("machine", r.machine);
  row("chunk size", r.chunk_size ? thousands(r.chunk_size) + " draws (the unit of the fixed merge order)" : "");
  s.table(std::move(t));
  s.paragraph(
      "Anyone with this file and the same mcsens version can re-run the study and compare every number bit "
      "for bit: mcsens reproduce " +
      file);
  if (!r.config_text.empty()) s.paragraph("The config, as the run read it, closes the report.");
  return s;
}

Section parameters_section(const Results& r) {
  Section s{"parameters", "Parameters", 2, {}};
  Table t{{"name", "label", "unit", "distribution"}, {}, {}};
  for (const auto& p : r.parameters) {
    const std::string dist =
        p.constant ? "constant " + num(p.value, 6) : (p.description.empty() ? p.dist : p.description);
    t.rows.push_back({p.name, one_line(p.label == p.name ? "" : p.label), p.unit, dist});
  }
  s.table(std::move(t));
  if (!r.sensitivity_caveat.empty()) s.paragraph("Correlated inputs: " + r.sensitivity_caveat);
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// What was found
// ---------------------------------------------------------------------------------------------------------------

// A fan chart of an array output over its dimension: the median with the 50 % and 90 % bands of its quantiles.
svg::BandChart array_fan(const OutputSummary& o) {
  svg::BandChart chart;
  const Dimension& d = o.dimensions.at(0);
  chart.title = o.name + " over " + d.name;
  chart.x_label = d.name;
  chart.y_label = axis_name(o.name, o.label, o.unit);
  svg::Band wide{"90 %", {}, {}}, narrow{"50 %", {}, {}};
  for (std::size_t i = 0; i < o.elements.size(); ++i) {
    const OutputSummary& e = o.elements[i];
    chart.x.push_back(d.coordinate(i));
    chart.median.push_back(e.quantile(0.5));
    wide.low.push_back(e.quantile(0.05));
    wide.high.push_back(e.quantile(0.95));
    narrow.low.push_back(e.quantile(0.25));
    narrow.high.push_back(e.quantile(0.75));
  }
  chart.bands.push_back(std::move(wide));
  const bool has_quartiles =
      std::any_of(narrow.low.begin(), narrow.low.end(), [](double v) { return std::isfinite(v); });
  if (has_quartiles) chart.bands.push_back(std::move(narrow));
  return chart;
}

svg::Histogram output_histogram(const OutputSummary& o) {
  svg::Histogram h;
  h.title = "distribution of " + o.name;
  h.edges = o.histogram_edges;
  std::uint64_t total = 0;
  for (auto c : o.histogram_counts) total += c;
  for (std::size_t b = 0; b < o.histogram_counts.size() && b + 1 < o.histogram_edges.size(); ++b) {
    const double width = o.histogram_edges[b + 1] - o.histogram_edges[b];
    h.heights.push_back(total > 0 && width > 0
                            ? static_cast<double>(o.histogram_counts[b]) / (static_cast<double>(total) * width)
                            : 0.0);
  }
  h.markers = {{"q05", o.quantile(0.05)}, {"median", o.quantile(0.5)}, {"q95", o.quantile(0.95)}};
  h.x_label = axis_name(o.name, o.label, o.unit);
  h.y_label = "density";
  return h;
}

Section outputs_section(const Results& r) {
  Section s{"outputs", "Outputs", 2, {}};
  Table t{{"output", "label", "mean ± se", "sd", "q05", "median", "q95", "non-finite"},
          {},
          {false, false, true, true, true, true, true, true}};
  for (const auto& o : r.outputs) {
    const std::string label = axis_name("", o.label == o.name ? "" : o.label, o.unit);
    if (o.is_array()) {
      std::uint64_t nonfinite = 0;
      for (const auto& e : o.elements) nonfinite += e.nonfinite;
      const Dimension& d = o.dimensions.at(0);
      t.rows.push_back({o.name, label, "over " + d.name + " (" + std::to_string(o.elements.size()) + " values)",
                        "see figure", "", "", "", thousands(nonfinite)});
      continue;
    }
    if (o.count == 0 && o.nonfinite > 0) {
      t.rows.push_back({o.name, label, "no finite draw", "", "", "", "", thousands(o.nonfinite)});
      continue;
    }
    t.rows.push_back({o.name, label, num(o.mean, 5) + " ± " + num(o.mean_se, 2), num(o.sd), num(o.quantile(0.05)),
                      num(o.quantile(0.5)), num(o.quantile(0.95)), thousands(o.nonfinite)});
  }
  s.table(std::move(t));
  const std::size_t replicates = display::run_replicates(r);
  if (replicates > 0) {
    s.paragraph("Standard errors are the spread of " + std::to_string(replicates) +
                " independently scrambled Sobol' replicates (randomized quasi-Monte Carlo).");
  }
  for (const auto& o : r.outputs) {
    if (o.is_array()) {
      s.figure({"output_" + slug(o.name),
                o.name + " over " + o.dimensions.at(0).name + ": median and the 50 % and 90 % bands of its draws.",
                svg::band_chart(array_fan(o))});
    } else if (o.count > 0 && o.histogram_edges.size() > 1) {
      s.figure({"output_" + slug(o.name),
                "Distribution of " + o.name +
                    " over the draws (density; the dashed lines are its 5 %, 50 % and 95 % quantiles).",
                svg::histogram_chart(output_histogram(o))});
    }
  }
  return s;
}

std::string claim_interval(const ClaimSummary& c) {
  return "[" + probability_text(c.ci_low, c.ci_low, c.ci_high) + ", " +
         probability_text(c.ci_high, c.ci_low, c.ci_high) + "]";
}

Section claims_section(const Results& r) {
  Section s{"claims", "Claims", 2, {}};
  Table t{{"claim", "statement", "P", percent(r.claims.front().level) + " interval", "verdict", "undefined draws"},
          {},
          {false, false, true, true, false, true}};
  svg::IntervalChart chart;
  chart.title = "claim probabilities";
  chart.x_min = 0;
  chart.x_max = 1;
  chart.x_label = "probability that the claim holds (" + percent(r.claims.front().level) + " interval)";
  svg::IntervalSeries series{"P", {}, {}, {}};
  for (const auto& c : r.claims) {
    const std::string statement = one_line(c.text.empty() ? c.expr : c.text + " (" + c.expr + ")");
    t.rows.push_back({c.name, statement, probability_text(c.probability, c.ci_low, c.ci_high), claim_interval(c),
                      c.verdict, thousands(c.nonfinite)});
    chart.rows.push_back(c.name);
    series.value.push_back(c.probability);
    series.low.push_back(c.ci_low);
    series.high.push_back(c.ci_high);
  }
  chart.series.push_back(std::move(series));
  s.table(std::move(t));
  s.figure({"claims", "The probability of each claim with its interval.", svg::interval_chart(chart)});
  for (const auto& c : r.claims) {
    if (c.failed > 0) {
      s.paragraph(c.name + ": " + thousands(c.failed) + " draws failed; over all draws its probability lies between " +
                  probability_text(c.probability_if_failed_fail(), 0.5, 0.5) +
                  " (had each failed draw failed it) and " +
                  probability_text(c.probability_if_failed_hold(), 0.5, 0.5) + " (had each held it).");
    }
    if (c.interval_method == "wilson" && display::run_replicates(r) > 0) {
      s.paragraph(c.name + ": Wilson interval, too few rare outcomes for the randomized-QMC replicates.");
    }
  }
  return s;
}

// A section on what drives the claims, with a subsection per claim that has drivers.
void add_drivers(const Results& r, std::vector<Section>& doc) {
  Section s{"drivers", "What drives each claim", 2, {}};
  s.paragraph(
      "Monte Carlo filtering: for each input, the Kolmogorov-Smirnov distance between its draws where the "
      "claim holds and where it fails (0: the input does not tell them apart; 1: it separates them), with "
      "its p-value, and where the input lies when the claim holds.");
  doc.push_back(std::move(s));
  for (const auto& c : r.claims) {
    if (c.drivers.empty() || c.n == 0) continue;
    Section sub{"drivers-" + slug(c.name), "Claim " + c.name, 3, {}};
    const std::uint64_t fewer = std::min(c.count, c.n - c.count);
    if (fewer < 100) {
      sub.paragraph("Only " + thousands(fewer) + (fewer == 1 ? " draw" : " draws") + " where it " +
                    (c.count < c.n - c.count ? "holds" : "fails") +
                    ": distances are noisy; trust only small p-values.");
    }
    Table t{{"input", "KS distance", "p-value", "median where it holds", "90 % where it holds"},
            {},
            {false, true, true, true, true}};
    svg::IntervalChart chart;
    chart.title = "drivers of " + c.name;
    chart.x_min = 0;
    chart.x_max = 1;
    chart.x_label = "KS distance (draws where " + c.name + " holds vs fails)";
    svg::IntervalSeries series{"KS distance", {}, {}, {}};
    for (std::size_t i : c.ranked_drivers()) {
      const DriverSummary& d = c.drivers[i];
      const auto& q = d.holding_quantiles;
      t.rows.push_back({d.input, num(d.ks_distance, 3), d.p_value < 1e-16 ? "< 1e-16" : num(d.p_value, 2),
                        num(q.size() > 2 ? q[2] : NAN),
                        "[" + num(q.empty() ? NAN : q.front()) + ", " + num(q.empty() ? NAN : q.back()) + "]"});
      if (chart.rows.size() < kTopInputs) {
        chart.rows.push_back(d.input);
        series.value.push_back(d.ks_distance);
      }
    }
    chart.series.push_back(std::move(series));
    sub.table(std::move(t));
    sub.figure(
        {"drivers_" + slug(c.name),
         "What drives " + c.name + ": the inputs by KS distance, largest first" +
             (c.drivers.size() > kTopInputs ? " (the first " + std::to_string(kTopInputs) + ")" : std::string()) + ".",
         svg::interval_chart(chart)});
    doc.push_back(std::move(sub));
  }
}

// The pairs (p, 1 - p) of a curve's band probabilities, widest first, with the median's position (or npos).
std::vector<std::pair<std::size_t, std::size_t>> band_pairs(const std::vector<double>& p, std::size_t& median) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  median = std::string::npos;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::abs(p[i] - 0.5) < 1e-12) median = i;
    for (std::size_t j = i + 1; j < p.size(); ++j) {
      if (p[i] < 0.5 && std::abs(p[i] + p[j] - 1) < 1e-12) pairs.emplace_back(i, j);
    }
  }
  std::sort(pairs.begin(), pairs.end(), [&](const auto& a, const auto& b) { return p[a.first] < p[b.first]; });
  return pairs;
}

void add_curve(const Results& r, const CurveSummary& c, const std::string& scenario, std::vector<Section>& doc) {
  const std::string where = scenario.empty() ? "" : " (scenario " + scenario + ")";
  Section s{"curve-" + slug(c.name) + (scenario.empty() ? "" : "-" + slug(scenario)), "Curve " + c.name + where, 3, {}};
  // x named by the curve's x_label and x_unit, else by the swept parameter's label and unit, else by its name.
  const ParameterRecord* x_parameter = find_parameter(r, c.x);
  const std::string x_axis = !c.x_label.empty() || !c.x_unit.empty()
                                 ? axis_name(c.x, c.x_label, c.x_unit)
                                 : (x_parameter ? axis_name(c.x, x_parameter->label, x_parameter->unit) : c.x);
  s.paragraph((c.label.empty() || c.label == c.name ? c.name : one_line(c.label)) + " over " + x_axis + " in [" +
              num(c.grid.front()) + ", " + num(c.grid.back()) + "], " + std::to_string(c.grid.size()) +
              " points; at each point the quantiles of the curve over the draws.");
  svg::BandChart chart;
  chart.title = "curve " + c.name + where;
  chart.x = c.grid;
  chart.x_label = x_axis;
  chart.y_label = axis_name(c.name, c.label, c.unit);
  std::size_t median = std::string::npos;
  const auto pairs = band_pairs(c.band_probabilities, median);
  const std::size_t G = c.grid.size();
  const auto row = [&](std::size_t q) {
    return std::vector<double>(c.bands.begin() + static_cast<std::ptrdiff_t>(q * G),
                               c.bands.begin() + static_cast<std::ptrdiff_t>((q + 1) * G));
  };
  if (c.bands.size() == c.band_probabilities.size() * G) {
    if (median != std::string::npos) chart.median = row(median);
    for (const auto& [lo, hi] : pairs) {
      chart.bands.push_back({percent(c.band_probabilities[hi] - c.band_probabilities[lo]), row(lo), row(hi)});
    }
  }
  s.figure({"curve_" + slug(c.name) + (scenario.empty() ? "" : "_" + slug(scenario)),
            "Curve " + c.name + where + ": its median over the grid and the bands between its quantiles.",
            svg::band_chart(chart)});
  if (!c.features.empty()) {
    Table t{{"feature", "median", "q05", "q95", "not found", "at the grid's edge"},
            {},
            {false, true, true, true, true, true}};
    for (const auto& f : c.features) {
      t.rows.push_back({f.stats.name, num(f.stats.quantile(0.5)), num(f.stats.quantile(0.05)),
                        num(f.stats.quantile(0.95)), thousands(f.stats.nonfinite), thousands(f.at_edge)});
    }
    s.table(std::move(t));
    for (const auto& f : c.features) {
      if (f.at_edge > 0)
        s.paragraph(f.stats.name + " lies at the grid's edge in " + thousands(f.at_edge) +
                    " draws (left out of its quantiles; the true value may be on or beyond the end: widen the grid).");
    }
  }
  doc.push_back(std::move(s));
}

void add_scenarios(const Results& r, std::vector<Section>& doc) {
  Section top{"scenarios", "Scenarios", 2, {}};
  // The change's interval: its mean ± z se of the paired differences at the run's confidence.
  const double z = detail::normal_quantile(0.5 + r.confidence / 2);
  const std::string level = percent(r.confidence);
  top.paragraph(
      "Each scenario runs the same draws as the baseline with some distributions replaced (common random "
      "numbers), so a change is measured draw by draw: its mean with a " +
      level + " interval (mean ± " + num(z, 3) +
      " se of the paired differences) and the 5 % and 95 % quantiles of the change over the "
      "draws.");
  // One figure per scalar output: the mean change of each scenario with its interval, a neutral colour for all.
  for (std::size_t o = 0; o < r.outputs.size(); ++o) {
    if (r.outputs[o].is_array()) continue;
    svg::IntervalChart chart;
    chart.title = "change of " + r.outputs[o].name + " per scenario";
    chart.x_label = "change of " + axis_name(r.outputs[o].name, r.outputs[o].label, r.outputs[o].unit) +
                    " from the baseline (" + level + " interval)";
    chart.reference_lines = {0.0};
    svg::IntervalSeries series{"change", {}, {}, {}};
    for (const auto& sc : r.scenarios) {
      if (o >= sc.deltas.size()) continue;
      const OutputSummary& d = sc.deltas[o];
      chart.rows.push_back(sc.name);
      series.value.push_back(d.mean);
      series.low.push_back(d.mean - z * d.mean_se);
      series.high.push_back(d.mean + z * d.mean_se);
    }
    chart.series.push_back(std::move(series));
    if (!chart.rows.empty())
      top.figure({"scenario_change_" + slug(r.outputs[o].name),
                  "Mean change of " + r.outputs[o].name + " in each scenario against the baseline, with its " + level +
                      " interval (same draws).",
                  svg::interval_chart(chart)});
  }
  doc.push_back(std::move(top));
  for (const auto& sc : r.scenarios) {
    Section s{"scenario-" + slug(sc.name), "Scenario " + sc.name, 3, {}};
    std::string changes;
    for (const auto& n : sc.overridden) changes += (changes.empty() ? "" : ", ") + n;
    const std::string text = one_line(sc.text);
    s.paragraph((text.empty() ? "" : text + (text.back() == '.' ? " " : ". ")) +
                (changes.empty() ? "Changes no distribution." : "Changes " + changes + "."));
    if (sc.failures.total() > 0)
      s.paragraph(thousands(sc.failures.total()) + " of its draws failed (" + failure_reasons_text(sc.failures) + ").");
    Table t{{"output", "mean ± se", "change ± se", "change, " + level + " interval", "change q05", "change q95"},
            {},
            {false, true, true, true, true, true}};
    for (std::size_t o = 0; o < sc.outputs.size() && o < sc.deltas.size(); ++o) {
      const OutputSummary& v = sc.outputs[o];
      const OutputSummary& d = sc.deltas[o];
      if (v.is_array()) {
        t.rows.push_back({v.name, "over " + v.dimensions.at(0).name, "in the file", "", "", ""});
        continue;
      }
      t.rows.push_back({v.name, num(v.mean, 5) + " ± " + num(v.mean_se, 2), num(d.mean, 4) + " ± " + num(d.mean_se, 2),
                        d.mean == 0 && d.sd == 0
                            ? "unchanged in every draw"
                            : with_interval(d.mean, d.mean - z * d.mean_se, d.mean + z * d.mean_se),
                        num(d.quantile(0.05)), num(d.quantile(0.95))});
    }
    s.table(std::move(t));
    if (!sc.claims.empty()) {
      Table ct{{"claim", "P in the baseline", "P in " + sc.name, "interval", "verdict", "change [interval]"},
               {},
               {false, true, true, true, false, true}};
      for (const auto& c : sc.claims) {
        const auto b =
            std::find_if(r.claims.begin(), r.claims.end(), [&](const ClaimSummary& x) { return x.name == c.name; });
        std::string baseline, change;
        if (b != r.claims.end()) {
          baseline = probability_text(b->probability, b->ci_low, b->ci_high);
          const Difference d =
              newcombe_difference(c.probability, {c.ci_low, c.ci_high}, b->probability, {b->ci_low, b->ci_high});
          change = with_interval(d.value, d.low, d.high);
        }
        ct.rows.push_back({c.name, baseline, probability_text(c.probability, c.ci_low, c.ci_high), claim_interval(c),
                           c.verdict, change});
      }
      s.table(std::move(ct));
      s.paragraph(
          "A claim's change is its probability here minus the baseline's, with Newcombe's interval from the "
          "two intervals (Newcombe 1998): made for independent samples, so wider than needed for these paired "
          "ones.");
    }
    doc.push_back(std::move(s));
    for (const auto& c : sc.curves) add_curve(r, c, sc.name, doc);
  }
  if (r.has_ranking) {
    const RankingSummary& k = r.ranking;
    Section s{"ranking", "Ranking by " + k.output, 3, {}};
    s.paragraph("P(the row's scenario gives a " + std::string(k.lower_is_better ? "smaller" : "larger") + " " +
                k.output + " than the column's), over the same draws" +
                (k.lower_is_better ? " (lower is better)" : "") + (k.include_baseline ? ", baseline included" : "") +
                ".");
    const std::size_t S = k.scenarios.size();
    Table t{{""}, {}, {false}};
    for (const auto& n : k.scenarios) {
      t.header.push_back(n);
      t.numeric.push_back(true);
    }
    svg::HeatMap map;
    map.title = "ranking by " + k.output;
    map.row_labels = map.column_labels = k.scenarios;
    map.legend = "P(row beats column)";
    for (std::size_t i = 0; i < S; ++i) {
      std::vector<std::string> cells{k.scenarios[i]};
      for (std::size_t j = 0; j < S; ++j) {
        const double p = k.probability[i * S + j];
        cells.push_back(i == j ? "-"
                               : probability_text(p, k.ci_low[i * S + j], k.ci_high[i * S + j]) + " [" +
                                     probability_text(k.ci_low[i * S + j], 0.5, 0.5) + ", " +
                                     probability_text(k.ci_high[i * S + j], 0.5, 0.5) + "]");
        map.values.push_back(i == j ? NAN : p);
      }
      t.rows.push_back(std::move(cells));
    }
    s.table(std::move(t));
    s.figure({"ranking", "P(row scenario beats column scenario) by " + k.output + ".", svg::heat_map(map)});
    doc.push_back(std::move(s));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// What drives the outputs
// ---------------------------------------------------------------------------------------------------------------

void add_sobol(const Results& r, const SobolSummary& so, std::vector<Section>& doc) {
  Section s{"sobol-" + slug(so.target), "Sobol' indices of " + so.target, 3, {}};
  if (so.is_array()) {
    const Dimension& d = so.dimensions.at(0);
    const AggregatedSobol& g = so.aggregated;
    s.paragraph(so.target + " is an array over " + d.name + " (" + std::to_string(so.elements.size()) +
                " values): below, its indices aggregated over " + d.name +
                " (variance-weighted, Gamboa et al. 2014); the file holds every element's indices "
                "(/sensitivity/sobol/" +
                so.target + "). " + so.sampler + " design, " + thousands(so.evaluations) + " model runs.");
    Table t{{"input", "aggregated S1 [interval]", "aggregated ST [interval]"}, {}, {false, true, true}};
    for (std::size_t i : ranked(so.inputs.size(), [&](std::size_t i) { return i < g.ST.size() ? g.ST[i] : NAN; })) {
      if (i >= g.ST.size()) continue;
      t.rows.push_back({so.inputs[i], with_interval(g.S1[i], g.S1_low[i], g.S1_high[i]),
                        with_interval(g.ST[i], g.ST_low[i], g.ST_high[i])});
    }
    s.table(std::move(t));
    if (!g.note.empty()) s.paragraph(g.note);
    doc.push_back(std::move(s));
    return;
  }
  const SobolResult& x = so.result;
  s.paragraph("N = " + thousands(x.N) + " base samples, " + so.sampler + " design, " + thousands(so.evaluations) +
              " model runs; " + percent(x.confidence) + " " + x.interval_method +
              " intervals. ~0 marks an index "
              "whose interval contains 0.");
  if (x.N == 0 && x.nonfinite_bases > 0) {
    s.paragraph(
        "Every base sample was dropped (the model failed, or gave a non-finite value, in one of its rows): "
        "the indices are undefined.");
    doc.push_back(std::move(s));
    return;
  }
  if (x.zero_variance) {
    s.paragraph("The output does not vary: its indices are undefined.");
    doc.push_back(std::move(s));
    return;
  }
  const auto order = ranked(x.k, [&](std::size_t i) { return x.ST[i]; });
  Table t{{"input", "S1 [interval]", "ST [interval]"}, {}, {false, true, true}};
  svg::IntervalChart chart;
  chart.title = "Sobol' indices of " + so.target;
  chart.x_label = "share of the variance of " + target_axis(r, so.target) + " (" + percent(x.confidence) + " interval)";
  chart.reference_lines = {0.0};
  svg::IntervalSeries s1{"S1 (first order)", {}, {}, {}}, st{"ST (total)", {}, {}, {}};
  for (std::size_t i : order) {
    t.rows.push_back({so.inputs[i], with_interval(x.S1[i], x.S1_low[i], x.S1_high[i]),
                      with_interval(x.ST[i], x.ST_low[i], x.ST_high[i])});
    if (chart.rows.size() >= kTopInputs) continue;
    chart.rows.push_back(so.inputs[i]);
    s1.value.push_back(x.S1[i]);
    s1.low.push_back(x.S1_low[i]);
    s1.high.push_back(x.S1_high[i]);
    st.value.push_back(x.ST[i]);
    st.low.push_back(x.ST_low[i]);
    st.high.push_back(x.ST_high[i]);
  }
  chart.series = {std::move(s1), std::move(st)};
  s.table(std::move(t));
  s.figure({"sobol_" + slug(so.target),
            "Sobol' indices of " + so.target +
                ": first order (the input alone) and total (with its interactions), by "
                "total index" +
                (x.k > kTopInputs ? " (the first " + std::to_string(kTopInputs) + ")" : std::string()) + ".",
            svg::interval_chart(chart)});
  if (x.nonfinite_bases > 0)
    s.paragraph(thousands(x.nonfinite_bases) + " base samples dropped: a non-finite output in one of their rows.");
  if (x.second_order && x.k >= 2) {
    svg::HeatMap map;
    map.title = "second-order Sobol' indices of " + so.target;
    map.legend = "S2 (interaction share of the variance)";
    double largest = 0;
    for (std::size_t a = 0; a < x.k; ++a) {
      map.row_labels.push_back(so.inputs[a]);
      for (std::size_t b = 0; b < x.k; ++b) {
        const double v = a == b ? NAN : x.S2[std::min(a, b) * x.k + std::max(a, b)];
        map.values.push_back(v);
        if (std::isfinite(v)) largest = std::max(largest, v);
      }
    }
    map.column_labels = map.row_labels;
    map.max_value = largest > 0 ? largest : 1;
    s.figure({"sobol_s2_" + slug(so.target),
              "Second-order indices of " + so.target +
                  ": the share of its variance due to each pair's interaction "
                  "alone (a symmetric matrix; negative estimates shown as 0).",
              svg::heat_map(map)});
  }
  if (!r.sensitivity_caveat.empty()) s.paragraph("Caveat: " + r.sensitivity_caveat);
  doc.push_back(std::move(s));
}

void add_morris(const Results& r, const MorrisSummary& mo, std::vector<Section>& doc) {
  const MorrisResult& x = mo.result;
  Section s{"morris-" + slug(mo.target), "Morris elementary effects of " + mo.target, 3, {}};
  const std::string unit = target_unit(r, mo.target);
  const std::string per = (unit.empty() ? std::string("output units") : unit) + " per unit of probability scale";
  s.paragraph(std::to_string(x.trajectories) + " trajectories, " + std::to_string(mo.levels) +
              " levels; mu* (mean absolute effect) with its " + percent(x.confidence) +
              " bootstrap interval, mu (mean effect) and sigma (their spread: non-linearity or interactions), in " +
              per + ".");
  Table t{{"input", "mu* [interval]", "mu", "sigma"}, {}, {false, true, true, true}};
  svg::ScatterChart chart;
  chart.title = "Morris elementary effects of " + mo.target;
  chart.x_label = "mu* (" + per + ")";
  chart.y_label = "sigma";
  for (std::size_t i : ranked(x.k, [&](std::size_t i) { return x.mu_star[i]; })) {
    t.rows.push_back({mo.inputs[i],
                      num(x.mu_star[i], 3) + " [" + num(x.mu_star_low[i], 2) + ", " + num(x.mu_star_high[i], 2) + "]",
                      num(x.mu[i], 3), num(x.sigma[i], 3)});
    if (chart.labels.size() >= kTopInputs) continue;
    chart.labels.push_back(mo.inputs[i]);
    chart.x.push_back(x.mu_star[i]);
    chart.y.push_back(x.sigma[i]);
    chart.x_low.push_back(x.mu_star_low[i]);
    chart.x_high.push_back(x.mu_star_high[i]);
  }
  s.table(std::move(t));
  s.figure({"morris_" + slug(mo.target),
            "Morris screening of " + mo.target +
                ": mu* (importance, with its interval) against sigma "
                "(non-linearity or interactions).",
            svg::scatter_chart(chart)});
  if (!r.sensitivity_caveat.empty()) s.paragraph("Caveat: " + r.sensitivity_caveat);
  doc.push_back(std::move(s));
}

void add_shapley(const Results& r, const ShapleySummary& sh, std::vector<Section>& doc) {
  const ShapleyResult& x = sh.result;
  Section s{"shapley-" + slug(sh.target), "Shapley effects of " + sh.target, 3, {}};
  s.paragraph((x.method == "exact" ? "Every subset, " + thousands(x.items) + " outer points"
                                   : thousands(x.items) + " random permutations") +
              ", inner " + std::to_string(x.inner) + ", " + thousands(sh.evaluations) + " model runs; " +
              percent(x.confidence) + " batch-means intervals over " + std::to_string(x.blocks) +
              " blocks. Each input's share of the variance (" + num(x.variance, 4) +
              "), dependence included: the effects sum to 1 and do not depend on the order of the inputs.");
  if (x.items == 0 || !(x.variance > 0)) {
    s.paragraph(x.items == 0 ? "Every item was dropped: the effects are undefined."
                             : "The output does not vary: the effects are undefined.");
    doc.push_back(std::move(s));
    return;
  }
  Table t{{"input", "Shapley effect [interval]"}, {}, {false, true}};
  svg::IntervalChart chart;
  chart.title = "Shapley effects of " + sh.target;
  chart.x_label = "share of the variance of " + target_axis(r, sh.target) + " (" + percent(x.confidence) + " interval)";
  chart.reference_lines = {0.0};
  svg::IntervalSeries series{"Shapley effect", {}, {}, {}};
  for (std::size_t i : ranked(x.k, [&](std::size_t i) { return x.effects[i]; })) {
    t.rows.push_back({sh.inputs[i], with_interval(x.effects[i], x.effects_low[i], x.effects_high[i])});
    if (chart.rows.size() >= kTopInputs) continue;
    chart.rows.push_back(sh.inputs[i]);
    series.value.push_back(x.effects[i]);
    series.low.push_back(x.effects_low[i]);
    series.high.push_back(x.effects_high[i]);
  }
  chart.series.push_back(std::move(series));
  s.table(std::move(t));
  s.figure({"shapley_" + slug(sh.target), "Shapley effects of " + sh.target + " with their intervals.",
            svg::interval_chart(chart)});
  if (x.failed > 0) s.paragraph(thousands(x.failed) + " items dropped: a non-finite output at one of their points.");
  doc.push_back(std::move(s));
}

void add_regression(const RegressionSummary& re, std::vector<Section>& doc) {
  const RegressionResult& x = re.result;
  Section s{"regression-" + slug(re.target), "Regression of " + re.target, 3, {}};
  s.paragraph("Standardized regression coefficients (SRC) and partial rank correlation coefficients (PRCC) over " +
              thousands(x.n) + " kept draws; R^2 = " + num(x.r_squared, 3) +
              " (the share of the variance the linear model describes: SRC mean most near 1).");
  Table t{{"input", "SRC", "PRCC"}, {}, {false, true, true}};
  svg::IntervalChart chart;
  chart.title = "regression of " + re.target;
  chart.x_min = -1;
  chart.x_max = 1;
  chart.x_label = "coefficient (R^2 = " + num(x.r_squared, 3) + ")";
  chart.reference_lines = {0.0};
  svg::IntervalSeries src{"SRC", {}, {}, {}}, prcc{"PRCC", {}, {}, {}};
  for (std::size_t i : ranked(x.k, [&](std::size_t i) { return std::abs(x.src[i]); })) {
    t.rows.push_back({re.inputs[i], num(x.src[i], 3), num(x.prcc[i], 3)});
    if (chart.rows.size() >= kTopInputs) continue;
    chart.rows.push_back(re.inputs[i]);
    src.value.push_back(x.src[i]);
    prcc.value.push_back(x.prcc[i]);
  }
  chart.series = {std::move(src), std::move(prcc)};
  s.table(std::move(t));
  s.figure(
      {"regression_" + slug(re.target), "SRC and PRCC of " + re.target + ", by |SRC|.", svg::interval_chart(chart)});
  doc.push_back(std::move(s));
}

// ---------------------------------------------------------------------------------------------------------------
// Notes and methods
// ---------------------------------------------------------------------------------------------------------------

Section notes_section(const Results& r) {
  Section s{"notes", "Notes and caveats", 2, {}};
  std::vector<std::string> items;
  for (const auto& o : r.outputs) {
    if (!o.is_array() && o.count > 0 && o.nonfinite > 0) items.push_back(o.name + ": " + o.moments_note());
  }
  if (r.failures.total() > 0) {
    items.push_back(thousands(r.failures.total()) + " of " + thousands(r.samples) + " draws failed (" +
                    failure_reasons_text(r.failures) + "): their outputs and claims are NaN, counted as non-finite.");
  }
  const auto design = [&](const std::string& name, const FailureCounts& f, const std::string& consequence) {
    if (f.total() > 0)
      items.push_back(name + ": " + thousands(f.total()) + " model runs failed (" + failure_reasons_text(f) +
                      "): " + consequence + ".");
  };
  if (!r.sobol.empty())
    design("the Sobol' design", r.sobol.front().failures, "base samples with a failed row are dropped whole");
  if (!r.morris.empty())
    design("the Morris trajectories", r.morris.front().failures, "their elementary effects are left out");
  if (!r.shapley.empty())
    design("the Shapley design", r.shapley.front().failures, "items with a failed point are dropped");
  if (!r.sensitivity_caveat.empty()) items.push_back(r.sensitivity_caveat);
  for (const auto& n : r.notes) items.push_back(n);
  if (items.empty())
    items.push_back("None: no draw failed, no output had a non-finite value, and the run noted nothing.");
  s.list(std::move(items));
  return s;
}

Section methods_section(const Results& r) {
  Section s{"methods", "Methods", 2, {}};
  std::vector<std::string> items;
  items.push_back(
      "Random numbers: Philox4x32-10, counter-based, so a draw's numbers depend only on the seed and its "
      "index, never on threads or ranks (Salmon et al. 2011).");
  if (r.sampler == "sobol") {
    items.push_back(
        "Draws: scrambled Sobol' points (Joe and Kuo 2008; Owen 1995), in independently scrambled "
        "replicates whose spread gives the standard errors (randomized QMC; L'Ecuyer and Lemieux 2002).");
  } else if (r.sampler == "lhs") {
    items.push_back("Draws: Latin hypercube sampling (McKay, Beckman and Conover 1979).");
  } else if (r.samples > 0) {
    items.push_back("Draws: independent Monte Carlo draws; standard errors sd / sqrt(n).");
  }
  if (!r.outputs.empty()) {
    items.push_back(
        "Quantiles: an exact rank count in windows around each reported level with a mergeable DDSketch "
        "outside them (Masson, Rim and Lee 2019); each quantile's error bound is in the file.");
  }
  if (!r.claims.empty()) {
    items.push_back(
        "Claim probabilities: the share of draws where the claim holds, with Wilson's score interval "
        "(Wilson 1927), or Student t over the replicates under the sobol sampler.");
    items.push_back(
        "What drives a claim: Monte Carlo filtering, the two-sample Kolmogorov-Smirnov distance between "
        "each input where the claim holds and where it fails (Spear and Hornberger 1980).");
  }
  if (!r.scenarios.empty()) {
    items.push_back(
        "Scenarios: common random numbers, the same draws through each scenario, so changes are paired "
        "(Law 2015); the ranking's pairwise probabilities with Wilson intervals.");
  }
  if (!r.curves.empty()) {
    items.push_back(
        "Curves: each draw's curve over the grid, its quantile bands, and the distribution of its "
        "features (docs/methods-curves.md).");
  }
  if (!r.sobol.empty()) {
    const SobolResult& x = r.sobol.front().is_array() && !r.sobol.front().elements.empty()
                               ? r.sobol.front().elements.front()
                               : r.sobol.front().result;
    items.push_back(
        "Sobol' indices: Saltelli's design (Saltelli 2002); first order by Saltelli et al. 2010, total "
        "order by Jansen 1999" +
        std::string(x.second_order ? ", second order by Saltelli 2002" : "") + "; " + x.interval_method + " intervals" +
        (x.interval_method == "bootstrap" ? " (percentile bootstrap over base samples, Efron and "
                                            "Tibshirani 1993)"
                                          : " (Student t over batches or replicates)") +
        ".");
  }
  if (!r.morris.empty()) {
    items.push_back(
        "Morris elementary effects (Morris 1991), mu* (Campolongo et al. 2007), trajectories chosen for "
        "spread (Ruano et al. 2012), a bootstrap interval on mu*.");
  }
  if (!r.shapley.empty()) {
    items.push_back(
        "Shapley effects (Owen 2014; Song, Nelson and Staum 2016), conditional draws through the Gaussian "
        "copula (Owen and Prieur 2017; Iooss and Prieur 2019), batch-means intervals.");
  }
  if (!r.regression.empty()) {
    items.push_back(
        "Regression: standardized regression coefficients and partial rank correlation coefficients "
        "(Iman and Conover 1987; Marino et al. 2008).");
  }
  s.list(std::move(items));
  s.paragraph(
      "Full references and the estimators' details: docs/methods.md and docs/methods-sensitivity.md of "
      "mcsens " +
      r.version + ".");
  return s;
}

}  // namespace

Document build_report(const Results& r, const std::string& file) {
  Document d;
  d.title = r.title.empty() ? (r.config_name.empty() ? file : r.config_name) : one_line(r.title);
  d.subtitle =
      "mcsens " + r.version + " report of " + file + (r.created_utc.empty() ? "" : ", written " + r.created_utc);
  std::vector<Section>& doc = d.sections;
  doc.push_back(summary_section(r));
  doc.push_back(provenance_section(r, file));
  if (!r.parameters.empty()) doc.push_back(parameters_section(r));
  if (!r.outputs.empty()) doc.push_back(outputs_section(r));
  if (!r.claims.empty()) doc.push_back(claims_section(r));
  const bool drivers = std::any_of(r.claims.begin(), r.claims.end(),
                                   [](const ClaimSummary& c) { return !c.drivers.empty() && c.n > 0; });
  if (drivers) add_drivers(r, doc);
  if (!r.curves.empty()) {
    doc.push_back(Section{"curves", "Curves", 2, {}});
    for (const auto& c : r.curves) add_curve(r, c, "", doc);
  }
  if (!r.scenarios.empty()) add_scenarios(r, doc);
  if (!r.sobol.empty() || !r.morris.empty() || !r.shapley.empty() || !r.regression.empty()) {
    doc.push_back(Section{"sensitivity", "Sensitivity", 2, {}});
    for (const auto& so : r.sobol) add_sobol(r, so, doc);
    for (const auto& mo : r.morris) add_morris(r, mo, doc);
    for (const auto& sh : r.shapley) add_shapley(r, sh, doc);
    for (const auto& re : r.regression) add_regression(re, doc);
  }
  doc.push_back(notes_section(r));
  doc.push_back(methods_section(r));
  if (!r.config_text.empty()) {
    Section config{"config", "The config", 2, {}};
    config.paragraph("As the run read it (" + (r.config_name.empty() ? std::string("no path") : r.config_name) +
                     (r.overrides.empty() ? "" : ", before the --set overrides listed under Provenance") + "):");
    config.code(r.config_text);
    doc.push_back(std::move(config));
  }
  return d;
}

}  // namespace mcsens::report
