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

}  // namespace mcsens
