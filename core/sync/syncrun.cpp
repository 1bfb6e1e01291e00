#include "core/sync/syncrun.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/cache/cachestore.h"
#include "core/domain/timeformat.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcSync, "qd.sync")

namespace qd::core {

SyncRun::SyncRun(ApiClient *client, CacheStore *store, const Options &options, QObject *parent)
    : QObject(parent), m_client(client), m_store(store), m_options(options)
{
    m_steps = {
        // First, so that a first sync paints the dashboard while the lists are still coming.
        {QStringLiteral("dashboard"), QStringLiteral("/api/v1/dashboard/summary"), CacheEntity::Device, Kind::Document},
        {QStringLiteral("devices"), QStringLiteral("/api/v1/devices"), CacheEntity::Device, Kind::Delta},
        {QStringLiteral("customers"), QStringLiteral("/api/v1/customers"), CacheEntity::Customer, Kind::Delta},
        {QStringLiteral("alerts"), QStringLiteral("/api/v1/alerts"), CacheEntity::Alert, Kind::Delta},
        {QStringLiteral("alert_rules"), QStringLiteral("/api/v1/alerts/rules"), CacheEntity::AlertRule, Kind::Whole},
        {QStringLiteral("availability"), QStringLiteral("/api/v1/metrics/availability"), CacheEntity::Device, Kind::Availability},
    };
    if (m_options.admin) {
        m_steps.append({QStringLiteral("users"), QStringLiteral("/api/v1/users"), CacheEntity::User, Kind::Paged});
        m_steps.append({QStringLiteral("audit"), QStringLiteral("/api/v1/audit"), CacheEntity::AuditEvent, Kind::Audit});
    }
}

SyncRun::~SyncRun()
{
    for (const QPointer<ApiReply> &reply : std::as_const(m_replies))
        if (reply)
            reply->disconnect(this);
}

void SyncRun::start()
{
    m_running = true;
    m_elapsed.start();
    m_summary = {};
    m_stepIndex = -1;
    nextStep();
}

void SyncRun::cancel()
{
    if (!m_running)
        return;
    qCInfo(lcSync) << "sync cancelled during" << m_steps.value(m_stepIndex).name;
    finish(SyncSummary::Outcome::Cancelled);
}

void SyncRun::nextStep()
{
    if (++m_stepIndex >= m_steps.size())
        return finish(SyncSummary::Outcome::Completed);
    const Step &step = m_steps.at(m_stepIndex);
    const CacheStore::SyncCursor cursor = m_store->syncCursor(step.name);
    m_delta = !m_options.forceFull && cursor.serverTime.isValid() && (step.kind == Kind::Delta || step.kind == Kind::Audit);
    m_summary.full = m_summary.full || (step.kind == Kind::Delta && !m_delta);
    m_since = cursor.serverTime;
    m_seq = cursor.seq;
    m_newCursor = {};
    m_page = 1;
    m_done = m_total = 0;
    m_seen.clear();
    m_inventoryQueue.clear();
    m_inventoryDone.clear();
    m_inventoryTotal = m_inventoryCount = 0;
    if (step.kind == Kind::Document)
        return fetchDocument();
    fetchPage();
}

void SyncRun::fetchDocument()
{
    const Step &step = m_steps.at(m_stepIndex);
    ApiReply *reply = m_client->send(ApiRequest::get(step.path));
    m_replies = {reply};
    reply->then(this, [this](const ApiReply &r) {
        m_replies.clear();
        if (!r.isOk() && r.error().kind() == ApiError::Kind::RateLimited)
            return afterRateLimit(r.error(), [this] { fetchDocument(); });
        if (!r.isOk())
            return fail(r.error());
        const Step &step = m_steps.at(m_stepIndex);
        if (Status s = m_store->putDocument(step.name, r.json()); !s)
            return failCache(s.error());
        emit documentReceived(step.name, r.json());
        m_summary.received.append({step.name, 1});
        nextStep();
    });
}

void SyncRun::fetchPage()
{
    const Step &step = m_steps.at(m_stepIndex);
    QUrlQuery query;
    if (step.kind != Kind::Whole) {
        query.addQueryItem(QStringLiteral("page"), QString::number(m_page));
        query.addQueryItem(QStringLiteral("page_size"), QString::number(pageSize));
    }
    // Availability moves by whole days: pull again from the day of the last pull (it was still
    // under way then); the first pull covers the days reports usually ask for.
    if (step.kind == Kind::Availability) {
        const QDateTime from = m_since.isValid() && !m_options.forceFull ? m_since
                                                                         : QDateTime::currentDateTimeUtc().addDays(-availabilityDays);
        query.addQueryItem(QStringLiteral("from"), toIsoUtc(from));
    }
    // Audit entries never change, so the newest one seen is where the next pull starts.
    if (m_delta)
        query.addQueryItem(step.kind == Kind::Audit ? QStringLiteral("from") : QStringLiteral("updated_since"), toIsoUtc(m_since));
    ApiReply *reply = m_client->send(ApiRequest::get(step.path, query));
    m_replies = {reply};
    reply->then(this, [this](const ApiReply &r) { onPage(r); });
}

void SyncRun::onPage(const ApiReply &reply)
{
    m_replies.clear();
    const Step &step = m_steps.at(m_stepIndex);
    if (!reply.isOk()) {
        // The server's request budget is spent: ask for the same page again once it says so.
        if (reply.error().kind() == ApiError::Kind::RateLimited)
            return afterRateLimit(reply.error(), [this] { fetchPage(); });
        // A server from before availability was served: reports go without it.
        if (step.kind == Kind::Availability && reply.error().kind() == ApiError::Kind::NotFound)
            return nextStep();
        return fail(reply.error());
    }
    const QJsonObject page = reply.json();
    if (step.kind == Kind::Availability)
        return onAvailabilityPage(page);
    const QJsonArray items = page.value(QStringLiteral("items")).toArray();
    // The first page's time: whatever changes while the later pages come is newer than it and
    // is therefore in the next delta.
    if (m_page == 1)
        m_newCursor = fromIsoUtc(page.value(QStringLiteral("server_time")).toString());
    const bool ok = write([&](CacheWriter &w) -> Status {
        if (step.kind != Kind::Audit)
            return w.applyPage(step.entity, page);
        for (const QJsonValue &item : items)
            if (Status s = w.upsertJson(CacheEntity::AuditEvent, item.toObject()); !s)
                return s;
        return success();
    });
    if (!ok)
        return;
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        const QString id = o.value(QStringLiteral("id")).toVariant().toString();
        if (!m_delta)
            m_seen.insert(id);
        if (step.entity == CacheEntity::Device)
            m_inventoryQueue.append(id);
        if (step.kind == Kind::Audit) {
            const QDateTime at = fromIsoUtc(o.value(QStringLiteral("at")).toString());
            if (at.isValid() && (!m_newCursor.isValid() || at > m_newCursor))
                m_newCursor = at;
        }
    }
    m_done += items.size();
    m_total = step.kind == Kind::Whole ? m_done : page.value(QStringLiteral("total")).toInteger();
    emit progress(step.name, m_done, m_total);
    if (step.kind != Kind::Whole && !items.isEmpty() && qint64(m_page) * pageSize < m_total) {
        ++m_page;
        return fetchPage();
    }
    pagesDone();
}

