# Models the UI binds to: list models over the cache and their sort/filter proxies.
list(APPEND QD_CORE_SOURCES
    models/modelrows.h
    models/exportroles.h
    models/recordlistmodel.h
    models/devicelistmodel.h models/devicelistmodel.cpp
    models/flatsortfilterproxy.h models/flatsortfilterproxy.cpp
    models/devicefilterproxy.h models/devicefilterproxy.cpp
    models/alertlistmodel.h models/alertlistmodel.cpp
    models/alertfilterproxy.h models/alertfilterproxy.cpp
    models/customerlistmodel.h models/customerlistmodel.cpp
    models/auditlogmodel.h models/auditlogmodel.cpp
    models/searchresultmodel.h models/searchresultmodel.cpp
)
