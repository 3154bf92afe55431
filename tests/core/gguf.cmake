atelier_add_test(tst_gguf SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_gguf.cpp LABELS unit LIBS atelier_core)

# The exports in the real llama.cpp (node-llama-cpp's prebuilt CPU build, installed
# into tests/gguf/node_modules by `npm ci` on first use); skipped where npm is missing.
add_test(NAME gguf_llamacpp
         COMMAND sh ${ATELIER_TESTS_DIR}/gguf/run_llamacpp_test.sh $<TARGET_FILE:atelier> ${ATELIER_TESTS_DIR}/data
                 ${CMAKE_CURRENT_BINARY_DIR}/gguf_llamacpp_work)
set_tests_properties(gguf_llamacpp PROPERTIES LABELS "slow" SKIP_RETURN_CODE 77 TIMEOUT 900
                     ENVIRONMENT "LC_ALL=C.UTF-8;OMP_WAIT_POLICY=PASSIVE")
