atelier_add_test(tst_dataimport SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_dataimport.cpp LABELS unit LIBS atelier_core)
