// SPDX-License-Identifier: MIT
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "mcsens/error.hpp"
#include "mcsens/io/hdf5_file.hpp"

namespace mcsens::h5 {
namespace {

namespace fs = std::filesystem;

// A fresh folder per test under the system temporary folder, with the pid in its name; removed afterwards.
class Hdf5File : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() / ("mcsens_io_" + std::to_string(::getpid()) + "_" +
                                           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_);
  }
  void TearDown() override { fs::remove_all(folder_); }
  std::string file(const std::string& name) const { return (folder_ / name).string(); }
  std::vector<std::string> listing() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder_)) names.push_back(entry.path().filename().string());
    return names;
  }
  fs::path folder_;
};

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

TEST_F(Hdf5File, WritesAndReadsBackEverythingBitExactly) {
  const std::string path = file("result.h5");
  const std::vector<double> doubles = {0.1,
                                       -2.5e-300,
                                       1.7976931348623157e308,
                                       std::numeric_limits<double>::quiet_NaN(),
                                       -0.0,
                                       std::numeric_limits<double>::infinity()};
  const std::vector<double> matrix = {1, 2, 3, 4, 5, 6};
  const std::vector<std::uint64_t> counts = {0, 1, 18446744073709551615ULL, 42};
  const std::vector<std::string> names = {"alpha", "", "β coefficient", "a much longer name with spaces"};
  const std::string config = "[model]\nname = \"test\"  # ü\n";
  {
    OutputFile out(path, false);
    EXPECT_EQ(out.temporary_path(), path + ".tmp." + std::to_string(::getpid()));
    Group root = out.root();
    root.set_attribute("config", config);
    root.set_attribute("seed", std::int64_t{-9007199254740993});
    root.set_attribute("wall_seconds", 1.25);
    root.set_attribute("outputs_order", names);
    Group y = root.create_group("outputs/y");
    EXPECT_EQ(y.path(), "outputs/y");
    y.write("mean_se", 0.125);
    y.write("nonfinite", std::uint64_t{18446744073709551615ULL});
    y.write("moments", doubles);
    y.write("quantiles", matrix, 2, 3);
    y.write("histogram/counts", counts);
    y.write("histogram/edges", std::vector<double>{});
    y.write("names", names);
    y.set_attribute("names", std::vector<std::string>{"mean", "sd"}, "moments");
    y.set_attribute("label", std::string("Output y"), "");
    y.set_attribute("bins", std::int64_t{3}, "histogram");
    y.set_attribute("label", std::string("relabelled"));    // setting again replaces
    EXPECT_THROW(y.write("mean_se", 1.0), RuntimeFailure);  // never silently twice
    EXPECT_FALSE(fs::exists(path));
    EXPECT_TRUE(fs::exists(out.temporary_path()));
    out.commit();
    EXPECT_TRUE(fs::exists(path));
    EXPECT_FALSE(fs::exists(out.temporary_path()));
  }
  EXPECT_EQ(listing(), std::vector<std::string>{"result.h5"});

  InputFile in(path);
  Group root = in.root();
  EXPECT_EQ(root.string_attribute("config"), config);
  EXPECT_EQ(root.int_attribute("seed"), -9007199254740993);
  EXPECT_EQ(root.double_attribute("wall_seconds"), 1.25);
  EXPECT_EQ(root.attribute_names(), (std::vector<std::string>{"config", "seed", "wall_seconds", "outputs_order"}));
  EXPECT_TRUE(root.exists("outputs/y/moments"));
  EXPECT_FALSE(root.exists("outputs/z/moments"));
  EXPECT_FALSE(root.exists("outputs/y/nothing"));
  Group y = root.open_group("outputs/y");
  EXPECT_EQ(y.read_double("mean_se"), 0.125);
  EXPECT_EQ(y.read_uint64("nonfinite"), 18446744073709551615ULL);
  EXPECT_TRUE(same_bits(y.read_doubles("moments"), doubles));
  EXPECT_EQ(y.shape("moments"), std::vector<std::size_t>{6});
  EXPECT_EQ(y.read_doubles("quantiles"), matrix);
  EXPECT_EQ(y.shape("quantiles"), (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(y.shape("mean_se"), std::vector<std::size_t>{});
  EXPECT_EQ(y.read_uint64s("histogram/counts"), counts);
  EXPECT_EQ(y.read_doubles("histogram/edges"), std::vector<double>{});
  EXPECT_EQ(y.read_strings("names"), names);
  EXPECT_EQ(y.string_attribute("label"), "relabelled");
  EXPECT_TRUE(y.has_attribute("names", "moments"));
  EXPECT_FALSE(y.has_attribute("units", "moments"));
  EXPECT_EQ(y.attribute_names("moments"), std::vector<std::string>{"names"});
  EXPECT_EQ(y.int_attribute("bins", "histogram"), 3);
  EXPECT_EQ(y.double_attribute("bins", "histogram"), 3.0);
  EXPECT_EQ(root.open_group("outputs").open_group("y").path(), "outputs/y");
  EXPECT_THROW(y.int_attribute("label"), RuntimeFailure);  // a string is not an integer
  EXPECT_THROW(y.read_double("moments"), RuntimeFailure);  // six values are not one
}

TEST_F(Hdf5File, ChildrenInCreationOrder) {
  const std::string path = file("order.h5");
  const std::vector<std::string> order = {"zeta", "alpha", "mid", "beta_2", "Beta"};
  {
    OutputFile out(path, false);
    Group root = out.root();
    for (const std::string& name : order) root.create_group("outputs/" + name);
    root.write("b", 1.0);
    root.create_group("a");
    out.commit();
  }
  InputFile in(path);
  EXPECT_EQ(in.root().open_group("outputs").children(), order);
  EXPECT_EQ(in.root().children(), (std::vector<std::string>{"outputs", "b", "a"}));
}

TEST_F(Hdf5File, UncommittedFileLeavesNothing) {
  const std::string path = file("never.h5");
  std::string temporary;
  {
    OutputFile out(path, false);
    temporary = out.temporary_path();
    Group root = out.root();
    root.write("x", std::vector<double>{1, 2, 3});
    EXPECT_TRUE(fs::exists(temporary));
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(temporary));
  EXPECT_TRUE(listing().empty());
}

TEST_F(Hdf5File, FailureDuringWritingLeavesNothing) {
  const std::string path = file("failed.h5");
  try {
    OutputFile out(path, false);
    Group root = out.root();
    root.write("x", 1.0);
    root.write("x", 2.0);  // throws: the exception unwinds through the group and the file
    out.commit();
    FAIL() << "expected an exception";
  } catch (const RuntimeFailure& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'x'"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(listing().empty());
}

TEST_F(Hdf5File, ExistingTargetNeedsOverwrite) {
  const std::string path = file("old.h5");
  {
    std::ofstream old(path);
    old << "previous result";
  }
  try {
    OutputFile out(path, false);
    FAIL() << "expected an exception";
  } catch (const RuntimeFailure&) {
    FAIL() << "an existing file is bad usage (exit 2), not a runtime failure";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 2);
    EXPECT_EQ(std::string(e.what()), path + " exists; use --force to overwrite");
  }
  {
    std::ifstream old(path);
    std::string text;
    std::getline(old, text);
    EXPECT_EQ(text, "previous result");
  }
  EXPECT_EQ(listing(), std::vector<std::string>{"old.h5"});
  {
    OutputFile out(path, true);
    out.root().write("fresh", 7.0);
    out.commit();
  }
  EXPECT_EQ(InputFile(path).root().read_double("fresh"), 7.0);
  EXPECT_EQ(listing(), std::vector<std::string>{"old.h5"});
}

TEST_F(Hdf5File, MissingFolderIsRuntimeFailure) {
  const std::string path = file("no/such/folder/result.h5");
  try {
    OutputFile out(path, false);
    FAIL() << "expected an exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), 3);
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(listing().empty());
}

TEST_F(Hdf5File, ReadErrorsNameTheFileAndObject) {
  const std::string path = file("small.h5");
  {
    OutputFile out(path, false);
    out.root().create_group("outputs/y").write("mean_se", 1.0);
    out.commit();
  }
  InputFile in(path);
  Group root = in.root();
  try {
    root.read_doubles("outputs/y/moments");
    FAIL() << "expected an exception";
  } catch (const RuntimeFailure& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot read dataset 'outputs/y/moments': no such dataset");
  }
  try {
    root.open_group("outputs").read_uint64("y/nonfinite");
    FAIL() << "expected an exception";
  } catch (const RuntimeFailure& e) {
    EXPECT_NE(std::string(e.what()).find("'outputs/y/nonfinite'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(root.open_group("claims"), RuntimeFailure);
  EXPECT_THROW(root.string_attribute("config"), RuntimeFailure);
  EXPECT_THROW(root.has_attribute("label", "outputs/z"), RuntimeFailure);
  EXPECT_THROW(InputFile(file("missing.h5")), RuntimeFailure);
  {
    std::ofstream text(file("text.h5"));
    text << "not hdf5";
  }
  // A file that is not HDF5 is a wrong argument (exit 2), not a failure of the machine (exit 3).
  try {
    InputFile input(file("text.h5"));
    ADD_FAILURE() << "a text file was opened as HDF5";
  } catch (const RuntimeFailure&) {
    ADD_FAILURE() << "a text file is bad input, not a runtime failure";
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), exit_code::kUsage);
    EXPECT_NE(std::string(e.what()).find("not an HDF5 file"), std::string::npos) << e.what();
  }
}

// A failure inside HDF5 (here: writing to a file opened read-only) carries HDF5's own description.
TEST_F(Hdf5File, Hdf5FailureIsReportedWithItsReason) {
  const std::string path = file("readonly.h5");
  {
    OutputFile out(path, false);
    out.root().create_group("outputs");
    out.commit();
  }
  InputFile in(path);
  Group outputs = in.root().open_group("outputs");
  try {
    outputs.write("y", 1.0);
    FAIL() << "expected an exception";
  } catch (const RuntimeFailure& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(path + ": cannot write dataset 'outputs/y': ", 0), 0u) << message;
    EXPECT_GT(message.size(), (path + ": cannot write dataset 'outputs/y': ").size()) << message;
    EXPECT_EQ(message.find("HDF5 error"), std::string::npos) << "no description found: " << message;
  }
}

TEST_F(Hdf5File, GroupsOutlivingTheFileAreHarmless) {
  const std::string path = file("late.h5");
  Group late(-1, path, "");
  {
    OutputFile out(path, false);
    late = out.root().create_group("kept");
    late.write("v", 1.0);
    out.commit();
  }
  // `late` is destroyed after the file closed; with H5F_CLOSE_STRONG its id is already invalid.
  EXPECT_EQ(InputFile(path).root().read_double("kept/v"), 1.0);
}

// Dimension scales (issue 33, part 1 plumbing): a coordinate and a dimension without values, attached to the axes
// of a 2-D dataset, read back by name; the dimension's scale name is netCDF's, with the size in ten columns.
TEST_F(Hdf5File, DimensionScalesAttachAndReadBackByName) {
  const std::string path = file("dims.h5");
  {
    OutputFile out(path, false);
    Group g = out.root().create_group("sobol");
    g.write("bound", std::vector<std::string>{"low", "high"});
    g.make_coordinate("bound");
    g.make_dimension("input", 3);
    g.write("ci", std::vector<double>{1, 2, 3, 4, 5, 6}, 2, 3);
    g.attach_dimensions("ci", {"bound", "input"});
    g.write("plain", std::vector<double>{1, 2, 3});
    out.commit();
  }
  InputFile in(path);
  Group g = in.root().open_group("sobol");
  EXPECT_EQ(g.dimension_names("ci"), (std::vector<std::string>{"bound", "input"}));
  EXPECT_EQ(g.dimension_names("plain"), std::vector<std::string>{""});  // no scale attached
  EXPECT_EQ(g.read_doubles("input"), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(g.string_attribute("CLASS", "bound"), "DIMENSION_SCALE");
  EXPECT_EQ(g.string_attribute("NAME", "bound"), "bound");
  EXPECT_EQ(g.string_attribute("NAME", "input"), "This is a netCDF dimension but not a netCDF variable.         3");
}

}  // namespace
}  // namespace mcsens::h5
