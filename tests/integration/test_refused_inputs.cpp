// SPDX-License-Identifier: MIT
// The catalogue of refused inputs (issue 10): bad configs (tests/integration/refused/*.toml) and bad command lines,
// each run through the real program. Every one must exit 2, print one line `mcsens: error: ...` first that names
// the problem (and FILE:LINE:COL when it is in a config), and leave no file behind.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "integration/cli_runner.hpp"

namespace mcsens::testing {

namespace {

namespace fs = std::filesystem;

const fs::path kRefused = fs::path(MCSENS_SOURCE_DIR) / "tests/integration/refused";

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

std::vector<std::string> files_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) names.push_back(entry.path().string());
  return names;
}

// One refused input: `args` after the program name ({config} is the config's path, {out} the output path), or
// a config file of tests/integration/refused/ run with `run {config} -o {out}`.
struct Refused {
  const char* name;      // the test's name; for a config case, the file's stem
  const char* args;      // nullptr: `run {config} -o {out}` with refused/<name>.toml
  const char* expected;  // must appear in the first line of stderr
  const char* at;        // "LINE:COL": the config location the first line must show ("" when none applies)
};

void PrintTo(const Refused& r, std::ostream* os) {
  *os << r.name;
}

// A valid model, for the command-line cases.
const char* kGood = R"toml([parameters]
a = { dist = "uniform", low = 0, high = 1 }
b = { dist = "normal", mean = 0, sd = 1 }
[outputs]
y = "a + b"
)toml";

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

class RefusedInput : public ::testing::TestWithParam<Refused> {};

