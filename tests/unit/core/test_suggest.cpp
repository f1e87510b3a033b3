// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "mcsens/suggest.hpp"

namespace mcsens {

TEST(Suggest, EditDistanceKnownValues) {
  EXPECT_EQ(edit_distance("", ""), 0);
  EXPECT_EQ(edit_distance("gamma", "gamma"), 0);
  EXPECT_EQ(edit_distance("gama", "gamma"), 1);      // deletion
  EXPECT_EQ(edit_distance("gmama", "gamma"), 1);     // transposition
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3);  // the textbook example
}

TEST(Suggest, ProposesOnlyPlausibleTypos) {
  const std::vector<std::string> names = {"gamma", "s_hb", "d_hb", "samples"};
  EXPECT_EQ(did_you_mean("gama", names), " (did you mean 'gamma'?)");
  EXPECT_EQ(did_you_mean("sampels", names), " (did you mean 'samples'?)");
  EXPECT_EQ(did_you_mean("temperature", names), "");
  EXPECT_EQ(closest_name("x", {}), "");
}

// Issue 18: names from other languages that are too far for an edit distance, and other letter case.
TEST(Suggest, KnownAliasesAndLetterCase) {
  const std::vector<std::string> functions = {"exp", "log", "log10", "pow", "normcdf", "logistic", "if", "ceil"};
  EXPECT_EQ(did_you_mean("ln", functions), " (did you mean 'log'? log is the natural logarithm)");
  EXPECT_EQ(did_you_mean("Ln", functions), " (did you mean 'log'? log is the natural logarithm)");
  EXPECT_EQ(did_you_mean("power", functions), " (did you mean 'pow'? or write x^y)");
  EXPECT_EQ(did_you_mean("ceiling", functions), " (did you mean 'ceil'?)");
  EXPECT_EQ(did_you_mean("sigmoid", functions), " (did you mean 'logistic'?)");
  EXPECT_EQ(did_you_mean("EXP", functions), " (did you mean 'exp'?)");
  EXPECT_EQ(closest_name("LOG10", functions), "log10");
  // An alias is proposed only when its target is a candidate: never for keys, sections or parameter names.
  EXPECT_EQ(did_you_mean("ln", {"samples", "seed"}), "");
  EXPECT_EQ(did_you_mean("phi", {"gamma", "s_hb"}), "");
  // Without an alias or a case match, the edit distance still decides.
  EXPECT_EQ(did_you_mean("lg", functions), " (did you mean 'log'?)");
}

}  // namespace mcsens
