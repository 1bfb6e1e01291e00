#include "core/cache/cachestore.h"
#include "tests/core/cachefixtures.h"
#include "core/models/devicelistmodel.h"
#include "core/session/workspace.h"
#include "core/sync/liveeventbatcher.h"

#include <QFile>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace qd;
using namespace qd::core;
using namespace std::chrono_literals;

class TestCacheStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QDateTime m_now = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);
    Clock clock()
    {
        return [this] { return m_now; };
    }
    std::unique_ptr<CacheStore> open(const QString &name)
    {
        auto store = CacheStore::open(m_dir.filePath(name), clock());
        if (!store)
            qFatal("cannot open the cache: %s", qPrintable(store.error()));
        return std::move(store).value();
    }
    static QStringList sorted(QStringList list)
    {
        list.sort();
        return list;
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_now = QDateTime(QDate(2025, 3, 1), QTime(12, 0), Qt::UTC);
    }

    void migratesFromEmpty()
    {
        auto store = open(QStringLiteral("empty.sqlite"));
        QVERIFY(!store->recovery().rebuilt);
        QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inspect"));
        {
            raw.setDatabaseName(store->path());
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("SELECT group_concat(version) FROM schema_migrations ORDER BY version")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("1,2,3,4,5"));
            QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
            for (const char *table : {"devices", "inventory_sections", "customers", "contacts", "alerts", "alert_rules", "users",
                                      "audit_events", "metric_rollups", "sync_cursors", "outbox", "search_index", "documents"}) {
                QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))));
                QVERIFY2(q.next(), table);
                QCOMPARE(q.value(0).toInt(), 0);
            }
            raw.close();
        }
        raw = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("inspect"));

        // Whole documents: absent until put, replaced by the next put.
        QVERIFY(!store->document(QStringLiteral("dashboard")));
        QVERIFY(store->putDocument(QStringLiteral("dashboard"), {{QStringLiteral("total"), 3}}));
        QVERIFY(store->putDocument(QStringLiteral("dashboard"), {{QStringLiteral("total"), 4}}));
        const auto doc = store->document(QStringLiteral("dashboard"));
        QVERIFY(doc.has_value());
        QCOMPARE(doc->body.value(QStringLiteral("total")).toInt(), 4);
        QVERIFY(doc->storedAt.isValid());
    }

    void devicesUpsertUpdateDelete()
    {
        auto store = open(QStringLiteral("devices.sqlite"));
        const Device a = testing::fleetDevice(1, m_now);
        Device b = testing::fleetDevice(2, m_now);

        auto first = store->upsertDevices({a, b});
        QVERIFY(first);
        QCOMPARE(sorted(first.value().of(CacheEntity::Device).inserted), sorted({a.id, b.id}));
        QVERIFY(first.value().of(CacheEntity::Device).updated.isEmpty());

        // The same objects again change nothing.
        auto again = store->upsertDevices({a, b});
        QVERIFY(again && again.value().isEmpty());

        b.hostname = QStringLiteral("renamed-host");
        b.version = 2;
        auto updated = store->upsertDevices({b});
        QVERIFY(updated);
        QCOMPARE(updated.value().of(CacheEntity::Device).updated, QStringList{b.id});
        QCOMPARE(store->devices().device(b.id), std::optional<Device>(b));

        // An older version arriving late (a delta page behind a live event) is ignored.
        Device stale = b;
        stale.hostname = QStringLiteral("stale-host");
        stale.version = 1;
        auto late = store->upsertDevices({stale});
        QVERIFY(late && late.value().isEmpty());
        QCOMPARE(store->devices().device(b.id)->hostname, QStringLiteral("renamed-host"));

        auto rows = store->devices().allRows();
        QVERIFY(rows);
        QCOMPARE(rows.value().size(), 2);
        const DeviceRow &row = rows.value().first().id == a.id ? rows.value().first() : rows.value().last();
        QCOMPARE(row.hostname, a.hostname);
        QCOMPARE(row.ips, a.ips.join(QStringLiteral(", ")));
        QCOMPARE(row.status, a.status);
        QCOMPARE(row.type, a.type);
        QCOMPARE(row.customerName, a.customerName);
        QCOMPARE(row.cpuPercent, a.cpuPercent);
        QCOMPARE(row.lastSeenMs, a.lastSeen.toMSecsSinceEpoch());

        // Inventory: inserted, unchanged, updated, and gone with its device.
        DeviceInventory inv = testing::fleetInventory(1);
        auto putInv = store->write([&](CacheWriter &w) { return w.putInventory(a.id, inv); });
        QVERIFY(putInv);
        QCOMPARE(putInv.value().of(CacheEntity::Inventory).inserted, QStringList{a.id});
        QCOMPARE(store->devices().inventory(a.id), std::optional<DeviceInventory>(inv));
        auto sameInv = store->write([&](CacheWriter &w) { return w.putInventory(a.id, inv); });
        QVERIFY(sameInv && sameInv.value().isEmpty());
        inv.services.removeLast();
        auto changedInv = store->write([&](CacheWriter &w) { return w.putInventory(a.id, inv); });
        QVERIFY(changedInv);
        QCOMPARE(changedInv.value().of(CacheEntity::Inventory).updated, QStringList{a.id});
        QVERIFY(!store->write([&](CacheWriter &w) { return w.putInventory(QStringLiteral("no-such-device"), inv); }));

        auto tomb = store->upsertDevices({}, {a.id, QStringLiteral("never-cached")});
        QVERIFY(tomb);
        QCOMPARE(tomb.value().of(CacheEntity::Device).deleted, QStringList{a.id});
        QVERIFY(!store->devices().device(a.id));
        QVERIFY(!store->devices().inventory(a.id));
        QCOMPARE(store->devices().count(), 1);
    }

    void failedBatchKeepsNothing()
    {
        auto store = open(QStringLiteral("rollback.sqlite"));
        const Device a = testing::fleetDevice(1, m_now);
        auto result = store->write([&](CacheWriter &w) -> Status {
            if (Status s = w.upsertDevice(a); !s)
                return s;
            return w.upsertJson(CacheEntity::Device, QJsonObject{{QStringLiteral("hostname"), QStringLiteral("no id")}});
        });
        QVERIFY(!result);
        QCOMPARE(store->devices().count(), 0);
    }

    void pagesOfEveryEntity()
    {
        auto store = open(QStringLiteral("pages.sqlite"));
        Customer c1 = testing::fleetCustomer(1, m_now);
        c1.contacts = {{QStringLiteral("c-1"), c1.id, QStringLiteral("Ada"), QStringLiteral("IT lead"), QStringLiteral("ada@example.net"), {}, m_now, 1},
                       {QStringLiteral("c-2"), c1.id, QStringLiteral("Bob"), QStringLiteral("Billing"), {}, {}, m_now, 1}};
        const Customer c2 = testing::fleetCustomer(2, m_now);
        auto page = store->applyPage(CacheEntity::Customer,
                                     {{QStringLiteral("items"), QJsonArray{c1.toJson(), c2.toJson()}}, {QStringLiteral("deleted"), QJsonArray{}}});
        QVERIFY(page);
        QCOMPARE(sorted(page.value().of(CacheEntity::Customer).inserted), sorted({c1.id, c2.id}));
        QCOMPARE(sorted(page.value().of(CacheEntity::Contact).inserted), sorted({QStringLiteral("c-1"), QStringLiteral("c-2")}));
        QCOMPARE(store->records().customer(c1.id), std::optional<Customer>(c1));

        // A contact removed on the server: gone from the cache, and the customer row changed.
        c1.contacts.removeLast();
        auto delta = store->applyPage(CacheEntity::Customer, {{QStringLiteral("items"), QJsonArray{c1.toJson()}},
                                                              {QStringLiteral("deleted"), QJsonArray{c2.id}}});
        QVERIFY(delta);
        QCOMPARE(delta.value().of(CacheEntity::Contact).deleted, QStringList{QStringLiteral("c-2")});
        QCOMPARE(delta.value().of(CacheEntity::Customer).updated, QStringList{c1.id});
        QCOMPARE(delta.value().of(CacheEntity::Customer).deleted, QStringList{c2.id});
        auto customers = store->records().customers();
        QVERIFY(customers);
        QCOMPARE(customers.value(), QList<Customer>{c1});

        const Device d = testing::fleetDevice(7, m_now);
        QVERIFY(store->upsertDevices({d}));
        Alert a1 = testing::fleetAlert(1, d, m_now);
        Alert a2 = testing::fleetAlert(2, d, m_now);
        a2.severity = Severity::Critical;
        a2.state = AlertState::Resolved;
        auto alerts = store->applyPage(CacheEntity::Alert, {{QStringLiteral("items"), QJsonArray{a1.toJson(), a2.toJson()}}});
        QVERIFY(alerts);
        QCOMPARE(alerts.value().of(CacheEntity::Alert).inserted.size(), 2);
        AlertFilter active;
        active.states = {AlertState::Open, AlertState::Acknowledged, AlertState::Flapping};
        QCOMPARE(store->records().alerts(active).value(), QList<Alert>{a1});
        AlertFilter critical;
        critical.minSeverity = Severity::Critical;
        critical.deviceId = d.id;
        QCOMPARE(store->records().alerts(critical).value(), QList<Alert>{a2});
        QCOMPARE(store->records().alerts({}).value().size(), 2);
        a1.state = AlertState::Acknowledged;
        a1.ackedBy = QStringLiteral("ops@example.net");
        a1.version = 2;
        auto acked = store->write([&](CacheWriter &w) { return w.upsertAlert(a1); });
        QCOMPARE(acked.value().of(CacheEntity::Alert).updated, QStringList{a1.id});
        QCOMPARE(store->records().alert(a1.id), std::optional<Alert>(a1));

        AlertRule rule;
        rule.id = QStringLiteral("r-1");
        rule.name = QStringLiteral("High CPU");
        rule.metric = QStringLiteral("cpu.percent");
        rule.threshold = 90;
        User user;
        user.id = QStringLiteral("u-1");
        user.email = QStringLiteral("ops@example.net");
        user.name = QStringLiteral("Ops");
        AuditEvent e1{1, m_now, user.id, user.email, QStringLiteral("auth.login"), {}, {}, QStringLiteral("req-1"), QStringLiteral("10.0.0.1"), {}};
        AuditEvent e2 = e1;
        e2.id = 2;
        e2.action = QStringLiteral("alert.ack");
        auto mixed = store->write([&](CacheWriter &w) -> Status {
            for (const Status &s : {w.upsertJson(CacheEntity::AlertRule, rule.toJson()), w.upsertJson(CacheEntity::User, user.toJson()),
                                    w.upsertJson(CacheEntity::AuditEvent, e1.toJson()), w.addAuditEvent(e2), w.addAuditEvent(e2)})
                if (!s)
                    return s;
            return success();
        });
        QVERIFY(mixed);
        QCOMPARE(mixed.value().of(CacheEntity::AlertRule).inserted, QStringList{rule.id});
        QCOMPARE(mixed.value().of(CacheEntity::User).inserted, QStringList{user.id});
        QCOMPARE(mixed.value().of(CacheEntity::AuditEvent).inserted, (QStringList{QStringLiteral("1"), QStringLiteral("2")}));
        QCOMPARE(store->records().alertRules().value(), QList<AlertRule>{rule});
        QCOMPARE(store->records().users().value(), QList<User>{user});
        QCOMPARE(store->records().auditPage(0, 10).value(), (QList<AuditEvent>{e2, e1}));
        QCOMPARE(store->records().auditPage(2, 10).value(), QList<AuditEvent>{e1});

        auto removed = store->write([&](CacheWriter &w) -> Status {
            if (Status s = w.remove(CacheEntity::AlertRule, rule.id); !s)
                return s;
            return w.remove(CacheEntity::User, user.id);
        });
        QCOMPARE(removed.value().of(CacheEntity::AlertRule).deleted, QStringList{rule.id});
        QCOMPARE(removed.value().of(CacheEntity::User).deleted, QStringList{user.id});
        QVERIFY(store->records().users().value().isEmpty());
    }

    void searchFindsSubstringsAndDropsDeleted()
    {
        auto store = open(QStringLiteral("search.sqlite"));
        QList<Device> devices;
        for (int n = 1; n <= 50; ++n)
            devices.append(testing::fleetDevice(n, m_now));
        QVERIFY(store->upsertDevices(devices));
        Customer acme = testing::fleetCustomer(1, m_now);
        acme.name = QStringLiteral("Acme Logistics GmbH");
        const Alert alert = testing::fleetAlert(1, devices.at(4), m_now);
        QVERIFY(store->write([&](CacheWriter &w) -> Status {
            if (Status s = w.upsertCustomer(acme); !s)
                return s;
            return w.upsertAlert(alert);
        }));

        const auto ids = [&](const QString &text) {
            const auto hits = store->search().search(text);
            if (!hits)
                qWarning("search failed: %s", qPrintable(hits.error()));
            QStringList out;
            for (const SearchHit &h : hits ? hits.value() : QList<SearchHit>{})
                out.append(h.id);
            return out;
        };
        // The inner part of a hostname (e.g. "lab-ws-000017").
        QCOMPARE(ids(QStringLiteral("ws-000017")), QStringList{devices.at(16).id});
        // Part of an IP address.
        QCOMPARE(ids(QStringLiteral("10.0.0.42")), QStringList{devices.at(41).id});
        // Customer name, case-insensitively and in the middle of a word.
        const auto customerHits = store->search().search(QStringLiteral("logist")).value();
        QCOMPARE(customerHits.size(), 1);
        QCOMPARE(customerHits.first().kind, CacheEntity::Customer);
        QCOMPARE(customerHits.first().id, acme.id);
        // Alert message text.
        const auto alertHits = store->search().search(QStringLiteral("cpu.percent at")).value();
        QCOMPARE(alertHits.size(), 1);
        QCOMPARE(alertHits.first().kind, CacheEntity::Alert);
        QCOMPARE(alertHits.first().id, alert.id);
        // Two terms: both must match (OS and tag).
        const auto both = store->search().search(QStringLiteral("windows finance"), 100);
        QVERIFY(both);
        for (const SearchHit &h : both.value()) {
            const Device d = *store->devices().device(h.id);
            QVERIFY(d.osName.startsWith(QStringLiteral("Windows")) && d.tags.contains(QStringLiteral("finance")));
        }
        QVERIFY(!ids(QStringLiteral("windows finance")).isEmpty());
        // A two-character term alone is answered by a scan.
        QVERIFY(ids(QStringLiteral("fd")).contains(devices.at(2).id));
        QVERIFY(ids(QStringLiteral("nothing-like-this")).isEmpty());
        QVERIFY(ids(QStringLiteral("\"quoted\" AND")).isEmpty());

        // Renamed and deleted rows leave the index.
        Device renamed = devices.at(16);
        renamed.hostname = QStringLiteral("kiosk-lobby");
        renamed.fqdn = QStringLiteral("kiosk-lobby.corp.example.net");
        renamed.version = 2;
        QVERIFY(store->upsertDevices({renamed}, {devices.at(41).id}));
        QVERIFY(ids(QStringLiteral("ws-000017")).isEmpty());
        QCOMPARE(ids(QStringLiteral("kiosk")), QStringList{renamed.id});
        QVERIFY(ids(QStringLiteral("10.0.0.42")).isEmpty());
        QVERIFY(store->applyPage(CacheEntity::Customer, {{QStringLiteral("deleted"), QJsonArray{acme.id}}}));
        QVERIFY(ids(QStringLiteral("logist")).isEmpty());
    }

    void outboxLifecycle()
    {
        auto store = open(QStringLiteral("outbox.sqlite"));
        CacheOutbox &outbox = store->outbox();
        const auto ack = outbox.enqueue(QStringLiteral("POST"), QStringLiteral("/api/v1/alerts/a-1/ack"), R"({"note":"on it"})", 3);
        QVERIFY(ack);
        m_now = m_now.addSecs(10);
        const auto tags = outbox.enqueue(QStringLiteral("PATCH"), QStringLiteral("/api/v1/devices/d-1"), R"({"tags":["x"]})", 5,
                                         QStringLiteral("fixed-key"));
        QVERIFY(tags);
        QVERIFY(!outbox.enqueue(QStringLiteral("PATCH"), QStringLiteral("/x"), "{}", std::nullopt, QStringLiteral("fixed-key")));

        auto pending = outbox.pending().value();
        QCOMPARE(pending.size(), 2);
        QCOMPARE(pending.at(0).id, ack.value());
        QCOMPARE(pending.at(0).ifMatch, std::optional<qint64>(3));
        QCOMPARE(pending.at(0).body, QByteArray(R"({"note":"on it"})"));
        QCOMPARE(pending.at(0).createdAt, m_now.addSecs(-10));
        QVERIFY(!pending.at(0).idempotencyKey.isEmpty());
        QCOMPARE(pending.at(1).idempotencyKey, QStringLiteral("fixed-key"));

        QVERIFY(outbox.markAttemptFailed(ack.value(), QStringLiteral("connection refused")));
        auto retried = *outbox.entry(ack.value());
        QCOMPARE(retried.state, OutboxEntry::State::Pending);
        QCOMPARE(retried.attempts, 1);
        QCOMPARE(retried.lastError, QStringLiteral("connection refused"));
        QVERIFY(outbox.markSent(ack.value()));
        QCOMPARE(outbox.entry(ack.value())->state, OutboxEntry::State::Sent);
        QCOMPARE(outbox.entry(ack.value())->attempts, 2);

        const QJsonObject problem{{QStringLiteral("type"), QStringLiteral("https://quarterdeck.example/problems/version-mismatch")},
                                  {QStringLiteral("title"), QStringLiteral("The device was changed meanwhile")},
                                  {QStringLiteral("status"), 412}};
        QVERIFY(outbox.markConflict(tags.value(), problem));
        auto conflict = *outbox.entry(tags.value());
        QCOMPARE(conflict.state, OutboxEntry::State::Conflict);
        QCOMPARE(conflict.problem, problem);
        QCOMPARE(outbox.count(OutboxEntry::State::Conflict), 1);
        QVERIFY(outbox.pending().value().isEmpty());

        QVERIFY(outbox.requeue(tags.value(), 6));
        QCOMPARE(outbox.entry(tags.value())->ifMatch, std::optional<qint64>(6));
        QCOMPARE(outbox.pending().value().size(), 1);
        QVERIFY(!outbox.requeue(tags.value(), 7)); // only conflicts and failures are requeued
        QVERIFY(outbox.markFailed(tags.value(), QStringLiteral("forbidden")));
        QCOMPARE(outbox.entries(OutboxEntry::State::Failed).value().size(), 1);
        QCOMPARE(outbox.entries().value().size(), 2);
        QVERIFY(!outbox.markSent(9999));

        m_now = m_now.addDays(8);
        QCOMPARE(outbox.purgeSent(m_now.addDays(-7)).value(), 1);
        QVERIFY(outbox.remove(tags.value()));
        QVERIFY(outbox.entries().value().isEmpty());
    }

    void metricWindowPrune()
    {
        auto store = open(QStringLiteral("metrics.sqlite"));
        const Device d = testing::fleetDevice(1, m_now);
        QVERIFY(store->upsertDevices({d}));
        QList<MetricRollup> rollups;
        for (int hour = 0; hour < 72; ++hour)
            rollups.append({d.id, QStringLiteral("cpu.percent"), m_now.addSecs(-3600 * hour), 40.0 + hour % 5, 10, 90});
        QVERIFY(store->metrics().put(rollups));
        // Replacing a bucket updates it instead of adding one.
        QVERIFY(store->metrics().put({{d.id, QStringLiteral("cpu.percent"), m_now, 55, 50, 60}}));
        auto all = store->metrics().range(d.id, QStringLiteral("cpu.percent"), m_now.addDays(-4), m_now.addSecs(1));
        QCOMPARE(all.value().size(), 72);
        QCOMPARE(all.value().last().avg, 55.0);
        QVERIFY(!store->metrics().put({{QStringLiteral("unknown-device"), QStringLiteral("cpu.percent"), m_now, 1, 1, 1}}));

        QCOMPARE(store->pruneMetricRollups(24h).value(), 72 - 25); // buckets at now-24h .. now stay
        QCOMPARE(store->metrics().range(d.id, QStringLiteral("cpu.percent"), m_now.addDays(-4), m_now.addSecs(1)).value().size(), 25);
        // Deleting the device drops its history.
        QVERIFY(store->upsertDevices({}, {d.id}));
        QVERIFY(store->metrics().range(d.id, QStringLiteral("cpu.percent"), m_now.addDays(-4), m_now.addSecs(1)).value().isEmpty());
    }

    // Per-device days for availability reports: replaced by day, unknown devices skipped,
    // filtered by customer, gone with their device.
    void availabilityDays()
    {
        auto store = open(QStringLiteral("availability.sqlite"));
        const Device a = testing::fleetDevice(1, m_now), b = testing::fleetDevice(2, m_now);
        QVERIFY(a.customerId != b.customerId);
        QVERIFY(store->upsertDevices({a, b}));
        const qint64 day = 86'400'000;
        QVERIFY(store->metrics().putAvailability({{a.id, 10 * day, 20, 24}, {a.id, 11 * day, 24, 24}, {b.id, 10 * day, 0, 12},
                                                  {QStringLiteral("unknown-device"), 10 * day, 5, 24}}));
        QVERIFY(store->metrics().putAvailability({{a.id, 11 * day, 23, 24}}));
        const QList<AvailabilityDay> all = store->metrics().availability().value();
        QCOMPARE(all.size(), 3);
        const QList<AvailabilityDay> ofA = store->metrics().availability(a.customerId).value();
        QCOMPARE(ofA, (QList<AvailabilityDay>{{a.id, 10 * day, 20, 24}, {a.id, 11 * day, 23, 24}}));
        QVERIFY(store->upsertDevices({}, {a.id}));
        QCOMPARE(store->metrics().availability().value(), (QList<AvailabilityDay>{{b.id, 10 * day, 0, 12}}));
    }

    void syncCursorsAndReopenKeepData()
    {
        const QString name = QStringLiteral("reopen.sqlite");
        const Device d = testing::fleetDevice(3, m_now);
        {
            auto store = open(name);
            QCOMPARE(store->syncCursor(QStringLiteral("devices")).seq, 0);
            QVERIFY(!store->syncCursor(QStringLiteral("devices")).serverTime.isValid());
            QVERIFY(store->upsertDevices({d}));
            QVERIFY(store->write([&](CacheWriter &w) { return w.putInventory(d.id, testing::fleetInventory(3)); }));
            QVERIFY(store->outbox().enqueue(QStringLiteral("POST"), QStringLiteral("/api/v1/alerts/a/ack"), "{}"));
            QVERIFY(store->setSyncCursor(QStringLiteral("devices"), {m_now, 1764000000000043}));
        }
        auto store = open(name);
        QVERIFY(!store->recovery().rebuilt);
        QCOMPARE(store->devices().device(d.id), std::optional<Device>(d));
        QCOMPARE(store->devices().inventory(d.id), std::optional<DeviceInventory>(testing::fleetInventory(3)));
        QCOMPARE(store->outbox().pending().value().size(), 1);
        QCOMPARE(store->syncCursor(QStringLiteral("devices")).serverTime, m_now);
        QCOMPARE(store->syncCursor(QStringLiteral("devices")).seq, 1764000000000043);
        QCOMPARE(store->search().search(d.hostname).value().size(), 1);
    }

    void deletingADeviceDropsItsAlerts()
    {
        auto store = open(QStringLiteral("device-alerts.sqlite"));
        const Device gone = testing::fleetDevice(1, m_now);
        const Device kept = testing::fleetDevice(2, m_now);
        QVERIFY(store->upsertDevices({gone, kept}));
        const Alert a1 = testing::fleetAlert(1, gone, m_now);
        const Alert a2 = testing::fleetAlert(2, gone, m_now);
        const Alert a3 = testing::fleetAlert(3, kept, m_now);
        QVERIFY(store->applyPage(CacheEntity::Alert, {{QStringLiteral("items"), QJsonArray{a1.toJson(), a2.toJson(), a3.toJson()}}}));

        const auto changes = store->applyPage(CacheEntity::Device, {{QStringLiteral("deleted"), QJsonArray{gone.id}}});
        QVERIFY(changes);
        QCOMPARE(changes.value().of(CacheEntity::Device).deleted, QStringList{gone.id});
        QCOMPARE(sorted(changes.value().of(CacheEntity::Alert).deleted), sorted({a1.id, a2.id}));
        QCOMPARE(store->records().alerts({}).value(), QList<Alert>{a3});
        QVERIFY(!store->devices().device(gone.id));
    }

    void liveBatchesAreWrittenOnTheirOwnThread()
    {
        auto store = open(QStringLiteral("live.sqlite"));
        Device d1 = testing::fleetDevice(1, m_now);
        const Device d2 = testing::fleetDevice(2, m_now);
        QVERIFY(store->upsertDevices({d1, d2}));
        const Alert onD2 = testing::fleetAlert(1, d2, m_now);
        QVERIFY(store->applyPage(CacheEntity::Alert, {{QStringLiteral("items"), QJsonArray{onD2.toJson()}}}));

        LiveEventBatcher batcher(store.get());
        batcher.setInterval(10ms);
        QSignalSpy changed(&batcher, &LiveEventBatcher::changed);
        QSignalSpy summaries(&batcher, &LiveEventBatcher::dashboardSummary);
        QSignalSpy failed(&batcher, &LiveEventBatcher::applyFailed);
        const QThread *guiThread = QThread::currentThread();
        bool announcedOnGuiThread = true;
        connect(&batcher, &LiveEventBatcher::changed, this, [&] { announcedOnGuiThread &= QThread::currentThread() == guiThread; });

        d1.cpuPercent = 97.5;
        d1.version += 1;
        const Device d3 = testing::fleetDevice(3, m_now);
        const QJsonObject summary{{QStringLiteral("devices"), QJsonObject{{QStringLiteral("total"), 2}}}};
        batcher.add(QStringLiteral("devices"), 41, {{QStringLiteral("event"), QStringLiteral("device.changed")}, {QStringLiteral("device"), d1.toJson()}});
        batcher.add(QStringLiteral("devices"), 42, {{QStringLiteral("event"), QStringLiteral("device.created")}, {QStringLiteral("device"), d3.toJson()}});
        batcher.add(QStringLiteral("devices"), 43, {{QStringLiteral("event"), QStringLiteral("device.deleted")}, {QStringLiteral("device"), QJsonObject{{QStringLiteral("id"), d2.id}}}});
        batcher.add(QStringLiteral("dashboard"), 44, {{QStringLiteral("event"), QStringLiteral("dashboard.summary")}, {QStringLiteral("summary"), summary}});
        QCOMPARE(batcher.queued(), 4);
        batcher.flush();
        QVERIFY(batcher.isWriting());
        QCOMPARE(batcher.queued(), 0);
        // Events that arrive while a batch is written go into the next one.
        Device d1Later = d1;
        d1Later.cpuPercent = 12.0;
        d1Later.version += 1;
        batcher.add(QStringLiteral("devices"), 45, {{QStringLiteral("event"), QStringLiteral("device.changed")}, {QStringLiteral("device"), d1Later.toJson()}});
        batcher.flush();
        QCOMPARE(batcher.queued(), 1);

        QTRY_COMPARE(changed.size(), 2);
        QVERIFY(!batcher.isWriting());
        QVERIFY(failed.isEmpty());
        QVERIFY(announcedOnGuiThread);
        const CacheChanges first = changed.at(0).at(0).value<CacheChanges>();
        QCOMPARE(first.of(CacheEntity::Device).updated, QStringList{d1.id});
        QCOMPARE(first.of(CacheEntity::Device).inserted, QStringList{d3.id});
        QCOMPARE(first.of(CacheEntity::Device).deleted, QStringList{d2.id});
        QCOMPARE(first.of(CacheEntity::Alert).deleted, QStringList{onD2.id});
        QCOMPARE(changed.at(1).at(0).value<CacheChanges>().of(CacheEntity::Device).updated, QStringList{d1.id});
        QCOMPARE(summaries.size(), 1);
        QCOMPARE(summaries.at(0).at(0).toJsonObject(), summary);

        // The GUI thread's connection reads what the writer committed.
        QCOMPARE(store->devices().device(d1.id)->cpuPercent, 12.0);
        QVERIFY(store->devices().device(d3.id).has_value());
        QVERIFY(!store->devices().device(d2.id).has_value());
        QVERIFY(store->records().alerts({}).value().isEmpty());
        QCOMPARE(store->syncCursor(QString::fromLatin1(LiveEventBatcher::cursorName)).seq, 45);
        QCOMPARE(store->document(QStringLiteral("dashboard"))->body, summary);
        QCOMPARE(store->document(QStringLiteral("dashboard"))->storedAt, m_now);

        // A batch that cannot be written keeps nothing and says so; the cursor stays.
        Device d3Later = d3;
        d3Later.version += 1;
        d3Later.notes = QStringLiteral("never written");
        batcher.add(QStringLiteral("devices"), 46, {{QStringLiteral("event"), QStringLiteral("device.changed")}, {QStringLiteral("device"), d3Later.toJson()}});
        batcher.add(QStringLiteral("devices"), 47, {{QStringLiteral("event"), QStringLiteral("device.changed")}, {QStringLiteral("device"), QJsonObject{}}});
        batcher.flush();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(store->devices().device(d3.id)->notes, d3.notes);
        QCOMPARE(store->syncCursor(QString::fromLatin1(LiveEventBatcher::cursorName)).seq, 45);
    }

    void garbageFileIsMovedAside()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        auto store = open(QStringLiteral("garbage.sqlite"));
        QVERIFY(store->recovery().rebuilt);
        QVERIFY(!store->recovery().notice.isEmpty());
        QVERIFY(store->recovery().movedTo.startsWith(path + QStringLiteral(".corrupt-20250301T120000Z")));
        QFile moved(store->recovery().movedTo);
        QVERIFY(moved.open(QIODevice::ReadOnly));
        QCOMPARE(moved.readAll(), QByteArray(8192, 'x'));
        QVERIFY(store->upsertDevices({testing::fleetDevice(1, m_now)}));
        QCOMPARE(store->devices().count(), 1);
    }

    void truncatedFileIsMovedAside()
    {
        const QString name = QStringLiteral("truncated.sqlite");
        const QString path = m_dir.filePath(name);
        {
            auto store = open(name);
            QList<Device> devices;
            for (int n = 0; n < 2000; ++n)
                devices.append(testing::fleetDevice(n, m_now));
            QVERIFY(store->upsertDevices(devices));
        }
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) || QFileInfo(path + QStringLiteral("-wal")).size() == 0);
        const qint64 size = QFileInfo(path).size();
        QVERIFY(size > 100000);
        QVERIFY(QFile::resize(path, size / 2));

        auto store = open(name);
        QVERIFY(store->recovery().rebuilt);
        QVERIFY2(!store->recovery().reason.isEmpty(), qPrintable(store->recovery().reason));
        QCOMPARE(QFileInfo(store->recovery().movedTo).size(), size / 2);
        QCOMPARE(store->devices().count(), 0);
        // The rebuilt file is a sound cache that keeps what is written next.
        QVERIFY(store->upsertDevices({testing::fleetDevice(1, m_now)}));
        store.reset();
        QVERIFY(!open(name)->recovery().rebuilt);
    }

    void integrityCheckedAlongsideReading()
    {
        const QString name = QStringLiteral("alongside.sqlite");
        const QString path = m_dir.filePath(name);
        QList<Device> devices;
        for (int n = 0; n < 2000; ++n)
            devices.append(testing::fleetDevice(n, m_now));
        QVERIFY(open(name)->upsertDevices(devices));

        {
            auto sound = CacheStore::openCheckingAlongside(path, clock());
            QVERIFY(sound);
            QCOMPARE(sound.value()->devices().count(), 2000);
            QCOMPARE(sound.value()->integrityProblem(), std::nullopt);
            QVERIFY(!sound.value()->recovery().rebuilt);
        }

        // A page in the middle of the file overwritten: the file still opens and its schema
        // reads, but the check finds the damage.
        const qint64 size = QFileInfo(path).size();
        QVERIFY(size > 40 * 4096);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek((size / 4096 / 2) * 4096));
            QCOMPARE(file.write(QByteArray(4096, char(0x5a))), 4096);
        }
        {
            auto damaged = CacheStore::openCheckingAlongside(path, clock());
            QVERIFY(!damaged || damaged.value()->integrityProblem().has_value());
        }

        // The console's way in: the fast open fails, the careful one moves the file aside.
        ServerProfile profile;
        profile.name = QStringLiteral("Damaged");
        profile.url = QUrl(QStringLiteral("http://127.0.0.1:9"));
        auto workspace = Workspace::open(profile, path, clock());
        QVERIFY(workspace);
        QVERIFY(workspace.value()->store().recovery().rebuilt);
        QCOMPARE(QFileInfo(workspace.value()->store().recovery().movedTo).size(), size);
        QCOMPARE(workspace.value()->devices()->rowCount(), 0);
    }

    void newerSchemaIsMovedAside()
    {
        const QString name = QStringLiteral("newer.sqlite");
        {
            auto store = open(name);
        }
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
            raw.setDatabaseName(m_dir.filePath(name));
            QVERIFY(raw.open());
            QVERIFY(QSqlQuery(raw).exec(QStringLiteral("INSERT INTO schema_migrations VALUES (999, 'future', 0)")));
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bump"));
        auto store = open(name);
        QVERIFY(store->recovery().rebuilt);
        QVERIFY(store->recovery().reason.contains(QStringLiteral("999")));
    }

    void defaultPathIsPortable()
    {
        const QString path = CacheStore::defaultPath(QStringLiteral("Acme / prod:eu"));
        QVERIFY(path.endsWith(QStringLiteral("/cache/Acme___prod_eu.sqlite")));
        QVERIFY(CacheStore::defaultPath(QStringLiteral("..")).endsWith(QStringLiteral("/cache/profile...sqlite")));
    }
};

QTEST_GUILESS_MAIN(TestCacheStore)
#include "tst_cachestore.moc"
