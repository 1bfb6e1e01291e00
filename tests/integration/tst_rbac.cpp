#include "tests/integration/testhelpers.h"

#include <QJsonDocument>
#include <QUuid>

using namespace qd::test;

// Every registered route × anonymous, viewer, technician and admin: 401 without a token, 403
// below the route's role, neither for a role that may call it — and a refusal writes nothing.
class TestRbac : public QObject
{
    Q_OBJECT

    ServerProcess m_server;
    std::unique_ptr<HttpClient> m_http;
    QHash<QString, QString> m_tokens; // role -> access token
    QString m_auditor;

    QString tokenFor(const QString &role)
    {
        if (role == QLatin1String("anonymous"))
            return {};
        QString &token = m_tokens[role];
        if (token.isEmpty() || m_http->get(QStringLiteral("/api/v1/auth/me"), token).status != 200)
            token = m_http->accessToken(QStringLiteral("rbac-") + role + QStringLiteral("@example.com"), QStringLiteral("Harbour-Lights-2026"));
        return token;
    }
    int auditTotal()
    {
        return m_http->get(QStringLiteral("/api/v1/audit?page_size=1"), m_auditor).json.value(QStringLiteral("total")).toInt();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_server.start({QStringLiteral("--rate-limit"), QStringLiteral("0")}), qPrintable(m_server.error()));
        m_http = std::make_unique<HttpClient>(m_server.url());
        const QString admin = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
        for (const QString &role : {QStringLiteral("viewer"), QStringLiteral("technician"), QStringLiteral("admin")})
            QVERIFY(!createUser(*m_http, admin, QStringLiteral("rbac-") + role + QStringLiteral("@example.com"), role).isEmpty());
        // A separate admin session reads the audit log, so the matrix may end any other session.
        m_auditor = m_http->accessToken(QString::fromLatin1(ServerProcess::adminEmail), QString::fromLatin1(ServerProcess::adminPassword));
    }

    void matrix_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("permission");
        QTest::addColumn<QString>("caller");
        QByteArray out;
        QCOMPARE(ServerProcess::run({QStringLiteral("routes")}, {}, &out), 0);
        const QJsonArray routes = QJsonDocument::fromJson(out).array();
        QVERIFY(routes.size() >= 25);
        for (const QJsonValue &v : routes) {
            const QJsonObject r = v.toObject();
            for (const char *caller : {"anonymous", "viewer", "technician", "admin"}) {
                QTest::addRow("%s %s as %s", qPrintable(r.value(QStringLiteral("method")).toString()),
                              qPrintable(r.value(QStringLiteral("path")).toString()), caller)
                    << r.value(QStringLiteral("method")).toString() << r.value(QStringLiteral("path")).toString()
                    << r.value(QStringLiteral("permission")).toString() << QString::fromLatin1(caller);
            }
        }
    }

    void matrix()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        QFETCH(QString, permission);
        QFETCH(QString, caller);

        const QStringList order{QStringLiteral("viewer"), QStringLiteral("technician"), QStringLiteral("admin")};
        int expected = 0; // 0: allowed (anything but 401/403)
        if (permission == QLatin1String("agent")) {
            expected = 401; // users' tokens are never agent tokens
        } else if (permission != QLatin1String("public")) {
            if (caller == QLatin1String("anonymous"))
                expected = 401;
            else if (order.contains(permission) && order.indexOf(caller) < order.indexOf(permission))
                expected = 403;
        }

        QString concrete = path;
        static const QRegularExpression param(QStringLiteral("\\{[a-z_]+\\}"));
        concrete.replace(param, QUuid::createUuid().toString(QUuid::WithoutBraces));
        const QByteArray body = (method == QLatin1String("POST") || method == QLatin1String("PATCH")) ? QByteArray("{}") : QByteArray();
        const int auditBefore = expected ? auditTotal() : 0;
        const HttpResponse r = m_http->send(method.toLatin1(), concrete, body, tokenFor(caller));
        QVERIFY2(r.status >= 200 && r.status < 600, qPrintable(QStringLiteral("no answer: %1").arg(r.status)));
        if (expected) {
            QCOMPARE(r.status, expected);
            QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
            QCOMPARE(auditTotal(), auditBefore);
        } else {
            QVERIFY2(r.status != 401 && r.status != 403,
                     qPrintable(QStringLiteral("%1 got %2: %3").arg(caller).arg(r.status).arg(QString::fromUtf8(r.body))));
            QVERIFY2(r.status < 500, r.body.constData());
        }
    }
};

QTEST_GUILESS_MAIN(TestRbac)
#include "tst_rbac.moc"
