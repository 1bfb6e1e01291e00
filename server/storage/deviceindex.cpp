#include "server/storage/deviceindex.h"

#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"
#include "server/storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <QElapsedTimer>

#include <algorithm>
#include <array>

namespace qd::server {

namespace {

constexpr size_t maxCachedOrders = 32;
constexpr qint64 valuesStalenessMs = 1000;

int statusRank(DeviceStatus s)
{
    switch (s) {
    case DeviceStatus::Critical: return 0;
    case DeviceStatus::Warning: return 1;
    case DeviceStatus::Offline: return 2;
    case DeviceStatus::Online: return 3;
    }
    return 3;
}

// Position of the type's name in alphabetical order (SQL sorts the text column).
int typeRank(DeviceType t)
{
    static const QStringList sorted = [] {
        QStringList names = deviceTypeNames();
        names.sort();
        return names;
    }();
    return int(sorted.indexOf(deviceTypeName(t)));
}

QString queryKey(const DeviceQuery &q)
{
    QStringList parts{q.text.trimmed().toLower(), q.customerId, q.tag, q.os};
    QStringList statuses, types, sort;
    for (DeviceStatus s : q.statuses)
        statuses << deviceStatusName(s);
    for (DeviceType t : q.types)
        types << deviceTypeName(t);
    for (const DeviceSortKey &k : q.sort)
        sort << (k.descending ? QStringLiteral("-") : QString()) + deviceSortFieldName(k.field);
    statuses.sort();
    types.sort();
    parts << statuses.join(QLatin1Char(',')) << types.join(QLatin1Char(',')) << sort.join(QLatin1Char(','));
    return parts.join(QLatin1Char('\x1f'));
}

} // namespace

DeviceIndex::DeviceIndex(Database &db, Clock clock) : m_db(db), m_clock(std::move(clock)) {}

void DeviceIndex::markDirty(const QString &id)
{
    m_dirty.insert(id);
}

void DeviceIndex::markValuesDirty(const QString &id)
{
    m_valuesDirty.insert(id);
}

void DeviceIndex::markAllDirty()
{
    m_reloadAll = true;
}

void DeviceIndex::markCustomersDirty()
{
    m_customersDirty = true;
}

void DeviceIndex::removeEntry(const QString &id)
{
    const auto it = m_positions.find(id);
    if (it == m_positions.end())
        return;
    const int pos = it.value();
    m_positions.erase(it);
    const int last = int(m_entries.size()) - 1;
    if (pos != last) {
        m_entries[pos] = std::move(m_entries[last]);
        m_positions[m_entries[pos].id] = pos;
    }
    m_entries.pop_back();
}

bool DeviceIndex::reload(const QStringList &ids)
{
    const size_t before = m_entries.size();
    bool structural = false;
    const QString columns = QStringLiteral(
        "id, hostname, fqdn, ips, os_name, os_version, tags, customer_id, status, type, last_seen, first_seen, updated_at,"
        " cpu_percent, mem_percent, disk_percent, pending_updates, pending_security_updates, backup_result, backup_last_run"
        " FROM devices");
    QSet<QString> seen;
    const auto read = [&](Query &q) {
        if (!q.exec())
            return;
        while (q.next()) {
            Entry e;
            e.id = q.text(0);
            e.hostname = q.text(1);
            e.hostKey = e.hostname.toLower();
            e.hostSort = e.hostKey.toUtf8();
            const QStringList ips = stringListFromJsonText(q.text(3));
            e.ipsText = ips.join(QLatin1Char(' ')).toLower();
            e.tags = stringListFromJsonText(q.text(6));
            e.os = q.text(4);
            e.osSort = e.os.toLower().toUtf8();
            e.search = QStringList{e.hostKey, q.text(2), e.ipsText, e.os, q.text(5), e.tags.join(QLatin1Char(' '))}.join(QLatin1Char('\n')).toLower();
            e.customerId = q.text(7);
            e.status = deviceStatusFromName(q.text(8)).value_or(DeviceStatus::Offline);
            e.type = deviceTypeFromName(q.text(9)).value_or(DeviceType::Workstation);
            e.lastSeen = q.integer(10);
            e.firstSeen = q.integer(11);
            e.updatedAt = q.integer(12);
            e.cpu = float(q.value(13).toDouble());
            e.mem = float(q.value(14).toDouble());
            e.disk = float(q.value(15).toDouble());
            e.pendingUpdates = int(q.integer(16));
            e.pendingSecurityUpdates = int(q.integer(17));
            e.backupResult = q.text(18);
            e.backupLastRun = q.integer(19);
            seen.insert(e.id);
            if (auto it = m_positions.find(e.id); it != m_positions.end()) {
                m_entries[it.value()] = std::move(e);
            } else {
                m_positions.insert(e.id, int(m_entries.size()));
                m_entries.push_back(std::move(e));
                structural = true;
            }
        }
    };
    if (ids.isEmpty()) {
        m_entries.clear();
        m_positions.clear();
        Query q(m_db, QStringLiteral("SELECT ") + columns);
        read(q);
        return true;
    }
    for (qsizetype first = 0; first < ids.size(); first += 200) {
        const QStringList chunk = ids.mid(first, 200);
        QStringList marks(chunk.size(), QStringLiteral("?"));
        Query q(m_db, QStringLiteral("SELECT %1 WHERE id IN (%2)").arg(columns, marks.join(QLatin1Char(','))));
        for (const QString &id : chunk)
            q.bind(id);
        read(q);
    }
    for (const QString &id : ids) {
        if (!seen.contains(id))
            removeEntry(id);
    }
    return structural || m_entries.size() != before;
}

void DeviceIndex::refresh()
{
    if (m_customersDirty) {
        m_customerNames.clear();
        Query q(m_db, QStringLiteral("SELECT id, name FROM customers"));
        if (q.exec()) {
            while (q.next())
                m_customerNames.insert(q.text(0), q.text(1).toLower());
        }
        m_customersDirty = false;
        ++m_generation;
    }
    if (m_reloadAll) {
        reload({});
        m_reloadAll = false;
        m_dirty.clear();
        m_valuesDirty.clear();
        ++m_generation;
        return;
    }
    if (!m_dirty.isEmpty()) {
        QStringList ids(m_dirty.begin(), m_dirty.end());
        for (const QString &id : std::as_const(m_valuesDirty)) {
            if (!m_dirty.contains(id))
                ids << id;
        }
        m_dirty.clear();
        m_valuesDirty.clear();
        reload(ids);
        ++m_generation;
    } else if (!m_valuesDirty.isEmpty()) {
        const QStringList ids(m_valuesDirty.begin(), m_valuesDirty.end());
        m_valuesDirty.clear();
        if (reload(ids))
            ++m_generation; // cached orders hold positions: they must go
        ++m_valuesGeneration;
    }
}

bool DeviceIndex::matches(const Entry &e, const DeviceQuery &q, const QString &text) const
{
    if (!q.statuses.isEmpty() && !q.statuses.contains(e.status))
        return false;
    if (!q.types.isEmpty() && !q.types.contains(e.type))
        return false;
    if (!q.customerId.isEmpty() && e.customerId != q.customerId)
        return false;
    if (!q.tag.isEmpty() && !e.tags.contains(q.tag))
        return false;
    if (!q.os.isEmpty() && e.os != q.os)
        return false;
    if (!text.isEmpty()) {
        // Like the SQL path: three or more characters match anywhere, shorter ones in the
        // hostname or an address.
        if (text.size() >= 3 ? !e.search.contains(text) : !(e.hostKey.contains(text) || e.ipsText.contains(text)))
            return false;
    }
    return true;
}

std::vector<int> DeviceIndex::buildOrder(const DeviceQuery &q)
{
    const QString text = q.text.trimmed().toLower();
    std::vector<int> order;
    order.reserve(m_entries.size());
    for (int i = 0; i < int(m_entries.size()); ++i) {
        if (matches(m_entries[size_t(i)], q, text))
            order.push_back(i);
    }
    QList<DeviceSortKey> keys = q.sort;
    if (keys.isEmpty())
        keys.append({DeviceSortField::Hostname, false});

    // Each key becomes a column of numbers or byte strings aligned with `order`, so the sort
    // compares plain values (customer names become ranks first).
    struct Column
    {
        std::vector<double> numbers;
        std::vector<const QByteArray *> texts;
        bool descending = false;
    };
    std::vector<Column> columns;
    QHash<QString, int> customerRank;
    for (const DeviceSortKey &k : keys) {
        Column c;
        c.descending = k.descending;
        const auto numbers = [&](auto value) {
            c.numbers.reserve(order.size());
            for (int i : order)
                c.numbers.push_back(double(value(m_entries[size_t(i)])));
        };
        switch (k.field) {
        case DeviceSortField::Hostname: {
            const qint64 nowMs = m_clock().toMSecsSinceEpoch();
            if (m_hostRankGeneration != m_generation
                || (m_hostRankValuesGeneration != m_valuesGeneration && nowMs - m_hostRankBuiltAtMs >= valuesStalenessMs)) {
                std::vector<int> byHost(m_entries.size());
                for (size_t i = 0; i < byHost.size(); ++i)
                    byHost[i] = int(i);
                std::sort(byHost.begin(), byHost.end(), [this](int a, int b) {
                    const Entry &ea = m_entries[size_t(a)], &eb = m_entries[size_t(b)];
                    return ea.hostSort < eb.hostSort || (ea.hostSort == eb.hostSort && ea.id < eb.id);
                });
                m_hostRank.assign(m_entries.size(), 0);
                for (size_t r = 0; r < byHost.size(); ++r)
                    m_hostRank[size_t(byHost[r])] = int(r);
                m_hostRankGeneration = m_generation;
                m_hostRankValuesGeneration = m_valuesGeneration;
                m_hostRankBuiltAtMs = nowMs;
            }
            c.numbers.reserve(order.size());
            for (int i : order)
                c.numbers.push_back(m_hostRank[size_t(i)]);
            break;
        }
        case DeviceSortField::Os:
            for (int i : order)
                c.texts.push_back(&m_entries[size_t(i)].osSort);
            break;
        case DeviceSortField::LastSeen: numbers([](const Entry &e) { return e.lastSeen; }); break;
        case DeviceSortField::FirstSeen: numbers([](const Entry &e) { return e.firstSeen; }); break;
        case DeviceSortField::UpdatedAt: numbers([](const Entry &e) { return e.updatedAt; }); break;
        case DeviceSortField::Status: numbers([](const Entry &e) { return statusRank(e.status); }); break;
        case DeviceSortField::Type:
            // Alphabetical by type name, as SQL sorts the text column.
            numbers([](const Entry &e) { return typeRank(e.type); });
            break;
        case DeviceSortField::Customer:
            if (customerRank.isEmpty()) {
                QList<QPair<QString, QString>> names; // (name, id)
                for (auto it = m_customerNames.cbegin(); it != m_customerNames.cend(); ++it)
                    names.append({it.value(), it.key()});
                std::sort(names.begin(), names.end());
                for (int r = 0; r < names.size(); ++r)
                    customerRank.insert(names.at(r).second, r + 1); // no customer sorts first (0)
            }
            numbers([&](const Entry &e) { return customerRank.value(e.customerId, 0); });
            break;
        case DeviceSortField::Cpu: numbers([](const Entry &e) { return e.cpu; }); break;
        case DeviceSortField::Memory: numbers([](const Entry &e) { return e.mem; }); break;
        case DeviceSortField::Disk: numbers([](const Entry &e) { return e.disk; }); break;
        }
        columns.push_back(std::move(c));
    }
    std::vector<int> perm(order.size());
    for (size_t i = 0; i < perm.size(); ++i)
        perm[i] = int(i);
    std::sort(perm.begin(), perm.end(), [&](int a, int b) {
        for (const Column &c : columns) {
            int r;
            if (!c.texts.empty()) {
                const QByteArray &ta = *c.texts[size_t(a)];
                const QByteArray &tb = *c.texts[size_t(b)];
                r = ta < tb ? -1 : tb < ta ? 1 : 0;
            } else {
                const double na = c.numbers[size_t(a)], nb = c.numbers[size_t(b)];
                r = na < nb ? -1 : na > nb ? 1 : 0;
            }
            if (r != 0)
                return c.descending ? r > 0 : r < 0;
        }
        return m_entries[size_t(order[size_t(a)])].id < m_entries[size_t(order[size_t(b)])].id;
    });
    std::vector<int> sorted;
    sorted.reserve(order.size());
    for (int s : perm)
        sorted.push_back(order[size_t(s)]);
    order = std::move(sorted);
    return order;
}

DeviceIndex::Facts DeviceIndex::factsOf(const Entry &e)
{
    return Facts{e.id, e.hostname, e.customerId, e.type, e.tags, e.status, e.lastSeen, e.backupResult};
}

std::optional<DeviceIndex::Facts> DeviceIndex::facts(const QString &id)
{
    // Samples arrive by the thousand per second: skip re-reading agent-changed values here.
    if (m_reloadAll || m_customersDirty || !m_dirty.isEmpty())
        refresh();
    const auto it = m_positions.constFind(id);
    if (it == m_positions.cend())
        return std::nullopt;
    return factsOf(m_entries[size_t(*it)]);
}

void DeviceIndex::forEachFacts(const std::function<void(const Facts &)> &visit, const FactsFilter &wanted)
{
    refresh();
    static const QString failed = QStringLiteral("failed");
    for (const Entry &e : m_entries) {
        if (!wanted || wanted(e.id, e.status, e.backupResult == failed))
            visit(factsOf(e));
    }
}

DeviceIndex::FleetSummary DeviceIndex::summary()
{
    refresh();
    FleetSummary s;
    s.total = qint64(m_entries.size());
    const qint64 staleBefore = m_clock().toMSecsSinceEpoch() - 48LL * 3'600'000;
    // Top five per value: a partial sort over the devices that are not offline.
    std::vector<int> live;
    live.reserve(m_entries.size());
    // Plain counters per enum value in the loop; names only at the end.
    std::array<qint64, 4> byStatus{};
    std::array<qint64, 5> byType{};
    for (int i = 0; i < int(m_entries.size()); ++i) {
        const Entry &e = m_entries[size_t(i)];
        ++byStatus[size_t(e.status)];
        ++byType[size_t(e.type)];
        if (e.type == DeviceType::Server)
            ++s.serversByOs[e.os];
        if (e.pendingUpdates > 0)
            ++s.pending;
        if (e.pendingSecurityUpdates > 0)
            ++s.securityPending;
        s.pendingUpdatesTotal += e.pendingUpdates;
        if (e.backupResult.isEmpty()) {
            ++s.backup[QStringLiteral("none")];
        } else {
            ++s.backup[e.backupResult];
            if (e.backupLastRun > 0 && e.backupLastRun < staleBefore)
                ++s.backup[QStringLiteral("stale")];
        }
        if (e.status != DeviceStatus::Offline)
            live.push_back(i);
    }
    for (DeviceStatus st : {DeviceStatus::Online, DeviceStatus::Warning, DeviceStatus::Critical, DeviceStatus::Offline})
        s.byStatus.insert(deviceStatusName(st), byStatus[size_t(st)]);
    for (DeviceType t : {DeviceType::Workstation, DeviceType::Laptop, DeviceType::Server, DeviceType::Vm, DeviceType::Network}) {
        if (byType[size_t(t)] > 0)
            s.byType.insert(deviceTypeName(t), byType[size_t(t)]);
    }
    const auto top = [&](float Entry::*field) {
        std::vector<int> candidates;
        for (int i : live) {
            if (m_entries[size_t(i)].*field >= 0)
                candidates.push_back(i);
        }
        const size_t n = std::min<size_t>(5, candidates.size());
        std::partial_sort(candidates.begin(), candidates.begin() + qsizetype(n), candidates.end(), [&](int a, int b) {
            const Entry &ea = m_entries[size_t(a)], &eb = m_entries[size_t(b)];
            return ea.*field > eb.*field || (ea.*field == eb.*field && ea.hostKey < eb.hostKey);
        });
        QList<FleetSummary::Top> out;
        for (size_t k = 0; k < n; ++k) {
            const Entry &e = m_entries[size_t(candidates[k])];
            out.append({e.id, e.hostname, double(e.*field)});
        }
        return out;
    };
    s.topCpu = top(&Entry::cpu);
    s.topMemory = top(&Entry::mem);
    s.topDisk = top(&Entry::disk);
    return s;
}

QStringList DeviceIndex::query(const DeviceQuery &q, qint64 *total)
{
    QElapsedTimer timer;
    timer.start();
    refresh();
    const qint64 refreshNs = timer.nsecsElapsed();
    const QString key = queryKey(q);
    const qint64 now = m_clock().toMSecsSinceEpoch();
    auto it = std::find_if(m_cache.begin(), m_cache.end(), [&](const CachedOrder &c) { return c.key == key; });
    bool usable = it != m_cache.end() && it->generation == m_generation;
    if (usable && it->valuesGeneration != m_valuesGeneration)
        usable = now - it->builtAtMs < valuesStalenessMs;
    if (!usable) {
        if (it != m_cache.end())
            m_cache.erase(it);
        if (m_cache.size() >= maxCachedOrders)
            m_cache.erase(m_cache.begin());
        m_cache.push_back({key, m_generation, m_valuesGeneration, now, buildOrder(q)});
        it = m_cache.end() - 1;
        qCDebug(lcDb).noquote() << "device index: built order of" << it->order.size() << "in"
                                << (timer.nsecsElapsed() - refreshNs) / 1000 << "us; refresh" << refreshNs / 1000 << "us";
    } else if (it != m_cache.end() - 1) {
        CachedOrder hit = std::move(*it);
        m_cache.erase(it);
        m_cache.push_back(std::move(hit));
        it = m_cache.end() - 1;
    }
    const std::vector<int> &order = it->order;
    *total = qint64(order.size());
    QStringList ids;
    const size_t from = size_t(q.page.offset());
    for (size_t i = from; i < std::min(order.size(), from + size_t(q.page.pageSize)); ++i)
        ids << m_entries[size_t(order[i])].id;
    return ids;
}

} // namespace qd::server
