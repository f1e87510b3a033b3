// SPDX-License-Identifier: MIT
#include "mcsens/report/result_file.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "mcsens/engine/run_state.hpp"
#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "mcsens/version.hpp"

namespace mcsens {

namespace {

// The draws the model failed (Results::failures), as attributes of the run's root or a scenario's group, written
// only when some failed: failed_draws (the total), failed_draws_reported, failed_draws_unwritten.
void write_failures(h5::Group& g, const FailureCounts& f) {
  if (f.total() == 0) return;
  g.set_attribute("failed_draws", static_cast<std::int64_t>(f.total()));
  g.set_attribute("failed_draws_reported", static_cast<std::int64_t>(f.reported));
  g.set_attribute("failed_draws_unwritten", static_cast<std::int64_t>(f.unwritten));
}

FailureCounts read_failures(const h5::Group& g) {
  FailureCounts f;
  if (!g.has_attribute("failed_draws")) return f;
  f.reported = static_cast<std::uint64_t>(g.int_attribute("failed_draws_reported"));
  f.unwritten = static_cast<std::uint64_t>(g.int_attribute("failed_draws_unwritten"));
  return f;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

void write_parameters(h5::Group& root, const ParameterSpace& space) {
  h5::Group params = root.create_group("parameters");
  for (size_t p = 0; p < space.size(); ++p) {
    h5::Group g = params.create_group(space.names()[p]);
    const ParameterSpec& spec = space.spec(p);
    g.set_attribute("label", spec.label.empty() ? spec.name : spec.label);
    g.set_attribute("unit", spec.unit);
    if (space.is_constant(p)) {
      g.set_attribute("dist", std::string("constant"));
      g.set_attribute("value", space.constant_value(p));
      continue;
    }
    const Distribution* d = space.distribution(p);
    g.set_attribute("dist", d->kind());
    g.set_attribute("description", d->describe());
    for (const auto& [key, value] : d->parameters()) g.set_attribute(key, value);
  }
}

// An output's summary in the group `parent`/<its name> (output_layout()).
void write_output(h5::Group& parent, const OutputSummary& s) {
  h5::Group g = parent.create_group(s.name);
  output_layout().write(g, s);
}

void write_curves(h5::Group& parent, const std::vector<CurveSummary>& curves) {
  if (!curves.empty()) layout::write_each(parent, "curves", curve_layout(), curves, &CurveSummary::name);
}

std::vector<CurveSummary> read_curves(const h5::Group& parent) {
  if (!parent.exists("curves")) return {};
  return layout::read_each(parent, "curves", curve_layout(), &CurveSummary::name);
}

std::vector<double> two_rows(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

void write_sensitivity(h5::Group& root, const Results& s) {
  if (s.sobol.empty() && s.morris.empty() && s.regression.empty() && s.shapley.empty()) return;
  h5::Group sens = root.create_group("sensitivity");
  if (!s.sobol.empty()) {
    h5::Group sobol = sens.create_group("sobol");
    for (const auto& so : s.sobol) {
      const SobolResult& r = so.result;
      h5::Group g = sobol.create_group(so.target);
      const size_t k = so.inputs.size();
      g.write("names", so.inputs);
      g.write("S1", r.S1);
      g.write("S1_ci", two_rows(r.S1_low, r.S1_high), 2, k);
      g.write("ST", r.ST);
      g.write("ST_ci", two_rows(r.ST_low, r.ST_high), 2, k);
      if (r.second_order) {
        g.write("S2", r.S2, k, k);
        g.write("S2_ci_low", r.S2_low, k, k);
        g.write("S2_ci_high", r.S2_high, k, k);
      }
      g.set_attribute("N", static_cast<std::int64_t>(r.N));
      g.set_attribute("nonfinite_bases", static_cast<std::int64_t>(r.nonfinite_bases));
      g.set_attribute("evaluations", static_cast<std::int64_t>(so.evaluations));
      g.set_attribute("sampler", so.sampler);
      g.set_attribute("confidence", r.confidence);
      g.set_attribute("interval", r.interval_method);
      g.set_attribute("bootstrap_resamples", static_cast<std::int64_t>(r.bootstrap_resamples));
      g.set_attribute("batches", static_cast<std::int64_t>(r.batches));
      g.set_attribute("estimator", "S1: " + r.first_order_estimator + "; ST: " + r.total_order_estimator +
                                       (r.second_order ? "; S2: " + r.second_order_estimator : std::string()));
      g.set_attribute("first_order_estimator", r.first_order_estimator);
      g.set_attribute("total_order_estimator", r.total_order_estimator);
      g.set_attribute("second_order_estimator", r.second_order_estimator);
      g.set_attribute("mean", r.mean);
      g.set_attribute("variance", r.variance);
      g.set_attribute("zero_variance", static_cast<std::int64_t>(r.zero_variance));
      if (!s.sensitivity_caveat.empty()) g.set_attribute("caveat", s.sensitivity_caveat);
    }
  }
  if (!s.morris.empty()) {
    h5::Group morris = sens.create_group("morris");
    for (const auto& mo : s.morris) {
      const MorrisResult& r = mo.result;
      h5::Group g = morris.create_group(mo.target);
      g.write("names", mo.inputs);
      g.write("mu", r.mu);
      g.write("mu_star", r.mu_star);
      g.write("sigma", r.sigma);
      g.write("mu_star_ci", two_rows(r.mu_star_low, r.mu_star_high), 2, mo.inputs.size());
      std::vector<std::uint64_t> effects(r.effects.begin(), r.effects.end());
      g.write("effects", effects);
      g.set_attribute("trajectories", static_cast<std::int64_t>(r.trajectories));
      g.set_attribute("levels", static_cast<std::int64_t>(mo.levels));
      g.set_attribute("confidence", r.confidence);
      g.set_attribute("interval", r.interval_method);
      if (!s.sensitivity_caveat.empty()) g.set_attribute("caveat", s.sensitivity_caveat);
    }
  }
  if (!s.shapley.empty()) {
    h5::Group shapley = sens.create_group("shapley");
    for (const auto& sh : s.shapley) {
      const ShapleyResult& r = sh.result;
      h5::Group g = shapley.create_group(sh.target);
      g.write("names", sh.inputs);
      g.write("effects", r.effects);
      g.write("effects_low", r.effects_low);
      g.write("effects_high", r.effects_high);
      g.set_attribute("inputs", sh.inputs);
      g.set_attribute("method", r.method);
      g.set_attribute("items", static_cast<std::int64_t>(r.items));
      g.set_attribute("failed_items", static_cast<std::int64_t>(r.failed));
      g.set_attribute("inner", static_cast<std::int64_t>(r.inner));
      g.set_attribute("evaluations", static_cast<std::int64_t>(sh.evaluations));
      g.set_attribute("variance", r.variance);
      g.set_attribute("confidence", r.confidence);
      g.set_attribute("interval", r.interval_method);
      g.set_attribute("blocks", static_cast<std::int64_t>(r.blocks));
    }
  }
  if (!s.regression.empty()) {
    h5::Group regression = sens.create_group("regression");
    for (const auto& re : s.regression) {
      h5::Group g = regression.create_group(re.target);
      g.write("names", re.inputs);
      g.write("src", re.result.src);
      g.write("prcc", re.result.prcc);
      g.set_attribute("r_squared", re.result.r_squared);
      g.set_attribute("n", static_cast<std::int64_t>(re.result.n));
      g.set_attribute("dropped_rows", static_cast<std::int64_t>(re.result.dropped_rows));
    }
  }
}

void read_sensitivity(const h5::Group& root, Results& s) {
  if (!root.exists("sensitivity")) return;
  h5::Group sens = root.open_group("sensitivity");
  const auto split = [](const std::vector<double>& v, std::vector<double>& a, std::vector<double>& b) {
    const size_t k = v.size() / 2;
    a.assign(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k));
    b.assign(v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  };
  if (sens.exists("sobol")) {
    h5::Group sobol = sens.open_group("sobol");
    for (const auto& name : sobol.children()) {
      h5::Group g = sobol.open_group(name);
      SobolSummary so;
      so.target = name;
      so.inputs = g.read_strings("names");
      SobolResult& r = so.result;
      r.k = so.inputs.size();
      r.S1 = g.read_doubles("S1");
      split(g.read_doubles("S1_ci"), r.S1_low, r.S1_high);
      r.ST = g.read_doubles("ST");
      split(g.read_doubles("ST_ci"), r.ST_low, r.ST_high);
      r.second_order = g.exists("S2");
      if (r.second_order) {
        r.S2 = g.read_doubles("S2");
        r.S2_low = g.read_doubles("S2_ci_low");
        r.S2_high = g.read_doubles("S2_ci_high");
      }
      r.N = static_cast<std::uint64_t>(g.int_attribute("N"));
      r.nonfinite_bases = static_cast<std::uint64_t>(g.int_attribute("nonfinite_bases"));
      so.evaluations = static_cast<std::uint64_t>(g.int_attribute("evaluations"));
      so.sampler = g.string_attribute("sampler");
      r.confidence = g.double_attribute("confidence");
      r.interval_method = g.string_attribute("interval");
      r.mean = g.double_attribute("mean");
      r.variance = g.double_attribute("variance");
      r.zero_variance = g.int_attribute("zero_variance") != 0;
      if (g.has_attribute("caveat")) s.sensitivity_caveat = g.string_attribute("caveat");
      s.sobol.push_back(std::move(so));
    }
  }
  if (sens.exists("morris")) {
    h5::Group morris = sens.open_group("morris");
    for (const auto& name : morris.children()) {
      h5::Group g = morris.open_group(name);
      MorrisSummary mo;
      mo.target = name;
      mo.inputs = g.read_strings("names");
      MorrisResult& r = mo.result;
      r.k = mo.inputs.size();
      r.mu = g.read_doubles("mu");
      r.mu_star = g.read_doubles("mu_star");
      r.sigma = g.read_doubles("sigma");
      split(g.read_doubles("mu_star_ci"), r.mu_star_low, r.mu_star_high);
      r.trajectories = static_cast<std::size_t>(g.int_attribute("trajectories"));
      mo.levels = static_cast<int>(g.int_attribute("levels"));
      r.confidence = g.double_attribute("confidence");
      if (g.has_attribute("caveat")) s.sensitivity_caveat = g.string_attribute("caveat");
      s.morris.push_back(std::move(mo));
    }
  }
  if (sens.exists("shapley")) {
    h5::Group shapley = sens.open_group("shapley");
    for (const auto& name : shapley.children()) {
      h5::Group g = shapley.open_group(name);
      ShapleySummary sh;
      sh.target = name;
      sh.inputs = g.read_strings("names");
      ShapleyResult& r = sh.result;
      r.k = sh.inputs.size();
      r.effects = g.read_doubles("effects");
      r.effects_low = g.read_doubles("effects_low");
      r.effects_high = g.read_doubles("effects_high");
      r.method = g.string_attribute("method");
      r.items = static_cast<std::uint64_t>(g.int_attribute("items"));
      r.failed = static_cast<std::uint64_t>(g.int_attribute("failed_items"));
      r.inner = static_cast<std::size_t>(g.int_attribute("inner"));
      sh.evaluations = static_cast<std::uint64_t>(g.int_attribute("evaluations"));
      r.variance = g.double_attribute("variance");
      r.confidence = g.double_attribute("confidence");
      r.interval_method = g.string_attribute("interval");
      r.blocks = static_cast<std::size_t>(g.int_attribute("blocks"));
      s.shapley.push_back(std::move(sh));
    }
  }
  if (sens.exists("regression")) {
    h5::Group regression = sens.open_group("regression");
    for (const auto& name : regression.children()) {
      h5::Group g = regression.open_group(name);
      RegressionSummary re;
      re.target = name;
      re.inputs = g.read_strings("names");
      re.result.k = re.inputs.size();
      re.result.src = g.read_doubles("src");
      re.result.prcc = g.read_doubles("prcc");
      re.result.r_squared = g.double_attribute("r_squared");
      re.result.n = static_cast<std::size_t>(g.int_attribute("n"));
      s.regression.push_back(std::move(re));
    }
  }
}

}  // namespace

void write_result_file(const std::string& path, bool overwrite, const Problem& problem, const Results& summary) {
  h5::OutputFile file(path, overwrite);
  h5::Group root = file.root();
  const ProblemSpec& spec = problem.spec();
  root.set_attribute("mcsens_version", std::string(version()));
  root.set_attribute("git_commit", std::string(git_commit()));
  root.set_attribute("created_utc", utc_now());
  root.set_attribute("title", spec.title);
  root.set_attribute("config", spec.source_text);
  root.set_attribute("config_name", spec.source_name);
  root.set_attribute("overrides", summary.overrides);
  root.set_attribute("seed", static_cast<std::int64_t>(summary.seed));
  root.set_attribute("samples", static_cast<std::int64_t>(summary.samples));
  root.set_attribute("sampler", summary.sampler);
  root.set_attribute("threads", static_cast<std::int64_t>(summary.threads));
  root.set_attribute("ranks", static_cast<std::int64_t>(summary.ranks));
  root.set_attribute("wall_seconds", summary.wall_seconds);
  root.set_attribute("chunk_size", static_cast<std::int64_t>(summary.chunk_size));
  std::string notes;
  for (const auto& note : summary.notes) notes += (notes.empty() ? "" : "\n") + note;
  root.set_attribute("notes", notes);
  root.set_attribute("stop_reason", summary.stop_reason);

  write_parameters(root, problem.space());
  write_failures(root, summary.failures);
  if (!summary.outputs.empty())
    layout::write_each(root, "outputs", output_layout(), summary.outputs, &OutputSummary::name);
  if (!summary.claims.empty()) layout::write_each(root, "claims", claim_layout(), summary.claims, &ClaimSummary::name);
  write_curves(root, summary.curves);
  if (!summary.scenarios.empty()) {
    h5::Group scenarios = root.create_group("scenarios");
    for (const auto& sc : summary.scenarios) {
      h5::Group g = scenarios.create_group(sc.name);
      g.set_attribute("text", sc.text);
      std::string changes;
      for (const auto& n : sc.overridden) changes += (changes.empty() ? "" : ",") + n;
      g.set_attribute("changes", changes);
      write_failures(g, sc.failures);
      layout::write_each(g, "outputs", output_layout(), sc.outputs, &OutputSummary::name);
      if (!sc.claims.empty()) layout::write_each(g, "claims", claim_layout(), sc.claims, &ClaimSummary::name);
      write_curves(g, sc.curves);
      h5::Group delta = g.create_group("delta");
      delta.set_attribute("meaning", std::string("scenario - baseline for the same draws (common random numbers)"));
      for (const auto& d : sc.deltas) write_output(delta, d);
    }
    if (summary.has_ranking) {
      const auto& r = summary.ranking;
      const size_t S = r.scenarios.size();
      scenarios.write("ranking", r.probability, S, S);
      scenarios.set_attribute("names", r.scenarios, "ranking");
      scenarios.set_attribute("output", r.output, "ranking");
      scenarios.set_attribute("meaning",
                              std::string(r.lower_is_better ? "P(scenario i gives a smaller value than scenario j)"
                                                            : "P(scenario i gives a larger value than scenario j)"),
                              "ranking");
      scenarios.set_attribute("include_baseline", std::int64_t{r.include_baseline ? 1 : 0}, "ranking");
      scenarios.set_attribute("lower_is_better", std::int64_t{r.lower_is_better ? 1 : 0}, "ranking");
      scenarios.write("ranking_ci_low", r.ci_low, S, S);
      scenarios.write("ranking_ci_high", r.ci_high, S, S);
      scenarios.write("ranking_names", r.scenarios);
    }
  }

  write_sensitivity(root, summary);

  const KeptSamples& kept = summary.kept;
  const std::uint64_t keep_rows = kept.rows;
  if (keep_rows > 0) {
    h5::Group samples = root.create_group("samples");
    const std::vector<double> inputs(
        kept.inputs.begin(), kept.inputs.begin() + static_cast<std::ptrdiff_t>(keep_rows * kept.input_names.size()));
    const std::vector<double> outputs(
        kept.outputs.begin(), kept.outputs.begin() + static_cast<std::ptrdiff_t>(keep_rows * kept.output_names.size()));
    samples.write("inputs", inputs, keep_rows, kept.input_names.size());
    samples.set_attribute("names", kept.input_names, "inputs");
    samples.write("outputs", outputs, keep_rows, kept.output_names.size());
    samples.set_attribute("names", kept.output_names, "outputs");
    samples.write("input_names", kept.input_names);
    samples.write("output_names", kept.output_names);
  }
  {
    // The finished work in flat form: what `run --resume` needs to extend this result to more draws.
    h5::Group r = root.create_group("resume");
    r.write_bytes("state", encode_run_state(summary.state));
    r.set_attribute("format", std::string("mcsens run state (see docs/cluster.md); opaque"), "state");
  }
  file.commit();
}

bool is_mcsens_file(const std::string& path) {
  try {
    h5::InputFile file(path);
    return file.root().has_attribute("mcsens_version");
  } catch (const std::exception&) {
    return false;
  }
}

Results read_result_summary(const std::string& path) {
  h5::InputFile file(path);
  h5::Group root = file.root();
  Results s;
  if (!root.has_attribute("mcsens_version")) {
    throw Error("'" + path + "' is an HDF5 file but not an mcsens result (no mcsens_version attribute)");
  }
  s.version = root.string_attribute("mcsens_version");
  s.git_commit = root.string_attribute("git_commit");
  s.title = root.string_attribute("title");
  s.config_name = root.string_attribute("config_name");
  s.output_path = path;
  s.seed = static_cast<std::uint64_t>(root.int_attribute("seed"));
  s.samples = static_cast<std::uint64_t>(root.int_attribute("samples"));
  s.sampler = root.string_attribute("sampler");
  s.threads = static_cast<int>(root.int_attribute("threads"));
  s.ranks = static_cast<int>(root.int_attribute("ranks"));
  s.wall_seconds = root.double_attribute("wall_seconds");
  if (root.has_attribute("stop_reason")) s.stop_reason = root.string_attribute("stop_reason");
  if (root.has_attribute("notes")) {
    std::string notes = root.string_attribute("notes");
    for (size_t start = 0; start < notes.size();) {
      const size_t end = std::min(notes.find('\n', start), notes.size());
      s.notes.push_back(notes.substr(start, end - start));
      start = end + 1;
    }
  }
  s.failures = read_failures(root);
  if (root.exists("outputs")) s.outputs = layout::read_each(root, "outputs", output_layout(), &OutputSummary::name);
  if (root.exists("claims")) s.claims = layout::read_each(root, "claims", claim_layout(), &ClaimSummary::name);
  s.curves = read_curves(root);
  if (root.exists("scenarios")) {
    h5::Group scenarios = root.open_group("scenarios");
    for (const auto& name : scenarios.children()) {
      if (name.rfind("ranking", 0) == 0) continue;
      h5::Group g = scenarios.open_group(name);
      ScenarioSummary sc;
      sc.name = name;
      sc.text = g.string_attribute("text");
      const std::string changes = g.string_attribute("changes");
      for (size_t start = 0; start < changes.size();) {
        const size_t end = std::min(changes.find(',', start), changes.size());
        sc.overridden.push_back(changes.substr(start, end - start));
        start = end + 1;
      }
      sc.failures = read_failures(g);
      sc.outputs = layout::read_each(g, "outputs", output_layout(), &OutputSummary::name);
      if (g.exists("claims")) sc.claims = layout::read_each(g, "claims", claim_layout(), &ClaimSummary::name);
      sc.curves = read_curves(g);
      sc.deltas = layout::read_each(g, "delta", output_layout(), &OutputSummary::name);
      s.scenarios.push_back(std::move(sc));
    }
    if (scenarios.exists("ranking")) {
      s.has_ranking = true;
      s.ranking.output = scenarios.string_attribute("output", "ranking");
      if (scenarios.has_attribute("include_baseline", "ranking"))  // files before issue 18 have neither
        s.ranking.include_baseline = scenarios.int_attribute("include_baseline", "ranking") != 0;
      if (scenarios.has_attribute("lower_is_better", "ranking"))
        s.ranking.lower_is_better = scenarios.int_attribute("lower_is_better", "ranking") != 0;
      s.ranking.scenarios = scenarios.read_strings("ranking_names");
      s.ranking.probability = scenarios.read_doubles("ranking");
      s.ranking.ci_low = scenarios.read_doubles("ranking_ci_low");
      s.ranking.ci_high = scenarios.read_doubles("ranking_ci_high");
    }
  }
  read_sensitivity(root, s);
  return s;
}

}  // namespace mcsens

namespace mcsens {

void write_shard_file(const std::string& path, bool overwrite, const RunState& state) {
  h5::OutputFile file(path, overwrite);
  h5::Group root = file.root();
  root.set_attribute("mcsens_version", std::string(version()));
  root.set_attribute("git_commit", std::string(git_commit()));
  root.set_attribute("created_utc", utc_now());
  root.set_attribute("partial",
                     "shard " + std::to_string(state.shard_index) + " of " + std::to_string(state.shard_count));
  root.set_attribute("config", state.identity.config_text);
  root.set_attribute("config_name", state.identity.config_name);
  root.set_attribute("overrides", state.identity.overrides);
  root.set_attribute("seed", static_cast<std::int64_t>(state.identity.seed));
  root.set_attribute("samples", static_cast<std::int64_t>(state.identity.samples));
  root.set_attribute("sampler", state.identity.sampler);
  h5::Group r = root.create_group("resume");
  r.write_bytes("state", encode_run_state(state));
  file.commit();
}

std::string partial_result_note(const std::string& path) {
  h5::InputFile file(path);
  h5::Group root = file.root();
  return root.has_attribute("partial") ? root.string_attribute("partial") : "";
}

RunState read_run_state(const std::string& path) {
  h5::InputFile file(path);
  h5::Group root = file.root();
  if (!root.exists("resume")) {
    throw Error("'" + path + "' holds no run state (/resume/state): it was written by an older mcsens");
  }
  return decode_run_state(root.open_group("resume").read_bytes("state"), path);
}

}  // namespace mcsens
