#include "core/sync/outboxreplayer.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/cache/cachestore.h"
#include "core/sync/cacheapply.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace qd::core {

namespace {

// Failures that say nothing about the edit itself: keep it and try again later. A session that
// ended (401) also keeps its edits until the user signs in again.
bool isTransient(ApiError::Kind kind)
{
    switch (kind) {
    case ApiError::Kind::Network:
    case ApiError::Kind::Timeout:
    case ApiError::Kind::Tls:
    case ApiError::Kind::Server:
    case ApiError::Kind::RateLimited:
    case ApiError::Kind::Unauthorized:
    case ApiError::Kind::Cancelled:
        return true;
    default:
        return false;
    }
}

// "/api/v1/<collection>/<id>": the object an entry writes to.
QString objectOf(const QString &path)
{
    return path.section(QLatin1Char('/'), 0, 4);
}

} // namespace

OutboxReplayer::OutboxReplayer(ApiClient *client, CacheStore *store, QObject *parent)
    : QObject(parent), m_client(client), m_store(store)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &OutboxReplayer::replay);
}

void OutboxReplayer::setRetryDelays(std::chrono::milliseconds first, std::chrono::milliseconds cap)
{
    m_retryFirst = first;
    m_retryCap = cap;
}

Result<qint64> OutboxReplayer::acknowledgeAlert(const QString &alertId, const QString &note)
{
    return editAlert(alertId, false, note);
}

Result<qint64> OutboxReplayer::resolveAlert(const QString &alertId, const QString &note)
{
    return editAlert(alertId, true, note);
}

Result<qint64> OutboxReplayer::setDeviceNotes(const QString &deviceId, const QString &notes)
{
    return editDevice(deviceId, {{QStringLiteral("notes"), notes}});
}

Result<qint64> OutboxReplayer::setDeviceTags(const QString &deviceId, const QStringList &tags)
{
    return editDevice(deviceId, {{QStringLiteral("tags"), QJsonArray::fromStringList(tags)}});
}

Result<qint64> OutboxReplayer::editAlert(const QString &alertId, bool resolve, const QString &note)
{
    std::optional<Alert> alert = m_store->records().alert(alertId);
    if (!alert)
        return Result<qint64>::fail(tr("The alert is not in the local cache."));
    const QString path = QStringLiteral("/api/v1/alerts/%1/%2").arg(alertId, resolve ? QStringLiteral("resolve") : QStringLiteral("ack"));
    QJsonObject body;
    if (!note.isEmpty())
        body.insert(QStringLiteral("note"), note);
    const qint64 version = alert->version;
    const QDateTime now = m_clock();
    if (resolve) {
        alert->state = AlertState::Resolved;
        alert->resolvedAt = now;
        alert->resolveNote = note;
    } else {
        alert->state = AlertState::Acknowledged;
        alert->ackedAt = now;
        alert->ackNote = note;
    }
    qint64 id = 0;
    const auto changes = m_store->write([&](CacheWriter &w) -> Status {
        const auto queued = m_store->outbox().enqueue(QStringLiteral("POST"), path, QJsonDocument(body).toJson(QJsonDocument::Compact), version);
        if (!queued)
            return failure(queued.error());
        id = queued.value();
        return w.upsertAlert(*alert);
    });
    if (!changes)
        return Result<qint64>::fail(changes.error());
    emit changed(changes.value());
    emit pendingCountChanged(pendingCount());
    return Result<qint64>::ok(id);
}

Result<qint64> OutboxReplayer::editDevice(const QString &deviceId, const QJsonObject &patch)
{
    std::optional<Device> device = m_store->devices().device(deviceId);
    if (!device)
        return Result<qint64>::fail(tr("The device is not in the local cache."));
    const qint64 version = device->version;
    if (patch.contains(QStringLiteral("notes")))
        device->notes = patch.value(QStringLiteral("notes")).toString();
    if (patch.contains(QStringLiteral("tags"))) {
        device->tags.clear();
        for (const QJsonValue &tag : patch.value(QStringLiteral("tags")).toArray())
            device->tags.append(tag.toString());
    }
    qint64 id = 0;
    const auto changes = m_store->write([&](CacheWriter &w) -> Status {
        const auto queued = m_store->outbox().enqueue(QStringLiteral("PATCH"), QStringLiteral("/api/v1/devices/") + deviceId,
                                                      QJsonDocument(patch).toJson(QJsonDocument::Compact), version);
        if (!queued)
            return failure(queued.error());
        id = queued.value();
        return w.upsertDevice(*device);
    });
    if (!changes)
        return Result<qint64>::fail(changes.error());
    emit changed(changes.value());
    emit pendingCountChanged(pendingCount());
    return Result<qint64>::ok(id);
}

