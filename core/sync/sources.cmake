# The console's live updates: the WebSocket channel to the server's live hub.
list(APPEND QD_CORE_SOURCES sync/livechannel.h sync/livechannel.cpp)
# The sync engine: pulls into the cache, live events in batches, the outbox of offline edits.
list(APPEND QD_CORE_SOURCES sync/syncengine.h sync/syncengine.cpp sync/syncrun.h sync/syncrun.cpp
     sync/cacheapply.h sync/cacheapply.cpp sync/liveeventbatcher.h sync/liveeventbatcher.cpp
     sync/outboxreplayer.h sync/outboxreplayer.cpp)
