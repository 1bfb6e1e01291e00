# A device's details: header, overview with live and historical charts, alert history,
# inventory tabs, and actions.
list(APPEND QD_UI_SOURCES
    devicedetails/metricchart.h devicedetails/metricchart.cpp
    devicedetails/deviceoverview.h devicedetails/deviceoverview.cpp
    devicedetails/deviceactionspanel.h devicedetails/deviceactionspanel.cpp
    devicedetails/devicedetailsview.h devicedetails/devicedetailsview.cpp
)
