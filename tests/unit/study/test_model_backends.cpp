// SPDX-License-Identifier: MIT
// The model backends are registered in one place (src/engine/model_backends.cpp): the config reader checks [model]
// by the same entries Problem::build builds the model with.
#include <gtest/gtest.h>

#include <string>

#include "config/model_kinds.hpp"
#include "engine/model_backends.hpp"
#include "mcsens/config/config.hpp"
#include "mcsens/error.hpp"

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
            "model.prefix must be a C identifier, not \"9x\"");
  EXPECT_NE(refusal(model + "kind = \"plugin\"\nlibrary = \"m.so\"\nlibary = 1\n").find("libary"), std::string::npos);
}

}  // namespace
}  // namespace mcsens
