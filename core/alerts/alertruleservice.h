#pragma once

#include "core/api/apierror.h"
#include "core/domain/alert.h"

#include <QObject>

namespace qd::core {

class Workspace;

// Creates, changes and deletes alert rules on the server (they need it: a rule edited offline
// would raise nothing until synced) and puts the server's answer into the cache at once, so the
// list shows it without waiting for the next sync. Changes carry the version they were made
// against (If-Match): a rule changed meanwhile is refused with 412 and reloaded.
class AlertRuleService : public QObject
{
    Q_OBJECT

public:
    explicit AlertRuleService(Workspace *workspace, QObject *parent = nullptr);

    // The fields of a rule as the API takes them (no id, times or version).
    static QJsonObject body(const AlertRule &rule);

    void create(const AlertRule &rule);
    void update(const AlertRule &rule); // rule.id and rule.version identify what it changes
    void setEnabled(const AlertRule &rule, bool enabled);
    void remove(const AlertRule &rule);

signals:
    void saved(const qd::AlertRule &rule);
    void removed(const QString &id);
    void failed(const qd::core::ApiError &error);

private:
    void store(const QJsonObject &json);

    Workspace *m_workspace;
};

} // namespace qd::core
