// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"

namespace mcsens {

namespace {

// The message and location of the Error that reading `text` throws.
Error read_error(const std::string& text) {
  try {
    Config::load_text(text, "t.toml").problem();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return Error("none");
}

const char* kMinimal = R"toml(title = "t"
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "2 * a"
)toml";

}  // namespace

TEST(Config, ReadsEverySection) {
  const std::string text = R"toml(title = "demo"
[run]
samples = 2_000
seed = 7
sampler = "sobol"
[parameters]
a = { dist = "uniform", low = 0, high = 1, label = "alpha" }
b = { dist = "discrete", values = [1, 2], weights = [3, 1] }
c = { value = 0.5 }
[correlation]
pairs = [["a", "b", 0.3]]
[functions]
f = { args = ["x"], expr = "x * c" }
[derived]
d = "a + b"
[outputs]
y = "f(d)"
z = { expr = "a * 2", label = "twice a", histogram = { bins = 50, low = 0, high = 2 } }
[[claims]]
name = "big"
expr = "y > 1"
text = "y is big"
[[curves]]
name = "sweep"
x = "a"
grid = { low = 0.1, high = 0.9, points = 9 }
y = "f(a)"
features = ["inflection", { crossing = 0.3 }, { crossing_expr = "c" }]
[[scenarios]]
name = "more_a"
parameters = { a = { dist = "uniform", low = 0.5, high = 1 } }
[sensitivity]
outputs = ["y"]
sobol = { base_samples = 1024, second_order = true }
morris = { trajectories = 20, levels = 6 }
regression = true
)toml";
  const ProblemSpec p = Config::load_text(text, "t.toml").problem();
  EXPECT_EQ(p.title, "demo");
  EXPECT_EQ(p.run.samples, 2000u);
  EXPECT_EQ(p.run.seed, 7u);
  EXPECT_EQ(p.run.sampler, "sobol");
  ASSERT_EQ(p.parameters.size(), 3u);
  EXPECT_EQ(p.parameters[0].name, "a");  // file order is kept
  EXPECT_EQ(p.parameters[0].distribution.kind, "uniform");
  EXPECT_EQ(p.parameters[0].distribution.numbers.at("high"), 1.0);
  EXPECT_EQ(p.parameters[0].distribution.key, "parameters.a");
  EXPECT_EQ(p.parameters[0].label, "alpha");
  EXPECT_EQ(p.parameters[1].distribution.values, (std::vector<double>{1, 2}));
  EXPECT_EQ(p.parameters[1].distribution.weights, (std::vector<double>{3, 1}));
  ASSERT_TRUE(p.parameters[2].constant.has_value());
  EXPECT_EQ(*p.parameters[2].constant, 0.5);
  ASSERT_EQ(p.correlations.size(), 1u);
  EXPECT_DOUBLE_EQ(p.correlations[0].rho, 0.3);
  ASSERT_EQ(p.functions.size(), 1u);
  EXPECT_EQ(p.functions[0].args, std::vector<std::string>{"x"});
  ASSERT_EQ(p.derived.size(), 1u);
  ASSERT_EQ(p.outputs.size(), 2u);
  EXPECT_EQ(p.outputs[1].label, "twice a");
  EXPECT_EQ(p.outputs[1].histogram.bins, 50u);
  ASSERT_EQ(p.claims.size(), 1u);
  EXPECT_EQ(p.claims[0].text, "y is big");
  ASSERT_EQ(p.curves.size(), 1u);
  EXPECT_EQ(p.curves[0].grid.points, 9u);
  ASSERT_EQ(p.curves[0].features.size(), 3u);
  EXPECT_EQ(p.curves[0].features[1].kind, "crossing");
  EXPECT_EQ(p.curves[0].features[2].level_expr.text, "c");
  ASSERT_EQ(p.scenarios.size(), 1u);
  EXPECT_EQ(p.scenarios[0].parameters[0].distribution.numbers.at("low"), 0.5);
  ASSERT_TRUE(p.sensitivity.sobol.has_value());
  EXPECT_TRUE(p.sensitivity.sobol->second_order);
  EXPECT_EQ(p.sensitivity.morris->levels, 6);
  EXPECT_TRUE(p.sensitivity.regression);
}

