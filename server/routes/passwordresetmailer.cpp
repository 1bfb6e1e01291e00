#include "server/routes/passwordresetmailer.h"

#include "server/base/crypto.h"
#include "server/routes/routehelpers.h"
#include "server/services/mail/mailer.h"
#include "server/storage/onetimetokenstore.h"
#include "server/storage/userstore.h"

#include <QUuid>

namespace qd::server {

Status PasswordResetMailer::send(const UserRecord &record, const QString &requestedBy) const
{
    const QDateTime now = clock();
    if (Status s = tokens.revokeOpen(OneTimeToken::Purpose::PasswordReset, record.user.id, now); !s)
        return s;
    OneTimeToken t;
    const QString token = randomToken();
    t.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    t.tokenHash = tokenDigest(token);
    t.purpose = OneTimeToken::Purpose::PasswordReset;
    t.userId = record.user.id;
    t.email = record.user.email;
    t.createdBy = requestedBy;
    t.createdAt = now;
    t.expiresAt = now.addSecs(settings.resetTokenTtl.count());
    if (Status s = tokens.insert(t); !s)
        return s;
    const qint64 minutes = settings.resetTokenTtl.count() / 60;
    return mailer.send(
        {record.user.email, QStringLiteral("Reset your Quarterdeck password"),
         QStringLiteral("Hello %1,\n\n"
                        "a password reset was requested for your Quarterdeck account.\n"
                        "Open this link in Quarterdeck, or paste the reset code into its sign-in window:\n\n"
                        "%2\n\nReset code: %3\n\n"
                        "The code works once and expires in %4 minutes. If you did not ask for this, ignore this "
                        "message; your password stays as it is.\n")
             .arg(record.user.name, mailLink(settings, QStringLiteral("/reset-password"), token), token,
                  QString::number(minutes))});
}

} // namespace qd::server
