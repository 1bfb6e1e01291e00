# A device's details against the real server: header, charts filled from the server's history,
# inventory filters, the device's alerts, and the reboot action reaching the server as a job.
qd_add_test(tst_ui_devicedetails SOURCES ui/tst_ui_devicedetails.cpp LIBS qd_uitestsupport qd_ui_devicedetails LABELS ui TIMEOUT 180)
add_dependencies(tst_ui_devicedetails quarterdeck-server)
