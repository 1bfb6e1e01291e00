#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace qd::core {

// The kinds of objects the cache holds, for change sets and generic page application.
enum class CacheEntity { Device, Inventory, Customer, Contact, Alert, AlertRule, User, AuditEvent };

// The ids one entity gained, changed or lost in a write. Unchanged objects (the same JSON
// again, or an older version than the cached one) are in none of the lists.
struct EntityChanges
{
    QStringList inserted;
    QStringList updated;
    QStringList deleted;
    bool isEmpty() const { return inserted.isEmpty() && updated.isEmpty() && deleted.isEmpty(); }
};

// What a write transaction changed, per entity, so models can update rows incrementally
// (rowsInserted / dataChanged / rowsRemoved) instead of resetting.
class CacheChanges
{
public:
    const EntityChanges &of(CacheEntity entity) const
    {
        static const EntityChanges none;
        const auto it = m_changes.constFind(entity);
        return it == m_changes.constEnd() ? none : *it;
    }
    EntityChanges &of(CacheEntity entity) { return m_changes[entity]; }

    bool isEmpty() const
    {
        for (const EntityChanges &c : m_changes)
            if (!c.isEmpty())
                return false;
        return true;
    }

private:
    QHash<CacheEntity, EntityChanges> m_changes;
};

} // namespace qd::core
