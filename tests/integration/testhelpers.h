#pragma once

#include "tests/support/httpclient.h"
#include "tests/support/serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QTest>

namespace qd::test {

// Creates a user through the admin API and returns its id ("" on failure).
inline QString createUser(HttpClient &http, const QString &adminToken, const QString &email, const QString &role,
                          const QString &password = QStringLiteral("Harbour-Lights-2026"))
{
    const HttpResponse r = http.post(QStringLiteral("/api/v1/users"),
                                     {{QStringLiteral("email"), email},
                                      {QStringLiteral("name"), email.section(QLatin1Char('@'), 0, 0)},
                                      {QStringLiteral("role"), role},
                                      {QStringLiteral("password"), password}},
                                     adminToken);
    return r.status == 201 ? r.json.value(QStringLiteral("id")).toString() : QString();
}

// The value after "<label>: " in the newest mail to `to`. Mail leaves through the server's
// outbox a moment after the request that queued it, so this waits for it up to five seconds.
inline QString codeFromMail(const ServerProcess &server, const QString &to, const QString &label)
{
    const QDeadlineTimer deadline(5000);
    do {
        const QStringList mails = server.mails();
        for (auto it = mails.crbegin(); it != mails.crend(); ++it) {
            if (!it->contains(QStringLiteral("To: ") + to))
                continue;
            const auto m = QRegularExpression(label + QStringLiteral(": (\\S+)")).match(*it);
            if (m.hasMatch())
                return m.captured(1);
        }
        QTest::qWait(50);
    } while (!deadline.hasExpired());
    return {};
}

// Audit entries with the given action, newest first.
inline QJsonArray auditEntries(HttpClient &http, const QString &adminToken, const QString &action)
{
    return http.get(QStringLiteral("/api/v1/audit?page_size=500&action=") + action, adminToken)
        .json.value(QStringLiteral("items"))
        .toArray();
}

} // namespace qd::test

namespace qd::test {

// A fresh enrollment token from the CLI (the server may be running).
inline QString enrollmentToken(const ServerProcess &server, int uses = 1, const QString &customerId = {})
{
    QStringList args{QStringLiteral("enroll-token"), QStringLiteral("--db"), server.dbPath(), QStringLiteral("--uses"),
                     QString::number(uses)};
    if (!customerId.isEmpty())
        args << QStringLiteral("--customer") << customerId;
    QByteArray out;
    return ServerProcess::run(args, {}, &out) == 0 ? QString::fromLatin1(out.trimmed()) : QString();
}

struct EnrolledDevice
{
    QString id;
    QString token;
};

inline EnrolledDevice enroll(HttpClient &http, const QString &enrollment, const QString &hostname,
                             const QString &type = QStringLiteral("workstation"), const QJsonObject &inventory = {})
{
    QJsonObject body{{QStringLiteral("token"), enrollment}, {QStringLiteral("hostname"), hostname},
                     {QStringLiteral("type"), type}, {QStringLiteral("agent_version"), QStringLiteral("0.1.0")}};
    if (!inventory.isEmpty())
        body.insert(QStringLiteral("inventory"), inventory);
    const HttpResponse r = http.post(QStringLiteral("/api/v1/agent/enroll"), body);
    if (r.status != 201)
        return {};
    return {r.json.value(QStringLiteral("device_id")).toString(), r.json.value(QStringLiteral("agent_token")).toString()};
}

inline QJsonObject sample(const QString &metric, qint64 tsMs, double value)
{
    return {{QStringLiteral("metric"), metric},
            {QStringLiteral("ts"), QDateTime::fromMSecsSinceEpoch(tsMs, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("value"), value}};
}

inline QString isoMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace qd::test
