#include "core/cache/cachestore.h"
#include "tests/core/cachefixtures.h"
#include "core/models/alertfilterproxy.h"
#include "core/models/alertlistmodel.h"
#include "core/models/auditlogmodel.h"
#include "core/models/customerlistmodel.h"
#include "core/models/devicefilterproxy.h"
#include "core/models/devicelistmodel.h"
#include "core/models/flatsortfilterproxy.h"

#include <QAbstractItemModelTester>
#include <QAbstractListModel>
#include <QItemSelectionModel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace qd;
using namespace qd::core;

namespace {
// A flat source whose rows are (id, value) pairs, edited the way a live model is.
class PairModel : public QAbstractListModel
{
public:
    struct Item
    {
        int id;
        int value;
    };
    QList<Item> items;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(items.size()); }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid())
            return {};
        const Item &item = items.at(index.row());
        return role == Qt::UserRole ? QVariant(item.id) : role == Qt::DisplayRole ? QVariant(item.value) : QVariant();
    }
    void setValue(int row, int value)
    {
        items[row].value = value;
        emit dataChanged(index(row), index(row));
    }
    void insert(int row, const QList<Item> &added)
    {
        beginInsertRows({}, row, row + int(added.size()) - 1);
        for (qsizetype i = 0; i < added.size(); ++i)
            items.insert(row + i, added.at(i));
        endInsertRows();
    }
    void remove(int first, int last)
    {
        beginRemoveRows({}, first, last);
        items.remove(first, last - first + 1);
        endRemoveRows();
    }
};

// Shows the items whose value is not a multiple of `modulus`, ordered by value (ties: source row).
class ModProxy : public FlatSortFilterProxy
{
public:
    int modulus = 0;
    using FlatSortFilterProxy::invalidate;

protected:
    bool filterAcceptsRow(int row) const override
    {
        return modulus == 0 || static_cast<const PairModel *>(sourceModel())->items.at(row).value % modulus != 0;
    }
};
} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;
    QDateTime m_now = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);

    std::unique_ptr<CacheStore> openStore()
    {
        auto store = CacheStore::open(m_dir.filePath(QStringLiteral("cache-%1.sqlite").arg(++m_files)));
        if (!store)
            qFatal("cannot open the cache: %s", qPrintable(store.error()));
        return std::move(store).value();
    }
    QList<Device> fleet(int first, int count)
    {
        QList<Device> devices;
        for (int n = first; n < first + count; ++n)
            devices.append(testing::fleetDevice(n, m_now));
        return devices;
    }
    static QStringList proxyIds(const QAbstractItemModel &proxy)
    {
        QStringList ids;
        for (int row = 0; row < proxy.rowCount(); ++row)
            ids.append(proxy.index(row, 0).data(DeviceListModel::IdRole).toString());
        return ids;
    }
    // The model's rows, by id, must be exactly what the cache holds.
    static void compareWithCache(const DeviceListModel &model, CacheStore &store)
    {
        const auto rows = store.devices().allRows();
        QVERIFY(rows);
        QCOMPARE(model.rowCount(), rows.value().size());
        for (const DeviceRow &expected : rows.value()) {
            const int row = model.rowOfId(expected.id);
            QVERIFY2(row >= 0, qPrintable(expected.id));
            const DeviceRow &actual = model.deviceRow(row);
            QCOMPARE(actual.hostname, expected.hostname);
            QCOMPARE(actual.status, expected.status);
            QCOMPARE(actual.cpuPercent, expected.cpuPercent);
            QCOMPARE(actual.version, expected.version);
        }
    }

