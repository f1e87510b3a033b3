# SPDX-License-Identifier: MIT
# Build-time script: writes OUTPUT with the current git commit, rewritten only when it changes so that
# a rebuild after a commit relinks without recompiling everything.
execute_process(COMMAND git -C "${SOURCE_DIR}" rev-parse --short=12 HEAD
                OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR commit STREQUAL "")
  set(commit "unknown")
endif()
execute_process(COMMAND git -C "${SOURCE_DIR}" status --porcelain --untracked-files=no
                OUTPUT_VARIABLE dirty OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT dirty STREQUAL "")
  string(APPEND commit "-dirty")
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated at build time; do not edit.\n#include \"mcsens/version.hpp\"\n\nnamespace mcsens {\nconst char* git_commit() { return \"${commit}\"; }\n}  // namespace mcsens\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
