atelier_add_test(tst_textmetrics SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_textmetrics.cpp LABELS unit LIBS atelier_core)
