# SPDX-License-Identifier: MIT
# Warnings and code-generation flags, applied per target (never through global CMAKE_CXX_FLAGS).

function(mcsens_set_compile_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(MCSENS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(MCSENS_NATIVE)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
endfunction()

# Sanitizers must reach every object and the link of every executable, so they are set directory-wide.
if(MCSENS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Fuzzing: every object gets the coverage instrumentation of libFuzzer and the sanitizers; only the fuzz drivers
# link libFuzzer's main (-fsanitize=fuzzer, in fuzz/CMakeLists.txt).
if(MCSENS_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "MCSENS_FUZZ needs clang (cmake --preset fuzz)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
