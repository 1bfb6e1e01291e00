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

Result<QList<AuditEvent>> AuditStore::list(const AuditFilter &f, const PageRequest &page, qint64 *total)
{
    using R = Result<QList<AuditEvent>>;
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
    const auto counted = readCount(c, QStringLiteral("the audit log"));
    if (!counted)
        return R::fail(counted.error());
    *total = counted.value();

    Query q(m_db, QStringLiteral("SELECT id, at, actor_id, actor_email, action, target_type, target_id, request_id, ip, details"
                                 " FROM audit_log%1 ORDER BY at DESC, id DESC LIMIT ? OFFSET ?").arg(clause));
    for (const QVariant &b : binds)
        q.bind(b);
    q.bind(page.pageSize).bind(page.offset());
    return readRows<AuditEvent>(q, QStringLiteral("the audit log"), [](const Query &row) {
        AuditEvent e;
        e.id = row.integer(0);
        e.at = fromMsecs(row.integer(1));
        e.actorId = row.text(2);
        e.actorEmail = row.text(3);
        e.action = row.text(4);
        e.targetType = row.text(5);
        e.targetId = row.text(6);
        e.requestId = row.text(7);
        e.ip = row.text(8);
        e.details = QJsonDocument::fromJson(row.text(9).toUtf8()).object();
        return e;
    });
}

} // namespace qd::server
