# Benchmarks of the sensitivity estimators (analysis module)
target_sources(mcsens_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/bench_sensitivity.cpp)
