// SPDX-License-Identifier: MIT
#include "mcsens/engine/request.hpp"

#include <algorithm>
#include <sstream>

#include "mcsens/config/config.hpp"
#include "mcsens/error.hpp"
#include "mcsens/suggest.hpp"
#include "mcsens/text_list.hpp"

namespace mcsens {

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

}  // namespace

const std::vector<std::string>& analysis_names() {
  static const std::vector<std::string> names = {"uncertainty", "claims", "curves",     "scenarios",
                                                 "sobol",       "morris", "regression", "shapley"};
  return names;
}

std::string Analyses::text() const {
  std::string text;
  const auto add = [&](bool on, const char* name) {
    if (on) text += (text.empty() ? "" : ",") + std::string(name);
  };
  add(uncertainty, "uncertainty");
  add(claims, "claims");
  add(curves, "curves");
  add(scenarios, "scenarios");
  add(sobol, "sobol");
  add(morris, "morris");
  add(regression, "regression");
  add(shapley, "shapley");
  return text;
}

RunIdentity RunRequest::identity() const {
  RunIdentity id;
  id.config_name = config_name;
  id.config_text = config_text;
  id.overrides = overrides;
  id.seed = settings.seed;
  id.sampler = sampler_name(settings.sampler);
  id.samples = settings.samples;
  id.chunk_size = settings.chunk_size;
  id.analyses = analyses.text();
  id.keep_samples = settings.keep_samples;
  id.config_folder = config_folder;
  id.data_files = data_files;
  return id;
}

std::uint64_t RunRequest::analysis_rows() const {
  return analyses.regression ? std::min<std::uint64_t>(settings.samples, kRegressionSampleCap) : 0;
}

RunRequest make_request(const Config& config, const ProblemSpec& spec, const RequestChoices& choices) {
  for (const auto& name : choices.only) {
    const auto& names = analysis_names();
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      throw Error("--only: unknown analysis '" + name + "'" + did_you_mean(name, names) +
                  "; analyses are uncertainty, claims, curves, scenarios, sobol, morris, regression, shapley");
    }
  }
  RunRequest r;
  r.config_name = config.source_name();
  r.config_text = config.text();
  r.config_folder = config.folder();
  r.data_files = spec.data_files;
  r.overrides = config.overrides();

  Settings& s = r.settings;
  s.samples = choices.samples.value_or(spec.run.samples);
  s.seed = choices.seed.value_or(spec.run.seed);
  s.sampler = choices.sampler ? *choices.sampler : parse_sampler_kind(spec.run.sampler);
  if (choices.chunk_size) s.chunk_size = *choices.chunk_size;
  s.keep_samples = choices.keep_samples;
  s.confidence = spec.run.confidence;
  if (s.sampler == SamplerKind::sobol) {
    s.replicates = spec.run.replicates;
    std::uint64_t rounded = 0;
    try {
      rounded = replicated_sobol_size(s.samples, s.replicates);
    } catch (const Error& e) {
      throw Error("-n/--samples " + std::to_string(s.samples) + ": " + e.message() +
                  " (--sampler mc has no such limit)");
    }
    if (rounded != s.samples) {
      r.notes.push_back("-n " + std::to_string(s.samples) + " rounded up to " + std::to_string(rounded) + " = " +
                        std::to_string(s.replicates) + " x " + std::to_string(rounded / s.replicates) +
                        ": the sobol sampler's " + std::to_string(s.replicates) +
                        " scrambled replicates (run.replicates) need a power of two each");
      s.samples = rounded;
    }
  }

  r.only = choices.only;
  const auto wants = [&](const char* name) {
    return choices.only.empty() || std::find(choices.only.begin(), choices.only.end(), name) != choices.only.end();
  };
  Analyses& a = r.analyses;
  a.uncertainty = wants("uncertainty");
  a.claims = wants("claims");
  a.curves = wants("curves");
  a.scenarios = wants("scenarios");
  a.sobol = spec.sensitivity.sobol.has_value() && wants("sobol");
  a.morris = spec.sensitivity.morris.has_value() && wants("morris");
  a.regression = spec.sensitivity.regression && wants("regression");
  a.shapley = spec.sensitivity.shapley.has_value() && wants("shapley");
  if (!choices.only.empty() && !a.draws() && !a.sobol && !a.morris && !a.shapley) {
    throw Error("--only " + joined(choices.only) + ": the config asks for none of these analyses");
  }
  return r;
}

RunRequest request_from_identity(const RunIdentity& id) {
  Config config = Config::load_text(id.config_text, id.config_name, id.config_folder);
  for (const auto& assignment : id.overrides) config.apply_override(assignment);
  const ProblemSpec spec = config.problem();
  RequestChoices choices;
  choices.samples = id.samples;
  choices.seed = id.seed;
  choices.sampler = parse_sampler_kind(id.sampler);
  choices.chunk_size = id.chunk_size;
  choices.keep_samples = id.keep_samples;
  const std::vector<std::string> done = split_list(id.analyses);
  if (done.size() < analysis_names().size()) choices.only = done;
  RunRequest request = make_request(config, spec, choices);
  if (request.analyses.text() != id.analyses) {
    throw Error("the saved analyses (" + id.analyses + ") do not match their config");
  }
  return request;
}

}  // namespace mcsens
