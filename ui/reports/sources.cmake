# Reports: pick a kind, customer and range, preview the tables, save as PDF or Excel; and the
# server's scheduled reports with their history.
list(APPEND QD_UI_SOURCES
    reports/reportsview.h reports/reportsview.cpp
    reports/customreportdialog.h reports/customreportdialog.cpp
    reports/reportschedulemodels.h reports/reportschedulemodels.cpp
    reports/scheduledialog.h reports/scheduledialog.cpp
    reports/scheduledreportsview.h reports/scheduledreportsview.cpp
)
