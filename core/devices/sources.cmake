# Device services the details and list views use: actions through the server, metric history
# fetched into the cache, inventory list models.
list(APPEND QD_CORE_SOURCES
    devices/deviceactions.h devices/deviceactions.cpp
)
list(APPEND QD_CORE_SOURCES
    devices/metrichistory.h devices/metrichistory.cpp
    devices/inventorymodel.h devices/inventorymodel.cpp
)
