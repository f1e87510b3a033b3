# SPDX-License-Identifier: MIT
# Benchmarks of the sampling module (rng, sampling, space).
target_sources(mcsens_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/bench_sampling.cpp)