qint64 OutboxReplayer::pendingCount() const
{
    return m_store->outbox().count(OutboxEntry::State::Pending);
}

void OutboxReplayer::replay()
{
    if (m_reply) {
        m_again = true; // an entry is under way; look again once it is answered
        return;
    }
    m_retry.stop();
    sendNext();
}

void OutboxReplayer::sendNext()
{
    const auto pending = m_store->outbox().pending();
    if (!pending || pending.value().isEmpty()) {
        if (!pending)
            qCWarning(lcSync) << "outbox not readable:" << pending.error();
        m_retryDelay = {};
        emit replayFinished();
        return;
    }
    const OutboxEntry entry = pending.value().constFirst();
    ApiRequest request;
    request.method = entry.method.toLatin1();
    request.path = entry.path;
    if (!entry.body.isEmpty())
        request.body = QJsonDocument::fromJson(entry.body);
    request.idempotencyKey = entry.idempotencyKey;
    if (entry.ifMatch)
        request.ifMatch = ApiRequest::etagForVersion(*entry.ifMatch);
    m_again = false;
    m_reply = m_client->send(request);
    m_reply->then(this, [this, entry](const ApiReply &reply) {
        m_reply = nullptr;
        onAnswer(entry, reply);
    });
}

void OutboxReplayer::onAnswer(const OutboxEntry &entry, const ApiReply &reply)
{
    const ApiError &error = reply.error();
    if (reply.isOk()) {
        if (Status s = m_store->outbox().markSent(entry.id); !s)
            qCWarning(lcSync) << "outbox entry" << entry.id << "sent but not marked:" << s.error();
        applyAnswer(entry, reply.json());
        report(entry.id, OutboxEntry::State::Sent);
    } else if (error.kind() == ApiError::Kind::PreconditionFailed) {
        QJsonObject problem = QJsonDocument::fromJson(reply.body()).object();
        if (problem.isEmpty())
            problem = {{QStringLiteral("status"), 412}, {QStringLiteral("title"), error.message()}};
        (void)m_store->outbox().markConflict(entry.id, problem);
        report(entry.id, OutboxEntry::State::Conflict);
    } else if (isTransient(error.kind())) {
        (void)m_store->outbox().markAttemptFailed(entry.id, error.message());
        qCInfo(lcSync) << "outbox replay paused:" << ApiError::kindName(error.kind()) << error.detail();
        emit offline(error);
        scheduleRetry();
        return;
    } else {
        (void)m_store->outbox().markFailed(entry.id, error.message(), QJsonDocument::fromJson(reply.body()).object());
        report(entry.id, OutboxEntry::State::Failed);
    }
    sendNext();
}

// The later edits of the same object were made on top of this one, against the version it was
// made against: once it is in, they apply to the version it produced.
void OutboxReplayer::carryVersion(const OutboxEntry &sent, qint64 newVersion)
{
    const auto pending = m_store->outbox().pending();
    if (!pending || !sent.ifMatch)
        return;
    for (const OutboxEntry &e : pending.value())
        if (objectOf(e.path) == objectOf(sent.path) && e.ifMatch == sent.ifMatch)
            (void)m_store->outbox().requeue(e.id, newVersion);
}

void OutboxReplayer::applyAnswer(const OutboxEntry &entry, const QJsonObject &answer)
{
    CacheEntity entity;
    QString id;
    if (!entityOfPath(entry.path, &entity, &id) || answer.value(QStringLiteral("id")).toString() != id)
        return;
    carryVersion(entry, answer.value(QStringLiteral("version")).toInteger());
    const auto changes = m_store->write([&](CacheWriter &w) { return w.upsertJson(entity, answer); });
    if (!changes)
        qCWarning(lcSync) << "answer to outbox entry" << entry.id << "not cached:" << changes.error();
    else if (!changes.value().isEmpty())
        emit changed(changes.value());
}

void OutboxReplayer::scheduleRetry()
{
    m_retryDelay = m_retryDelay.count() == 0 ? m_retryFirst : std::min(m_retryDelay * 2, m_retryCap);
    m_retry.start(m_retryDelay);
    if (m_again) {
        m_again = false;
        m_retry.start(0);
    }
}

void OutboxReplayer::report(qint64 id, OutboxEntry::State state)
{
    emit entryFinished(id, state);
    emit pendingCountChanged(pendingCount());
}

} // namespace qd::core
