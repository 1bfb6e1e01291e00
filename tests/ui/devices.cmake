# The device list against the real server: counts, filters, search, sort, columns, bulk actions.
qd_add_test(tst_ui_devices SOURCES ui/tst_ui_devices.cpp LIBS qd_uitestsupport qd_ui_devices LABELS ui TIMEOUT 180)
add_dependencies(tst_ui_devices quarterdeck-server)
