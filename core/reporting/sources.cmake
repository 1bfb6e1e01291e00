# Scheduled reports in the console: the server's schedules and run history, and the service
# that reads, changes and downloads them (online only: the server renders and keeps them).
list(APPEND QD_CORE_SOURCES
    reporting/reportschedules.h reporting/reportschedules.cpp
    reporting/reportscheduleservice.h reporting/reportscheduleservice.cpp
)
