// SPDX-License-Identifier: MIT
// Claims on data (mcsens analyze --claim): how an argument is named, counted on rows worked by hand, what is
// undefined, which inputs drive it, and the errors a user can make.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/study/data_claims.hpp"

namespace mcsens {
namespace {

TEST(DataClaims, ArgumentsAreNamedOrNumbered) {
  const std::vector<DataClaim> claims = parse_data_claims({"big = y > 10", "y == 1", "x <= 2", " small=y<1"});
  ASSERT_EQ(claims.size(), 4u);
  EXPECT_EQ(claims[0].name, "big");
  EXPECT_EQ(claims[0].expr, " y > 10");
  EXPECT_EQ(claims[1].name, "claim_2");  // "==" is a comparison, not a name
  EXPECT_EQ(claims[1].expr, "y == 1");
  EXPECT_EQ(claims[2].name, "claim_3");
  EXPECT_EQ(claims[3].name, "small");
  EXPECT_EQ(claims[3].expr, "y<1");
  EXPECT_THROW(parse_data_claims({"a = y > 1", "a = y > 2"}), Error);
  EXPECT_THROW(parse_data_claims({"a =  "}), Error);
}

// 8 rows: x = 1..8, y = x^2, and an output z that is NaN on row 3.
DataColumns rows() {
  DataColumns data;
  data.path = "rows";
  data.inputs = {"x", "w"};
  data.outputs = {"y", "z"};
  data.rows = 8;
  data.y.assign(2, std::vector<double>(8));
  for (int r = 0; r < 8; ++r) {
    data.x.insert(data.x.end(), {r + 1.0, (r * 5) % 8 + 0.5});
    data.y[0][r] = (r + 1.0) * (r + 1.0);
    data.y[1][r] = r == 2 ? std::nan("") : 1.0;
  }
  return data;
}

TEST(DataClaims, CountedOnTheRowsWhereTheyAreDefined) {
  const std::vector<ClaimSummary> s =
      evaluate_data_claims(rows(), parse_data_claims({"big = y > 20", "z_ok = z > 0 && x > 1"}), 0.95);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].count, 4u);  // x = 5..8
  EXPECT_EQ(s[0].n, 8u);
  EXPECT_DOUBLE_EQ(s[0].probability, 0.5);
  EXPECT_LT(s[0].ci_low, 0.5);
  EXPECT_GT(s[0].ci_high, 0.5);
  EXPECT_EQ(s[0].verdict, "about as likely as not");
  // Row 3 reads z = NaN: undefined, not false (a comparison with NaN would say false).
  EXPECT_EQ(s[1].nonfinite, 1u);
  EXPECT_EQ(s[1].n, 7u);
  EXPECT_EQ(s[1].count, 6u);  // x = 2, 4..8
}

TEST(DataClaims, TheInputThatDecidesDrivesIt) {
  const std::vector<ClaimSummary> s = evaluate_data_claims(rows(), parse_data_claims({"y > 20"}), 0.95);
  ASSERT_EQ(s[0].drivers.size(), 2u);
  EXPECT_EQ(s[0].drivers[0].input, "x");
  EXPECT_DOUBLE_EQ(s[0].drivers[0].ks_distance, 1.0);  // every holding x exceeds every failing one
  EXPECT_LT(s[0].drivers[1].ks_distance, 1.0);
  EXPECT_EQ(s[0].ranked_drivers().front(), 0u);
}

TEST(DataClaims, BadClaimsAreRefusedWithTheirPlace) {
  try {
    evaluate_data_claims(rows(), parse_data_claims({"big = yy > 2"}), 0.95);
    FAIL() << "accepted an unknown name";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("unknown name 'yy'"), std::string::npos) << what;
    EXPECT_NE(what.find("did you mean 'y'"), std::string::npos) << what;
  }
  EXPECT_THROW(evaluate_data_claims(rows(), parse_data_claims({"x = y > 2"}), 0.95), Error);  // a column's name
  EXPECT_THROW(evaluate_data_claims(rows(), parse_data_claims({"y >"}), 0.95), Error);
}

}  // namespace
}  // namespace mcsens
