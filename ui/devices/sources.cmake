# The device list: table over the device model and its proxy, filter bar, column chooser,
# bulk actions with confirmation.
list(APPEND QD_UI_SOURCES
    devices/devicefilterbar.h devices/devicefilterbar.cpp
    devices/devicebulkactions.h devices/devicebulkactions.cpp
    devices/devicesview.h devices/devicesview.cpp
)
