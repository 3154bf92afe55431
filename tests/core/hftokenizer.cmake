atelier_add_test(tst_hftokenizer SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_hftokenizer.cpp LABELS unit LIBS atelier_core)