TEST(Config, KeepsTheFileOrderOfEveryTable) {
  const ProblemSpec p = Config::load_text(R"toml(
[parameters]
zeta = { value = 1 }
alpha = { value = 2 }
mid = { value = 3 }
[derived]
z2 = "zeta"
a2 = "alpha"
[outputs]
y = "z2"
b = "a2"
)toml",
                                          "t.toml")
                            .problem();
  ASSERT_EQ(p.parameters.size(), 3u);
  EXPECT_EQ(p.parameters[0].name, "zeta");
  EXPECT_EQ(p.parameters[1].name, "alpha");
  EXPECT_EQ(p.parameters[2].name, "mid");
  EXPECT_EQ(p.derived[0].name, "z2");
  EXPECT_EQ(p.outputs[0].expr.name, "y");
  EXPECT_EQ(p.outputs[1].expr.name, "b");
}

TEST(Config, ExpressionLocationPointsInsideTheString) {
  const ProblemSpec p = Config::load_text(kMinimal, "t.toml").problem();
  const auto& y = p.outputs[0].expr;
  EXPECT_EQ(y.location.file, "t.toml");
  EXPECT_EQ(y.location.line, 5);
  EXPECT_EQ(y.location.column, 6);  // `y = "2 * a"`: the 2 is the 6th character
  EXPECT_EQ(y.location.line_text[static_cast<size_t>(y.location.column - 1)], '2');
}

TEST(Config, SyntaxErrorHasFileLineColumn) {
  const Error e = read_error("[parameters]\na = { dist = \"uniform\", low = 0 high = 1 }\n");
  EXPECT_EQ(e.where().file, "t.toml");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_GT(e.where().column, 1);
  EXPECT_NE(e.message().find("TOML syntax error"), std::string::npos);
}

// Issue 18: an inline table written over several lines (allowed in JSON, Python and TOML 1.1, not in TOML 1.0)
// says that it must stay on one line and shows the same entries as a [parameters.name] table.
TEST(Config, MultiLineInlineTableShowsTheTableForm) {
  const Error e = read_error(
      "[parameters]\n"
      "a = { dist = \"normal\",\n"
      "      mean = 1, sd = 2 }   # the sd\n"
      "[outputs]\ny = \"a\"\n");
  EXPECT_EQ(e.where().file, "t.toml");
  EXPECT_EQ(e.where().line, 2);
  EXPECT_EQ(e.where().column, 23);
  EXPECT_EQ(e.message().substr(0, e.message().find('\n')),
            "TOML syntax error: Error while parsing inline table: expected key or closing '}', saw '\\n'; "
            "inline tables { ... } must stay on one line in TOML; write it on one line, or as a table of its own:");
  EXPECT_NE(e.message().find(":\n    [parameters.a]\n    dist = \"normal\"\n    mean = 1\n    sd = 2"),
            std::string::npos)
      << e.message();
  // No caret under the end of the line: the table form is the useful part.
  EXPECT_EQ(e.formatted(), "t.toml:2:23: " + e.message());
}

TEST(Config, MultiLineInlineTableHintCases) {
  // A line break right after the key-value pair, a nested table and a multi-line array inside: the same hint,
  // the entries as written.
  const Error after_pair = read_error("[parameters]\na = { dist = \"uniform\", low = 0\n , high = 1 }\n");
  EXPECT_NE(after_pair.message().find("must stay on one line in TOML"), std::string::npos) << after_pair.message();
  EXPECT_NE(after_pair.message().find("\n    [parameters.a]\n    dist = \"uniform\"\n    low = 0\n    high = 1"),
            std::string::npos)
      << after_pair.message();
  const Error with_array =
      read_error("[parameters]\nd = { dist = \"discrete\", values = [1,\n 2], weights = [1, 1],\n }\n");
  EXPECT_NE(with_array.message().find("must stay on one line in TOML"), std::string::npos) << with_array.message();
  EXPECT_NE(with_array.message().find("\n    values = [1, 2]\n    weights = [1, 1]"), std::string::npos)
      << with_array.message();
  // Not directly under a [table] (inside an array of tables' key): the hint without a form.
  const Error in_curve = read_error("[[curves]]\nname = \"c\"\nfeatures = [{ crossing = 1,\n }]\n");
  EXPECT_NE(in_curve.message().find("must stay on one line in TOML; write it on one line, or as a table of its own "
                                    "([name] and one key = value per line below it)"),
            std::string::npos)
      << in_curve.message();
  // A forgotten '}' at the end of a line: the same hint, with what that line holds.
  const Error unclosed = read_error("[parameters]\na = { dist = \"normal\", mean = 0, sd = 1\n[outputs]\ny = \"a\"\n");
  EXPECT_NE(unclosed.message().find("\n    [parameters.a]\n    dist = \"normal\"\n    mean = 0\n    sd = 1"),
            std::string::npos)
      << unclosed.message();
  // Other syntax errors inside one-line inline tables keep their plain message and caret.
  const Error other = read_error("[parameters]\na = { dist = \"uniform\", low = 0 high = 1 }\n");
  EXPECT_EQ(other.message().find("must stay on one line"), std::string::npos) << other.message();
  EXPECT_NE(other.formatted().find("^"), std::string::npos);
}

