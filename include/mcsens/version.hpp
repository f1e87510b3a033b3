// SPDX-License-Identifier: MIT
#pragma once

namespace mcsens {

// The library's version (from CMake's project version) and the git commit it was built from
// ("unknown" outside a checkout; "-dirty" appended when tracked files had changes).
const char* version();
const char* git_commit();

}  // namespace mcsens
