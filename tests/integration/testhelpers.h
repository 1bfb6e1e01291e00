#pragma once

#include "httpclient.h"
#include "serverprocess.h"

#include <QJsonArray>
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

// The value after "<label>: " in the newest mail to `to`.
inline QString codeFromMail(const ServerProcess &server, const QString &to, const QString &label)
{
    const QStringList mails = server.mails();
    for (auto it = mails.crbegin(); it != mails.crend(); ++it) {
        if (!it->contains(QStringLiteral("To: ") + to))
            continue;
        const auto m = QRegularExpression(label + QStringLiteral(": (\\S+)")).match(*it);
        if (m.hasMatch())
            return m.captured(1);
    }
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
