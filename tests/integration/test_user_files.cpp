// SPDX-License-Identifier: MIT
// Files a config brings along (issue 32 class 3 and 4): a plugin library and a data file are the config's
// neighbours whatever the working folder, for `run`, `merge` and `--resume` alike, and a data file that changed
// between the runs whose work is combined is refused by name before any draw.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "integration/cli_runner.hpp"

namespace mcsens::testing {
namespace {

namespace fs = std::filesystem;

std::string q(const fs::path& p) {
  return "'" + p.string() + "'";
}

const char* kDataConfig = R"toml([parameters]
a = { dist = "empirical", file = "data.csv", column = "a" }
b = { dist = "uniform", low = 0, high = 1 }
[outputs]
y = "a + b"
)toml";

void write_data(const fs::path& path, double shift) {
  std::ofstream out(path);
  out << "a\n";
  for (int i = 0; i < 50; ++i) out << (i * 0.1 + shift) << "\n";
}

// `mcsens run cfg.toml` names the config without a folder: the library must still be the config's neighbour, not a
// name the dynamic loader searches on the system's library path. Named like a system library (zlib's soname), the
// old lookup loaded the system's zlib and found no mcsens entry point.
TEST(UserFiles, APluginLibraryIsTheConfigsNeighbourEvenWhenNamedLikeASystemLibrary) {
  TempDir dir("user_files_library");
  fs::copy_file(MCSENS_BOREHOLE_PLUGIN, dir / "libz.so.1");
  std::ifstream borehole(fs::path(MCSENS_SOURCE_DIR) / "examples/plugins/borehole.toml");
  std::string text((std::istreambuf_iterator<char>(borehole)), std::istreambuf_iterator<char>());
  const auto at = text.find("library = \"");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, text.find('\n', at) - at, "library = \"libz.so.1\"");
  dir.write("cfg.toml", text);
  const CliResult r = run_cli("run cfg.toml -q -n 2000 --only uncertainty -o out.h5", dir.path().string());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(dir / "out.h5"));
}

TEST(UserFiles, MergeAndResumeReadTheConfigsDataFileFromAnyFolderAndRefuseAChangedOne) {
  TempDir dir("user_files_data");
  TempDir elsewhere("user_files_elsewhere");
  fs::create_directories(dir / "study");
  const fs::path study = dir / "study";
  write_data(study / "data.csv", 0);
  std::ofstream(study / "cfg.toml") << kDataConfig;
  // Shards run in the study's folder, the config named without a folder; the merge runs from elsewhere.
  for (const char* shard : {"1/2", "2/2"}) {
    const std::string name = std::string("s") + shard[0] + ".h5";
    const CliResult r =
        run_cli("run cfg.toml -q -n 4000 --shard " + std::string(shard) + " -o " + name, study.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const CliResult merged = run_cli(
      "merge -q -o " + q(study / "m.h5") + " " + q(study / "s1.h5") + " " + q(study / "s2.h5"), elsewhere.path());
  EXPECT_EQ(merged.exit_code, 0) << merged.err;
  // The same shards against a changed data file: refused by name before anything is written.
  write_data(study / "data.csv", 1);
  const CliResult changed = run_cli(
      "merge -q -o " + q(study / "m2.h5") + " " + q(study / "s1.h5") + " " + q(study / "s2.h5"), elsewhere.path());
  EXPECT_EQ(changed.exit_code, 2);
  EXPECT_NE(changed.err.find("the data file " + (study / "data.csv").string() + " has changed"), std::string::npos)
      << changed.err;
  EXPECT_FALSE(fs::exists(study / "m2.h5"));
  // Extending a finished result: from another folder, and refused once its data file changed.
  write_data(study / "data.csv", 0);
  ASSERT_EQ(run_cli("run cfg.toml -q -n 2000 -o r.h5", study.string()).exit_code, 0);
  const CliResult extended =
      run_cli("run " + q(study / "cfg.toml") + " -q -n 4000 --resume -o " + q(study / "r.h5"), elsewhere.path());
  EXPECT_EQ(extended.exit_code, 0) << extended.err;
  write_data(study / "data.csv", 2);
  const CliResult stale = run_cli("run cfg.toml -q -n 8000 --resume -o r.h5", study.string());
  EXPECT_EQ(stale.exit_code, 2);
  EXPECT_NE(stale.err.find("has changed since it was written"), std::string::npos) << stale.err;
}

}  // namespace
}  // namespace mcsens::testing
