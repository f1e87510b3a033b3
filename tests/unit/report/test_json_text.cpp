// SPDX-License-Identifier: MIT
// JSON text, one way for every document mcsens prints (issue 33, part 0): escaping and numbers.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "mcsens/report/json_text.hpp"

namespace mcsens {
namespace {

TEST(JsonText, QuotesAndEscapesEveryCharacterJsonForbids) {
  EXPECT_EQ(json::quoted("plain"), "\"plain\"");
  EXPECT_EQ(json::quoted("a \"b\" c\\d"), "\"a \\\"b\\\" c\\\\d\"");
  EXPECT_EQ(json::quoted("line\nnext\r\ttab"), "\"line\\nnext\\r\\ttab\"");
  EXPECT_EQ(json::quoted(std::string("nul\0bell\x07"
                                     "del\x7f",
                                     13)),
            "\"nul\\u0000bell\\u0007del\\u007f\"");
  EXPECT_EQ(json::quoted("Zhejiang – 浙江"), "\"Zhejiang – 浙江\"");  // UTF-8 as it is
}

TEST(JsonText, NumbersAreTheShortestTextThatReadsBackExactly) {
  EXPECT_EQ(json::number(0.1), "0.1");
  EXPECT_EQ(json::number(12.6), "12.6");
  EXPECT_EQ(json::number(1e6), "1e6");
  EXPECT_EQ(json::number(2.5e-7), "2.5e-7");
  EXPECT_EQ(json::number(123456), "123456");
  EXPECT_EQ(json::number(-0.0004355498948815852), "-0.0004355498948815852");
  EXPECT_EQ(json::number(1e300), "1e300");
  EXPECT_EQ(json::number(0), "0");
  // Every double reads back to itself, through the text.
  for (const double x :
       {0.63253707389297, 1.0 / 3.0, std::nextafter(1.0, 2.0), 5e-324, 1.7976931348623157e308, -2.0 / 7.0}) {
    const std::string text = json::number(x);
    double back = 0;
    std::from_chars(text.data(), text.data() + text.size(), back);
    EXPECT_EQ(back, x) << text;
  }
}

TEST(JsonText, NanAndInfinityAreNull) {
  EXPECT_EQ(json::number(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(json::number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json::number(-std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json::number_list({1.5, std::nan(""), -2}), "[1.5, null, -2]");
  EXPECT_EQ(json::quoted_list({"a", "b\"c"}), "[\"a\", \"b\\\"c\"]");
  EXPECT_EQ(json::quoted_list({}), "[]");
}

}  // namespace
}  // namespace mcsens
