# The console's REST client, session, profiles and keychain.
qd_add_test(tst_apitransport SOURCES core/tst_apitransport.cpp LIBS qd_core LABELS unit TIMEOUT 60)
qd_add_test(tst_credentialfallback SOURCES core/tst_credentialfallback.cpp LIBS qd_core LABELS unit TIMEOUT 60)
# Needs a D-Bus session with an unlocked secret service (scripts/test.sh provides one); skips otherwise.
qd_add_test(tst_credentialstore SOURCES core/tst_credentialstore.cpp LIBS qd_core LABELS integration TIMEOUT 60)
if(TARGET quarterdeck-server)
    # qd_server for the server's TOTP code, to answer the second factor.
    qd_add_test(tst_authsession SOURCES core/tst_authsession.cpp LIBS qd_core qd_testsupport qd_server LABELS integration TIMEOUT 120)
    add_dependencies(tst_authsession quarterdeck-server)
    qd_add_test(tst_apitls SOURCES core/tst_apitls.cpp LIBS qd_core qd_testsupport LABELS integration TIMEOUT 120)
    add_dependencies(tst_apitls quarterdeck-server)
endif()
