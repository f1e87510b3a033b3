// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "mcsens/error.hpp"

namespace mcsens::detail {

std::vector<std::string> split_lines(const std::string& text);

// Limits of what a config may be (docs/robustness.md): its size, how long a pipe is waited on, and how deep its
// tables, arrays and dotted keys may nest (toml++ recurses on each level).
constexpr std::size_t kMaxConfigBytes = std::size_t{8} << 20;
constexpr int kConfigReadSeconds = 10;  // for a data file too
// The largest data file (an empirical distribution's CSV) mcsens reads: about 10 million numbers.
constexpr std::size_t kMaxDataFileBytes = std::size_t{256} << 20;
constexpr int kMaxConfigNesting = 128;

// The sections a config may have, in the order the docs present them.
inline const std::vector<std::string> kTopLevelKeys = {
    "title",    "run",     "model",  "parameters", "correlation", "functions", "derived",
    "dynamics", "outputs", "claims", "curves",     "scenarios",   "ranking",   "sensitivity"};

// The text a config came from, to turn toml++ source regions into SourceLocations with the line's text.
struct ConfigSource {
  std::string name;
  // The absolute folder the config's relative file names (data files, a plugin library) are resolved against:
  // the config file's own folder, whatever the working folder; empty for a text with no file behind it.
  std::string folder;
  std::string text;
  std::vector<std::string> lines;
  // "--set K=V" origin -> the argument, and the column of the argument that column 1 of its parsed text is at.
  struct Override {
    std::string text;
    int shift = 0;
  };
  std::map<std::string, Override> override_texts;

  SourceLocation locate(const toml::source_region& region) const;
};

}  // namespace mcsens::detail
