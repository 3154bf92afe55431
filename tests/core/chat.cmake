# Chats and feedback in the project database; feedback trains like any other data.
atelier_add_test(tst_chatrepository SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_chatrepository.cpp LABELS unit LIBS atelier_core)