private slots:
    void init() { QVERIFY(m_dir.isValid()); }

    void deviceRowsLoadInHostnameOrderWithEveryListColumn()
    {
        auto store = openStore();
        QList<Device> devices = fleet(0, 40);
        devices[3].lastSeen = QDateTime(); // unknown
        devices[4].cpuPercent = -1;
        QVERIFY(store->upsertDevices(devices));
        const auto rows = store->devices().allRows();
        QVERIFY(rows);
        QCOMPARE(rows.value().size(), 40);
        for (int i = 1; i < rows.value().size(); ++i)
            QVERIFY(rows.value().at(i - 1).hostname < rows.value().at(i).hostname);
        for (const DeviceRow &r : rows.value()) {
            const int n = r.hostname.right(6).toInt();
            const Device &d = devices.at(n);
            QCOMPARE(r.id, d.id);
            QCOMPARE(r.fqdn, d.fqdn);
            QCOMPARE(r.ips, d.ips.join(QStringLiteral(", ")));
            QCOMPARE(r.osName, d.osName);
            QCOMPARE(r.osVersion, d.osVersion);
            QCOMPARE(r.type, d.type);
            QCOMPARE(r.status, d.status);
            QCOMPARE(r.customerId, d.customerId);
            QCOMPARE(r.customerName, d.customerName);
            QCOMPARE(r.tags, d.tags.join(QStringLiteral(", ")));
            QCOMPARE(r.cpuPercent, d.cpuPercent);
            QCOMPARE(r.memPercent, d.memPercent);
            QCOMPARE(r.diskPercent, d.diskPercent);
            QCOMPARE(r.lastSeenMs, d.lastSeen.isValid() ? d.lastSeen.toMSecsSinceEpoch() : 0);
            QCOMPARE(r.pendingUpdates, d.pendingUpdates);
            QCOMPARE(r.pendingSecurityUpdates, d.pendingSecurityUpdates);
            QCOMPARE(r.backupResult, d.backupResult);
            QCOMPARE(r.agentVersion, d.agentVersion);
            QCOMPARE(r.version, d.version);
        }
        const auto some = store->devices().rows({devices.at(7).id, QStringLiteral("no-such-id"), devices.at(9).id});
        QVERIFY(some);
        QCOMPARE(some.value().size(), 2);
    }

    void deviceModelFollowsChangesWithoutReset()
    {
        auto store = openStore();
        QVERIFY(store->upsertDevices(fleet(0, 60)));
        DeviceListModel model(store->devices());
        DeviceFilterProxy proxy(&model);
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(model.reload());
        QCOMPARE(model.rowCount(), 60);
        QCOMPARE(model.columnCount(), int(DeviceListModel::ColumnCount));
        QCOMPARE(model.headerData(DeviceListModel::Cpu, Qt::Horizontal).toString(), QStringLiteral("CPU %"));
        proxy.sort(DeviceListModel::Cpu, Qt::DescendingOrder);

        // The operator selected one device; live updates elsewhere must not move the selection.
        const QString selectedId = testing::fleetDevice(17, m_now).id;
        QItemSelectionModel selection(&proxy);
        const int selectedRow = int(proxyIds(proxy).indexOf(selectedId));
        QVERIFY(selectedRow >= 0);
        selection.setCurrentIndex(proxy.index(selectedRow, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        const QPersistentModelIndex selectedSource = proxy.mapToSource(proxy.index(selectedRow, 0));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // Updates (one of them moves in the CPU order), new devices, deletions.
        QList<Device> updates;
        for (int n : {2, 5, 40}) {
            Device d = testing::fleetDevice(n, m_now);
            d.cpuPercent = 100.0;
            d.status = DeviceStatus::Critical;
            d.version = 2;
            updates.append(d);
        }
        updates += fleet(100, 4);
        // hq-ws-000010 and hq-ws-000015 are neighbours in hostname order; dc1-ws-000003 is not.
        const QStringList deleted{testing::fleetDevice(10, m_now).id, testing::fleetDevice(15, m_now).id,
                                  testing::fleetDevice(3, m_now).id};
        const auto changes = store->upsertDevices(updates, deleted);
        QVERIFY(changes);
        QVERIFY(model.applyChanges(changes.value()));

        QCOMPARE(resets.size(), 0);
        QCOMPARE(changed.size(), 3);
        QCOMPARE(inserted.size(), 1); // the four new devices in one signal
        QCOMPARE(removed.size(), 2);  // the neighbours together, then the other
        compareWithCache(model, *store);
        QCOMPARE(model.rowCount(), 61);
        QVERIFY(selectedSource.isValid());
        QCOMPARE(selectedSource.data(DeviceListModel::IdRole).toString(), selectedId);
        QVERIFY(selection.currentIndex().isValid());
        QCOMPARE(selection.currentIndex().data(DeviceListModel::IdRole).toString(), selectedId);
        QCOMPARE(selection.selectedRows().size(), 1);
        QCOMPARE(selection.selectedRows().first().data(DeviceListModel::IdRole).toString(), selectedId);
        // The three updated devices now lead the descending CPU order (ties: hostname, descending).
        QCOMPARE(proxyIds(proxy).mid(0, 3), (QStringList{testing::fleetDevice(40, m_now).id, testing::fleetDevice(5, m_now).id,
                                                        testing::fleetDevice(2, m_now).id}));

        // The selected device itself is deleted: its row goes, the rest stay.
        const auto gone = store->upsertDevices({}, {selectedId});
        QVERIFY(gone);
        QVERIFY(model.applyChanges(gone.value()));
        QVERIFY(!selectedSource.isValid());
        QCOMPARE(model.rowOfId(selectedId), -1);
        compareWithCache(model, *store);
        QCOMPARE(resets.size(), 0);
    }

    void deviceFilterAndSortAgreeWithBruteForce()
    {
        auto store = openStore();
        QList<Device> devices = fleet(0, 300);
        devices[10].hostname = QStringLiteral("Mixed-Case-Host");
        devices[11].tags = {QStringLiteral("Finance"), QStringLiteral("VIP")};
        QVERIFY(store->upsertDevices(devices));
        DeviceListModel model(store->devices());
        QVERIFY(model.reload());
        DeviceFilterProxy proxy(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);

        struct Case
        {
            QString text;
            QList<DeviceStatus> statuses;
            QList<DeviceType> types;
            QStringList customers;
            QStringList osNames;
            QStringList tags;
        };
        const QList<Case> cases{
            {},
            {QStringLiteral("lab"), {}, {}},
            {QStringLiteral("  LAB-ws-0001 "), {}, {}},
            {QStringLiteral("10.0.1."), {}, {}},
            {QStringLiteral("windows server"), {}, {}},
            {QStringLiteral("vip"), {}, {}},
            {QStringLiteral("mixed-case"), {}, {}},
            {QStringLiteral("customer 12"), {DeviceStatus::Critical, DeviceStatus::Warning}, {}},
            {QString(), {DeviceStatus::Offline}, {DeviceType::Server, DeviceType::Vm}},
            {QStringLiteral("no such device"), {}, {}},
            {QString(), {}, {}, {devices.at(3).customerId}},
            {QStringLiteral("lab"), {DeviceStatus::Online}, {}, {devices.at(3).customerId, devices.at(7).customerId}},
            {QString(), {}, {}, {}, {devices.at(5).osName}},
            {QString(), {DeviceStatus::Online}, {}, {}, {devices.at(5).osName, devices.at(6).osName}},
            {QString(), {}, {}, {}, {}, {QStringLiteral("VIP")}},
            {QString(), {}, {}, {}, {}, {QStringLiteral("Finance"), QStringLiteral("no such tag")}},
            {QString(), {}, {}, {}, {}, {QStringLiteral("vip")}}, // tags match exactly
        };
        for (const Case &c : cases) {
            proxy.setFilterText(c.text);
            proxy.setStatusFilter(c.statuses);
            proxy.setTypeFilter(c.types);
            proxy.setCustomerFilter(c.customers);
            proxy.setOsFilter(c.osNames);
            proxy.setTagFilter(c.tags);
            QCOMPARE(proxy.statusFilter().size(), c.statuses.size());
            QCOMPARE(proxy.customerFilter(), c.customers);
            const QString needle = c.text.trimmed();
            QList<Device> expected;
            for (const Device &d : std::as_const(devices)) {
                const QStringList fields{d.hostname, d.ips.join(QStringLiteral(", ")), d.osName + QLatin1Char(' ') + d.osVersion,
                                         d.tags.join(QStringLiteral(", ")), d.customerName};
                const bool textOk = needle.isEmpty() || std::any_of(fields.begin(), fields.end(), [&](const QString &f) {
                                        return f.contains(needle, Qt::CaseInsensitive);
                                    });
                const bool tagOk = c.tags.isEmpty() || std::any_of(d.tags.begin(), d.tags.end(), [&](const QString &t) { return c.tags.contains(t); });
                if (textOk && (c.statuses.isEmpty() || c.statuses.contains(d.status)) && (c.types.isEmpty() || c.types.contains(d.type))
                    && (c.customers.isEmpty() || c.customers.contains(d.customerId)) && (c.osNames.isEmpty() || c.osNames.contains(d.osName))
                    && tagOk)
                    expected.append(d);
            }
            for (int column = 0; column < DeviceListModel::ColumnCount; ++column) {
                for (Qt::SortOrder sortOrder : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                    proxy.sort(column, sortOrder);
                    // Brute force: the column's raw value, then hostname (case-insensitive), then id.
                    const auto key = [column](const Device &d) -> QVariant {
                        switch (column) {
                        case DeviceListModel::Hostname: return QString();
                        case DeviceListModel::Status: return int(d.status);
                        case DeviceListModel::Type: return int(d.type);
                        case DeviceListModel::Customer: return d.customerName.toLower();
                        case DeviceListModel::Os: return (d.osName + QChar(1) + d.osVersion).toLower();
                        case DeviceListModel::Ip: return d.ips.join(QStringLiteral(", "));
                        case DeviceListModel::Cpu: return d.cpuPercent;
                        case DeviceListModel::Memory: return d.memPercent;
                        case DeviceListModel::Disk: return d.diskPercent;
                        default: return d.lastSeen.toMSecsSinceEpoch();
                        }
                    };
                    QList<Device> sorted = expected;
                    std::sort(sorted.begin(), sorted.end(), [&](const Device &a, const Device &b) {
                        const auto c = QVariant::compare(key(a), key(b));
                        if (c != QPartialOrdering::Equivalent)
                            return c == QPartialOrdering::Less;
                        const int h = QString::compare(a.hostname.toLower(), b.hostname.toLower());
                        return h != 0 ? h < 0 : a.id < b.id;
                    });
                    if (sortOrder == Qt::DescendingOrder)
                        std::reverse(sorted.begin(), sorted.end());
                    QStringList expectedIds;
                    for (const Device &d : std::as_const(sorted))
                        expectedIds.append(d.id);
                    QVERIFY2(proxyIds(proxy) == expectedIds,
                             qPrintable(QStringLiteral("filter '%1', column %2, order %3").arg(c.text).arg(column).arg(int(sortOrder))));
                }
            }
        }
        // The model offers each OS and tag once, for the filter menus.
        QStringList osNames, tags;
        for (const Device &d : std::as_const(devices)) {
            osNames << d.osName;
            tags << d.tags;
        }
        const auto distinctSorted = [](QStringList list) {
            list.removeDuplicates();
            list.removeAll(QString());
            std::sort(list.begin(), list.end(), [](const QString &a, const QString &b) {
                const int c = QString::compare(a, b, Qt::CaseInsensitive);
                return c != 0 ? c < 0 : a < b;
            });
            return list;
        };
        QCOMPARE(model.osNames(), distinctSorted(osNames));
        QCOMPARE(model.tags(), distinctSorted(tags));
        QVERIFY(model.tags().contains(QStringLiteral("VIP")));

        // A live update that makes a device match the filter brings it in; one that stops matching takes it out.
        proxy.setStatusFilter({});
        proxy.setTypeFilter({});
        proxy.setCustomerFilter({});
        proxy.setOsFilter({});
        proxy.setTagFilter({});
        proxy.setFilterText(QStringLiteral("renamed"));
        QCOMPARE(proxy.rowCount(), 0);
        Device d = devices.at(20);
        d.hostname = QStringLiteral("renamed-host");
        d.version = 2;
        const auto changes = store->upsertDevices({d});
        QVERIFY(changes);
        QVERIFY(model.applyChanges(changes.value()));
        QCOMPARE(proxyIds(proxy), QStringList{d.id});
    }

    // The search texts are prepared after a reload while the event loop is idle; changes that
    // arrive before, and filters typed before, see the same rows as afterwards.
    void searchTextsPreparedWhileIdle()
    {
        auto store = openStore();
        QList<Device> devices = fleet(0, 2000);
        QVERIFY(store->upsertDevices(devices));
        DeviceListModel model(store->devices());
        QVERIFY(model.reload());
        QVERIFY(!model.searchTextsPrepared());
        DeviceFilterProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);

        const auto matching = [&](const QString &needle) {
            QStringList ids;
            for (int row = 0; row < model.rowCount(); ++row) {
                const DeviceRow &r = model.deviceRow(row);
                if (QStringList{r.hostname, r.ips, r.osName + QLatin1Char(' ') + r.osVersion, r.tags, r.customerName}.join(QLatin1Char('\n')).contains(needle, Qt::CaseInsensitive))
                    ids << r.id;
            }
            ids.sort();
            return ids;
        };
        const auto shown = [&] {
            QStringList ids = proxyIds(proxy);
            ids.sort();
            return ids;
        };
        // Before any text is prepared: a rename, a removal near the top and a new device.
        Device renamed = devices.at(1500);
        renamed.hostname = QStringLiteral("Needle-One");
        renamed.version = 2;
        Device added = testing::fleetDevice(5000, m_now);
        added.hostname = QStringLiteral("needle-two");
        auto changes = store->upsertDevices({renamed, added}, {devices.at(0).id, devices.at(1).id});
        QVERIFY(changes);
        QVERIFY(model.applyChanges(changes.value()));
        QTRY_VERIFY(model.searchTextsPrepared());
        proxy.setFilterText(QStringLiteral("NEEDLE"));
        QCOMPARE(shown(), (QStringList{renamed.id, added.id})); // ids in order
        QCOMPARE(shown(), matching(QStringLiteral("needle")));

        // Once prepared, the texts follow every change.
        Device third = devices.at(700);
        third.tags = {QStringLiteral("needle-tag")};
        third.version = 2;
        renamed.hostname = QStringLiteral("plain-host");
        renamed.version = 3;
        changes = store->upsertDevices({third, renamed}, {added.id});
        QVERIFY(changes);
        QVERIFY(model.applyChanges(changes.value()));
        QCOMPARE(shown(), QStringList{third.id});
        QCOMPARE(shown(), matching(QStringLiteral("needle")));
    }

    // Secondary sort keys, each with its own direction, against a brute-force sort.
    void secondarySortKeys()
    {
        auto store = openStore();
        const QList<Device> devices = fleet(0, 300);
        QVERIFY(store->upsertDevices(devices));
        DeviceListModel model(store->devices());
        QVERIFY(model.reload());
        DeviceFilterProxy proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const auto cmp = [](const Device &a, const Device &b, int column) {
            const auto three = [](auto x, auto y) { return x < y ? -1 : y < x ? 1 : 0; };
            switch (column) {
            case DeviceListModel::Status: return three(int(a.status), int(b.status));
            case DeviceListModel::Type: return three(int(a.type), int(b.type));
            case DeviceListModel::Customer: return QString::compare(a.customerName, b.customerName, Qt::CaseInsensitive);
            default: return three(a.cpuPercent, b.cpuPercent);
            }
        };
        for (Qt::SortOrder primaryOrder : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            for (Qt::SortOrder secondOrder : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                const QList<DeviceFilterProxy::SortKey> keys{{DeviceListModel::Customer, secondOrder}, {DeviceListModel::Cpu, Qt::DescendingOrder}};
                proxy.sort(DeviceListModel::Status, primaryOrder);
                proxy.setSecondarySort(keys);
                QList<Device> sorted = devices;
                std::sort(sorted.begin(), sorted.end(), [&](const Device &a, const Device &b) {
                    int c = cmp(a, b, DeviceListModel::Status);
                    if (c != 0)
                        return primaryOrder == Qt::AscendingOrder ? c < 0 : c > 0;
                    for (const auto &[column, order] : keys) {
                        c = cmp(a, b, column);
                        if (c != 0)
                            return order == Qt::AscendingOrder ? c < 0 : c > 0;
                    }
                    // The tie-breaks follow the primary direction.
                    c = QString::compare(a.hostname.toLower(), b.hostname.toLower());
                    if (c == 0)
                        c = QString::compare(a.id, b.id);
                    return primaryOrder == Qt::AscendingOrder ? c < 0 : c > 0;
                });
                QStringList ids;
                for (const Device &d : std::as_const(sorted))
                    ids << d.id;
                QVERIFY2(proxyIds(proxy) == ids, qPrintable(QStringLiteral("primary %1, second %2").arg(int(primaryOrder)).arg(int(secondOrder))));
            }
        }
    }

    // Random batches of edits, insertions and removals against a brute-force filter and sort,
    // with the model tester watching and persistent indexes following their rows.
    void flatProxyAgreesWithBruteForceUnderRandomEdits()
    {
        PairModel source;
        int nextId = 0;
        QRandomGenerator random(20261206);
        QList<PairModel::Item> initial;
        for (int i = 0; i < 300; ++i)
            initial.append({nextId++, int(random.bounded(1000))});
        source.insert(0, initial);
        ModProxy proxy;
        proxy.setSourceModel(&source);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy resets(&proxy, &QAbstractItemModel::modelReset);

        const auto expectedIds = [&] {
            QList<int> rows;
            for (int row = 0; row < int(source.items.size()); ++row)
                if (proxy.modulus == 0 || source.items.at(row).value % proxy.modulus != 0)
                    rows.append(row);
            if (proxy.sortColumn() >= 0) {
                std::sort(rows.begin(), rows.end(), [&](int a, int b) {
                    const int va = source.items.at(a).value, vb = source.items.at(b).value;
                    const bool less = va != vb ? va < vb : a < b;
                    const bool greater = va != vb ? va > vb : a > b;
                    return proxy.sortOrder() == Qt::AscendingOrder ? less : greater;
                });
            }
            QList<int> ids;
            for (int row : rows)
                ids.append(source.items.at(row).id);
            return ids;
        };
        const auto proxyIdList = [&] {
            QList<int> ids;
            for (int row = 0; row < proxy.rowCount(); ++row)
                ids.append(proxy.index(row, 0).data(Qt::UserRole).toInt());
            return ids;
        };

        for (int round = 0; round < 200; ++round) {
            if (round % 40 == 0)
                proxy.sort(round % 80 == 0 ? 0 : -1, round % 120 == 0 ? Qt::DescendingOrder : Qt::AscendingOrder);
            if (round % 50 == 25) {
                proxy.modulus = proxy.modulus == 0 ? 3 : 0;
                proxy.invalidate();
            }
            // An item to follow through the round, when one is shown.
            QPersistentModelIndex followed;
            int followedId = -1;
            if (proxy.rowCount() > 0) {
                followed = proxy.index(int(random.bounded(proxy.rowCount())), 0);
                followedId = followed.data(Qt::UserRole).toInt();
            }
            const int edits = int(random.bounded(1, 40));
            for (int e = 0; e < edits; ++e)
                source.setValue(int(random.bounded(int(source.items.size()))), int(random.bounded(1000)));
            if (round % 3 == 0) {
                QList<PairModel::Item> added;
                for (int i = 0, n = int(random.bounded(1, 6)); i < n; ++i)
                    added.append({nextId++, int(random.bounded(1000))});
                source.insert(int(random.bounded(int(source.items.size()) + 1)), added);
            }
            if (round % 4 == 1 && source.items.size() > 50) {
                const int first = int(random.bounded(int(source.items.size()) - 5));
                source.remove(first, first + int(random.bounded(5)));
            }
            if (round % 2 == 0)
                proxy.settlePendingChanges(); // as a source does after a batch
            else
                QCoreApplication::processEvents(); // or settled on the next turn of the event loop
            QCOMPARE(proxyIdList(), expectedIds());
            if (followed.isValid())
                QCOMPARE(followed.data(Qt::UserRole).toInt(), followedId);
            else if (followedId >= 0)
                QVERIFY(!proxyIdList().contains(followedId)); // filtered out or removed
        }
        QCOMPARE(resets.size(), 0);

        // Without dynamic sorting, edits leave rows where they are until it is turned on again.
        proxy.sort(0, Qt::AscendingOrder);
        proxy.setDynamicSortFilter(false);
        const QList<int> before = proxyIdList();
        const int lastRow = proxy.mapToSource(proxy.index(proxy.rowCount() - 1, 0)).row();
        source.setValue(lastRow, source.items.at(lastRow).value == 1 ? 2 : 1); // would move to the top
        QCoreApplication::processEvents();
        QCOMPARE(proxyIdList(), before);
        proxy.setDynamicSortFilter(true);
        QCOMPARE(proxyIdList(), expectedIds());
        QCOMPARE(proxy.headerData(0, Qt::Horizontal).toInt(), source.headerData(0, Qt::Horizontal).toInt());
    }

    void alertModelFollowsChangesAndProxyFilters()
    {
        auto store = openStore();
        const QList<Device> devices = fleet(0, 10);
        QList<Alert> alerts;
        for (int n = 0; n < 30; ++n) {
            Alert a = testing::fleetAlert(n, devices.at(n % 10), m_now);
            a.state = AlertState(n % 4);
            alerts.append(a);
        }
        QVERIFY(store->write([&](CacheWriter &w) {
            for (const Alert &a : std::as_const(alerts))
                if (auto s = w.upsertAlert(a); !s)
                    return s;
            return success();
        }));
        AlertFilter active;
        active.states = {AlertState::Open, AlertState::Acknowledged, AlertState::Flapping};
        AlertListModel model(store->records(), active);
        AlertFilterProxy proxy(&model);
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(model.reload());
        QCOMPARE(model.rowCount(), 23); // n % 4 == 3 is resolved
        for (int row = 1; row < model.rowCount(); ++row)
            QVERIFY(model.alertAt(row - 1).raisedAt >= model.alertAt(row).raisedAt);

        proxy.setMinimumSeverity(Severity::Critical);
        proxy.setStateFilter({AlertState::Open});
        for (int row = 0; row < proxy.rowCount(); ++row) {
            const Alert &a = model.alertAt(proxy.mapToSource(proxy.index(row, 0)).row());
            QCOMPARE(a.severity, Severity::Critical);
            QCOMPARE(a.state, AlertState::Open);
        }
        const auto expectedCount = std::count_if(alerts.begin(), alerts.end(), [](const Alert &a) {
            return a.severity == Severity::Critical && a.state == AlertState::Open;
        });
        QCOMPARE(proxy.rowCount(), int(expectedCount));
        proxy.setStateFilter({});
        proxy.setMinimumSeverity(std::nullopt);
        proxy.sort(AlertListModel::DeviceColumn);
        for (int row = 1; row < proxy.rowCount(); ++row)
            QVERIFY(proxy.index(row - 1, AlertListModel::DeviceColumn).data().toString().compare(
                        proxy.index(row, AlertListModel::DeviceColumn).data().toString(), Qt::CaseInsensitive) <= 0);

        QItemSelectionModel selection(&proxy);
        const QString selectedId = alerts.at(5).id;
        int selectedRow = -1;
        for (int row = 0; row < proxy.rowCount(); ++row)
            if (proxy.index(row, 0).data(AlertListModel::IdRole).toString() == selectedId)
                selectedRow = row;
        QVERIFY(selectedRow >= 0);
        selection.select(proxy.index(selectedRow, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        // One alert resolves (leaves the scope), one is acknowledged, one new is raised.
        Alert resolved = alerts.at(0);
        resolved.state = AlertState::Resolved;
        resolved.version = 2;
        Alert acked = alerts.at(1);
        acked.state = AlertState::Acknowledged;
        acked.version = 2;
        Alert raised = testing::fleetAlert(100, devices.at(3), m_now.addSecs(1000));
        const auto changes = store->write([&](CacheWriter &w) {
            for (const Alert &a : {resolved, acked, raised})
                if (auto s = w.upsertAlert(a); !s)
                    return s;
            return success();
        });
        QVERIFY(changes);
        QVERIFY(model.applyChanges(changes.value()));
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.rowCount(), 23);
        QCOMPARE(model.alertAt(0).id, raised.id); // the newest on top
        QCOMPARE(model.rowOfId(resolved.id), -1);
        QCOMPARE(model.alertAt(model.rowOfId(acked.id)).state, AlertState::Acknowledged);
        QCOMPARE(selection.selectedRows().size(), 1);
        QCOMPARE(selection.selectedRows().first().data(AlertListModel::IdRole).toString(), selectedId);

        const auto removed = store->write([&](CacheWriter &w) { return w.remove(CacheEntity::Alert, raised.id); });
        QVERIFY(removed);
        QVERIFY(model.applyChanges(removed.value()));
        QCOMPARE(model.rowOfId(raised.id), -1);
        QCOMPARE(model.rowCount(), 22);
    }

    void customerModelFollowsChanges()
    {
        auto store = openStore();
        QList<Customer> customers;
        for (int n = 0; n < 8; ++n)
            customers.append(testing::fleetCustomer(n * 2, m_now));
        QVERIFY(store->write([&](CacheWriter &w) {
            for (const Customer &c : std::as_const(customers))
                if (auto s = w.upsertCustomer(c); !s)
                    return s;
            return success();
        }));
        CustomerListModel model(store->records());
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(model.reload());
        QCOMPARE(model.rowCount(), 8);
        const QPersistentModelIndex last = model.index(model.rowOfId(customers.at(5).id), 0);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        Customer added = testing::fleetCustomer(3, m_now); // "Customer 3" sorts between 2 and 4
        Customer renamed = customers.at(7);
        renamed.name = QStringLiteral("Customer 14 (renamed)");
        renamed.version = 2;
        const auto changes = store->write([&](CacheWriter &w) {
            if (auto s = w.upsertCustomer(added); !s)
                return s;
            if (auto s = w.upsertCustomer(renamed); !s)
                return s;
            return w.remove(CacheEntity::Customer, customers.at(0).id);
        });
        QVERIFY(changes);
        QVERIFY(model.applyChanges(changes.value()));
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.rowCount(), 8);
        QStringList names;
        for (int row = 0; row < model.rowCount(); ++row)
            names.append(model.index(row, CustomerListModel::NameColumn).data().toString());
        QCOMPARE(names.mid(0, 3), (QStringList{QStringLiteral("Customer 10"), QStringLiteral("Customer 12"), QStringLiteral("Customer 14 (renamed)")}));
        QVERIFY(names.contains(QStringLiteral("Customer 3")));
        QVERIFY(last.isValid());
        QCOMPARE(last.data(CustomerListModel::IdRole).toString(), customers.at(5).id);
    }

    void auditModelFetchesPagesAndTakesNewEntriesOnTop()
    {
        auto store = openStore();
        const auto event = [this](qint64 id) {
            AuditEvent e;
            e.id = id;
            e.at = m_now.addSecs(id);
            e.actorEmail = QStringLiteral("ops@example.net");
            e.action = QStringLiteral("device.update");
            e.targetType = QStringLiteral("device");
            e.targetId = QString::number(id);
            e.ip = QStringLiteral("192.0.2.1");
            return e;
        };
        const auto addEvents = [&](qint64 first, qint64 last) {
            return store->write([&](CacheWriter &w) {
                for (qint64 id = first; id <= last; ++id)
                    if (auto s = w.addAuditEvent(event(id)); !s)
                        return s;
                return success();
            });
        };
        QVERIFY(addEvents(1, 45));
        AuditLogModel model(store->records(), 20);
        // The tester itself fetches while it checks the model; every fetch is one page of 20.
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(model.rowCount() % 20 == 0);
        while (model.rowCount() < 40) {
            QVERIFY(model.canFetchMore({}));
            const int before = model.rowCount();
            model.fetchMore({});
            QCOMPARE(model.rowCount(), before + 20);
        }
        QCOMPARE(model.eventAt(0).id, 45);
        QCOMPARE(model.eventAt(19).id, 26);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 45); // the last, short page
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(model.eventAt(44).id, 1);
        QVERIFY(model.lastError().isEmpty());

        const QPersistentModelIndex oldest = model.index(44, 0);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        const auto changes = addEvents(46, 70); // more than a page arrives at once
        QVERIFY(changes);
        QVERIFY(model.applyChanges(changes.value()));
        QCOMPARE(resets.size(), 0);
        QCOMPARE(model.rowCount(), 70);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.eventAt(row).id, qint64(70 - row));
        QCOMPARE(oldest.data(AuditLogModel::IdRole).toLongLong(), 1);
        QCOMPARE(model.index(0, AuditLogModel::ActionColumn).data().toString(), QStringLiteral("device.update"));

        const auto pruned = store->write([&](CacheWriter &w) { return w.remove(CacheEntity::AuditEvent, QStringLiteral("1")); });
        QVERIFY(pruned);
        QVERIFY(model.applyChanges(pruned.value()));
        QCOMPARE(model.rowCount(), 69);
        QVERIFY(!oldest.isValid());
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
