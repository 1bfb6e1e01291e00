# The alert list against the real server: filters equal the server's, acknowledge with a note,
# bulk acknowledge, and an acknowledge made while the server is down arriving later.
qd_add_test(tst_ui_alerts SOURCES ui/tst_ui_alerts.cpp LIBS qd_uitestsupport qd_ui_alerts LABELS ui TIMEOUT 240)
add_dependencies(tst_ui_alerts quarterdeck-server)
