// SPDX-License-Identifier: MIT
// libFuzzer target: a data file's text through the CSV column reader and the empirical distribution (see
// fuzz_entries.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mcsens::fuzz::data_file_entry(std::string_view(reinterpret_cast<const char*>(data), size));
}
