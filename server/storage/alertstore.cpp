#include "server/storage/alertstore.h"

#include "core/domain/timeformat.h"

namespace qd::server {

namespace {
const QString columns = QStringLiteral(
    "a.id, a.rule_id, a.rule_name, a.device_id, d.hostname, d.customer_id, a.severity, a.state, a.message, a.metric,"
    " a.value, a.threshold, a.started_at, a.raised_at, a.acked_at, a.acked_by, a.ack_note, a.resolved_at,"
    " a.resolved_by, a.resolve_note, a.updated_at, a.version");
const QString from = QStringLiteral(" FROM alerts a JOIN devices d ON d.id = a.device_id");

QVariant numberOrNull(const std::optional<double> &v)
{
    return v ? QVariant(*v) : QVariant();
}

Alert readAlert(const Query &q)
{
    Alert a;
    a.id = q.text(0);
    a.ruleId = q.text(1);
    a.ruleName = q.text(2);
    a.deviceId = q.text(3);
    a.hostname = q.text(4);
    a.customerId = q.text(5);
    a.severity = severityFromName(q.text(6)).value_or(Severity::Warning);
    a.state = alertStateFromName(q.text(7)).value_or(AlertState::Open);
    a.message = q.text(8);
    a.metric = q.text(9);
    if (!q.value(10).isNull())
        a.value = q.value(10).toDouble();
    if (!q.value(11).isNull())
        a.threshold = q.value(11).toDouble();
    a.startedAt = fromMsecs(q.integer(12));
    a.raisedAt = fromMsecs(q.integer(13));
    a.ackedAt = timeOrNull(q.value(14));
    a.ackedBy = q.text(15);
    a.ackNote = q.text(16);
    a.resolvedAt = timeOrNull(q.value(17));
    a.resolvedBy = q.text(18);
    a.resolveNote = q.text(19);
    a.updatedAt = fromMsecs(q.integer(20));
    a.version = q.integer(21);
    return a;
}

const QString muteColumns = QStringLiteral("device_id, until, reason, created_by, created_at");

DeviceMute readMute(const Query &q)
{
    return DeviceMute{q.text(0), fromMsecs(q.integer(1)), q.text(2), q.text(3), fromMsecs(q.integer(4))};
}

template <typename T>
QString inList(const QList<T> &values, QString (*name)(T), QVariantList &binds)
{
    QStringList marks;
    for (T v : values) {
        marks << QStringLiteral("?");
        binds << name(v);
    }
    return marks.join(QLatin1Char(','));
}
} // namespace

QJsonObject DeviceMute::toJson() const
{
    return {{QStringLiteral("device_id"), deviceId},
            {QStringLiteral("until"), toJsonTime(until)},
            {QStringLiteral("reason"), reason},
            {QStringLiteral("created_by"), createdBy},
            {QStringLiteral("created_at"), toJsonTime(createdAt)}};
}

Result<QList<Alert>> AlertStore::list(const AlertFilter &f, qint64 *total)
{
    using R = Result<QList<Alert>>;
    QStringList where;
    QVariantList binds;
    if (!f.states.isEmpty())
        where << QStringLiteral("a.state IN (%1)").arg(inList(f.states, &alertStateName, binds));
    if (!f.severities.isEmpty())
        where << QStringLiteral("a.severity IN (%1)").arg(inList(f.severities, &severityName, binds));
    if (!f.deviceId.isEmpty()) {
        where << QStringLiteral("a.device_id = ?");
        binds << f.deviceId;
    }
    if (!f.customerId.isEmpty()) {
        where << QStringLiteral("d.customer_id = ?");
        binds << f.customerId;
    }
    if (!f.ruleId.isEmpty()) {
        where << QStringLiteral("a.rule_id = ?");
        binds << f.ruleId;
    }
    if (f.from.isValid()) {
        where << QStringLiteral("a.raised_at >= ?");
        binds << toMsecs(f.from);
    }
    if (f.to.isValid()) {
        where << QStringLiteral("a.raised_at < ?");
        binds << toMsecs(f.to);
    }
    if (f.updatedSince.isValid()) {
        where << QStringLiteral("a.updated_at > ?");
        binds << toMsecs(f.updatedSince);
    }
    const QString clause = where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    Query count(m_db, QStringLiteral("SELECT COUNT(*)") + from + clause);
    for (const QVariant &b : binds)
        count.bind(b);
    const auto counted = readCount(count, QStringLiteral("the alerts"));
    if (!counted)
        return R::fail(counted.error());
    *total = counted.value();

    const QString order = f.updatedSince.isValid() ? QStringLiteral("a.updated_at, a.id")
                          : f.newestFirst          ? QStringLiteral("a.raised_at DESC, a.id DESC")
                                                   : QStringLiteral("a.raised_at, a.id");
    Query q(m_db, QStringLiteral("SELECT ") + columns + from + clause + QStringLiteral(" ORDER BY ") + order
                      + QStringLiteral(" LIMIT ? OFFSET ?"));
    for (const QVariant &b : binds)
        q.bind(b);
    q.bind(f.page.pageSize).bind(f.page.offset());
    return readRows<Alert>(q, QStringLiteral("the alerts"), readAlert);
}

std::optional<Alert> AlertStore::byId(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT ") + columns + from + QStringLiteral(" WHERE a.id = ?"));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readAlert(q);
}

Result<QList<Alert>> AlertStore::active()
{
    Query q(m_db, QStringLiteral("SELECT ") + columns + from + QStringLiteral(" WHERE a.state <> 'resolved'"));
    return readRows<Alert>(q, QStringLiteral("the active alerts"), readAlert);
}

Status AlertStore::insert(Alert &a)
{
    Query q(m_db, QStringLiteral("INSERT INTO alerts (id, rule_id, rule_name, device_id, severity, state, message, metric,"
                                 " value, threshold, started_at, raised_at, notified_at, updated_at, version)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"));
    q.bindAll({a.id, nullIfEmpty(a.ruleId), a.ruleName, a.deviceId, severityName(a.severity),
               alertStateName(a.state), a.message, a.metric, numberOrNull(a.value), numberOrNull(a.threshold),
               toMsecs(a.startedAt), toMsecs(a.raisedAt), toMsecs(a.raisedAt), toMsecs(a.updatedAt)});
    if (!q.exec())
        return failure(q.lastError());
    a.version = 1;
    return success();
}

Status AlertStore::update(Alert &a, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE alerts SET state = ?, value = ?, acked_at = ?, acked_by = ?, ack_note = ?,"
                                 " resolved_at = ?, resolved_by = ?, resolve_note = ?, updated_at = ?,"
                                 " version = version + 1 WHERE id = ?"));
    q.bindAll({alertStateName(a.state), numberOrNull(a.value), msecsOrNull(a.ackedAt),
               nullIfEmpty(a.ackedBy), a.ackNote, msecsOrNull(a.resolvedAt),
               nullIfEmpty(a.resolvedBy), a.resolveNote, toMsecs(at), a.id});
    if (!q.exec())
        return failure(q.lastError());
    a.updatedAt = at;
    ++a.version;
    return success();
}