void SyncRun::onAvailabilityPage(const QJsonObject &page)
{
    const QJsonArray items = page.value(QStringLiteral("items")).toArray();
    QList<AvailabilityDay> days;
    for (const QJsonValue &item : items) {
        const QString id = item[QStringLiteral("device_id")].toString();
        for (const QJsonValue &day : item[QStringLiteral("days")].toArray()) {
            const QDate date = QDate::fromString(day[QStringLiteral("day")].toString(), Qt::ISODate);
            if (!date.isValid())
                continue;
            days.append({id, date.startOfDay(Qt::UTC).toMSecsSinceEpoch(), day[QStringLiteral("reported_hours")].toInt(),
                         day[QStringLiteral("expected_hours")].toInt()});
        }
    }
    if (Status s = m_store->metrics().putAvailability(days); !s)
        return failCache(s.error());
    m_done += items.size();
    m_total = page.value(QStringLiteral("total")).toInteger();
    emit progress(m_steps.at(m_stepIndex).name, qint64(m_page) * pageSize < m_total ? qint64(m_page) * pageSize : m_total, m_total);
    if (qint64(m_page) * pageSize < m_total) {
        ++m_page;
        return fetchPage();
    }
    // The next pull starts at the day this one ended in.
    const QDateTime to = fromIsoUtc(page.value(QStringLiteral("to")).toString());
    m_newCursor = to.isValid() ? to.date().startOfDay(Qt::UTC) : QDateTime::currentDateTimeUtc().date().startOfDay(Qt::UTC);
    completeStep();
}

