# Named views of the lists (filters, columns, sort), kept in the application's settings.
list(APPEND QD_CORE_SOURCES
    views/savedviews.h views/savedviews.cpp
)