TEST(Config, WrongTypeNamesTheKey) {
  const Error e = read_error(std::string(kMinimal) + "[run]\nsamples = \"many\"\n");
  EXPECT_NE(e.message().find("run.samples: 'many' is not a number of draws"), std::string::npos) << e.message();
  EXPECT_EQ(e.where().line, 7);
  const Error f = read_error(std::string(kMinimal) + "[run]\nseed = 1.5\n");
  EXPECT_NE(f.message().find("run.seed must be a non-negative integer"), std::string::npos);
  const Error g = read_error("[parameters]\na = 3\n[outputs]\ny = \"a\"\n");
  EXPECT_NE(g.message().find("parameters.a must be a table"), std::string::npos);
}

TEST(Config, UnknownKeyProposesTheClosestOne) {
  const Error e = read_error(std::string(kMinimal) + "[run]\nsampels = 10\n");
  EXPECT_NE(e.message().find("unknown key 'run.sampels' (did you mean 'samples'?)"), std::string::npos) << e.message();
  EXPECT_EQ(e.where().line, 7);
  const Error top = read_error(std::string("titel = \"x\"\n") + kMinimal);
  EXPECT_NE(top.message().find("did you mean 'title'?"), std::string::npos);
}

TEST(Config, MissingSectionsAndKeys) {
  EXPECT_NE(read_error("[outputs]\ny = \"1\"\n").message().find("no [parameters]"), std::string::npos);
  EXPECT_NE(read_error("[parameters]\na = { value = 1 }\n").message().find("no [outputs]"), std::string::npos);
  EXPECT_NE(read_error("[parameters]\na = { low = 1 }\n[outputs]\ny = \"a\"\n").message().find("needs dist"),
            std::string::npos);
  EXPECT_NE(read_error(std::string(kMinimal) + "[[claims]]\nexpr = \"y > 1\"\n").message().find("needs name"),
            std::string::npos);
  EXPECT_NE(read_error(std::string(kMinimal) + "[outputs.w]\nlabel = \"w\"\n").message().find("needs expr"),
            std::string::npos);
}

TEST(Config, ShapeChecksOnAnalyses) {
  const std::string curve = std::string(kMinimal) + "[[curves]]\nname = \"c\"\nx = \"a\"\ny = \"a\"\n";
  EXPECT_NE(read_error(curve + "grid = { low = 1, high = 0, points = 9 }\n").message().find("low must be below high"),
            std::string::npos);
  EXPECT_NE(read_error(curve + "grid = { low = 0, high = 1, points = 2 }\n").message().find("between 5 and"),
            std::string::npos);
  EXPECT_NE(read_error(curve + "grid = { low = 0, high = 1, points = 9 }\nfeatures = [\"inflexion\"]\n")
                .message()
                .find("did you mean 'inflection'?"),
            std::string::npos);
  EXPECT_NE(read_error(std::string(kMinimal) + "[run]\nsampler = \"sobl\"\n").message().find("did you mean 'sobol'"),
            std::string::npos);
  const std::string twice =
      std::string(kMinimal) + "[[claims]]\nname = \"a\"\nexpr = \"y>1\"\n[[claims]]\nname = \"a\"\nexpr = \"y>2\"\n";
  EXPECT_NE(read_error(twice).message().find("used twice"), std::string::npos);
}

TEST(Config, ConfidenceAndModelDefaults) {
  const ProblemSpec p = Config::load_text(std::string(kMinimal) + "[sensitivity]\nsobol = {}\n", "t.toml").problem();
  EXPECT_EQ(p.run.confidence, 0.95);
  EXPECT_EQ(p.model.kind, "expressions");
  ASSERT_TRUE(p.sensitivity.sobol.has_value());
  EXPECT_EQ(p.sensitivity.sobol->confidence, 0.95);
  // An empty [model] table is the default backend too.
  EXPECT_EQ(Config::load_text(std::string(kMinimal) + "[model]\n", "t.toml").problem().model.kind, "expressions");
}