void SyncRun::pagesDone()
{
    if (m_steps.at(m_stepIndex).entity == CacheEntity::Device && !m_inventoryQueue.isEmpty()) {
        m_inventoryTotal = m_inventoryQueue.size();
        return fetchInventories();
    }
    completeStep();
}

void SyncRun::fetchInventories()
{
    while (m_running && !m_throttled && !m_inventoryQueue.isEmpty() && m_replies.size() < m_options.inventoryConcurrency) {
        // Many per request; a server without that route gets one request per device.
        const qsizetype n = m_inventoryPerDevice ? 1 : std::min<qsizetype>(m_options.inventoriesPerRequest, m_inventoryQueue.size());
        const QStringList ids = m_inventoryQueue.mid(0, n);
        m_inventoryQueue.remove(0, n);
        ApiRequest request;
        if (m_inventoryPerDevice) {
            request = ApiRequest::get(QStringLiteral("/api/v1/devices/%1/inventory").arg(ids.first()));
        } else {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("ids"), ids.join(QLatin1Char(',')));
            request = ApiRequest::get(QStringLiteral("/api/v1/devices/inventories"), query);
        }
        ApiReply *reply = m_client->send(request);
        m_replies.append(reply);
        reply->then(this, [this, ids, reply](const ApiReply &r) {
            m_replies.removeAll(reply);
            onInventories(ids, r);
        });
    }
}

void SyncRun::throttled(const QStringList &deviceIds, const ApiReply &reply)
{
    m_inventoryQueue = deviceIds + m_inventoryQueue;
    if (m_throttled)
        return;
    m_throttled = true;
    afterRateLimit(reply.error(), [this] {
        m_throttled = false;
        fetchInventories();
    });
}

void SyncRun::afterRateLimit(const ApiError &error, const std::function<void()> &again)
{
    const int waitS = std::clamp(error.retryAfterSeconds(), 1, 60);
    qCInfo(lcSync) << "rate-limited during" << m_steps.value(m_stepIndex).name << "; continuing in" << waitS << "s";
    QTimer::singleShot(std::chrono::seconds(waitS), this, [this, again] {
        if (m_running) // not cancelled or failed meanwhile
            again();
    });
}

void SyncRun::onInventories(const QStringList &deviceIds, const ApiReply &reply)
{
    // The server's request budget is spent: wait as long as it says, then go on where this left off.
    if (!reply.isOk() && reply.error().kind() == ApiError::Kind::RateLimited)
        return throttled(deviceIds, reply);
    if (m_inventoryPerDevice) {
        // A device deleted since its page came has no inventory any more; its tombstone follows.
        if (!reply.isOk() && reply.error().kind() != ApiError::Kind::NotFound)
            return fail(reply.error());
        if (reply.isOk())
            m_inventoryDone.append({deviceIds.first(), reply.json()});
        return inventoriesArrived(1);
    }
    if (!reply.isOk() && reply.error().kind() == ApiError::Kind::NotFound) {
        qCInfo(lcSync) << "the server has no batch inventory route; pulling one inventory per device";
        m_inventoryPerDevice = true;
        m_inventoryQueue = deviceIds + m_inventoryQueue;
        return fetchInventories();
    }
    if (!reply.isOk())
        return fail(reply.error());
    // Devices deleted since their page came are "missing"; their tombstones follow.
    for (const QJsonValue &item : reply.json().value(QStringLiteral("items")).toArray())
        m_inventoryDone.append({item[QStringLiteral("device_id")].toString(), item[QStringLiteral("inventory")].toObject()});
    inventoriesArrived(deviceIds.size());
}

