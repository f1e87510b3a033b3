// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace mcsens::detail {

// Why a file could not be read ("it is a folder, not ..."), without the file's name: each caller says which
// file it was and where it was named.
struct UnreadableFile : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads a whole file that a user names (a config, a data file) within bounds a user can rely on: a folder or a
// device is refused, a regular file larger than max_bytes is refused before it is read, a pipe is read to its end
// but never waited on for more than wait_seconds, and nothing is read past max_bytes. `what` names the kind of
// file in the reasons ("a config", "a data file"). Throws UnreadableFile.
std::string read_bounded_file(const std::string& path, std::size_t max_bytes, int wait_seconds, const char* what);

}  // namespace mcsens::detail