TEST(Config, ReadsConfidenceAndModelKind) {
  const ProblemSpec p =
      Config::load_text(std::string(kMinimal) + "[run]\nconfidence = 0.9\n[model]\nkind = \"expressions\"\n", "t.toml")
          .problem();
  EXPECT_EQ(p.run.confidence, 0.9);
  EXPECT_EQ(p.model.kind, "expressions");
  EXPECT_EQ(p.model.location.line, 9);  // the kind's value
  EXPECT_EQ(p.model.location.column, 8);
  EXPECT_FALSE(p.sensitivity.sobol.has_value());
}

TEST(Config, SobolConfidenceFallsBackToRunConfidenceUnlessGiven) {
  const std::string run = std::string(kMinimal) + "[run]\nconfidence = 0.8\n";
  const ProblemSpec fallback =
      Config::load_text(run + "[sensitivity]\nsobol = { base_samples = 1024 }\n", "t.toml").problem();
  EXPECT_EQ(fallback.run.confidence, 0.8);
  ASSERT_TRUE(fallback.sensitivity.sobol.has_value());
  EXPECT_EQ(fallback.sensitivity.sobol->confidence, 0.8);
  const ProblemSpec given =
      Config::load_text(run + "[sensitivity]\nsobol = { confidence = 0.99 }\n", "t.toml").problem();
  EXPECT_EQ(given.run.confidence, 0.8);
  EXPECT_EQ(given.sensitivity.sobol->confidence, 0.99);
  // --set run.confidence reaches sobol too, and creates [run] when the config has none.
  Config config = Config::load_text(std::string(kMinimal) + "[sensitivity]\nsobol = {}\n", "t.toml");
  config.apply_override("run.confidence=0.5");
  EXPECT_EQ(config.problem().sensitivity.sobol->confidence, 0.5);
}

TEST(Config, ConfidenceOutsideZeroOneIsRefused) {
  const std::string run = std::string(kMinimal) + "[run]\n";
  for (const char* value : {"0", "1", "-0.5", "1.5", "95"}) {
    const Error e = read_error(run + "confidence = " + value + "\n");
    EXPECT_EQ(e.message(), std::string("run.confidence must be strictly between 0 and 1 (e.g. 0.95), not ") + value);
    EXPECT_EQ(e.where().file, "t.toml");
    EXPECT_EQ(e.where().line, 7);
    EXPECT_EQ(e.where().column, 14);
  }
  const Error text = read_error(run + "confidence = \"95%\"\n");
  EXPECT_EQ(text.message(), "run.confidence must be a number, not a string");
  EXPECT_EQ(text.where().line, 7);
  EXPECT_EQ(text.where().column, 14);
  const Error nan = read_error(run + "confidence = nan\n");
  EXPECT_NE(nan.message().find("run.confidence must be a finite number"), std::string::npos) << nan.message();
  const Error sobol = read_error(std::string(kMinimal) + "[sensitivity]\nsobol = { confidence = 1.0 }\n");
  EXPECT_EQ(sobol.message(), "sensitivity.sobol.confidence must be strictly between 0 and 1 (e.g. 0.95), not 1");
  EXPECT_EQ(sobol.where().line, 7);
  EXPECT_EQ(sobol.where().column, 24);
}