Status AlertStore::setNotified(const QString &id, const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE alerts SET notified_at = ? WHERE id = ?"));
    q.bindAll({toMsecs(at), id});
    return q.exec() ? success() : failure(q.lastError());
}

AlertStore::Counts AlertStore::counts(const QDateTime &now)
{
    Counts c;
    Query active(m_db, QStringLiteral("SELECT state, severity, COUNT(*) FROM alerts WHERE state <> 'resolved' GROUP BY state, severity"));
    if (active.exec()) {
        while (active.next()) {
            const auto state = alertStateFromName(active.text(0));
            const auto severity = severityFromName(active.text(1));
            if (state)
                c.byState[*state] += active.integer(2);
            if (severity)
                c.activeBySeverity[*severity] += active.integer(2);
        }
    }
    const qint64 dayAgo = toMsecs(now) - 24LL * 3600 * 1000;
    Query resolved(m_db, QStringLiteral("SELECT COUNT(*) FROM alerts WHERE state = 'resolved' AND resolved_at >= ?"));
    resolved.bind(dayAgo);
    if (resolved.exec() && resolved.next())
        c.byState[AlertState::Resolved] = resolved.integer(0);
    Query raised(m_db, QStringLiteral("SELECT COUNT(*) FROM alerts WHERE raised_at >= ?"));
    raised.bind(dayAgo);
    if (raised.exec() && raised.next())
        c.raisedLastDay = raised.integer(0);
    return c;
}

QHash<QString, DeviceMute> AlertStore::mutes()
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM device_mutes").arg(muteColumns));
    QHash<QString, DeviceMute> out;
    if (q.exec()) {
        while (q.next())
            out.insert(q.text(0), readMute(q));
    }
    return out;
}

std::optional<DeviceMute> AlertStore::mute(const QString &deviceId)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM device_mutes WHERE device_id = ?").arg(muteColumns));
    q.bind(deviceId);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readMute(q);
}

Status AlertStore::setMute(const DeviceMute &m)
{
    Query q(m_db, QStringLiteral("INSERT INTO device_mutes (device_id, until, reason, created_by, created_at) VALUES (?, ?, ?, ?, ?)"
                                 " ON CONFLICT (device_id) DO UPDATE SET until = excluded.until, reason = excluded.reason,"
                                 " created_by = excluded.created_by, created_at = excluded.created_at"));
    q.bindAll({m.deviceId, toMsecs(m.until), m.reason, m.createdBy, toMsecs(m.createdAt)});
    return q.exec() ? success() : failure(q.lastError());
}

Status AlertStore::clearMute(const QString &deviceId)
{
    Query q(m_db, QStringLiteral("DELETE FROM device_mutes WHERE device_id = ?"));
    q.bind(deviceId);
    return q.exec() ? success() : failure(q.lastError());
}

} // namespace qd::server
