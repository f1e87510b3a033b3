// SPDX-License-Identifier: MIT
// The model backends are registered in one place (src/engine/model_backends.cpp): the config reader checks [model]
// by the same entries Problem::build builds the model with.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "config/model_kinds.hpp"
#include "engine/model_backends.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/engine/problem.hpp"
#include "mcsens/error.hpp"
#include "mcsens/model/python_model_loader.hpp"

namespace mcsens {
namespace {

const char* kMinimal = R"toml(title = "t"
[parameters]
a = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "2 * a"
)toml";

std::string refusal(const std::string& text) {
  try {
    Config::load_text(text, "/models/t.toml").problem();
  } catch (const Error& e) {
    return e.message();
  }
  return "";
}

TEST(ModelBackends, EveryKindTheReaderKnowsHasItsBuilderAndTheDefaultComesFirst) {
  ASSERT_FALSE(model_kinds().empty());
  EXPECT_EQ(model_kinds().front().name, "expressions");
  EXPECT_EQ(model_kinds().front().name, ModelSpec{}.kind);
  ASSERT_EQ(model_kinds().size(), model_backends().size());
  for (const ModelKind& kind : model_kinds()) {
    EXPECT_EQ(model_backend(kind.name).kind.name, kind.name);
    EXPECT_TRUE(static_cast<bool>(model_backend(kind.name).build)) << kind.name;
  }
  EXPECT_THROW(model_backend("fortran"), std::logic_error);
}

TEST(ModelBackends, TheReaderFillsEveryKeyOfTheKindResolvedOrDefaulted) {
  const ProblemSpec plain = Config::load_text(kMinimal, "/models/t.toml").problem();
  EXPECT_TRUE(plain.model.settings.empty());
  EXPECT_THROW(plain.model.setting("library"), std::logic_error);

  const ProblemSpec plugin =
      Config::load_text(std::string(kMinimal) + "[model]\nkind = \"plugin\"\nlibrary = \"lib/m.so\"\n",
                        "/models/t.toml")
          .problem();
  ASSERT_EQ(plugin.model.settings.size(), 2u);
  EXPECT_EQ(plugin.model.setting("library").value, "/models/lib/m.so");
  EXPECT_EQ(plugin.model.setting("library").location.line, 8);
  EXPECT_EQ(plugin.model.setting("prefix").value, "mcsens_model");  // the default

  const ProblemSpec prefixed = Config::load_text(std::string(kMinimal) +
                                                     "[model]\nkind = \"plugin\"\nlibrary = \"/abs/m.so\"\n"
                                                     "prefix = \"borehole\"\n",
                                                 "/models/t.toml")
                                   .problem();
  EXPECT_EQ(prefixed.model.setting("library").value, "/abs/m.so");
  EXPECT_EQ(prefixed.model.setting("prefix").value, "borehole");
}

TEST(ModelBackends, TheReaderRefusesByTheKindsKeys) {
  const std::string model = std::string(kMinimal) + "[model]\n";
  EXPECT_EQ(refusal(model + "kind = \"plugin\"\n"), "model: kind = \"plugin\" needs library = \"path/to/model.so\"");
  EXPECT_EQ(refusal(model + "library = \"m.so\"\n"), "model.library belongs to kind = \"plugin\"");
  EXPECT_EQ(refusal(model + "kind = \"plugin\"\nlibrary = \"\"\n"), "model.library is empty");
  EXPECT_EQ(refusal(model + "kind = \"plugin\"\nlibrary = \"m.so\"\nprefix = \"9x\"\n"),
            "model.prefix must be an identifier (letters, digits and _, not first a digit), not \"9x\"");
  EXPECT_NE(refusal(model + "kind = \"plugin\"\nlibrary = \"m.so\"\nlibary = 1\n").find("libary"), std::string::npos);
}

// A function of the parameters computed in C++, standing where a front end's Python function stands: twice = 2 a.
class Twice final : public BlockFunction {
 public:
  std::string name() const override { return "the function twice"; }
  const std::vector<std::string>& outputs() const override { return outputs_; }
  void evaluate(const double* const* inputs, std::size_t n, double* const* outputs, DrawStatus* status) const override {
    for (std::size_t i = 0; i < n; ++i) {
      outputs[0][i] = 2 * inputs[0][i];
      status[i] = DrawStatus::ok;
    }
  }

