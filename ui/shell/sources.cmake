# The main window that puts the sections together: sidebar, status bar, offline banner, global
# search (Ctrl+K) and the tray notification for critical alerts.
list(APPEND QD_UI_SOURCES
    shell/searchdialog.h shell/searchdialog.cpp
    shell/connectionstatus.h shell/connectionstatus.cpp
    shell/mainwindow.h shell/mainwindow.cpp
    shell/consolelauncher.h shell/consolelauncher.cpp
)