void SyncRun::inventoriesArrived(qint64 count)
{
    m_inventoryCount += count;
    if (m_inventoryDone.size() >= m_options.inventoryBatch && !flushInventories())
        return;
    emit progress(QStringLiteral("inventory"), m_inventoryCount, m_inventoryTotal);
    if (m_inventoryCount < m_inventoryTotal)
        return fetchInventories();
    if (flushInventories())
        completeStep();
}

bool SyncRun::flushInventories()
{
    if (m_inventoryDone.isEmpty())
        return true;
    const auto batch = std::exchange(m_inventoryDone, {});
    QStringList ids;
    for (const auto &entry : batch)
        ids.append(entry.first);
    // A live event may have deleted a device since its page came; its inventory has no place.
    const auto rows = m_store->devices().rows(ids);
    if (!rows) {
        failCache(rows.error());
        return false;
    }
    QSet<QString> present;
    for (const DeviceRow &row : rows.value())
        present.insert(row.id);
    m_summary.inventories += present.size();
    return write([&](CacheWriter &w) -> Status {
        for (const auto &[id, json] : batch)
            if (present.contains(id))
                if (Status s = w.putInventory(id, DeviceInventory::fromJson(json)); !s)
                    return s;
        return success();
    });
}

void SyncRun::completeStep()
{
    const Step &step = m_steps.at(m_stepIndex);
    if (!m_delta && step.kind != Kind::Audit && step.kind != Kind::Availability && !reconcile())
        return;
    if (!m_newCursor.isValid())
        m_newCursor = m_since.isValid() && step.kind == Kind::Audit ? m_since : QDateTime::currentDateTimeUtc();
    if (Status s = m_store->setSyncCursor(step.name, {m_newCursor, m_seq}); !s)
        return failCache(s.error());
    m_summary.received.append({step.name, m_done});
    qCDebug(lcSync) << step.name << (m_delta ? "delta" : "whole") << m_done << "objects";
    nextStep();
}

// After a whole pull the cache holds exactly what the server listed: objects cached earlier (an
// interrupted first sync, or a forced full sync) that the server no longer has are dropped.
bool SyncRun::reconcile()
{
    const Step &step = m_steps.at(m_stepIndex);
    const auto cached = m_store->versions(step.entity);
    if (!cached) {
        failCache(cached.error());
        return false;
    }
    QStringList gone;
    for (auto it = cached.value().cbegin(); it != cached.value().cend(); ++it)
        if (!m_seen.contains(it.key()))
            gone.append(it.key());
    if (gone.isEmpty())
        return true;
    return write([&](CacheWriter &w) -> Status {
        for (const QString &id : std::as_const(gone))
            if (Status s = w.remove(step.entity, id); !s)
                return s;
        return success();
    });
}

bool SyncRun::write(const std::function<Status(CacheWriter &)> &work)
{
    const auto changes = m_store->write(work);
    if (!changes) {
        failCache(changes.error());
        return false;
    }
    if (!changes.value().isEmpty())
        emit changed(changes.value());
    return true;
}

void SyncRun::fail(const ApiError &error)
{
    if (!m_running)
        return;
    qCWarning(lcSync) << "sync failed during" << m_steps.value(m_stepIndex).name << ApiError::kindName(error.kind()) << error.detail();
    m_summary.error = error;
    m_summary.message = error.message();
    finish(SyncSummary::Outcome::Failed);
}

void SyncRun::failCache(const QString &error)
{
    qCWarning(lcSync) << "cache write failed:" << error;
    m_summary.error = {};
    m_summary.message = tr("The local cache could not be written: %1").arg(error);
    finish(SyncSummary::Outcome::Failed);
}

void SyncRun::finish(SyncSummary::Outcome outcome)
{
    if (!m_running)
        return;
    m_running = false;
    // Replies still under way belong to a step that will not complete; their answers must not
    // reach the cache any more.
    for (const QPointer<ApiReply> &reply : std::exchange(m_replies, {}))
        if (reply) {
            reply->disconnect(this);
            reply->cancel();
        }
    m_summary.outcome = outcome;
    m_summary.elapsedMs = m_elapsed.elapsed();
    emit finished(m_summary);
}

} // namespace qd::core
