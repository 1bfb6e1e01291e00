# The dashboard against the real server: every card's figures equal /dashboard/summary, live
# updates, clicks that open filtered lists, offline painting from the cache.
qd_add_test(tst_ui_dashboard SOURCES ui/tst_ui_dashboard.cpp LIBS qd_uitestsupport qd_ui_dashboard LABELS ui TIMEOUT 180)
add_dependencies(tst_ui_dashboard quarterdeck-server)
