#pragma once

#include "domain/result.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QString>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcMail)

namespace qd::server {

struct MailMessage
{
    QString to;
    QString subject;
    QString body; // plain text, UTF-8
};

// Formats an RFC 5322 message (CRLF line ends, UTF-8 body in quoted-printable, encoded-word
// subject when it is not ASCII).
QByteArray formatRfc5322(const MailMessage &message, const QString &from, const QDateTime &date,
                         const QString &messageId);

class Mailer
{
public:
    virtual ~Mailer() = default;
    virtual Status send(const MailMessage &message) = 0;
};

// Writes each message as a .eml file into a directory (for tests, and for a local MTA pickup).
class MailDirMailer : public Mailer
{
public:
    MailDirMailer(QString directory, QString from);
    Status send(const MailMessage &message) override;

private:
    QString m_directory;
    QString m_from;
};

// Used when no delivery is configured: says so in the log and delivers nothing.
class UnconfiguredMailer : public Mailer
{
public:
    Status send(const MailMessage &message) override;
};

} // namespace qd::server
