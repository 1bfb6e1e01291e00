# The console's state for one server profile: cache, models, session, live channel and sync.
list(APPEND QD_CORE_SOURCES
    session/workspace.h session/workspace.cpp
)
