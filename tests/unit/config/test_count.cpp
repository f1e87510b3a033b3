// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "mcsens/config/config.hpp"

namespace mcsens {

TEST(ParseCount, AcceptsTheWaysPeopleWriteCounts) {
  EXPECT_EQ(parse_count("1000000", "-n"), 1000000u);
  EXPECT_EQ(parse_count("1_000_000", "-n"), 1000000u);
  EXPECT_EQ(parse_count("1e6", "-n"), 1000000u);
  EXPECT_EQ(parse_count("10M", "-n"), 10000000u);
  EXPECT_EQ(parse_count("2.5k", "-n"), 2500u);
  EXPECT_EQ(parse_count("2^20", "-n"), 1048576u);
  EXPECT_EQ(parse_count("1G", "-n"), 1000000000u);
}

TEST(ParseCount, RefusesWhatIsNotAPositiveWholeNumber) {
  for (const char* bad : {"abc", "", "-5", "0", "1.5", "2^", "^3", "1e6x", "10MM", "1e40", "2^64", "0.0001k"}) {
    EXPECT_THROW(parse_count(bad, "-n"), Error) << bad;
  }
  try {
    parse_count("many", "run.samples");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("run.samples: 'many' is not a number of draws"), std::string::npos);
  }
}

}  // namespace mcsens