TEST(Config, UnknownModelKindIsRefusedWithTheKnownKinds) {
  const Error typo = read_error(std::string(kMinimal) + "[model]\nkind = \"expresions\"\n");
  EXPECT_EQ(typo.message(),
            "model.kind: unknown model kind 'expresions' (known: expressions, plugin, python, command) (did you mean "
            "'expressions'?)");
  EXPECT_EQ(typo.where().file, "t.toml");
  EXPECT_EQ(typo.where().line, 7);
  EXPECT_EQ(typo.where().column, 8);
  // Backends of later issues are not accepted before they exist.
  const Error design = read_error(std::string(kMinimal) + "[model]\nkind = \"design\"\n");
  EXPECT_EQ(design.message(), "model.kind: unknown model kind 'design' (known: expressions, plugin, python, command)");
  // An external program needs its command, as an array.
  const Error command = read_error(std::string(kMinimal) + "[model]\nkind = \"command\"\noutputs = [\"y\"]\n");
  EXPECT_EQ(command.message(), "model: kind = \"command\" needs command = [\"program\", \"--x\", \"{x}\"]");
  const Error words = read_error(std::string(kMinimal) + "[model]\nkind = \"command\"\ncommand = \"prog {x}\"\n");
  EXPECT_EQ(words.message(),
            "model.command must be a non-empty array of strings, as command = [\"program\", \"--x\", \"{x}\"]");
  // A Python model needs its file and its function (the function a Python identifier).
  const Error python = read_error(std::string(kMinimal) + "[model]\nkind = \"python\"\nfunction = \"f\"\n");
  EXPECT_EQ(python.message(), "model: kind = \"python\" needs module = \"path/to/model.py\"");
  EXPECT_EQ(python.where().line, 6);
  const Error function =
      read_error(std::string(kMinimal) + "[model]\nkind = \"python\"\nmodule = \"m.py\"\nfunction = \"a.b\"\n");
  EXPECT_EQ(function.message(),
            "model.function must be an identifier (letters, digits and _, not first a digit), not \"a.b\"");
  const Error library =
      read_error(std::string(kMinimal) + "[model]\nkind = \"python\"\nmodule = \"m.py\"\nlibrary = \"m.so\"\n");
  EXPECT_EQ(library.message(), "model.library belongs to kind = \"plugin\"");
  // A plugin needs its library.
  const Error plugin = read_error(std::string(kMinimal) + "[model]\nkind = \"plugin\"\n");
  EXPECT_EQ(plugin.message(), "model: kind = \"plugin\" needs library = \"path/to/model.so\"");
  const Error number = read_error(std::string(kMinimal) + "[model]\nkind = 1\n");
  EXPECT_EQ(number.message(), "model.kind must be a string, not an integer");
  const Error key = read_error(std::string(kMinimal) + "[model]\nkinds = \"expressions\"\n");
  EXPECT_EQ(key.message(),
            "unknown key 'model.kinds' (did you mean 'kind'?); keys of model are: kind, library, prefix, module, "
            "function, command, outputs, timeout, jobs, retries, on_failure, template, workdir");
  EXPECT_EQ(key.where().line, 7);
  EXPECT_EQ(key.where().column, 9);  // unknown keys point at their value, like everywhere
  const Error scalar = read_error(std::string("model = \"expressions\"\n") + kMinimal);
  EXPECT_EQ(scalar.message(), "model must be a table, not a string");
  EXPECT_EQ(scalar.where().line, 1);
  // A misspelt section is still refused, now with [model] among the candidates.
  EXPECT_NE(
      read_error(std::string(kMinimal) + "[modle]\nkind = \"expressions\"\n").message().find("did you mean 'model'?"),
      std::string::npos);
}

TEST(Config, OverridesReplaceValues) {
  Config config = Config::load_text(kMinimal, "t.toml");
  config.apply_override("parameters.a.high=2.5");
  config.apply_override("run.sampler=lhs");  // a bare word is a string
  config.apply_override("run.samples=10M");
  const ProblemSpec p = config.problem();
  EXPECT_EQ(p.parameters[0].distribution.numbers.at("high"), 2.5);
  EXPECT_EQ(p.run.sampler, "lhs");
  EXPECT_EQ(p.run.samples, 10000000u);
  ASSERT_EQ(config.overrides().size(), 3u);
}

TEST(Config, BadOverridesAreRefused) {
  Config config = Config::load_text(kMinimal, "t.toml");
  EXPECT_THROW(config.apply_override("nokey"), Error);
  EXPECT_THROW(config.apply_override("=3"), Error);
  try {
    config.apply_override("parameter.a.high=2");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'parameters'?"), std::string::npos) << e.what();
  }
}

TEST(Config, BuiltinConfigReads) {
  const ProblemSpec p = Config::load_text(builtin_config_text(), kBuiltinConfigName).problem();
  EXPECT_FALSE(p.parameters.empty());
  EXPECT_FALSE(p.outputs.empty());
}

