# Issue 35: memory of array outputs against elements and draws (bench/arrays/memory.sh).
add_executable(array_memory ${CMAKE_CURRENT_LIST_DIR}/arrays/array_memory.cpp)
mcsens_set_compile_options(array_memory)
target_link_libraries(array_memory PRIVATE mcsens::mcsens)
set_target_properties(array_memory PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
