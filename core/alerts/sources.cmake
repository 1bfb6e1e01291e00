# Alert rules in the console: the list model over the cache and the service that writes them.
list(APPEND QD_CORE_SOURCES
    alerts/alertrulelistmodel.h alerts/alertrulelistmodel.cpp
    alerts/alertruleservice.h alerts/alertruleservice.cpp
)
