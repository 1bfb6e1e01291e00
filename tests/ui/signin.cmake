# The sign-in dialog against the real server: good and wrong password, second factor,
# unreachable server, offline open, lockout.
qd_add_test(tst_ui_signin SOURCES ui/tst_ui_signin.cpp LIBS qd_uitestsupport qd_ui_signin qd_server LABELS ui TIMEOUT 180)
target_include_directories(tst_ui_signin PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/integration)
add_dependencies(tst_ui_signin quarterdeck-server)
