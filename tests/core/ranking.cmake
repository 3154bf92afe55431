atelier_add_test(tst_ranking SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_ranking.cpp LABELS unit LIBS atelier_core)