TEST_P(RefusedInput, ExitsTwoWithOneLineAndWritesNothing) {
  const Refused& c = GetParam();
  TempDir dir(std::string("refused_") + c.name);
  const fs::path work = dir / "work";
  fs::create_directories(work);
  fs::path config;
  if (c.args == nullptr) {
    config = kRefused / (std::string(c.name) + ".toml");
    ASSERT_TRUE(fs::exists(config)) << config;
  } else if (fs::exists(kRefused / (std::string(c.name) + ".toml"))) {
    config = kRefused / (std::string(c.name) + ".toml");  // a refused config under another command than run
  } else {
    config = dir.write("good.toml", kGood);
  }
  // Inputs that cannot live as text files in the repository are made here.
  const std::string name = c.name;
  if (name == "binary_config") {
    std::ofstream(dir / "blob.toml", std::ios::binary)
        .write(
            "\x7f"
            "ELF\x02\x01\x01\x00\x00\x00\xff\xfe",
            12);
  } else if (name == "binary_config_without_nul") {
    std::ofstream(dir / "blob.toml", std::ios::binary) << "\xff\xfe\x80[parameters]\x81\n";
  } else if (name == "escape_sequence_in_config") {
    std::ofstream(dir / "blob.toml", std::ios::binary) << "[parameters]\n\x1b[2J\x1b[31m = 1\n";
  } else if (name == "dotted_key_100000_deep" || name == "table_header_100000_deep") {
    // Issue 23: toml++ recurses per level; the depth is measured before it parses.
    std::string key = "k";
    for (int k = 1; k < 100000; ++k) key += ".k";
    std::ofstream(dir / "blob.toml") << "[parameters]\na = { dist = \"uniform\", low = 0, high = 1 }\n[outputs]\n"
                                     << "y = \"a\"\n"
                                     << (name == "dotted_key_100000_deep" ? "[run]\n" + key + " = 1\n"
                                                                          : "[" + key + "]\n");
  } else if (name == "derived_cycle_10000_long" || name == "functions_exploding") {
    std::ostringstream text;
    text << "[parameters]\na = { dist = \"uniform\", low = 0, high = 1 }\n";
    if (name == "derived_cycle_10000_long") {
      text << "[derived]\n";
      for (int k = 0; k < 10000; ++k) text << "d" << k << " = \"d" << (k + 1) % 10000 << " + 1\"\n";
      text << "[outputs]\ny = \"d0\"\n";
    } else {
      text << "[functions]\nf0 = { args = [\"x\"], expr = \"x + 1\" }\n";
      for (int k = 1; k <= 40; ++k) {
        text << "f" << k << " = { args = [\"x\"], expr = \"f" << k - 1 << "(x + 1) * f" << k - 1 << "(x * 2)\" }\n";
      }
      text << "[outputs]\ny = \"f40(a)\"\n";
    }
    std::ofstream(dir / "blob.toml") << text.str();
  } else if (name == "config_is_a_fifo") {
    ASSERT_EQ(::mkfifo((dir / "blob.toml").c_str(), 0600), 0);
  } else if (name == "empirical_fifo") {
    std::ofstream(dir / "fifo.toml") << "[parameters]\nq = { dist = \"empirical\", file = \"q.csv\", column = 1 }\n"
                                        "[outputs]\ny = \"q\"\n";
    ASSERT_EQ(::mkfifo((dir / "q.csv").c_str(), 0600), 0);
  } else if (name == "output_dangling_link" || name == "output_link_loop" || name == "output_link_with_force") {
    // Issue 32 class 7: a link is never replaced, with or without --force (a dangling one or a loop does not
    // "exist", so the rename used to replace it silently).
    const fs::path out = work / "out.h5";
    if (name == "output_link_loop") {
      fs::create_symlink(work / "loop.h5", out);
      fs::create_symlink(out, work / "loop.h5");
    } else if (name == "output_dangling_link") {
      fs::create_symlink(dir / "nowhere.h5", out);
    } else {
      std::ofstream(dir / "target.h5") << "a file elsewhere\n";
      fs::create_symlink(dir / "target.h5", out);
    }
  } else if (name == "merge_into_an_input" || name == "merge_a_folder") {
    const CliResult shard =
        run_cli("run '" + config.string() + "' -q -n 1000 --shard 1/1 -o '" + (work / "s1.h5").string() + "'");
    ASSERT_EQ(shard.exit_code, 0) << shard.err;
    if (name == "merge_a_folder") fs::create_directories(work / "shards");
  } else if (name == "show_a_folder") {
    fs::create_directories(dir / "folder.h5");
  } else if (name == "existing_output_without_force" || name == "existing_non_result_with_overwrite_env") {
    std::ofstream(work / "out.h5") << "earlier result\n";
  }
  // MCSENS_OVERWRITE=1 replaces only mcsens results; without it set, every case runs with it unset.
  const std::string prefix = name == "existing_non_result_with_overwrite_env" || name == "merge_into_an_input"
                                 ? "env MCSENS_OVERWRITE=1"
                                 : "env -u MCSENS_OVERWRITE";
  const std::string args = c.args == nullptr ? "run {config} -o {out}" : c.args;
  const std::string command = replace_all(replace_all(replace_all(args, "{config}", "'" + config.string() + "'"),
                                                      "{out}", "'" + (work / "out.h5").string() + "'"),
                                          "{dir}", "'" + dir.path().string() + "'");
  const std::vector<std::string> before = files_in(dir.path());

  const CliResult r = run_cli(command, work.string(), prefix);
  EXPECT_EQ(r.exit_code, 2) << command << "\n" << r.err;
  const std::string line = first_line(r.err);
  EXPECT_EQ(line.rfind("mcsens: error: ", 0), 0u) << r.err;
  EXPECT_NE(line.find(c.expected), std::string::npos) << "expected '" << c.expected << "' in:\n" << r.err;
  if (c.at[0] != '\0') {
    const std::string where = (c.args == nullptr ? std::string(c.name) + ".toml" : std::string()) + ":" + c.at + ": ";
    EXPECT_NE(line.find(where), std::string::npos) << "expected '" << where << "' in:\n" << r.err;
  }
  // Input bytes echoed back never carry control characters to the terminal.
  EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
  // Nothing written: no result file, no results/ folder, no temporary file; an earlier file is untouched.
  EXPECT_EQ(files_in(dir.path()), before) << r.err;
  if (name == "existing_output_without_force" || name == "existing_non_result_with_overwrite_env") {
    EXPECT_EQ(read_text(work / "out.h5"), "earlier result\n");
  }
}

