atelier_add_test(tst_gguf SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_gguf.cpp LABELS unit LIBS atelier_core)

# The exports in the real llama.cpp (node-llama-cpp's prebuilt CPU build, installed
# into tests/gguf/node_modules by `npm ci` on first use); skipped where npm is missing.
# gguf_llamacpp: both tiny models, same tokens as Atelier; gguf_demo_llamacpp:
# the demo's tuned, exported model answers in llama.cpp as it does in Atelier.
foreach(check gguf_llamacpp:compare_llamacpp.mjs gguf_demo_llamacpp:demo_llamacpp.mjs)
  string(REPLACE ":" ";" parts ${check})
  list(GET parts 0 name)
  list(GET parts 1 script)
  add_test(NAME ${name}
           COMMAND sh ${ATELIER_TESTS_DIR}/gguf/run_llamacpp_test.sh ${script} $<TARGET_FILE:atelier>
                   ${ATELIER_TESTS_DIR}/data ${CMAKE_CURRENT_BINARY_DIR}/${name}_work)
  set_tests_properties(${name} PROPERTIES LABELS "slow" SKIP_RETURN_CODE 77 TIMEOUT 900
                       ENVIRONMENT "LC_ALL=C.UTF-8;OMP_WAIT_POLICY=PASSIVE")
endforeach()
