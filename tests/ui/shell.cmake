# The main window against the real server: sections, global search, offline banner, tray watch,
# settings restored; saves a PNG of every main view.
qd_add_test(tst_ui_shell SOURCES ui/tst_ui_shell.cpp LIBS qd_uitestsupport qd_ui_shell LABELS ui TIMEOUT 240)
add_dependencies(tst_ui_shell quarterdeck-server)
