# Reports from a cache synced from the real server, through the `quarterdeck report` command.
if(TARGET qd_reports_cache AND TARGET quarterdeck-server AND TARGET quarterdeck)
    qd_add_test(tst_reports SOURCES reports/tst_reports.cpp LIBS qd_reports_cache qd_testsupport LABELS integration TIMEOUT 300)
    target_compile_definitions(tst_reports PRIVATE QD_CONSOLE_BINARY="$<TARGET_FILE:quarterdeck>"
        QD_SHOTS_DIR="${CMAKE_BINARY_DIR}/report-shots")
    add_dependencies(tst_reports quarterdeck-server quarterdeck)
endif()
