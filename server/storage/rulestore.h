#pragma once

#include "core/domain/alert.h"
#include "core/domain/result.h"
#include "server/storage/database.h"

#include <QHash>
#include <optional>

namespace qd::server {

// Alert rules, and what the engine remembers per rule and device between samples.
class RuleStore
{
public:
    explicit RuleStore(Database &db) : m_db(db) {}

    Result<QList<AlertRule>> list(); // by name
    std::optional<AlertRule> byId(const QString &id);
    bool nameTaken(const QString &name, const QString &exceptId = {});
    Status insert(const AlertRule &rule);
    Status update(AlertRule &rule); // every field but id/created_at; bumps version
    Status remove(const QString &id);

    // Engine state, as opaque JSON text per (rule, device).
    QHash<QPair<QString, QString>, QByteArray> loadStates();
    Status saveState(const QString &ruleId, const QString &deviceId, const QByteArray &state);
    Status removeState(const QString &ruleId, const QString &deviceId);

private:
    Database &m_db;
};

} // namespace qd::server