// Issue 18: an empirical distribution reads one CSV column, the path taken relative to the config's folder; by
// header name, or by 1-based position (a first row that is not a number there is a header). Blank lines are skipped.
TEST(Config, EmpiricalReadsACsvColumnRelativeToTheConfig) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "mcsens_test_config_empirical";
  fs::create_directories(dir / "data");
  std::ofstream(dir / "data" / "q.csv") << "year, q\r\n2001, 12.5\r\n\r\n2002,\"1e1\"\r\n2003, -3\r\n";
  std::ofstream(dir / "data" / "plain.csv") << "1,4\n2,5\n3,6\n";
  std::ofstream(dir / "m.toml") << "[parameters]\n"
                                   "q = { dist = \"empirical\", file = \"data/q.csv\", column = \"q\" }\n"
                                   "r = { dist = \"empirical\", file = \"data/plain.csv\", column = 2 }\n"
                                   "s = { dist = \"empirical\", file = \"data/q.csv\", column = 2 }\n"
                                   "[outputs]\ny = \"q + r + s\"\n";
  const ProblemSpec p = Config::load_file((dir / "m.toml").string()).problem();
  ASSERT_EQ(p.parameters.size(), 3u);
  EXPECT_EQ(p.parameters[0].distribution.data, (std::vector<double>{12.5, 10, -3}));
  EXPECT_EQ(p.parameters[0].distribution.data_source, "data/q.csv, column 'q'");
  EXPECT_EQ(p.parameters[1].distribution.data, (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(p.parameters[1].distribution.data_source, "data/plain.csv, column 2");
  EXPECT_EQ(p.parameters[2].distribution.data, (std::vector<double>{12.5, 10, -3}));
  std::ofstream(dir / "bad.toml") << "[parameters]\n"
                                     "q = { dist = \"empirical\", file = \"data/q.csv\" }\n[outputs]\ny = \"q\"\n";
  try {
    Config::load_file((dir / "bad.toml").string()).problem();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "parameters.q: empirical needs column = \"NAME\" (a header) or column = N (1-based)");
    EXPECT_EQ(e.where().line, 2);
  }
  fs::remove_all(dir);
}

// Issue 32 class 4: a data file reads what strtod reads (a sign, hexadecimal), a byte order mark is not part of the
// first cell (it used to drop the first value: the header test saw no number), a value beyond the double range is
// refused with its place, and each file read is recorded once with the checksum of its bytes (the run's identity).
TEST(Config, DataFilesReadLikeStrtodAndAreRecordedWithAChecksum) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "mcsens_test_config_data_files";
  fs::create_directories(dir);
  std::ofstream(dir / "bom.csv", std::ios::binary) << "\xEF\xBB\xBF"
                                                      "1.5\n+2.5\n0x1p2\n-1e-3\n";
  std::ofstream(dir / "m.toml") << "[parameters]\n"
                                   "q = { dist = \"empirical\", file = \"bom.csv\", column = 1 }\n"
                                   "r = { dist = \"empirical\", file = \"bom.csv\", column = 1 }\n"
                                   "[outputs]\ny = \"q + r\"\n";
  // Named from another working folder: the file is still the config's neighbour.
  const ProblemSpec p = Config::load_file((dir / "m.toml").string()).problem();
  EXPECT_EQ(p.parameters[0].distribution.data, (std::vector<double>{1.5, 2.5, 4, -1e-3}));
  ASSERT_EQ(p.data_files.size(), 1u);  // read twice, recorded once
  EXPECT_EQ(p.data_files[0].path, (dir / "bom.csv").string());
  const std::uint64_t before = p.data_files[0].fnv1a;
  std::ofstream(dir / "bom.csv", std::ios::binary) << "1.5\n2.5\n4\n-1e-3\n";
  const ProblemSpec q = Config::load_file((dir / "m.toml").string()).problem();
  EXPECT_EQ(q.parameters[0].distribution.data, p.parameters[0].distribution.data);
  EXPECT_NE(q.data_files[0].fnv1a, before);  // the same numbers, other bytes: another file
  std::ofstream(dir / "bom.csv", std::ios::binary) << "1\n1e400\n";
  try {
    Config::load_file((dir / "m.toml").string()).problem();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.message(), "parameters.q.file: bom.csv:2:1: '1e400' in column 1 is not a finite number");
  }
  fs::remove_all(dir);
}

TEST(Config, NotTextIsRefused) {
  EXPECT_THROW(Config::load_text(std::string("a = 1\0\x01", 7), "bin"), Error);
}

}  // namespace mcsens

