// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "mcsens/config/problem_spec.hpp"

namespace mcsens {

// A config file as read from disk (or the built-in default), with every key's source position kept.
// Loading reports TOML syntax errors as mcsens::Error "FILE:LINE:COL: message"; problem() reads the specs and
// reports wrong types, unknown keys and missing keys the same way.
class Config {
 public:
  static Config load_file(const std::string& path);
  // `folder`: where the config's relative file names resolve (the absolute folder of the file it came from, as
  // folder() gave it when it was loaded); empty: the folder of source_name, relative to the working folder.
  static Config load_text(std::string text, std::string source_name, std::string folder = {});

  Config(Config&&) noexcept;
  Config& operator=(Config&&) noexcept;
  ~Config();

  // Applies one `--set KEY=VALUE` override (dotted key; VALUE read as a TOML value, or as a string when it is
  // not one). A key that the config does not have and whose parent table does not exist is an error.
  void apply_override(const std::string& assignment);

  // Reads the whole problem: the plain specs that the factories of space/ and expr/ turn into objects.
  ProblemSpec problem() const;

  const std::string& source_name() const;
  // The absolute folder of the config file (see load_text); empty for a text with none.
  const std::string& folder() const;
  const std::string& text() const;
  const std::vector<std::string>& overrides() const;

 private:
  struct Impl;
  explicit Config(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Reads a number of draws as people write it: "1000000", "1_000_000", "1e6", "10M", "2.5k", "2^20".
// Throws mcsens::Error naming `what` when the text is not a positive whole number.
std::uint64_t parse_count(const std::string& text, const std::string& what);

// The built-in default config (configs/paper.toml, embedded at build time).
const std::string& builtin_config_text();
constexpr const char* kBuiltinConfigName = "<built-in configs/paper.toml>";

}  // namespace mcsens
