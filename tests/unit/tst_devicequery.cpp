#include "server/app/serverapp.h"
#include "server/services/demo/demoseeder.h"
#include "server/storage/database.h"
#include "server/storage/deviceindex.h"
#include "server/storage/devicequery.h"
#include "server/storage/devicestore.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::server;

// A device list is answered two ways: by SQL (delta syncs, and a store without an index) and by
// the in-memory index (every other list). Every filter x every sort key, both directions, must
// give the same devices in the same order both ways, on a demo fleet.
class TestDeviceQuery : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<DeviceIndex> m_index;
    std::unique_ptr<DeviceStore> m_sql;
    std::unique_ptr<DeviceStore> m_indexed;
    QList<Device> m_all;

    // Every id of the list, page by page.
    static QStringList ids(DeviceStore &store, DeviceQuery q, qint64 *total)
    {
        QStringList out;
        q.page.pageSize = PageRequest::maxPageSize;
        for (q.page.page = 1;; ++q.page.page) {
            const auto page = store.list(q, total);
            if (!page) {
                QTest::qFail(qPrintable(page.error()), __FILE__, __LINE__);
                break;
            }
            for (const Device &d : page.value())
                out << d.id;
            if (page.value().size() < q.page.pageSize)
                break;
        }
        return out;
    }

    // The filters to try: none, each kind alone with values the fleet has, and combinations.
    QList<QPair<QString, DeviceQuery>> filters() const
    {
        QList<QPair<QString, DeviceQuery>> out;
        out.append({QStringLiteral("none"), {}});
        QSet<QString> customers, tags, oses;
        for (const Device &d : m_all) {
            if (!d.customerId.isEmpty())
                customers.insert(d.customerId);
            for (const QString &t : d.tags)
                tags.insert(t);
            if (!d.osName.isEmpty())
                oses.insert(d.osName);
        }
        for (DeviceStatus s :
             {DeviceStatus::Online, DeviceStatus::Warning, DeviceStatus::Critical, DeviceStatus::Offline}) {
            DeviceQuery q;
            q.statuses = {s};
            out.append({QStringLiteral("status=") + deviceStatusName(s), q});
        }
        DeviceQuery twoStatuses;
        twoStatuses.statuses = {DeviceStatus::Warning, DeviceStatus::Critical};
        out.append({QStringLiteral("status=warning,critical"), twoStatuses});
        for (const QString &name : deviceTypeNames()) {
            DeviceQuery q;
            q.types = {*deviceTypeFromName(name)};
            out.append({QStringLiteral("type=") + name, q});
        }
        for (const QString &c : std::as_const(customers)) {
            DeviceQuery q;
            q.customerId = c;
            out.append({QStringLiteral("customer=") + c, q});
        }
        for (const QString &t : std::as_const(tags)) {
            DeviceQuery q;
            q.tag = t;
            out.append({QStringLiteral("tag=") + t, q});
        }
        for (const QString &o : std::as_const(oses)) {
            DeviceQuery q;
            q.os = o;
            out.append({QStringLiteral("os=") + o, q});
        }
        // Search: one and two characters (hostname or address), three and more (anywhere).
        const QString host = m_all.at(m_all.size() / 2).hostname;
        for (const QString &text : {host.left(1), host.left(2), host.mid(1, 4), host.toUpper(), QStringLiteral("10."),
                                    QStringLiteral("zz-nothing")}) {
            DeviceQuery q;
            q.text = text;
            out.append({QStringLiteral("text=") + text, q});
        }
        DeviceQuery combined;
        combined.types = {DeviceType::Server, DeviceType::Workstation};
        combined.statuses = {DeviceStatus::Online, DeviceStatus::Warning};
        combined.customerId = customers.isEmpty() ? QString() : *customers.cbegin();
        out.append({QStringLiteral("type+status+customer"), combined});
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const QString path = m_dir.filePath(QStringLiteral("fleet.db"));
        const Status initialised = initialiseServer(path, m_dir.path(), QStringLiteral("admin@example.com"),
                                                    QStringLiteral("Admin"), QStringLiteral("Harbour-Lights-2026"));
        QVERIFY2(initialised, initialised ? "" : qPrintable(initialised.error()));
        const Status seeded = seedDemo(path, m_dir.path(), 240, 1);
        QVERIFY2(seeded, seeded ? "" : qPrintable(seeded.error()));
        auto db = Database::open(path);
        QVERIFY2(db, db ? "" : qPrintable(db.error()));
        m_db = std::move(db.value());
        m_index = std::make_unique<DeviceIndex>(*m_db);
        m_sql = std::make_unique<DeviceStore>(*m_db);
        m_indexed = std::make_unique<DeviceStore>(*m_db, m_index.get());
        qint64 total = 0;
        DeviceQuery all;
        all.page.pageSize = PageRequest::maxPageSize;
        const auto read = m_sql->list(all, &total);
        QVERIFY2(read, read ? "" : qPrintable(read.error()));
        m_all = read.value();
        QCOMPARE(total, qint64(240));
    }

    void everyFilterAndSortAgreesOnBothPaths()
    {
        int compared = 0;
        for (const auto &[name, filter] : filters()) {
            for (DeviceSortField field : allDeviceSortFields) {
                for (bool descending : {false, true}) {
                    DeviceQuery q = filter;
                    q.sort = {{field, descending}};
                    // A second key as well, so ties of the first are ordered the same way too.
                    if (field != DeviceSortField::Hostname)
                        q.sort.append({DeviceSortField::Hostname, !descending});
                    qint64 sqlTotal = -1, indexTotal = -1;
                    const QStringList bySql = ids(*m_sql, q, &sqlTotal);
                    const QStringList byIndex = ids(*m_indexed, q, &indexTotal);
                    const QString what =
                        QStringLiteral("%1, sort %2%3")
                            .arg(name, descending ? QStringLiteral("-") : QString(), deviceSortFieldName(field));
                    QVERIFY2(sqlTotal == indexTotal, qPrintable(what));
                    QVERIFY2(bySql == byIndex, qPrintable(what));
                    QCOMPARE(qint64(bySql.size()), sqlTotal);
                    ++compared;
                }
            }
        }
        QVERIFY(compared > 200);
    }

    void defaultOrderIsByHostname()
    {
        qint64 total = 0;
        DeviceQuery byHost;
        byHost.sort = {{DeviceSortField::Hostname, false}};
        QCOMPARE(ids(*m_indexed, {}, &total), ids(*m_indexed, byHost, &total));
        QCOMPARE(ids(*m_sql, {}, &total), ids(*m_sql, byHost, &total));
    }

    void sortKeysParseByName()
    {
        for (DeviceSortField field : allDeviceSortFields)
            QCOMPARE(deviceSortFieldFromName(deviceSortFieldName(field)), field);
        FieldErrors errors;
        const QList<DeviceSortKey> keys = parseDeviceSort(QStringLiteral("-last_seen, customer"), errors);
        QVERIFY(errors.isEmpty());
        QCOMPARE(keys.size(), 2);
        QCOMPARE(keys[0].field, DeviceSortField::LastSeen);
        QVERIFY(keys[0].descending);
        QCOMPARE(keys[1].field, DeviceSortField::Customer);
        QVERIFY(!keys[1].descending);
        QVERIFY(parseDeviceSort(QStringLiteral("d.hostname"), errors).isEmpty());
        QVERIFY(!errors.isEmpty());
        FieldErrors tooMany;
        (void)parseDeviceSort(QStringLiteral("cpu,memory,disk,os,type"), tooMany);
        QVERIFY(!tooMany.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDeviceQuery)
#include "tst_devicequery.moc"
