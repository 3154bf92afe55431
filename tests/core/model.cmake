atelier_add_test(tst_modelconfig SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_modelconfig.cpp LABELS unit LIBS atelier_core)
atelier_add_test(tst_languagemodel SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_languagemodel.cpp LABELS unit LIBS atelier_core)
atelier_add_test(tst_memoryestimate SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_memoryestimate.cpp LABELS unit LIBS atelier_core)
# Includes torch: the hand-written backward passes against plain autograd.
atelier_add_test(tst_fusedlayers SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_fusedlayers.cpp LABELS unit LIBS atelier_core ${TORCH_LIBRARIES})
target_compile_definitions(tst_fusedlayers PRIVATE QT_NO_KEYWORDS)
