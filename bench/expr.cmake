# SPDX-License-Identifier: MIT
# Benchmarks of the expr module: the compiled model language against hand-written C++ loops.
target_sources(mcsens_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/bench_expr.cpp)
