# LiveChannel against the real server (and against peers that misbehave on purpose).
# qd_server only for signing short-lived access tokens the way the server does.
if(TARGET quarterdeck-server)
    qd_add_test(tst_livechannel SOURCES core/tst_livechannel.cpp LIBS qd_core qd_testsupport qd_server LABELS integration TIMEOUT 120)
    add_dependencies(tst_livechannel quarterdeck-server)
endif()
