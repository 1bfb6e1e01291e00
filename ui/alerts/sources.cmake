# Alerts: the list with filters, acknowledge / resolve with a note (offline through the outbox),
# bulk acknowledge, and the details of the selected alert.
list(APPEND QD_UI_SOURCES
    alerts/alertnotedialog.h alerts/alertnotedialog.cpp
    alerts/alertdetails.h alerts/alertdetails.cpp
    alerts/alertsview.h alerts/alertsview.cpp
    alerts/ruleeditordialog.h alerts/ruleeditordialog.cpp
    alerts/rulesview.h alerts/rulesview.cpp
)
