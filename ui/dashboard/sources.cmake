# The live dashboard: nine cards over the server's dashboard document.
list(APPEND QD_UI_SOURCES
    dashboard/dashboardcard.h dashboard/dashboardcard.cpp
    dashboard/dashboardcharts.h dashboard/dashboardcharts.cpp
    dashboard/dashboardview.h dashboard/dashboardview.cpp
)
