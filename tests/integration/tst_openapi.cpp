#include "tests/integration/testhelpers.h"

#include <QJsonDocument>

using namespace qd::test;

// docs/openapi.yaml and the server's routes must describe the same API.
class TestOpenApi : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    QJsonObject m_spec;
    QJsonArray m_routes;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start(), qPrintable(m_server.error()));
        HttpClient http(m_server.url());
        const HttpResponse r = http.get(QStringLiteral("/api/v1/openapi.json"));
        QCOMPARE(r.status, 200);
        m_spec = r.json;
        QByteArray out;
        QCOMPARE(ServerProcess::run({QStringLiteral("routes")}, {}, &out), 0);
        m_routes = QJsonDocument::fromJson(out).array();
        QVERIFY(!m_routes.isEmpty());
    }

    void isOpenApi31()
    {
        QVERIFY(m_spec.value(QStringLiteral("openapi")).toString().startsWith(QStringLiteral("3.1")));
        QVERIFY(!m_spec.value(QStringLiteral("info")).toObject().value(QStringLiteral("title")).toString().isEmpty());
    }

    void everyRouteIsDocumentedWithItsPermission()
    {
        const QJsonObject paths = m_spec.value(QStringLiteral("paths")).toObject();
        for (const QJsonValue &v : m_routes) {
            const QJsonObject route = v.toObject();
            const QString path = route.value(QStringLiteral("path")).toString();
            const QString method = route.value(QStringLiteral("method")).toString().toLower();
            const QJsonObject op = paths.value(path).toObject().value(method).toObject();
            QVERIFY2(!op.isEmpty(), qPrintable(QStringLiteral("%1 %2 is missing from docs/openapi.yaml").arg(method.toUpper(), path)));
            QCOMPARE(op.value(QStringLiteral("x-quarterdeck-permission")).toString(), route.value(QStringLiteral("permission")).toString());
            QVERIFY2(!op.value(QStringLiteral("operationId")).toString().isEmpty(), qPrintable(path));
            QVERIFY2(!op.value(QStringLiteral("responses")).toObject().isEmpty(), qPrintable(path));
        }
    }

    void everyDocumentedOperationExists()
    {
        QSet<QString> registered;
        for (const QJsonValue &v : m_routes) {
            const QJsonObject r = v.toObject();
            registered.insert(r.value(QStringLiteral("method")).toString().toLower() + QLatin1Char(' ') + r.value(QStringLiteral("path")).toString());
        }
        const QJsonObject paths = m_spec.value(QStringLiteral("paths")).toObject();
        const QStringList methods{QStringLiteral("get"), QStringLiteral("post"), QStringLiteral("put"), QStringLiteral("patch"), QStringLiteral("delete")};
        int operations = 0;
        for (auto it = paths.begin(); it != paths.end(); ++it) {
            const QJsonObject item = it.value().toObject();
            for (auto op = item.begin(); op != item.end(); ++op) {
                if (!methods.contains(op.key()))
                    continue;
                ++operations;
                QVERIFY2(registered.contains(op.key() + QLatin1Char(' ') + it.key()),
                         qPrintable(QStringLiteral("the spec names %1 %2, which the server lacks").arg(op.key().toUpper(), it.key())));
            }
        }
        QCOMPARE(operations, m_routes.size());
    }
};

QTEST_GUILESS_MAIN(TestOpenApi)
#include "tst_openapi.moc"
