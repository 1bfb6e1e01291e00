# Pieces every view shares: colours and icons for statuses and severities, time and size
# formatting, the loading / empty / error placeholder.
list(APPEND QD_UI_SOURCES
    common/navigation.h
    common/uistyle.h common/uistyle.cpp
    common/statedview.h common/statedview.cpp
    common/statusdelegate.h common/statusdelegate.cpp
    common/permissions.h common/permissions.cpp
    common/listtable.h common/listtable.cpp
    common/tableexport.h common/tableexport.cpp
)
