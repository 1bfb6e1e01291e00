#pragma once

#include "core/domain/clock.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QSslError>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>

class QWebSocket;

namespace qd::core {

// How the live channel paces itself. The defaults suit a real server (it pings every 20 s and
// drops a client silent for 60 s); tests shrink them.
struct LiveTimings
{
    std::chrono::milliseconds pingInterval{25'000};
    std::chrono::milliseconds pongTimeout{10'000};
    // From opening the socket until the channel is online (TCP, TLS, upgrade, auth, subscribe,
    // resume): a peer that accepts the connection but never answers must not hold it forever.
    std::chrono::milliseconds connectTimeout{20'000};
    std::chrono::milliseconds backoffBase{1'000};
    std::chrono::milliseconds backoffCap{60'000};
};

// The console's end of the server's live WebSocket (`/api/v1/ws`, docs/LIVE.md): authenticates
// with the current access token, subscribes to the caller's topics, keeps the connection alive
// with pings and a pong deadline, reconnects with jittered exponential back-off and resumes from
// the last event it delivered, so that no event is lost across a short disconnect.
//
// Resume point: the channel itself tracks the highest seq it has delivered through
// eventReceived() (plus what acknowledgements prove covered). A consumer must therefore take an
// event over before the signal returns (queue it for its next batch). Across program runs the
// SyncEngine may seed the point with setResumePoint() from its stored cursor.
//
// Whenever the channel cannot vouch that nothing was missed — the first connection, the server
// evicted the events or restarted, the client fell too far behind — it emits resyncRequired():
// the SyncEngine then pulls deltas over REST while live events keep arriving, and calls
// markSynced() once it is done.
class LiveChannel : public QObject
{
    Q_OBJECT
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QDateTime lastSyncAt READ lastSyncAt NOTIFY lastSyncAtChanged)

public:
    enum class State { Offline, Connecting, Online };
    Q_ENUM(State)

    // Returns the session's current access token (empty: none).
    using TokenProvider = std::function<QString()>;

    // `serverUrl` is the REST base URL (http[s]://host:port[/prefix]).
    LiveChannel(const QUrl &serverUrl, TokenProvider tokens, QObject *parent = nullptr);
    ~LiveChannel() override;

    // ws:// for http, wss:// for https, at <prefix>/api/v1/ws.
    static QUrl webSocketUrl(const QUrl &serverUrl);
    // The wait before reconnect attempt `failures` (1, 2, ...): base·2^(failures-1), capped,
    // then scaled into [½, 1] of that by `jitter` in [0, 1] so clients do not return in step.
    static std::chrono::milliseconds backoffDelay(int failures, std::chrono::milliseconds base,
                                                  std::chrono::milliseconds cap, double jitter);

    // Decides about the server's certificate beyond the configuration's CAs: called with the
    // handshake's errors (true: accept them, e.g. a pinned self-signed certificate) and, once
    // encrypted, with none (false: refuse, e.g. a CA-valid certificate that is not the pinned one).
    using PeerCheck = std::function<bool(const QSslCertificate &peer, const QList<QSslError> &errors)>;

    // For wss://: the same CAs and pin as the REST client's (TlsPolicy::sslConfiguration(), and
    // its pinAccepts()/pinRejects() as `check`).
    void setSslConfiguration(const QSslConfiguration &configuration, PeerCheck check = {});
    void setTimings(const LiveTimings &timings);
    void setClock(Clock clock);

    // Topics are kept across reconnects; changes go to the server at once when connected.
    void setTopics(const QStringList &topics);
    void subscribe(const QStringList &topics);
    void unsubscribe(const QStringList &topics);
    QStringList topics() const { return m_topics; }

    // The seq the next resume starts after (0: none yet, the next connection asks for a resync).
    qint64 resumePoint() const { return m_lastSeq; }
    void setResumePoint(qint64 seq);

    State state() const { return m_state; }
    // When an event was last delivered or the channel was last known complete (resumed, or
    // markSynced() after a delta pull); invalid before that.
    QDateTime lastSyncAt() const { return m_lastSyncAt; }
    // When the server stops accepting the current access token on this connection.
    QDateTime tokenExpiresAt() const { return m_tokenExpiresAt; }

public slots:
    // Connects now and keeps reconnecting until stop().
    void start();
    // Closes the connection; no reconnect until start() or reconnect().
    void stop();
    // Connects again after authenticationFailed() or topicRejected(). After failures the
    // attempt still waits out the current back-off, so a caller that answers every failure
    // with reconnect() cannot hammer the server. Does nothing while connected or connecting.
    void reconnect();
    // The session rotated the access token: authenticate the open connection with the new one
    // before the old one expires (the server closes a connection whose token ran out).
    void tokenRefreshed();
    // The delta pull asked for by resyncRequired() is done.
    void markSynced();

signals:
    void stateChanged(qd::core::LiveChannel::State state);
    void lastSyncAtChanged(const QDateTime &at);
    void eventReceived(const QString &topic, qint64 seq, const QJsonObject &data);
    // Pull deltas over REST (updated_since); live events continue meanwhile.
    void resyncRequired(qint64 seq);
    // After a reconnect: the events missed in between were delivered again.
    void resumed(qint64 since, int replayed);
    // Every "authenticated" answer, the first and those after tokenRefreshed().
    void authenticated(const QDateTime &expiresAt);
    // The server refused the token (4401). The channel stays offline: refresh the token, then
    // call reconnect() (or tokenRefreshed()).
    void authenticationFailed(const QString &reason);
    // The server refused a topic (4403). A topic the channel could tell from the server's reason
    // is dropped and the channel reconnects without it; otherwise `topic` is empty and the
    // channel stays offline until the topics change or reconnect() is called.
    void topicRejected(const QString &topic, const QString &reason);
    // TLS verification failed; the connection is not made (never ignored here).
    void tlsErrors(const QList<QSslError> &errors);
    // The next attempt is due in `delayMs`.
    void retryScheduled(int delayMs);

private:
    enum class Phase { Idle, Opening, Authenticating, Subscribing, Resuming, Live };
    enum class Halt { None, Stopped, Auth, Topics };

    void open();
    void onConnected();
    void onText(const QString &text);
    void onEvent(const QJsonObject &message);
    void onSubscribed(qint64 seq);
    void onResumeAnswer(const QJsonObject &message, bool complete);
    void onKeepAliveTick();
    void onDeadline();
    void connectionLost();
    void handleTopicRejection(const QString &reason);
    void scheduleRetry();
    void goLive();
    void deliver(const QJsonObject &message);
    void sendJson(const QJsonObject &message);
    void sendAuth();
    void changeTopics(const QStringList &topics, bool subscribe);
    void advanceTo(qint64 seq);
    void touchSync();
    void setState(State state);
    bool authenticatedOnSocket() const;

    const QUrl m_url;
    TokenProvider m_tokens;
    QSslConfiguration m_ssl = QSslConfiguration::defaultConfiguration();
    PeerCheck m_peerCheck;
    LiveTimings m_timings;
    Clock m_clock = systemClock();

    QWebSocket *m_socket = nullptr; // one per attempt, owned by this
    Phase m_phase = Phase::Idle;
    Halt m_halt = Halt::Stopped;
    State m_state = State::Offline;
    QStringList m_topics;
    qint64 m_lastSeq = 0;
    qint64 m_subscribedSeq = 0;     // the subscribe answer of this connection: later events come live
    QList<QJsonObject> m_held;      // live events that arrived while the replay was still coming
    int m_failures = 0;             // consecutive; reset once a connection proves healthy
    bool m_healthy = false;
    QDateTime m_lastSyncAt;
    QDateTime m_tokenExpiresAt;

    QTimer m_retryTimer;
    QTimer m_pingTimer;
    QTimer m_deadline; // connect timeout while connecting, pong timeout once online
};

} // namespace qd::core