// clang-format off
const Refused kCatalogue[] = {
    // TOML syntax
    {"syntax_unclosed_table", nullptr, "TOML syntax error: Error while parsing table header: expected ']'", "1:12"},
    {"syntax_missing_value", nullptr, "TOML syntax error: Error while parsing key-value pair: expected value", "2:4"},
    {"syntax_unterminated_string", nullptr, "TOML syntax error: Error while parsing string", "4:11"},
    {"syntax_duplicate_key", nullptr, "cannot redefine existing table 'a'", "3:5"},
    // wrong types
    {"type_samples_string", nullptr, "run.samples must be a positive whole number (e.g. 1000000, 1e6, \"10M\"), not a boolean", "2:11"},
    {"type_parameter_number", nullptr, "parameters.a must be a table such as", "2:5"},
    {"type_outputs_array", nullptr, "parameters.outputs must be a table such as", "4:11"},
    {"type_seed_negative", nullptr, "run.seed must be a non-negative integer", "2:8"},
    {"type_confidence_string", nullptr, "run.confidence must be a number, not a string", "2:14"},
    {"confidence_out_of_range", nullptr, "run.confidence must be strictly between 0 and 1 (e.g. 0.95), not 1.5", "2:14"},
    {"replicates_not_power_of_two", nullptr, "run.replicates must be a power of two from 4 to 1024", "3:14"},
    // finite sums (issue "Models that move in time", part 1)
    {"sum_bound_is_a_parameter", nullptr, "a bound of sum(...) must be an integer known before the run", "4:16"},
    {"sum_too_many_terms", nullptr, "sum(...) from 1 to 1000000 has 1000000 terms; at most 10000 are allowed", "4:10"},
    // [dynamics]: state equations and trajectory reductions
    {"dynamics_steps_zero", nullptr, "dynamics.steps must be a positive whole number, not 0", "4:9"},
    {"dynamics_steps_fraction", nullptr, "dynamics.steps must be a positive whole number, not 10.500000", "4:9"},
    {"dynamics_steps_too_many", nullptr, "dynamics.steps must be at most 100000000, not 1000000000", "4:9"},
    {"dynamics_dt_negative", nullptr, "dynamics.dt must be a positive number, not -0.1", "5:6"},
    {"dynamics_time_named_like_parameter", nullptr, "the time of [dynamics] is called 'a', which is already an input (a parameter)", "8:8"},
    {"dynamics_unknown_method", nullptr, "dynamics.method must be \"euler\" (explicit Euler, order 1) or \"rk4\" (classic Runge-Kutta, order 4), not \"rk45\" (did you mean 'rk4'?)", "4:10"},
    {"dynamics_state_without_rate", nullptr, "dynamics.states.x needs rate = \"...\", its derivative dx/dt", "7:5"},
    {"dynamics_state_named_like_parameter", nullptr, "state 'b' has the name of an input (a parameter)", "7:5"},
    {"dynamics_rate_reads_unknown_state", nullptr, "unknown name 'zz' (did you mean 'z'?)", "7:39"},
    {"dynamics_state_outside_rate", nullptr, "'x' is a state of [dynamics]: it has a value at every step, read inside a rate or through a reduction of the trajectory, as in at_end(x) or max_of(x) (a derived value cannot depend on it; a function of it can)", "9:10"},
    {"dynamics_reduction_over_scalar", nullptr, "max_of(...) reduces a trajectory over time, but its argument reads no state and not t: it has one value, not one per step", "9:6"},
    {"dynamics_reduction_without_dynamics", nullptr, "first_time(...) reduces a trajectory of [dynamics], and this model has no [dynamics] table", "4:6"},
    // issue 35 step 5: trajectory(...) outputs and the stride of their recording
    {"trajectory_of_unknown_state", nullptr, "unknown name 'xx' (did you mean 'x'?)", "9:17"},
    {"trajectory_of_scalar", nullptr, "trajectory(...) records a trajectory over time, but its argument reads no state and not t: it has one value, not one per step", "9:6"},
    {"trajectory_inside_expression", nullptr, "trajectory(...) gives one value per recorded step, so it can only be the whole expression of an output", "9:10"},
    {"trajectory_read_by_claim", nullptr, "'y' is a trajectory (one value per recorded step of [dynamics]), and an expression reads one value", "12:9"},
    {"trajectory_read_by_output", nullptr, "'y' is a trajectory (one value per recorded step of [dynamics])", "10:18"},
    {"trajectory_too_many_values", nullptr, "trajectory(...) would record 20001 values (dynamics.steps = 20000, record_every = 1); at most 10001 are recorded: set dynamics.record_every to at least 2", "9:6"},
    {"trajectory_with_morris", nullptr, "output 'y' is an array (over t): [sensitivity] takes it for sobol only so far", "10:1"},
    {"trajectory_ranked_by", nullptr, "output 'y' is an array (over t): ranking.rank_by ranks the scenarios by one value per draw; name a scalar output", "14:11"},
    {"trajectory_with_histogram", nullptr, "output 'y' is an array (over t): its elements keep moments and quantiles, no histogram; remove histogram", "9:43"},
    {"trajectory_keep_samples", "run {config} -o {out} --keep-samples 10", "output 'y' is an array: --keep-samples keeps scalar outputs only so far", ""},
    {"over_without_size", nullptr, "outputs.y needs both over = \"index\" and size = N (the index runs from 1 to N), or neither", "4:33"},
    {"over_size_zero", nullptr, "outputs.y.size must be a positive whole number, not 0", "4:48"},
    {"over_size_too_large", nullptr, "outputs.y.size must be at most 10000 (each value has its own statistics), not 20000", "4:48"},
    {"over_index_names_parameter", nullptr, "the index 'a' of output 'y' already names an input (a parameter); choose another name", "4:33"},
    {"over_index_not_a_name", nullptr, "outputs.y.over \"1st\" is not a name", "4:33"},
    {"over_output_read_by_claim", nullptr, "'y' is an array over its index 'year' (one value per index), and an expression reads one value here", "7:9"},
    {"array_parameter_size_zero", nullptr, "parameters.s.size must be a positive whole number, not 0", "3:49"},
    {"array_parameter_constant", nullptr, "parameters.s.size: an array parameter has a distribution (its elements are i.i.d. draws of it); a constant needs no size", "3:25"},
    {"array_parameter_bad_distribution", nullptr, "parameters.s: normal needs sd > 0, got -1", "3:39"},
    {"array_parameter_read_whole", nullptr, "'s' is an array parameter of 3 values: read one as s[i], i from 1 to 3 (a number, or a sum's index)", "5:10"},
    {"array_index_out_of_range", nullptr, "index 4 of 's' is out of range: its elements are s[1] .. s[3]", "5:8"},
    {"array_index_not_known", nullptr, "the index of s[...] must be a whole number known before the run", "5:8"},
    // issue 19: [model] kind = "command"
    {"command_missing", nullptr, "model: kind = \"command\" needs command = [\"program\", \"--x\", \"{x}\"]", "3:1"},
    {"command_empty", nullptr, "model.command must be a non-empty array of strings", "5:11"},
    {"command_outputs_not_names", nullptr, "model.outputs: \"2y\" is not a name", "6:17"},
    {"command_timeout_negative", nullptr, "model.timeout must be a number of seconds >= 0 (0: no limit), not -1", "7:11"},
    {"command_retries_not_whole", nullptr,
     "model.retries must be a whole number from 0 to 4096 (0: a failed draw is not run again)", "7:11"},
    {"command_jobs_negative", nullptr,
     "model.jobs must be a whole number from 0 to 4096 (0: as many as the run's threads, -t)", "7:8"},
    {"command_on_failure_unknown", nullptr,
     "model.on_failure must be one of \"skip\", \"abort\", not \"abrot\" (did you mean 'abort'?)", "7:14"},
    {"command_template_missing", nullptr, "/tests/integration/data/nowhere.tmpl: no such file or not readable", "7:12"},
    {"command_template_unknown_placeholder", nullptr,
     "/tests/integration/data/misspelt.tmpl:2 holds {xx}, which names no parameter (did you mean 'x'?)", "7:12"},
    {"command_workdir_without_template", nullptr,
     "model.workdir keeps the folders the draws of a template run in: give template = \"input.tmpl\" too", "7:11"},
    {"command_unknown_placeholder", nullptr, "model.command: {xx} names no parameter (did you mean 'x'?)", "5:11"},
    {"dynamics_record_every_zero", nullptr, "dynamics.record_every must be a positive whole number, not 0", "6:16"},
    {"dynamics_record_every_fraction", nullptr, "dynamics.record_every must be a positive whole number", "6:16"},
    {"dynamics_record_every_above_steps", nullptr, "dynamics.record_every must be at most dynamics.steps (10)", "6:16"},
    // unknown keys, with a suggestion
    {"unknown_top_key", nullptr, "unknown key 'output' (did you mean 'outputs'?)", "4:1"},
    {"unknown_run_key", nullptr, "unknown key 'run.sample' (did you mean 'samples'?)", "2:10"},
    {"unknown_distribution_key", nullptr, "uniform takes no key 'hihg' (it takes low, high) (did you mean 'high'?)", "2:41"},
    {"unknown_distribution", nullptr, "unknown distribution 'gausian'", "2:5"},
    {"unknown_model_kind", nullptr, "model.kind: unknown model kind 'expresions' (known: expressions, plugin, python, command) (did you mean 'expressions'?)", "2:8"},
    {"python_without_function", nullptr, "model: kind = \"python\" needs function = \"model\"", "1:1"},
#if MCSENS_TEST_CLI_PYTHON  // the program embeds Python: the file is looked for
    {"python_model_kind", nullptr, "model.module: no such file: ", "3:10"},
#else
    {"python_model_kind", nullptr, "model.kind = \"python\": this program has no Python interpreter (an mcsens built with MCSENS_PYTHON=OFF); run the config with an mcsens built with Python (Debian's python3-dev and pybind11-dev), or from the Python package: mcsens.run(config)", "2:8"},
#endif
    {"plugin_missing_library", nullptr, "model.library: no such file: ", "3:11"},
    {"plugin_not_a_library", nullptr, "plugin_not_a_library.toml as a shared library: ", "3:11"},
    {"plugin_library_without_kind", nullptr, "model.library belongs to kind = \"plugin\"", "2:11"},
    // impossible distribution parameters
    {"dist_uniform_low_above_high", nullptr, "uniform needs low < high, got low = 2 and high = 1", "2:41"},
    {"dist_normal_negative_sd", nullptr, "normal needs sd > 0, got -1", "2:39"},
    {"dist_lognormal_zero_sigma", nullptr, "lognormal needs sigma > 0, got 0", "2:43"},
    {"dist_triangular_mode_outside", nullptr, "triangular needs low <= mode <= high", "2:44"},
    {"dist_beta_negative", nullptr, "beta needs a > 0, got -1", "2:26"},
    // shapes and ranges beyond what the quantiles can be computed for (issue 23, class 4)
    {"dist_beta_tiny_shapes", nullptr, "beta with a = 1e-300 and b = 1e-300 is beyond the shapes mcsens computes quantiles for (a + b >= 1e-150, a and b <= 1e15): it is a two-point law, use discrete", "2:26"},
    {"dist_beta_point_mass", nullptr, "it is a point mass, use a value", "2:39"},
    {"dist_gamma_huge_shape", nullptr, "gamma with shape 1e+12 is beyond the shapes mcsens computes quantiles for", "2:31"},
    {"dist_pert_width_overflows", nullptr, "pert needs high - low within the double range (at most 1.8e308), got low = -1e+308 and high = 1e+308", "2:53"},
    {"dist_infinite_parameter", nullptr, "parameters.a.high must be a finite number, not inf", "2:41"},
    {"dist_exponential_negative_rate", nullptr, "parameters.a: exponential needs rate > 0, got -2", "2:36"},
    {"dist_weibull_zero_shape", nullptr, "parameters.a: weibull needs shape > 0, got 0", "2:33"},
    {"dist_student_t_zero_df", nullptr, "parameters.a: student_t needs df > 0, got 0", "2:32"},
    {"dist_uniform_int_fraction", nullptr, "parameters.a: uniform_int needs whole numbers, got high = 6.5", "2:45"},
    {"dist_gamma_negative_mean", nullptr, "parameters.a: gamma needs mean > 0, got -3", "2:30"},
    {"dist_lognormal_zero_sd", nullptr, "parameters.a: lognormal needs sd > 0, got 0", "2:43"},
    // empirical distributions: the CSV file (tests/integration/data/) and its column
    {"empirical_missing_csv", nullptr, "parameters.q.file: cannot read '../data/nowhere.csv'", "2:34"},
    {"empirical_empty_csv", nullptr, "parameters.q.file: '../data/empty.csv' is empty (it needs a column of numbers)", "2:34"},
    {"empirical_non_numeric_cell", nullptr, "parameters.q.file: ../data/flows_bad_cell.csv:3:6: 'n/a' in column 'q' is not a finite number", "2:34"},
    {"empirical_wrong_column", nullptr, "parameters.q.column: ../data/flows.csv has no column 'flow' (its header, line 1: year, q)", "2:64"},
    // issue 32 class 4: data files under the config's limits; numbers beyond the double range
    {"empirical_device", nullptr, "parameters.q.file: cannot read '/dev/zero' (looked for /dev/zero): it is a device, not a CSV file", "2:34"},
    {"empirical_folder", nullptr, "it is a folder, not a CSV file", "2:34"},
    {"empirical_fifo", "check {dir}/fifo.toml", "fifo.toml:2:34: parameters.q.file: cannot read 'q.csv'", ""},
    {"empirical_beyond_double", nullptr, "parameters.q.file: ../data/beyond_double.csv:3:1: '2e308' in column 'q' is not a finite number", "2:34"},
    {"confidence_closer_to_one_than_computable", nullptr, "run.confidence = 0.9999999999999999 is closer to 1 than intervals can be computed for: at most 1 - 1e-12", "2:14"},
    {"empirical_column_out_of_range", nullptr, "parameters.q.column = 3, but ../data/flows.csv:1 has 2 columns", "2:64"},
    {"ranking_include_baseline_string", nullptr, "ranking.include_baseline must be true or false, not a string", "10:20"},
    {"ranking_lower_is_better_number", nullptr, "ranking.lower_is_better must be true or false, not an integer", "13:19"},
    {"ranking_baseline_name_taken", nullptr, "ranking.include_baseline: a ranked scenario is named 'baseline'", "10:20"},
    // issue 37: a misspelt text key of a parameter gets its did-you-mean
    {"parameter_misspelt_label", nullptr, "parameters.a: unknown key 'lable' (did you mean 'label'?)", "2:52"},
    // issue 32 class 6: sum bounds too large, or made fractional by a scenario (named)
    {"sum_bound_too_large", nullptr, "a bound of sum(...) is too large: 1e+16 (bounds are integers of at most 1e15 in size", "4:16"},
    {"sum_bound_made_fractional_by_scenario", nullptr, "a bound of sum(...) must take whole values: 'n' has whole values in the baseline, but the scenario 'smooth' gives it values that are not whole numbers", "5:16"},
    // issue 32 class 6: [ranking] mistakes, each at its key
    {"scenario_named_like_the_ranking", nullptr, "scenarios[1].name \"ranking_x\": names beginning with \"ranking\" are reserved", "11:8"},
    {"ranking_scenario_twice", nullptr, "ranking.scenarios[2]: the scenario 'cheap' is listed twice", "13:31"},
    {"ranking_empty_scenarios", nullptr, "ranking.scenarios is empty; leave the key out to rank every scenario", "13:13"},
    {"ranking_unknown_rank_by_without_scenarios", nullptr, "ranking.rank_by: 'costs' is not an output (did you mean 'cost'?)", "6:11"},
    {"ranking_without_scenarios", nullptr, "[ranking] ranks scenarios, and the config has no [[scenarios]]", "5:1"},
    {"ranking_unknown_scenario", nullptr, "ranking.scenarios: 'deer' is not a scenario (did you mean 'dear'?)", "13:23"},
    {"scenario_constant_made_uncertain", nullptr, "'c' is a constant and a scenario cannot make it an uncertain input", "8:20"},
    // expressions: unknown names, syntax, cycles, arity
    {"unknown_name_in_output", nullptr, "unknown name 'bb' (did you mean 'b'?)", "5:10"},
    {"unknown_function", nullptr, "unknown function 'sine' (did you mean 'sin'?)", "5:6"},
    {"expression_syntax", nullptr, "unexpected '*'", "5:10"},
    {"expression_empty", nullptr, "outputs.y is an empty expression", "5:5"},
    {"cycle_derived", nullptr, "cycle in [derived]: c -> d -> c", "5:6"},
    {"wrong_arity", nullptr, "'pow' takes 2 arguments, not 1", "5:6"},
    {"expression_double_star", nullptr, "'**' is not an operator; write a power with '^' (x^2, not x**2)", "5:8"},
    {"unknown_function_ln", nullptr, "unknown function 'ln' (did you mean 'log'? log is the natural logarithm)", "5:6"},
    {"inline_table_multiline", nullptr, "inline tables { ... } must stay on one line in TOML; write it on one line, or as a table of its own:", "2:23"},
    {"duplicate_name", nullptr, "'a' is defined here and is also an input", "5:6"},
    // curves and their grids
    {"grid_points_huge", nullptr, "curves[0].grid.points must be between 5 and 100000", "10:38"},
    {"grid_low_above_high", nullptr, "curves[0].grid: low must be below high", "10:8"},
    {"feature_crossing_below_bare", nullptr, "curves[0].features[0]: write a crossing as { crossing = LEVEL }, { crossing_expr = \"EXPR\" }, { crossing_below = LEVEL } or { crossing_below_expr = \"EXPR\" }", "10:13"},
    {"grid_x_is_an_output", nullptr, "x = \"y\" names a derived quantity or output", "6:1"},
    // empty or missing sections
    {"empty_parameters", nullptr, "[parameters] is empty", "1:1"},
    {"empty_outputs", nullptr, "[outputs] is empty", "4:1"},
    {"no_outputs", nullptr, "no_outputs.toml: the config has no [outputs]", ""},
    // correlation matrices
    {"corr_out_of_range", nullptr, "rank correlation 1.5 of (a, b) must be within [-1, 1]", "7:10"},
    {"corr_not_positive_definite", nullptr, "do not form a positive definite matrix", "8:10"},
    {"corr_not_symmetric", nullptr, "pair (b, a) is given more than once", "7:27"},
    {"corr_unknown_parameter", nullptr, "unknown parameter 'c' in pair (a, c) (did you mean 'a'?)", "7:10"},
    {"corr_self", nullptr, "pair (a, a) names one parameter twice", "7:10"},
    // analyses
    {"sensitivity_unknown_output", nullptr, "'z' is neither an output nor a claim (did you mean 'y'?)", "7:12"},
    {"morris_odd_levels", nullptr, "sensitivity.morris.levels must be even", "7:40"},
    {"shapley_method_unknown", nullptr,
     "sensitivity.shapley.method must be \"auto\", \"exact\" or \"random\", not \"exakt\" (did you mean 'exact'?)",
     "7:22"},
    {"shapley_inner_one", nullptr, "sensitivity.shapley.inner must be between 2 and 1000", "7:21"},
    {"shapley_blocks_one", nullptr, "sensitivity.shapley.blocks must be between 2 and 10000", "7:22"},
    {"shapley_outer_below_blocks", nullptr, "sensitivity.shapley.outer must be at least blocks (20", "7:21"},
    {"shapley_unknown_key", nullptr, "unknown key 'sensitivity.shapley.permutation' (did you mean 'permutations'?)",
     "7:27"},
    {"shapley_workspace_too_large", nullptr, "would need more than 512 MB per thread; lower inner", "21:11"},
    {"shapley_exact_too_many_inputs", nullptr, "it is limited to 16 uncertain inputs (use method = \"random\")",
     "22:22"},
    {"sobol_base_samples_huge", nullptr, "sensitivity.sobol.base_samples = 1e+14: the design's sampler sobol", "7:9"},
    {"output_quantile_out_of_range", nullptr, "outputs.y.quantiles are probabilities strictly between 0 and 1, not 99.5", "4:44"},
    {"claim_without_expr", nullptr, "claims[0] needs expr = \"...\" (a condition)", "6:1"},
    // command lines
    {"samples_not_a_number", "run {config} -o {out} -n abc", "-n/--samples", ""},
    {"samples_zero", "run {config} -o {out} -n 0", "-n/--samples", ""},
    {"samples_fraction", "run {config} -o {out} -n 1.5", "whole number", ""},
    {"threads_zero", "run {config} -o {out} -t 0", "-t/--threads must be between 1 and 4096", ""},
    {"threads_not_a_number", "run {config} -o {out} -t many", "threads", ""},
    {"sampler_unknown", "run {config} -o {out} --sampler foo", "unknown sampler 'foo'", ""},
    {"set_without_value", "run {config} -o {out} --set nokey", "--set takes KEY=VALUE", ""},
    {"set_misspelt_section", "run {config} -o {out} --set paramters.a.low=0.5", "did you mean 'parameters'", ""},
    {"set_wrong_type", "run {config} -o {out} --set run.samples=true", "run.samples must be", ""},
    {"shard_out_of_range", "run {config} -o {out} --shard 3/2", "--shard", ""},
    {"only_unknown_analysis", "run {config} -o {out} --only sobl", "did you mean 'sobol'", ""},
    {"only_nothing_to_do", "run {config} -o {out} --only sobol", "asks for none of these analyses", ""},
    {"progress_unknown", "run {config} -o {out} --progress sometimes", "--progress must be", ""},
    {"seed_not_a_number", "run {config} -o {out} -s 12x", "-s/--seed", ""},
    {"keep_samples_zero", "run {config} -o {out} --keep-samples 0", "--keep-samples", ""},
    {"unknown_option", "run {config} -o {out} --frobnicate", "frobnicate", ""},
    {"unknown_command", "rn {config}", "did you mean 'run'", ""},
    {"sobol_sampler_beyond_2_32", "run {config} -o {out} -n 1e12 --sampler sobol", "2^32 points per replicate", ""},
    {"missing_config", "run {dir}/nowhere.toml -o {out}", "nowhere.toml", ""},
    {"config_is_a_folder", "run {dir} -o {out}", "is a folder, not a config file", ""},
    {"binary_config", "run {dir}/blob.toml -o {out}", "not a TOML text file", ""},
    {"binary_config_without_nul", "run {dir}/blob.toml -o {out}", "blob.toml:1:1: TOML syntax error: Encountered invalid utf-8 sequence", ""},
    {"escape_sequence_in_config", "run {dir}/blob.toml -o {out}", "blob.toml:2:1: TOML syntax error", ""},
    {"existing_output_without_force", "run {config} -o {out}", "exists; use --force", ""},
    // issue 23: recursion without a bound, work that explodes, unbounded reads, names, --set, hex, output paths
    {"dotted_key_100000_deep", "run {dir}/blob.toml -o {out}", "blob.toml:6:256: tables, arrays and dotted keys nest more than 128 levels", ""},
    {"table_header_100000_deep", "run {dir}/blob.toml -o {out}", "blob.toml:5:255: tables, arrays and dotted keys nest more than 128 levels", ""},
    {"derived_cycle_10000_long", "run {dir}/blob.toml -o {out}", "blob.toml:4:7: cycle in [derived]: d0 -> d1 -> d2", ""},
    {"functions_exploding", "check {dir}/blob.toml", "blob.toml:46:6: the model is too large once its functions are inlined", ""},
    {"config_is_a_device", "run /dev/zero -o {out}", "cannot read config file '/dev/zero': it is a device", ""},
    {"config_is_a_fifo", "check {dir}/blob.toml", "nothing more to read after 10 s", ""},
    {"name_with_slash", nullptr, "parameter \"a/b\" is not a name", "2:1"},
    {"claim_name_with_space", nullptr, "claims[0].name \"high a\" is not a name", "6:8"},
    {"parameter_named_builtin", nullptr, "parameter 'exp' has the name of the built-in function 'exp'", "2:1"},
    {"set_with_newline", "run {config} -o {out} --set 'run.seed=1\nrun.samples=5'", "--set run.seed=1?run.samples=5: a newline in --set", ""},
    {"set_value_located", "run {config} -o {out} --set run.seed=x", "--set run.seed=x: run.seed must be a non-negative integer", ""},
    {"samples_hexadecimal", "run {config} -o {out} -n 0x10", "'0x10' is not a number of draws", ""},
    {"output_empty", "run {config} -o ''", "-o/--output is empty", ""},
    {"show_a_folder", "show {dir}/folder.h5", "it is a folder, not a result file", ""},
    {"existing_non_result_with_overwrite_env", "run {config} -o {out}", "exists and is not an mcsens result, so MCSENS_OVERWRITE=1 does not replace it", ""},
    // issue 32 class 8: positions for --set keys, a curve's x
    {"set_key_with_an_empty_part", "run {config} -o {out} --set parameters..low=1", "--set parameters..low=1: an empty part in the key", ""},
    {"curve_x_not_a_name", nullptr, "curves[0].x must be a name (a parameter, or a new variable that y reads), not \"2*a\"", "7:5"},
    {"curve_x_builtin_constant", nullptr, "curves[0].x: 'pi' has the name of the built-in constant of the model language", "7:5"},
    // issue 32 class 7 and 8: links and inputs are never replaced; a folder given to merge
    {"output_dangling_link", "run {config} -o {out}", "is a symbolic link (to ", ""},
    {"output_link_loop", "run {config} -o {out}", "mcsens never replaces a link", ""},
    {"output_link_with_force", "run {config} -o {out} --force", "mcsens never replaces a link", ""},
    {"merge_into_an_input", "merge -o {dir}/work/s1.h5 {dir}/work/s1.h5", "is also one of the inputs", ""},
    {"merge_a_folder", "merge -o {out} {dir}/work/shards", "is a folder, not a shard file", ""},
    // issue 37: check applies every limit run applies (run.samples beyond the sobol sampler's points)
    {"check_sobol_samples_beyond_limit", "check {config}", "points in 32 replicates need more than 2^32 points per replicate", ""},
    {"check_missing_config", "check {dir}/nowhere.toml", "nowhere.toml", ""},
    {"show_missing_result", "show {dir}/nowhere.h5", "no such file", ""},
    {"show_not_a_result", "show {config}", "not an HDF5", ""},
};
// clang-format on

INSTANTIATE_TEST_SUITE_P(Catalogue, RefusedInput, ::testing::ValuesIn(kCatalogue),
                         [](const ::testing::TestParamInfo<Refused>& info) { return std::string(info.param.name); });

TEST(RefusedInputCatalogue, EveryConfigFileIsListedAndThereAreAtLeastForty) {
  std::vector<std::string> listed;
  // A case with args may use its refused/ config under another command than run: listed all the same.
  for (const auto& c : kCatalogue) listed.push_back(std::string(c.name) + ".toml");
  for (const auto& entry : fs::directory_iterator(kRefused)) {
    const std::string file = entry.path().filename().string();
    EXPECT_NE(std::find(listed.begin(), listed.end(), file), listed.end()) << file << " is not in the catalogue";
  }
  EXPECT_GE(std::size(kCatalogue), 40u);
}

}  // namespace

}  // namespace mcsens::testing
