atelier_add_test(tst_chattemplate SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_chattemplate.cpp LABELS unit LIBS atelier_core)
