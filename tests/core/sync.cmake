# LiveChannel against the real server (and against peers that misbehave on purpose).
# qd_server only for signing short-lived access tokens the way the server does.
if(TARGET quarterdeck-server)
    qd_add_test(tst_livechannel SOURCES core/tst_livechannel.cpp LIBS qd_core qd_testsupport qd_server LABELS integration TIMEOUT 120)
    add_dependencies(tst_livechannel quarterdeck-server)
endif()
# SyncEngine and the `quarterdeck sync` command against the real server.
if(TARGET quarterdeck-server)
    qd_add_test(tst_syncengine SOURCES core/tst_syncengine.cpp LIBS qd_core qd_testsupport LABELS integration TIMEOUT 300)
    add_dependencies(tst_syncengine quarterdeck-server)
endif()
if(TARGET quarterdeck-server AND TARGET quarterdeck)
    qd_add_test(tst_consolecli SOURCES core/tst_consolecli.cpp LIBS qd_core qd_testsupport LABELS integration TIMEOUT 120)
    target_compile_definitions(tst_consolecli PRIVATE QD_CONSOLE_BINARY="$<TARGET_FILE:quarterdeck>")
    add_dependencies(tst_consolecli quarterdeck-server quarterdeck)
endif()
