atelier_add_test(tst_textmetrics SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_textmetrics.cpp LABELS unit LIBS atelier_core)
atelier_add_test(tst_evalrepository SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_evalrepository.cpp LABELS unit LIBS atelier_core)
