# Reports: pick a kind, customer and range, preview the tables, save as PDF or Excel.
list(APPEND QD_UI_SOURCES
    reports/reportsview.h reports/reportsview.cpp
)
