# CacheStore: the console's local SQLite cache (schema, migrations, queries, search, outbox).
list(APPEND QD_CORE_SOURCES
    cache/cachechanges.h
    cache/cachedatabase.h cache/cachedatabase.cpp
    cache/cacheoutbox.h cache/cacheoutbox.cpp
    cache/cacheschema.h cache/cacheschema.cpp
    cache/cachestore.h cache/cachestore.cpp
    cache/cachetables.h cache/cachetables.cpp
    cache/cachewriter.h cache/cachewriter.cpp
    cache/devicequeries.h cache/devicequeries.cpp
    cache/devicerow.h
    cache/metricrollups.h cache/metricrollups.cpp
    cache/recordqueries.h cache/recordqueries.cpp
    cache/searchindex.h cache/searchindex.cpp
)