namespace mcsens {

namespace {

// The Error that building the problem of `text` throws (expression errors come from the compiler).
Error build_error(const std::string& text) {
  try {
    Problem::build(Config::load_text(text, "t.toml").problem());
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return Error("none");
}

std::string model_with(const std::string& outputs) {
  return "[parameters]\na = { dist = \"uniform\", low = 0, high = 1 }\n[outputs]\n" + outputs + "\n";
}

// The caret line of formatted(): the spaces before the caret, counted in characters.
int caret_column(const Error& e) {
  const std::string text = e.formatted();
  const auto last = text.rfind('\n');
  return static_cast<int>(text.size() - last - 1 - 4);  // after the 4-space indent, the caret's 1-based column
}

}  // namespace

// Issue 23, class 6: an error in an expression points at its exact character through escapes and multi-line
// strings. Columns count characters, as toml++ does.
TEST(ConfigPositions, AfterEscapesInAString) {
  // y = "a\u0020+ bogus": the \u0020 escape is 6 characters for one byte; 'bogus' is at column 15.
  const Error u = build_error(model_with(R"(y = "a\u0020+ bogus")"));
  EXPECT_NE(u.message().find("unknown name 'bogus'"), std::string::npos) << u.message();
  EXPECT_EQ(u.where().line, 4);
  EXPECT_EQ(u.where().column, 15);
  EXPECT_EQ(caret_column(u), 15);
  // Two-character escapes: y = "a\t+\tbogus", 'bogus' at column 12.
  const Error t = build_error(model_with(R"(y = "a\t+\tbogus")"));
  EXPECT_EQ(t.where().line, 4);
  EXPECT_EQ(t.where().column, 12);
  // An escape of a 2-byte character, then an error: y = "a + \u00e9": the é (the escape) at column 10.
  const Error e = build_error(model_with(R"(y = "a + \u00e9")"));
  EXPECT_EQ(e.where().line, 4);
  EXPECT_EQ(e.where().column, 10);
  // An 8-digit escape: y = "\U0001F600 + a": the escape at column 6.
  const Error big = build_error(model_with(R"(y = "\U0001F600 + a")"));
  EXPECT_EQ(big.where().column, 6);
}

TEST(ConfigPositions, InsideMultiLineStrings) {
  // The newline right after """ is not part of the value; 'bogus' is on line 6, column 3.
  const Error m = build_error(model_with("y = \"\"\"\na +\n  bogus\"\"\""));
  EXPECT_NE(m.message().find("unknown name 'bogus'"), std::string::npos) << m.message();
  EXPECT_EQ(m.where().line, 6);
  EXPECT_EQ(m.where().column, 3);
  EXPECT_EQ(m.where().line_text, "  bogus\"\"\"");
  EXPECT_EQ(caret_column(m), 3);
  // A line-ending backslash drops the line break and the indentation: 'bogus' at line 5, column 7.
  const Error b = build_error(model_with("y = \"\"\"a + \\\n      bogus\"\"\""));
  EXPECT_EQ(b.where().line, 5);
  EXPECT_EQ(b.where().column, 7);
  // A literal multi-line string on one line: y = '''a + bogus''', 'bogus' at column 12.
  const Error l = build_error(model_with("y = '''a + bogus'''"));
  EXPECT_EQ(l.where().line, 4);
  EXPECT_EQ(l.where().column, 12);
  // Escapes inside a multi-line string: y = """a\t+\n\tbogus""" is one line of the file; 'bogus' at column 16.
  const Error mix = build_error(model_with(R"(y = """a\t+\n\tbogus""")"));
  EXPECT_EQ(mix.where().line, 4);
  EXPECT_EQ(mix.where().column, 16);
}

TEST(ConfigPositions, NonAsciiCharactersCountAsOneColumn) {
  // y = { label = "é", expr = "a + bogus" }: toml++ counts é as one column, so 'bogus' is at column 32 and the
  // caret stands under it (é is 2 bytes).
  const Error n = build_error(model_with(R"(y = { label = "é", expr = "a + bogus" })"));
  EXPECT_EQ(n.where().line, 4);
  EXPECT_EQ(n.where().column, 32);
  EXPECT_EQ(caret_column(n), 32);
  // Inside the expression string: y = "a + 'é' bogus"... an é in the expression is itself the error, at 10.
  const Error inside = build_error(model_with("y = \"a + \xc3\xa9 + bogus\""));
  EXPECT_EQ(inside.where().column, 10);
}

}  // namespace mcsens
