# Benchmarks of mcsens analyze's estimators (sensitivity from given data, issue 21)
target_sources(mcsens_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/bench_given_data.cpp)
