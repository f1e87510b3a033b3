# Benchmarks of curve features, Monte Carlo filtering and pairwise ranking (analysis module, curves part)
target_sources(mcsens_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/bench_curves.cpp)
