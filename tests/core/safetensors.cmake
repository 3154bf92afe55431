atelier_add_test(tst_safetensors SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_safetensors.cpp LABELS unit LIBS atelier_core)
