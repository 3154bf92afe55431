atelier_add_test(tst_dataimport SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_dataimport.cpp LABELS unit LIBS atelier_core)
atelier_add_test(tst_datacleaning SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_datacleaning.cpp LABELS unit LIBS atelier_core)
atelier_add_test(tst_datasetbrowsing SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_datasetbrowsing.cpp LABELS unit LIBS atelier_core)
atelier_add_test(tst_messydata SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_messydata.cpp LABELS unit LIBS atelier_core)
