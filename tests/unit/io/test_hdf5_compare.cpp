// SPDX-License-Identifier: MIT
// Two HDF5 files compared bit for bit (h5::first_difference, behind mcsens reproduce): the same content in two
// files is the same, whatever differs is found at its path, in path order, and what the caller skips is skipped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "mcsens/io/hdf5_compare.hpp"
#include "mcsens/io/hdf5_file.hpp"

namespace mcsens {
namespace {

namespace fs = std::filesystem;

class Hdf5Compare : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("mcsens_compare_" + std::to_string(::getpid()) + "_" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  // A small file like a result's, with `change` applied before it is closed.
  std::string make(const std::string& name, const std::function<void(h5::Group&)>& change = {}) {
    const std::string path = (folder_ / name).string();
    h5::OutputFile file(path, true);
    h5::Group root = file.root();
    root.set_attribute("created_utc", name);  // differs between the files, as a result's does
    root.set_attribute("seed", std::int64_t{7});
    h5::Group y = root.create_group("outputs/y");
    y.write("moments", std::vector<double>{1.5, std::numeric_limits<double>::quiet_NaN(), 3});
    y.set_attribute("label", std::string("the output"));
    y.write("names", std::vector<std::string>{"a", "b"});
    if (change) change(root);
    file.commit();
    return path;
  }
  fs::path folder_;
};

TEST_F(Hdf5Compare, TheSameContentIsTheSameNaNIncluded) {
  EXPECT_FALSE(h5::first_difference(make("a.h5"), make("b.h5"), {"created_utc"}));
  const auto d = h5::first_difference(make("a.h5"), make("b.h5"), {});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->where, "/@created_utc");
  EXPECT_EQ(d->what, "its content differs");
}

TEST_F(Hdf5Compare, WhatDiffersIsFoundAtItsPath) {
  const std::string a = make("a.h5");
  const auto with = [&](const std::string& name, const std::function<void(h5::Group&)>& change) {
    return h5::first_difference(a, make(name, change), {"created_utc"});
  };
  auto d = with("bits.h5", [](h5::Group& root) {
    h5::Group y = root.open_group("outputs/y");
    y.write("extra", 1.0);
  });
  ASSERT_TRUE(d);
  EXPECT_EQ(d->where, "/outputs/y/extra");
  EXPECT_EQ(d->what, "only in the second file");
  d = with("label.h5", [](h5::Group& root) { root.open_group("outputs/y").set_attribute("label", std::string("x")); });
  ASSERT_TRUE(d);
  EXPECT_EQ(d->where, "/outputs/y@label");
  d = with("seed.h5", [](h5::Group& root) { root.set_attribute("seed", 7.0); });  // a double, not an int64
  ASSERT_TRUE(d);
  EXPECT_EQ(d->where, "/@seed");
  EXPECT_EQ(d->what, "its type differs");
  d = with("names.h5", [](h5::Group& root) {
    h5::Group z = root.create_group("outputs/z");
    z.write("names", std::vector<std::string>{"a"});
  });
  ASSERT_TRUE(d);
  EXPECT_EQ(d->where, "/outputs/z");
}

TEST_F(Hdf5Compare, AFileThatIsNotHdf5IsAnError) {
  const std::string text = (folder_ / "text.h5").string();
  std::FILE* f = std::fopen(text.c_str(), "w");
  std::fputs("not HDF5", f);
  std::fclose(f);
  EXPECT_THROW(h5::first_difference(make("a.h5"), text, {}), std::exception);
}

}  // namespace
}  // namespace mcsens
