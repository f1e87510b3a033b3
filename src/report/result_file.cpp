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

void write_curves(h5::Group& parent, const std::vector<CurveSummary>& curves) {
  if (!curves.empty()) layout::write_each(parent, "curves", curve_layout(), curves, &CurveSummary::name);
}

std::vector<CurveSummary> read_curves(const h5::Group& parent) {
  if (!parent.exists("curves")) return {};
  return layout::read_each(parent, "curves", curve_layout(), &CurveSummary::name);
}

// The run's caveat (with [correlation] pairs) in each group of `method` (sobol_layout() and morris_layout()
// list it as supplied by this writer).
void write_caveat(h5::Group& sens, const std::string& method, const std::string& caveat) {
  if (caveat.empty() || !sens.exists(method)) return;
  h5::Group group = sens.open_group(method);
  for (const auto& target : group.children()) group.set_attribute("caveat", caveat, target);
}

void read_caveat(const h5::Group& sens, const std::string& method, Results& s) {
  if (!sens.exists(method)) return;
  const h5::Group group = sens.open_group(method);
  for (const auto& target : group.children()) {
    if (group.has_attribute("caveat", target)) s.sensitivity_caveat = group.string_attribute("caveat", target);
  }
}

void write_sensitivity(h5::Group& root, const Results& s) {
  if (s.sobol.empty() && s.morris.empty() && s.regression.empty() && s.shapley.empty()) return;
  h5::Group sens = root.create_group("sensitivity");
  if (!s.sobol.empty()) layout::write_each(sens, "sobol", sobol_layout(), s.sobol, &SobolSummary::target);
  write_caveat(sens, "sobol", s.sensitivity_caveat);
  if (!s.morris.empty()) layout::write_each(sens, "morris", morris_layout(), s.morris, &MorrisSummary::target);
  write_caveat(sens, "morris", s.sensitivity_caveat);
  if (!s.shapley.empty()) layout::write_each(sens, "shapley", shapley_layout(), s.shapley, &ShapleySummary::target);
  if (!s.regression.empty()) {
    layout::write_each(sens, "regression", regression_layout(), s.regression, &RegressionSummary::target);
  }
}

void read_sensitivity(const h5::Group& root, Results& s) {
  if (!root.exists("sensitivity")) return;
  const h5::Group sens = root.open_group("sensitivity");
  if (sens.exists("sobol")) s.sobol = layout::read_each(sens, "sobol", sobol_layout(), &SobolSummary::target);
  read_caveat(sens, "sobol", s);
  if (sens.exists("morris")) s.morris = layout::read_each(sens, "morris", morris_layout(), &MorrisSummary::target);
  read_caveat(sens, "morris", s);
  if (sens.exists("shapley")) {
    s.shapley = layout::read_each(sens, "shapley", shapley_layout(), &ShapleySummary::target);
  }
  if (sens.exists("regression")) {
    s.regression = layout::read_each(sens, "regression", regression_layout(), &RegressionSummary::target);
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
  failures_layout().write(root, summary.failures);
  if (!summary.outputs.empty())
    layout::write_each(root, "outputs", output_layout(), summary.outputs, &OutputSummary::name);
  if (!summary.claims.empty()) layout::write_each(root, "claims", claim_layout(), summary.claims, &ClaimSummary::name);
  write_curves(root, summary.curves);
  if (!summary.scenarios.empty()) {
    h5::Group scenarios = root.create_group("scenarios");
    for (const auto& sc : summary.scenarios) {
      h5::Group g = scenarios.create_group(sc.name);
      scenario_layout().write(g, sc);
    }
    if (summary.has_ranking) ranking_layout().write(scenarios, summary.ranking);
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
  failures_layout().read(root, s.failures);
  if (root.exists("outputs")) s.outputs = layout::read_each(root, "outputs", output_layout(), &OutputSummary::name);
  if (root.exists("claims")) s.claims = layout::read_each(root, "claims", claim_layout(), &ClaimSummary::name);
  s.curves = read_curves(root);
  if (root.exists("scenarios")) {
    h5::Group scenarios = root.open_group("scenarios");
    for (const auto& name : scenarios.children()) {
      if (name.rfind("ranking", 0) == 0) continue;  // the ranking's datasets, beside the scenarios' groups
      ScenarioSummary sc;
      sc.name = name;
      scenario_layout().read(scenarios.open_group(name), sc);
      s.scenarios.push_back(std::move(sc));
    }
    if (scenarios.exists("ranking")) {
      s.has_ranking = true;
      ranking_layout().read(scenarios, s.ranking);
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
