// SPDX-License-Identifier: MIT
// libFuzzer target: config text through the loader and Problem::build (see fuzz_entries.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mcsens::fuzz::config_entry(std::string_view(reinterpret_cast<const char*>(data), size));
}
