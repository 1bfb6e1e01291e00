# The console's state for one server profile (cache, models, session, live channel, sync), the
# sign-in steps that lead to it, and the watch that turns new critical alerts into notifications.
list(APPEND QD_CORE_SOURCES
    session/workspace.h session/workspace.cpp
    session/signincontroller.h session/signincontroller.cpp
    session/criticalalertwatch.h session/criticalalertwatch.cpp
)
