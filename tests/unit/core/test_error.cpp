// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>

#include "mcsens/error.hpp"

namespace mcsens {

TEST(Error, FormatsFileLineColumnAndCaret) {
  const Error e("unknown name 'gama'", SourceLocation{"model.toml", 4, 9, "out = \"gama * 2\""});
  EXPECT_STREQ(e.what(), "model.toml:4:9: unknown name 'gama'");
  EXPECT_EQ(e.formatted(), "model.toml:4:9: unknown name 'gama'\n    out = \"gama * 2\"\n            ^");
  EXPECT_EQ(e.exit_code(), 2);
}

TEST(Error, WithoutLocationIsTheMessageAlone) {
  const Error e("check needs a CONFIG file");
  EXPECT_STREQ(e.what(), "check needs a CONFIG file");
  EXPECT_EQ(e.formatted(), "check needs a CONFIG file");
}

TEST(Error, RuntimeFailureExitsThree) {
  const RuntimeFailure e("disk full", SourceLocation{"out.h5", 0, 0, {}});
  EXPECT_STREQ(e.what(), "out.h5: disk full");
  EXPECT_EQ(e.exit_code(), 3);
}

TEST(Error, CorruptStateIsARuntimeFailureNamingItsSource) {
  const CorruptState e("corrupt or foreign state (truncated)", SourceLocation{"run.ckpt", 0, 0, {}});
  EXPECT_STREQ(e.what(), "run.ckpt: corrupt or foreign state (truncated)");
  EXPECT_EQ(e.exit_code(), 3);
  const RuntimeFailure& as_runtime = e;
  EXPECT_EQ(as_runtime.exit_code(), 3);
}

TEST(Error, ShiftedMovesTheColumn) {
  const SourceLocation at{"f", 2, 10, "x"};
  EXPECT_EQ(at.shifted(5).column, 15);
  EXPECT_EQ(at.shifted(5).line, 2);
}

}  // namespace mcsens
