// SPDX-License-Identifier: MIT
#include "mcsens/report/result_file.hpp"

#include <filesystem>

#include "mcsens/engine/run_state.hpp"
#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"
#include "mcsens/report/result_layouts.hpp"
#include "mcsens/version.hpp"

namespace mcsens {

void check_result_path(const std::string& path) {
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) throw Error("cannot read result file '" + path + "': no such file");
  if (std::filesystem::is_directory(path, ignored)) {
    throw Error("cannot read result file '" + path + "': it is a folder, not a result file");
  }
  if (!std::filesystem::is_regular_file(path, ignored)) {
    throw Error("cannot read result file '" + path + "': it is not a regular file (a device, pipe or socket)");
  }
}

void write_result_file(const std::string& path, bool overwrite, const Problem& problem, const Results& summary) {
  // Checked before the file is opened, so that nothing half-written is left.
  for (const OutputSummary& o : summary.outputs) {
    if (o.dimensions.size() > 1) {
      throw Error("output '" + o.name + "' is an array of " + std::to_string(o.dimensions.size()) +
                  " dimensions: this mcsens writes array outputs of one dimension only so far");
    }
  }
  h5::OutputFile file(path, overwrite);
  h5::Group root = file.root();
  root_layout().write(root, summary);
  // The parameters come from the Problem (the Results do not carry the parameter space).
  h5::Group parameters = root.create_group("parameters");
  const ParameterSpace& space = problem.space();
  for (std::size_t p = 0; p < space.size(); ++p) {
    h5::Group g = parameters.create_group(space.names()[p]);
    parameter_layout().write(g, parameter_record(space, p));
  }
  contents_layout().write(root, summary);
  file.commit();
}

namespace {

// A file's layout version (result or shard): 1 when it has no format_version attribute. Refuses a version this
// mcsens does not read (a newer mcsens wrote it), naming the file and both versions.
int checked_format_version(const h5::Group& root, const std::string& path) {
  const auto v = root.has_attribute("format_version") ? root.int_attribute("format_version") : std::int64_t{1};
  if (v < oldest_result_format_version || v > result_format_version) {
    throw Error("'" + path + "' is an mcsens result of format version " + std::to_string(v) + ", written by mcsens " +
                root.string_attribute("mcsens_version") + "; this mcsens (" + std::string(version()) +
                ") reads format versions " + std::to_string(oldest_result_format_version) + " to " +
                std::to_string(result_format_version) + ": open it with a newer mcsens");
  }
  return static_cast<int>(v);
}

}  // namespace

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
  s.format_version = checked_format_version(root, path);
  root_layout().read(root, s);
  s.output_path = path;
  if (root.exists("parameters"))
    s.parameters = layout::read_each(root, "parameters", parameter_layout(), &ParameterRecord::name);
  contents_layout().read(root, s);
  return s;
}

}  // namespace mcsens

namespace mcsens {

void write_shard_file(const std::string& path, bool overwrite, const RunState& state) {
  h5::OutputFile file(path, overwrite);
  h5::Group root = file.root();
  root.set_attribute("mcsens_version", std::string(version()));
  root.set_attribute("format_version", std::int64_t{result_format_version});
  root.set_attribute("git_commit", std::string(git_commit()));
  root.set_attribute("created_utc", created_utc_now());
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
  if (root.has_attribute("mcsens_version")) checked_format_version(root, path);
  if (!root.exists("resume")) {
    throw Error("'" + path + "' holds no run state (/resume/state): it was written by an older mcsens");
  }
  return decode_run_state(root.open_group("resume").read_bytes("state"), path);
}

}  // namespace mcsens
