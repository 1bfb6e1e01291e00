#include "server/storage/auditstore.h"

#include "core/domain/timeformat.h"

#include <QJsonDocument>

namespace qd::server {

Status AuditStore::append(AuditEvent &e)
{
    Query q(m_db, QStringLiteral("INSERT INTO audit_log (at, actor_id, actor_email, action, target_type, target_id,"
                                 " request_id, ip, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    q.bindAll({toMsecs(e.at), e.actorId, e.actorEmail, e.action, e.targetType, e.targetId, e.requestId, e.ip,
               QString::fromUtf8(QJsonDocument(e.details).toJson(QJsonDocument::Compact))});
    if (!q.exec())
        return failure(q.lastError());
    e.id = q.lastInsertId().toLongLong();
    return success();
}

QList<AuditEvent> AuditStore::list(const AuditFilter &f, const PageRequest &page, qint64 *total)
{
    QStringList where;
    QVariantList binds;
    if (!f.actor.isEmpty()) {
        where << QStringLiteral("(actor_id = ? OR actor_email = ?)");
        binds << f.actor << f.actor.toLower();
    }
    if (!f.action.isEmpty()) {
        if (f.action.endsWith(QLatin1Char('.'))) {
            where << QStringLiteral("action LIKE ?");
            binds << QString(f.action).replace(QLatin1String("_"), QLatin1String("\\_")) + QLatin1Char('%');
            where.last().append(QStringLiteral(" ESCAPE '\\'"));
        } else {
            where << QStringLiteral("action = ?");
            binds << f.action;
        }
    }
    if (!f.targetType.isEmpty()) {
        where << QStringLiteral("target_type = ?");
        binds << f.targetType;
    }
    if (!f.targetId.isEmpty()) {
        where << QStringLiteral("target_id = ?");
        binds << f.targetId;
    }
    if (f.from.isValid()) {
        where << QStringLiteral("at >= ?");
        binds << toMsecs(f.from);
    }
    if (f.to.isValid()) {
        where << QStringLiteral("at < ?");
        binds << toMsecs(f.to);
    }
    const QString clause = where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));

    Query c(m_db, QStringLiteral("SELECT COUNT(*) FROM audit_log") + clause);
    for (const QVariant &b : binds)
        c.bind(b);
    *total = c.exec() && c.next() ? c.integer(0) : 0;

    Query q(m_db, QStringLiteral("SELECT id, at, actor_id, actor_email, action, target_type, target_id, request_id, ip, details"
                                 " FROM audit_log%1 ORDER BY at DESC, id DESC LIMIT ? OFFSET ?").arg(clause));
    for (const QVariant &b : binds)
        q.bind(b);
    q.bind(page.pageSize).bind(page.offset());
    QList<AuditEvent> events;
    if (q.exec()) {
        while (q.next()) {
            AuditEvent e;
            e.id = q.integer(0);
            e.at = fromMsecs(q.integer(1));
            e.actorId = q.text(2);
            e.actorEmail = q.text(3);
            e.action = q.text(4);
            e.targetType = q.text(5);
            e.targetId = q.text(6);
            e.requestId = q.text(7);
            e.ip = q.text(8);
            e.details = QJsonDocument::fromJson(q.text(9).toUtf8()).object();
            events.append(e);
        }
    }
    return events;
}

} // namespace qd::server
