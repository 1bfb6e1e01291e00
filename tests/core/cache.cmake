# CacheStore: schema, upserts with change sets, search, outbox, rollups, recovery of bad files.
qd_add_test(tst_cachestore SOURCES core/tst_cachestore.cpp core/cachefixtures.h core/cachefixtures.cpp LIBS qd_core LABELS unit)
