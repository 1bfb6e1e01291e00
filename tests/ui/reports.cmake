# The Reports section and "Export…" of the lists, on a workspace synced from the real server.
qd_add_test(tst_ui_reports SOURCES ui/tst_ui_reports.cpp LIBS qd_uitestsupport qd_ui_reports qd_ui_devices LABELS ui TIMEOUT 240)
add_dependencies(tst_ui_reports quarterdeck-server)
