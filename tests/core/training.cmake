atelier_add_test(tst_trainingparts SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_trainingparts.cpp LABELS unit LIBS atelier_core)
# Includes torch: the recipe end to end, and the worker process (kill -9, SIGTERM, resume).
atelier_add_test(tst_sfttraining SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_sfttraining.cpp LABELS "unit;slow" LIBS atelier_core ${TORCH_LIBRARIES})
target_compile_definitions(tst_sfttraining PRIVATE QT_NO_KEYWORDS)
add_dependencies(tst_sfttraining atelier)
set_tests_properties(tst_sfttraining PROPERTIES RUN_SERIAL TRUE)
# Includes torch: the DPO loss against python3-torch numbers (tests/data/dpo).
atelier_add_test(tst_dpoloss SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_dpoloss.cpp LABELS unit LIBS atelier_core ${TORCH_LIBRARIES})
target_compile_definitions(tst_dpoloss PRIVATE QT_NO_KEYWORDS)
atelier_add_test(tst_trainingpresets SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_trainingpresets.cpp LABELS unit LIBS atelier_core)
atelier_add_test(tst_jobs SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_jobs.cpp LABELS unit LIBS atelier_core)
# Includes torch: DPO and the reward model on the polite-vs-rude sample pairs.
atelier_add_test(tst_preferencetraining SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_preferencetraining.cpp LABELS "unit;slow" LIBS atelier_core ${TORCH_LIBRARIES})
target_compile_definitions(tst_preferencetraining PRIVATE QT_NO_KEYWORDS)
add_dependencies(tst_preferencetraining atelier)
set_tests_properties(tst_preferencetraining PROPERTIES RUN_SERIAL TRUE)
