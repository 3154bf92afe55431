# Includes torch: LoRA internals (merge, gradients, save/load).
atelier_add_test(tst_lora SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_lora.cpp LABELS unit LIBS atelier_core ${TORCH_LIBRARIES})
target_compile_definitions(tst_lora PRIVATE QT_NO_KEYWORDS)
