// SPDX-License-Identifier: MIT
#include "mcsens/report/csv_tables.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "covered_fields.hpp"
#include "mcsens/error.hpp"
#include "mcsens/report/json_text.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "mcsens/report/uncovered.hpp"

namespace mcsens {

namespace csv {

std::string field(std::string_view text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Inf" : "-Inf";
  return json::number(x);
}

std::string element(const layout::Values& v, std::size_t i) {
  switch (v.type) {
    case layout::Type::float64:
      return number(v.float64.at(i));
    case layout::Type::uint64:
      return std::to_string(v.uint64.at(i));
    case layout::Type::int64:
      return std::to_string(v.int64.at(i));
    case layout::Type::string:
      return field(v.string.at(i));
    case layout::Type::uint8:
      return std::to_string(v.uint8.at(i));
  }
  return "";
}

std::vector<CsvTable> UncoveredTables::take(const std::vector<std::string>& own) {
  for (const CsvTable& t : tables_) {
    for (const std::string& o : own) {
      if (o == t.name) throw std::logic_error("CSV tables: two tables named " + t.name);
    }
  }
  return std::move(tables_);
}

CsvTable& UncoveredTables::named(const std::string& name, const std::vector<std::string>& columns) {
  for (CsvTable& t : tables_) {
    if (t.name != name) continue;
    if (t.columns != columns) throw std::logic_error("CSV tables: two tables named " + name);
    return t;
  }
  tables_.push_back(CsvTable{name, columns, {}});
  return tables_.back();
}

}  // namespace csv

namespace {

std::string count(std::uint64_t n) {
  return std::to_string(n);
}

// The moments of a summary, in the column order of moment_columns().
std::vector<std::string> moments(const OutputSummary& o) {
  return {csv::number(o.mean),     csv::number(o.mean_se), csv::number(o.sd), csv::number(o.skewness),
          csv::number(o.kurtosis), csv::number(o.min),     csv::number(o.max)};
}

const std::vector<std::string>& moment_columns() {
  static const std::vector<std::string> columns{"mean", "mean_se", "sd", "skewness", "kurtosis", "min", "max"};
  return columns;
}

std::vector<std::string> joined(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// One row per quantile level of `o`, after the key fields `key`: probability, quantile, its error bound (empty
// when the file has none).
void add_quantiles(CsvTable& table, const std::vector<std::string>& key, const OutputSummary& o) {
  for (std::size_t i = 0; i < o.probabilities.size() && i < o.quantiles.size(); ++i) {
    const std::string error = i < o.quantile_errors.size() ? csv::number(o.quantile_errors[i]) : "";
    table.rows.push_back(joined(key, {csv::number(o.probabilities[i]), csv::number(o.quantiles[i]), error}));
  }
}

// An array output's elements (or their paired changes): a row per element in `table`, named by its dimension and
// coordinate, and its quantiles in `quantiles`.
void add_element_rows(CsvTable& table, CsvTable& quantiles, const std::string& scenario, const OutputSummary& o) {
  const Dimension& d = o.dimensions.at(0);
  for (std::size_t i = 0; i < o.elements.size(); ++i) {
    const OutputSummary& e = o.elements[i];
    const std::vector<std::string> key{csv::field(scenario), csv::field(o.name), csv::field(d.name),
                                       csv::number(d.coordinate(i))};
    table.rows.push_back(joined(key, joined(moments(e), {count(e.count), count(e.nonfinite)})));
    add_quantiles(quantiles, key, e);
  }
}

// The baseline's part and each scenario's, under the scenario's name ("baseline" for the run's own draws).
template <class F>
void per_scenario(const Results& r, F add) {
  add(std::string("baseline"), r.outputs, r.claims, r.curves, static_cast<const std::vector<OutputSummary>*>(nullptr));
  for (const auto& sc : r.scenarios) add(sc.name, sc.outputs, sc.claims, sc.curves, &sc.deltas);
}

// A column name for a probability: q05 for 0.05, median for 0.5, q99.9 for 0.999.
std::string quantile_column(double p) {
  if (p == 0.5) return "median";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "q%02g", 100 * p);
  return buffer;
}

}  // namespace

std::vector<CsvTable> csv_tables(const Results& r) {
  csv::UncoveredTables more;
  CsvTable outputs{
      "outputs", joined({"scenario", "output", "label", "unit"}, joined(moment_columns(), {"count", "nonfinite"})), {}};
  CsvTable output_quantiles{"output_quantiles", {"scenario", "output", "probability", "quantile", "error"}, {}};
  // An array output's elements (issue 35): a row per element, named by its dimension and coordinate.
  CsvTable elements{
      "output_elements",
      joined({"scenario", "output", "dimension", "coordinate"}, joined(moment_columns(), {"count", "nonfinite"})),
      {}};
  CsvTable element_quantiles{"output_element_quantiles",
                             {"scenario", "output", "dimension", "coordinate", "probability", "quantile", "error"},
                             {}};
  CsvTable deltas{"deltas", joined({"scenario", "output"}, joined(moment_columns(), {"count", "nonfinite"})), {}};
  CsvTable delta_quantiles{"delta_quantiles", {"scenario", "output", "probability", "quantile", "error"}, {}};
  // An array output's paired changes, a row per element as output_elements.
  CsvTable delta_elements{
      "delta_elements",
      joined({"scenario", "output", "dimension", "coordinate"}, joined(moment_columns(), {"count", "nonfinite"})),
      {}};
  CsvTable delta_element_quantiles{
      "delta_element_quantiles",
      {"scenario", "output", "dimension", "coordinate", "probability", "quantile", "error"},
      {}};
  CsvTable claims{"claims",
                  {"scenario", "claim", "probability", "ci_low", "ci_high", "level", "interval", "count", "n",
                   "nonfinite", "verdict", "text"},
                  {}};
  CsvTable curves{"curves", {"scenario", "curve", "x", "band", "y"}, {}};
  CsvTable features{
      "curve_features",
      joined({"scenario", "curve", "feature"}, joined(moment_columns(), {"count", "not_found", "at_edge"})),
      {}};
  CsvTable feature_quantiles{
      "curve_feature_quantiles", {"scenario", "curve", "feature", "probability", "quantile", "error"}, {}};

  per_scenario(r, [&](const std::string& scenario, const std::vector<OutputSummary>& outs,
                      const std::vector<ClaimSummary>& cls, const std::vector<CurveSummary>& cvs,
                      const std::vector<OutputSummary>* ds) {
    for (const auto& o : outs) {
      if (o.is_array()) {
        add_element_rows(elements, element_quantiles, scenario, o);
        more.add("outputs", {"scenario", "output"}, {csv::field(scenario), csv::field(o.name)}, array_output_layout(),
                 o, covered::array_output(o));
        continue;
      }
      outputs.rows.push_back(joined({csv::field(scenario), csv::field(o.name),
                                     csv::field(o.label.empty() ? o.name : o.label), csv::field(o.unit)},
                                    joined(moments(o), {count(o.count), count(o.nonfinite)})));
      add_quantiles(output_quantiles, {csv::field(scenario), csv::field(o.name)}, o);
      more.add("outputs", {"scenario", "output"}, {csv::field(scenario), csv::field(o.name)}, output_layout(), o,
               covered::output());
    }
    for (const auto& c : cls) {
      claims.rows.push_back({csv::field(scenario), csv::field(c.name), csv::number(c.probability),
                             csv::number(c.ci_low), csv::number(c.ci_high), csv::number(c.level),
                             csv::field(c.interval_method), count(c.count), count(c.n), count(c.nonfinite),
                             csv::field(c.verdict), csv::field(c.text)});
      more.add("claims", {"scenario", "claim"}, {csv::field(scenario), csv::field(c.name)}, claim_layout(), c,
               covered::claim());
    }
    for (const auto& cv : cvs) {
      const std::size_t points = cv.grid.size();
      for (std::size_t b = 0; b < cv.band_probabilities.size(); ++b) {
        for (std::size_t g = 0; g < points && b * points + g < cv.bands.size(); ++g) {
          curves.rows.push_back({csv::field(scenario), csv::field(cv.name), csv::number(cv.grid[g]),
                                 csv::number(cv.band_probabilities[b]), csv::number(cv.bands[b * points + g])});
        }
      }
      for (const auto& f : cv.features) {
        features.rows.push_back(
            joined({csv::field(scenario), csv::field(cv.name), csv::field(f.stats.name)},
                   joined(moments(f.stats), {count(f.stats.count), count(f.stats.nonfinite), count(f.at_edge)})));
        const std::vector<std::string> key{csv::field(scenario), csv::field(cv.name), csv::field(f.stats.name)};
        add_quantiles(feature_quantiles, key, f.stats);
        more.add("curve_features", {"scenario", "curve", "feature"}, key, output_layout(), f.stats, covered::output());
        more.add("curve_features", {"scenario", "curve", "feature"}, key, feature_layout(), f, covered::feature(f));
      }
      more.add("curves", {"scenario", "curve"}, {csv::field(scenario), csv::field(cv.name)}, curve_layout(), cv,
               covered::curve());
    }
    if (ds != nullptr) {
      for (const auto& d : *ds) {
        if (d.is_array()) {
          add_element_rows(delta_elements, delta_element_quantiles, scenario, d);
          more.add("deltas", {"scenario", "output"}, {csv::field(scenario), csv::field(d.name)}, array_output_layout(),
                   d, covered::array_output(d));
          continue;
        }
        deltas.rows.push_back(joined({csv::field(scenario), csv::field(d.name)},
                                     joined(moments(d), {count(d.count), count(d.nonfinite)})));
        add_quantiles(delta_quantiles, {csv::field(scenario), csv::field(d.name)}, d);
        more.add("deltas", {"scenario", "output"}, {csv::field(scenario), csv::field(d.name)}, output_layout(), d,
                 covered::output());
      }
    }
  });

  // What drives each baseline claim: its holding quantiles as columns, one per probability.
  std::vector<std::string> driver_columns{"claim", "input", "ks_d", "p_value"};
  for (double p : driver_probabilities()) driver_columns.push_back("holding_" + quantile_column(p));
  CsvTable drivers{"drivers", driver_columns, {}};
  for (const auto& c : r.claims) {
    for (const auto& d : c.drivers) {
      std::vector<std::string> row{csv::field(c.name), csv::field(d.input), csv::number(d.ks_distance),
                                   csv::number(d.p_value)};
      for (std::size_t i = 0; i < driver_probabilities().size(); ++i) {
        row.push_back(i < d.holding_quantiles.size() ? csv::number(d.holding_quantiles[i]) : "");
      }
      drivers.rows.push_back(std::move(row));
    }
  }

  CsvTable ranking{"ranking", {"ranked_by", "contender", "rival", "probability", "ci_low", "ci_high"}, {}};
  if (r.has_ranking) {
    const std::size_t s = r.ranking.scenarios.size();
    for (std::size_t i = 0; i < s; ++i) {
      for (std::size_t j = 0; j < s; ++j) {
        const std::size_t at = i * s + j;
        if (at >= r.ranking.probability.size()) continue;
        ranking.rows.push_back({csv::field(r.ranking.output), csv::field(r.ranking.scenarios[i]),
                                csv::field(r.ranking.scenarios[j]), csv::number(r.ranking.probability[at]),
                                csv::number(r.ranking.ci_low.at(at)), csv::number(r.ranking.ci_high.at(at))});
      }
    }
    more.add("ranking", {"ranked_by"}, {csv::field(r.ranking.output)}, ranking_layout(), r.ranking, covered::ranking());
  }

  const auto at = [](const std::vector<double>& v, std::size_t i) { return i < v.size() ? csv::number(v[i]) : ""; };
  CsvTable sobol{"sobol", {"target", "input", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"}, {}};
  CsvTable sobol2{"sobol_second_order", {"target", "input", "input_2", "S2", "S2_low", "S2_high"}, {}};
  // An array output's indices (issue 35): a row per element and input, named by its dimension and coordinate.
  CsvTable sobol_elements{
      "sobol_elements",
      {"target", "dimension", "coordinate", "input", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"},
      {}};
  CsvTable sobol_aggregated{
      "sobol_aggregated", {"target", "input", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"}, {}};
  for (const auto& so : r.sobol) {
    if (so.is_array()) {
      const AggregatedSobol& g = so.aggregated;
      for (std::size_t i = 0; i < so.inputs.size(); ++i) {
        sobol_aggregated.rows.push_back({csv::field(so.target), csv::field(so.inputs[i]), at(g.S1, i), at(g.S1_low, i),
                                         at(g.S1_high, i), at(g.ST, i), at(g.ST_low, i), at(g.ST_high, i)});
      }
      more.add("sobol", {"target"}, {csv::field(so.target)}, array_sobol_layout(), so, covered::array_sobol(so));
      const Dimension& d = so.dimensions.at(0);
      for (std::size_t t = 0; t < so.elements.size(); ++t) {
        const SobolResult& x = so.elements[t];
        const std::string coordinate = csv::number(d.coordinate(t));
        for (std::size_t i = 0; i < so.inputs.size(); ++i) {
          sobol_elements.rows.push_back({csv::field(so.target), csv::field(d.name), coordinate,
                                         csv::field(so.inputs[i]), at(x.S1, i), at(x.S1_low, i), at(x.S1_high, i),
                                         at(x.ST, i), at(x.ST_low, i), at(x.ST_high, i)});
        }
      }
      continue;
    }
    more.add("sobol", {"target"}, {csv::field(so.target)}, sobol_layout(), so, covered::sobol());
    const SobolResult& x = so.result;
    for (std::size_t i = 0; i < so.inputs.size(); ++i) {
      sobol.rows.push_back({csv::field(so.target), csv::field(so.inputs[i]), at(x.S1, i), at(x.S1_low, i),
                            at(x.S1_high, i), at(x.ST, i), at(x.ST_low, i), at(x.ST_high, i)});
    }
    if (!x.second_order) continue;
    const std::size_t k = so.inputs.size();
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t j = i + 1; j < k; ++j) {  // S2 is defined above the diagonal only
        sobol2.rows.push_back({csv::field(so.target), csv::field(so.inputs[i]), csv::field(so.inputs[j]),
                               at(x.S2, i * k + j), at(x.S2_low, i * k + j), at(x.S2_high, i * k + j)});
      }
    }
  }
  CsvTable morris{
      "morris", {"target", "input", "mu", "mu_star", "mu_star_low", "mu_star_high", "sigma", "effects"}, {}};
  for (const auto& mo : r.morris) {
    more.add("morris", {"target"}, {csv::field(mo.target)}, morris_layout(), mo, covered::morris());
    const MorrisResult& x = mo.result;
    for (std::size_t i = 0; i < mo.inputs.size(); ++i) {
      morris.rows.push_back({csv::field(mo.target), csv::field(mo.inputs[i]), at(x.mu, i), at(x.mu_star, i),
                             at(x.mu_star_low, i), at(x.mu_star_high, i), at(x.sigma, i),
                             i < x.effects.size() ? count(x.effects[i]) : ""});
    }
  }
  CsvTable shapley{"shapley", {"target", "input", "effect", "effect_low", "effect_high"}, {}};
  for (const auto& sh : r.shapley) {
    more.add("shapley", {"target"}, {csv::field(sh.target)}, shapley_layout(), sh, covered::shapley());
    for (std::size_t i = 0; i < sh.inputs.size(); ++i) {
      shapley.rows.push_back({csv::field(sh.target), csv::field(sh.inputs[i]), at(sh.result.effects, i),
                              at(sh.result.effects_low, i), at(sh.result.effects_high, i)});
    }
  }
  CsvTable regression{"regression", {"target", "input", "src", "prcc"}, {}};
  for (const auto& re : r.regression) {
    more.add("regression", {"target"}, {csv::field(re.target)}, regression_layout(), re, covered::regression());
    for (std::size_t i = 0; i < re.inputs.size(); ++i) {
      regression.rows.push_back(
          {csv::field(re.target), csv::field(re.inputs[i]), at(re.result.src, i), at(re.result.prcc, i)});
    }
  }

  std::vector<CsvTable> tables;
  std::vector<std::string> own;
  for (CsvTable* t : {&outputs,
                      &output_quantiles,
                      &elements,
                      &element_quantiles,
                      &claims,
                      &drivers,
                      &curves,
                      &features,
                      &feature_quantiles,
                      &deltas,
                      &delta_quantiles,
                      &delta_elements,
                      &delta_element_quantiles,
                      &ranking,
                      &sobol,
                      &sobol2,
                      &sobol_elements,
                      &sobol_aggregated,
                      &morris,
                      &regression,
                      &shapley}) {
    own.push_back(t->name);
    if (!t->rows.empty()) tables.push_back(std::move(*t));
  }
  for (CsvTable& t : more.take(own)) tables.push_back(std::move(t));
  return tables;
}

std::vector<std::string> write_csv_tables(const std::string& folder, const std::vector<CsvTable>& tables,
                                          bool overwrite) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(folder, ec)) {
    if (!fs::is_directory(folder, ec)) throw Error("--csv " + folder + ": it exists and is not a folder");
    if (!overwrite && !fs::is_empty(folder, ec)) {
      throw Error("--csv " + folder + ": the folder exists and is not empty; use --force to replace its tables");
    }
  } else if (!fs::create_directories(folder, ec)) {
    throw Error("--csv " + folder + ": cannot create the folder: " + ec.message());
  }
  std::vector<std::string> written;
  for (const CsvTable& t : tables) {
    const std::string path = (fs::path(folder) / (t.name + ".csv")).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    for (std::size_t c = 0; c < t.columns.size(); ++c) out << (c ? "," : "") << t.columns[c];
    out << '\n';
    for (const auto& row : t.rows) {
      for (std::size_t c = 0; c < row.size(); ++c) out << (c ? "," : "") << row[c];
      out << '\n';
    }
    out.close();
    if (!out) throw RuntimeFailure("cannot write " + path, SourceLocation{path, 0, 0, {}});
    written.push_back(path);
  }
  return written;
}

}  // namespace mcsens
