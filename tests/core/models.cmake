# List models and proxies over the cache: QAbstractItemModelTester, incremental updates,
# filters and sorts against brute force, incremental audit loading.
qd_add_test(tst_models SOURCES core/tst_models.cpp core/cachefixtures.h core/cachefixtures.cpp LIBS qd_core LABELS unit)