 private:
  std::vector<std::string> outputs_{"twice"};
};

// Removes the loader a test installed, whatever the test's end.
struct LoaderGuard {
  ~LoaderGuard() { install_python_model_loader(nullptr); }
};

const char* kPythonModel = R"toml(
[model]
kind = "python"
module = "lib/twice.py"
function = "twice"
)toml";

const char* kPythonOutputs = R"toml([parameters]
a = { dist = "uniform", low = 0, high = 1 }
[outputs]
twice = "twice"
y = "twice + a"
)toml";

TEST(ModelBackends, APythonModelWithoutTheFrontEndsInterpreterIsRefusedByName) {
  const ProblemSpec spec = Config::load_text(std::string(kPythonOutputs) + kPythonModel, "/models/t.toml").problem();
  try {
    Problem::build(spec);
    FAIL() << "built without a loader";
  } catch (const Error& e) {
    EXPECT_EQ(e.message().rfind("model.kind = \"python\": this program has no Python interpreter", 0), 0u)
        << e.message();
    EXPECT_EQ(e.where().line, 8);  // the kind
    EXPECT_EQ(e.where().column, 8);
  }
}

TEST(ModelBackends, APythonModelIsWhatTheLoaderGivesComposedWithTheExpressions) {
  LoaderGuard guard;
  std::vector<std::string> asked;
  install_python_model_loader([&asked](const ProblemSpec& spec) -> std::shared_ptr<const BlockFunction> {
    asked = {spec.model.setting("module").value, spec.model.setting("function").value};
    return std::make_shared<Twice>();
  });
  const Problem problem =
      Problem::build(Config::load_text(std::string(kPythonOutputs) + kPythonModel, "/models/t.toml").problem());
  EXPECT_EQ(asked, (std::vector<std::string>{"/models/lib/twice.py", "twice"}));
  EXPECT_EQ(problem.model().kind(), "python");
  ASSERT_EQ(problem.model().targets().size(), 2u);
  EXPECT_EQ(problem.model().targets()[1].name, "y");

  const std::vector<double> a = {0.25, 0.5, 1.0};
  std::vector<double> twice(3), y(3);
  std::vector<DrawStatus> status(3);
  const double* inputs[] = {a.data()};
  double* outputs[] = {twice.data(), y.data()};
  problem.model().evaluator(3)->evaluate(inputs, outputs, 3, status.data());
  EXPECT_EQ(twice, (std::vector<double>{0.5, 1.0, 2.0}));
  EXPECT_EQ(y, (std::vector<double>{0.75, 1.5, 3.0}));
  EXPECT_EQ(status, std::vector<DrawStatus>(3, DrawStatus::ok));

  // The loader's own refusal (a file it cannot import) reaches the caller as it is.
  install_python_model_loader([](const ProblemSpec& spec) -> std::shared_ptr<const BlockFunction> {
    throw Error("model.module: no such file", spec.model.setting("module").location);
  });
  EXPECT_THROW(
      Problem::build(Config::load_text(std::string(kPythonOutputs) + kPythonModel, "/models/t.toml").problem()), Error);
}

TEST(ModelBackends, AFunctionGivenForAConfigThatNamesItsModelIsRefused) {
  const ProblemSpec spec = Config::load_text(std::string(kPythonOutputs) + kPythonModel, "/models/t.toml").problem();
  try {
    Problem::build(spec, std::make_shared<const Twice>());
    FAIL() << "two models accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.message(),
              "[model] names the config's own model (kind = \"python\"), and the function twice was given as the "
              "model too: give the function for a config without [model], or leave it out");
    EXPECT_EQ(e.where().line, 8);
  }
  // Without [model], the function is the model.
  const Problem problem =
      Problem::build(Config::load_text(kPythonOutputs, "/models/t.toml").problem(), std::make_shared<const Twice>());
  EXPECT_EQ(problem.model().kind(), "python");
}

}  // namespace
}  // namespace mcsens
