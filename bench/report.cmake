target_sources(mcsens_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/bench_report.cpp)
