# The console's live updates: the WebSocket channel to the server's live hub.
list(APPEND QD_CORE_SOURCES sync/livechannel.h sync/livechannel.cpp)
