atelier_add_test(tst_safetensors SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_safetensors.cpp LABELS unit LIBS atelier_core)
atelier_add_test(tst_safetensorsmalformed SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_safetensorsmalformed.cpp LABELS unit LIBS atelier_core)
