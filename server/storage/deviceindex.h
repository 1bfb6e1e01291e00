#pragma once

#include "core/domain/clock.h"
#include "server/storage/devicestore.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace qd::server {

class Database;

// The fleet list in memory: a compact row per device (what lists filter and sort on), kept in
// step with the devices table by marking written devices dirty and re-reading them before the
// next query. Filter + sort results are cached per query until a device is added, removed or
// edited by an operator; what agents change (heartbeats: last seen, usage, status; inventory:
// host names, addresses, OS) may be up to one second old in the order and filtering of a list,
// never in the devices' own data. Pages of 100 out of 100,000 devices take well under a
// millisecond once the order is built.
class DeviceIndex
{
public:
    explicit DeviceIndex(Database &db, Clock clock = systemClock());

    void markDirty(const QString &id);       // added, removed or edited by an operator
    void markValuesDirty(const QString &id); // changed by its agent (heartbeat, inventory)
    void markAllDirty();
    void markCustomersDirty();

    // Counts and top devices for the dashboard, from memory.
    struct FleetSummary
    {
        struct Top
        {
            QString id;
            QString hostname;
            double value;
        };
        qint64 total = 0;
        QMap<QString, qint64> byStatus;
        QMap<QString, qint64> byType;
        QMap<QString, qint64> serversByOs;
        QMap<QString, qint64> backup; // success, warning, failed, stale, none
        qint64 pending = 0;
        qint64 securityPending = 0;
        qint64 pendingUpdatesTotal = 0;
        QList<Top> topCpu, topMemory, topDisk;
    };
    FleetSummary summary();

    // The ids of the requested page in order, and the total that matches. Ignores updatedSince.
    QStringList query(const DeviceQuery &query, qint64 *total);

    // What alert rules look at: scope (customer, type, tags) and liveness.
    struct Facts
    {
        QString id;
        QString hostname;
        QString customerId;
        DeviceType type = DeviceType::Workstation;
        QStringList tags;
        DeviceStatus status = DeviceStatus::Offline;
        qint64 lastSeenMs = 0;
        QString backupResult;
    };
    // One device; operator edits are applied first, agent-reported values may be a moment old.
    std::optional<Facts> facts(const QString &id);
    // Every device for which `wanted(status, backupFailed)` holds (all when it is empty), fully
    // up to date. The test runs on the compact row, so skipping most of a large fleet is cheap.
    using FactsFilter = std::function<bool(const QString &id, DeviceStatus status, bool backupFailed)>;
    void forEachFacts(const std::function<void(const Facts &)> &visit, const FactsFilter &wanted = {});

private:
    struct Entry
    {
        QString id;
        QString hostname;
        QString hostKey;  // lower-case hostname
        QByteArray hostSort; // the same in UTF-8, compared bytewise when sorting
        QByteArray osSort;   // lower-case OS name in UTF-8
        QString search;   // lower-case hostname, FQDN, addresses, OS and tags
        QString ipsText;  // lower-case addresses
        QString customerId;
        QString os;
        QStringList tags;
        qint64 lastSeen = 0;
        qint64 firstSeen = 0;
        qint64 updatedAt = 0;
        float cpu = -1;
        float mem = -1;
        float disk = -1;
        DeviceStatus status = DeviceStatus::Offline;
        DeviceType type = DeviceType::Workstation;
        int pendingUpdates = 0;
        int pendingSecurityUpdates = 0;
        QString backupResult;
        qint64 backupLastRun = 0;
    };
    struct CachedOrder
    {
        QString key;
        quint64 generation = 0;
        quint64 valuesGeneration = 0;
        qint64 builtAtMs = 0;
        std::vector<int> order;
    };

    void refresh();
    // Re-reads the given devices (all when ids is empty); true when devices came or went.
    bool reload(const QStringList &ids);
    void removeEntry(const QString &id);
    static Facts factsOf(const Entry &e);
    bool matches(const Entry &e, const DeviceQuery &q, const QString &text) const;
    std::vector<int> buildOrder(const DeviceQuery &q);

    Database &m_db;
    Clock m_clock;
    std::vector<Entry> m_entries;
    QHash<QString, int> m_positions;
    QHash<QString, QString> m_customerNames; // id -> lower-case name
    QSet<QString> m_dirty;
    QSet<QString> m_valuesDirty;
    bool m_reloadAll = true;
    bool m_customersDirty = true;
    quint64 m_generation = 0;
    quint64 m_valuesGeneration = 0;
    std::vector<CachedOrder> m_cache; // most recently used last
    // Every entry's position in hostname order, for cheap sorts and tie-breaks; rebuilt lazily
    // after devices came, went or were renamed.
    std::vector<int> m_hostRank;
    quint64 m_hostRankGeneration = ~0ULL;
    quint64 m_hostRankValuesGeneration = 0;
    qint64 m_hostRankBuiltAtMs = 0;
};

} // namespace qd::server
