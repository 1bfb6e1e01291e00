#include "tests/integration/testhelpers.h"

#include <QUrlQuery>

#include <algorithm>

using namespace qd::test;

// Devices and customers: paging covers every device once; filters, search and sort agree with a
// brute-force check; delta sync carries updates and deletions; customers with contacts; bulk
// actions; the dashboard agrees with the device list.
class TestFleet : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QString m_admin;
    QJsonArray m_all; // every device, as the server lists them
    QString m_customerA;

    QJsonArray listAll(const QString &query)
    {
        QJsonArray out;
        for (int page = 1; page < 100; ++page) {
            const HttpResponse r = m_http->get(QStringLiteral("/api/v1/devices?page_size=7&page=%1&%2").arg(page).arg(query), m_admin);
            if (r.status != 200)
                return {};
            const QJsonArray items = r.json.value(QStringLiteral("items")).toArray();
            for (const QJsonValue &v : items)
                out.append(v);
            if (items.size() < 7)
                break;
        }
        return out;
    }
    static QStringList hostnames(const QJsonArray &devices)
    {
        QStringList out;
        for (const QJsonValue &v : devices)
            out << v.toObject().value(QStringLiteral("hostname")).toString();
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        m_admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        const HttpResponse customer = m_http->post(QStringLiteral("/api/v1/customers"),
                                                   {{QStringLiteral("name"), QStringLiteral("Harbor Dental Group")},
                                                    {QStringLiteral("contacts"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Maria Garcia")},
                                                                                                        {QStringLiteral("email"), QStringLiteral("Maria@HarborDental.example")},
                                                                                                        {QStringLiteral("role"), QStringLiteral("IT lead")}}}}},
                                                   m_admin);
        QCOMPARE(customer.status, 201);
        m_customerA = customer.json.value(QStringLiteral("id")).toString();
        QCOMPARE(customer.json.value(QStringLiteral("contacts")).toArray().first().toObject().value(QStringLiteral("email")).toString(),
                 QStringLiteral("maria@harbordental.example"));

        // 30 devices: a third for the customer, mixed types, CPU load 3..90 %.
        const QString forCustomer = enrollmentToken(m_server, 10, m_customerA);
        const QString general = enrollmentToken(m_server, 20);
        const QStringList types{QStringLiteral("workstation"), QStringLiteral("laptop"), QStringLiteral("server"), QStringLiteral("vm")};
        for (int i = 0; i < 30; ++i) {
            const QString host = QStringLiteral("%1-%2").arg(i % 3 == 0 ? QStringLiteral("web") : i % 3 == 1 ? QStringLiteral("Db") : QStringLiteral("mail"))
                                     .arg(i, 2, 10, QLatin1Char('0'));
            const EnrolledDevice d = enroll(*m_http, i < 10 ? forCustomer : general, host, types.at(i % 4));
            QVERIFY2(!d.id.isEmpty(), qPrintable(host));
            const double cpu = 3 + (i * 29) % 88;
            QCOMPARE(m_http->post(QStringLiteral("/api/v1/agent/metrics"),
                                  {{QStringLiteral("samples"), QJsonArray{sample(QStringLiteral("cpu.percent"), QDateTime::currentMSecsSinceEpoch() - 1000, cpu),
                                                                           sample(QStringLiteral("mem.percent"), QDateTime::currentMSecsSinceEpoch() - 1000, 40)}}},
                                  d.token)
                         .status,
                     200);
        }
        m_all = listAll({});
        QCOMPARE(m_all.size(), 30);
    }

    void pagingCoversEveryDeviceOnce()
    {
        QSet<QString> ids;
        for (const QJsonValue &v : std::as_const(m_all))
            ids.insert(v.toObject().value(QStringLiteral("id")).toString());
        QCOMPARE(ids.size(), 30);
        const HttpResponse page = m_http->get(QStringLiteral("/api/v1/devices?page_size=7&page=5"), m_admin);
        QCOMPARE(page.json.value(QStringLiteral("total")).toInt(), 30);
        QCOMPARE(page.json.value(QStringLiteral("items")).toArray().size(), 2);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices?page_size=7&page=6"), m_admin).json.value(QStringLiteral("items")).toArray().size(), 0);
    }

    void sortsAgreeWithBruteForce_data()
    {
        QTest::addColumn<QString>("sort");
        QTest::newRow("hostname") << "hostname";
        QTest::newRow("-hostname") << "-hostname";
        QTest::newRow("-cpu,hostname") << "-cpu,hostname";
        QTest::newRow("type,-hostname") << "type,-hostname";
    }
    void sortsAgreeWithBruteForce()
    {
        QFETCH(QString, sort);
        QList<QJsonObject> expected;
        for (const QJsonValue &v : std::as_const(m_all))
            expected << v.toObject();
        const auto key = [](const QJsonObject &o, const QString &k) -> QVariant {
            if (k == QLatin1String("hostname"))
                return o.value(QStringLiteral("hostname")).toString().toLower();
            if (k == QLatin1String("cpu"))
                return o.value(QStringLiteral("cpu_percent")).toDouble();
            return o.value(k).toString();
        };
        const QStringList keys = sort.split(QLatin1Char(','));
        std::stable_sort(expected.begin(), expected.end(), [&](const QJsonObject &a, const QJsonObject &b) {
            for (QString k : keys) {
                const bool desc = k.startsWith(QLatin1Char('-'));
                if (desc)
                    k = k.mid(1);
                const QVariant va = key(a, k), vb = key(b, k);
                const int c = QVariant::compare(va, vb) == QPartialOrdering::Less ? -1 : QVariant::compare(va, vb) == QPartialOrdering::Greater ? 1 : 0;
                if (c != 0)
                    return desc ? c > 0 : c < 0;
            }
            return a.value(QStringLiteral("id")).toString() < b.value(QStringLiteral("id")).toString();
        });
        QJsonArray expectedArray;
        for (const QJsonObject &o : expected)
            expectedArray.append(o);
        QCOMPARE(hostnames(listAll(QStringLiteral("sort=") + sort)), hostnames(expectedArray));
    }

    void filtersAndSearchAgreeWithBruteForce_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("needle");
        QTest::newRow("type") << "type=server" << "type" << "server";
        QTest::newRow("types") << "type=server,vm" << "type" << "server|vm";
        QTest::newRow("customer") << "customer_id={customer}" << "customer_id" << "{customer}";
        QTest::newRow("search") << "q=web" << "hostname~" << "web";
        QTest::newRow("search case") << "q=DB-1" << "hostname~" << "db-1";
        QTest::newRow("search short") << "q=l-" << "hostname~" << "l-";
        QTest::newRow("search none") << "q=zzz" << "hostname~" << "zzz";
    }
    void filtersAndSearchAgreeWithBruteForce()
    {
        QFETCH(QString, query);
        QFETCH(QString, field);
        QFETCH(QString, needle);
        query.replace(QStringLiteral("{customer}"), m_customerA);
        needle.replace(QStringLiteral("{customer}"), m_customerA);
        QStringList expected;
        for (const QJsonValue &v : std::as_const(m_all)) {
            const QJsonObject o = v.toObject();
            const bool match = field.endsWith(QLatin1Char('~'))
                ? o.value(field.chopped(1)).toString().contains(needle, Qt::CaseInsensitive)
                : needle.split(QLatin1Char('|')).contains(o.value(field).toString());
            if (match)
                expected << o.value(QStringLiteral("hostname")).toString();
        }
        QStringList got = hostnames(listAll(query));
        got.sort();
        expected.sort();
        QCOMPARE(got, expected);
    }

    void badListQueries()
    {
        for (const char *q : {"sort=colour", "status=sleeping", "type=phone", "page_size=0", "updated_since=yesterday"}) {
            const HttpResponse r = m_http->get(QStringLiteral("/api/v1/devices?") + QLatin1String(q), m_admin);
            QVERIFY2(r.status == 422, q);
        }
    }

    void deltaSyncCarriesChangesAndDeletions()
    {
        const HttpResponse before = m_http->get(QStringLiteral("/api/v1/devices?updated_since=2000-01-01T00:00:00Z&page_size=500"), m_admin);
        QCOMPARE(before.json.value(QStringLiteral("total")).toInt(), 30);
        const QString cursor = before.json.value(QStringLiteral("server_time")).toString();
        QVERIFY(!cursor.isEmpty());
        QTest::qWait(5);
        const QString edited = m_all.at(3).toObject().value(QStringLiteral("id")).toString();
        const QString removed = m_all.at(4).toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/devices/") + edited, {{QStringLiteral("notes"), QStringLiteral("replaced PSU")},
                                                                          {QStringLiteral("tags"), QJsonArray{QStringLiteral("vip")}}}, m_admin).status,
                 200);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/devices/") + removed, m_admin).status, 204);
        const HttpResponse delta = m_http->get(QStringLiteral("/api/v1/devices?updated_since=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor)), m_admin);
        QCOMPARE(delta.status, 200);
        QCOMPARE(hostnames(delta.json.value(QStringLiteral("items")).toArray()), QStringList{m_all.at(3).toObject().value(QStringLiteral("hostname")).toString()});
        QCOMPARE(delta.json.value(QStringLiteral("items")).toArray().first().toObject().value(QStringLiteral("notes")).toString(), QStringLiteral("replaced PSU"));
        QCOMPARE(delta.json.value(QStringLiteral("deleted")).toArray(), QJsonArray{removed});
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices/") + removed, m_admin).status, 404);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices?tag=vip"), m_admin).json.value(QStringLiteral("total")).toInt(), 1);
        m_all = listAll({});
    }

    void customersAndContacts()
    {
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/customers"), {{QStringLiteral("name"), QStringLiteral("harbor dental group")}}, m_admin).status, 409);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/customers"), {{QStringLiteral("name"), QString()}}, m_admin).status, 422);
        const HttpResponse c = m_http->get(QStringLiteral("/api/v1/customers/") + m_customerA, m_admin);
        QCOMPARE(c.json.value(QStringLiteral("device_count")).toInt(), 10);
        const HttpResponse contact = m_http->post(QStringLiteral("/api/v1/customers/%1/contacts").arg(m_customerA),
                                                  {{QStringLiteral("name"), QStringLiteral("Tom Weber")}, {QStringLiteral("phone"), QStringLiteral("+1 555 0100")}}, m_admin);
        QCOMPARE(contact.status, 201);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/customers/%1/contacts").arg(m_customerA), {{QStringLiteral("name"), QStringLiteral("X")}, {QStringLiteral("email"), QStringLiteral("nope")}}, m_admin).status, 422);
        const QString contactId = contact.json.value(QStringLiteral("id")).toString();
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/customers/%1/contacts/%2").arg(m_customerA, contactId), {{QStringLiteral("role"), QStringLiteral("Billing")}}, m_admin)
                     .json.value(QStringLiteral("role")).toString(), QStringLiteral("Billing"));
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/customers/%1/contacts").arg(m_customerA), m_admin).json.value(QStringLiteral("total")).toInt(), 2);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/customers/%1/devices?page_size=500").arg(m_customerA), m_admin).json.value(QStringLiteral("total")).toInt(), 10);

        const HttpResponse other = m_http->post(QStringLiteral("/api/v1/customers"), {{QStringLiteral("name"), QStringLiteral("Short Lived Ltd")}}, m_admin);
        const QString otherId = other.json.value(QStringLiteral("id")).toString();
        const QString cursor = m_http->get(QStringLiteral("/api/v1/customers?updated_since=2000-01-01T00:00:00Z"), m_admin).json.value(QStringLiteral("server_time")).toString();
        QTest::qWait(5);
        const QString moved = m_all.at(20).toObject().value(QStringLiteral("id")).toString();
        QCOMPARE(m_http->patch(QStringLiteral("/api/v1/devices/") + moved, {{QStringLiteral("customer_id"), otherId}}, m_admin).status, 200);
        QCOMPARE(m_http->del(QStringLiteral("/api/v1/customers/") + otherId, m_admin).status, 204);
        const QJsonObject device = m_http->get(QStringLiteral("/api/v1/devices/") + moved, m_admin).json;
        QVERIFY(device.value(QStringLiteral("customer_id")).isNull()); // the device stays, unassigned
        const HttpResponse delta = m_http->get(QStringLiteral("/api/v1/customers?updated_since=") + QString::fromLatin1(QUrl::toPercentEncoding(cursor)), m_admin);
        QCOMPARE(delta.json.value(QStringLiteral("deleted")).toArray(), QJsonArray{otherId});
        QCOMPARE(auditEntries(*m_http, m_admin, QStringLiteral("customer.delete")).size(), 1);
    }

    void bulkActions()
    {
        const QString a = m_all.at(0).toObject().value(QStringLiteral("id")).toString();
        const QString b = m_all.at(1).toObject().value(QStringLiteral("id")).toString();
        const HttpResponse tagged = m_http->post(QStringLiteral("/api/v1/devices/bulk/action"),
                                                 {{QStringLiteral("action"), QStringLiteral("set_tags")},
                                                  {QStringLiteral("device_ids"), QJsonArray{a, b}},
                                                  {QStringLiteral("params"), QJsonObject{{QStringLiteral("tags"), QJsonArray{QStringLiteral("pilot"), QStringLiteral("pilot")}}}}},
                                                 m_admin);
        QCOMPARE(tagged.status, 200);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices/") + a, m_admin).json.value(QStringLiteral("tags")).toArray(), QJsonArray{QStringLiteral("pilot")});
        // One unknown id: nothing happens to the others.
        const HttpResponse partial = m_http->post(QStringLiteral("/api/v1/devices/bulk/action"),
                                                  {{QStringLiteral("action"), QStringLiteral("delete")},
                                                   {QStringLiteral("device_ids"), QJsonArray{a, QStringLiteral("00000000-0000-0000-0000-000000000000")}}},
                                                  m_admin);
        QCOMPARE(partial.status, 422);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices/") + a, m_admin).status, 200);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/devices/bulk/action"), {{QStringLiteral("action"), QStringLiteral("explode")}, {QStringLiteral("device_ids"), QJsonArray{a}}}, m_admin).status, 422);
        QCOMPARE(m_http->post(QStringLiteral("/api/v1/devices/bulk/action"), {{QStringLiteral("action"), QStringLiteral("delete")}, {QStringLiteral("device_ids"), QJsonArray{a, b}}}, m_admin).status, 200);
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/devices"), m_admin).json.value(QStringLiteral("total")).toInt(), 27);
        m_all = listAll({});
    }

    void dashboardAgreesWithTheList()
    {
        const HttpResponse r = m_http->get(QStringLiteral("/api/v1/dashboard/summary"), m_admin);
        QCOMPARE(r.status, 200);
        const QJsonObject devices = r.json.value(QStringLiteral("devices")).toObject();
        QCOMPARE(devices.value(QStringLiteral("total")).toInt(), int(m_all.size()));
        for (const QString &status : {QStringLiteral("online"), QStringLiteral("warning"), QStringLiteral("critical"), QStringLiteral("offline")}) {
            int n = 0;
            for (const QJsonValue &v : std::as_const(m_all))
                n += v.toObject().value(QStringLiteral("status")).toString() == status ? 1 : 0;
            QCOMPARE(devices.value(status).toInt(), n);
        }
        // Top CPU device is the one with the highest load.
        double top = -1;
        for (const QJsonValue &v : std::as_const(m_all))
            top = std::max(top, v.toObject().value(QStringLiteral("cpu_percent")).toDouble());
        QCOMPARE(r.json.value(QStringLiteral("top_devices")).toObject().value(QStringLiteral("cpu")).toArray().first().toObject().value(QStringLiteral("value")).toDouble(), top);
        int servers = 0;
        for (const QJsonValue &v : r.json.value(QStringLiteral("servers_by_type")).toObject().value(QStringLiteral("by_type")).toArray())
            servers += v.toObject().value(QStringLiteral("count")).toInt();
        QCOMPARE(servers, int(m_all.size()));
    }

    void aggregateByCustomer()
    {
        const HttpResponse r = m_http->get(QStringLiteral("/api/v1/metrics/aggregate?metric=cpu.percent&group_by=type&agg=max"), m_admin);
        QCOMPARE(r.status, 200);
        const QJsonArray items = r.json.value(QStringLiteral("items")).toArray();
        QVERIFY(!items.isEmpty());
        QVERIFY(items.first().toObject().value(QStringLiteral("value")).toDouble() >= items.last().toObject().value(QStringLiteral("value")).toDouble());
        QCOMPARE(m_http->get(QStringLiteral("/api/v1/metrics/aggregate?metric=cpu.percent&group_by=planet"), m_admin).status, 422);
    }
};

QTEST_GUILESS_MAIN(TestFleet)
#include "tst_fleet.moc"
