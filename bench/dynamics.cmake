# The hand-written baseline of bench/dynamics/sir.sh (configs/examples/sir.toml as a plain C++ loop).
add_executable(sir_baseline ${CMAKE_CURRENT_LIST_DIR}/dynamics/sir_baseline.cpp)
mcsens_set_compile_options(sir_baseline)
target_link_libraries(sir_baseline PRIVATE mcsens::mcsens)
set_target_properties(sir_baseline PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR})
