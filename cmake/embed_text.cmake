# SPDX-License-Identifier: MIT
# Build-time script: writes OUTPUT, a C++ file defining FUNCTION() that returns the text of INPUT.
# Usage: cmake -DINPUT=... -DOUTPUT=... -DFUNCTION=mcsens::builtin_config_text -DHEADER=... -P embed_text.cmake
file(READ "${INPUT}" content)
# Raw string literals are limited in practice (compilers split at ~64 KiB); emit chunks to stay portable.
string(LENGTH "${content}" length)
set(body "")
set(offset 0)
while(offset LESS length)
  string(SUBSTRING "${content}" ${offset} 4000 piece)
  string(APPEND body "  text += R\"mcsens_embed(${piece})mcsens_embed\";\n")
  math(EXPR offset "${offset} + 4000")
endwhile()
set(code "// Generated from ${INPUT} at build time; do not edit.\n#include \"${HEADER}\"\n\nnamespace mcsens {\n\nconst std::string& builtin_config_text() {\n  static const std::string embedded = [] {\n    std::string text;\n${body}    return text;\n  }();\n  return embedded;\n}\n\n}  // namespace mcsens\n")
file(WRITE "${OUTPUT}.tmp" "${code}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
