# Benchmarks of the sampling module: target_sources(mcsens_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/bench_sampling.cpp)
