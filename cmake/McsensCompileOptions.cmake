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
