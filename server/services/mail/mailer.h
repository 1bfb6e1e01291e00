#pragma once

#include "core/domain/result.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QString>
#include <QStringList>

#include <memory>

Q_DECLARE_LOGGING_CATEGORY(lcMail)

namespace qd::server {

struct MailAttachment
{
    QString fileName;    // as the recipient sees it
    QByteArray mimeType; // e.g. application/pdf
    QByteArray data;
};

struct MailMessage
{
    QString to; // one address, or several separated by commas
    QString subject;
    QString body; // plain text, UTF-8
    QList<MailAttachment> attachments = {};
};

// Formats an RFC 5322 message (CRLF line ends, UTF-8 body in quoted-printable, encoded-word
// subject when it is not ASCII). With attachments it is multipart/mixed: the text first, then
// each attachment in base64 (RFC 2045) named by RFC 2231 when the name is not ASCII.
QByteArray formatRfc5322(const MailMessage &message, const QString &from, const QDateTime &date,
                         const QString &messageId);

// The bare address of "Name <address>" or "address".
QString mailAddressOf(const QString &from);
// A unique Message-ID (without angle brackets) in the sender's domain.
QString newMessageId(const QString &from);
// The addresses of a MailMessage::to.
QStringList mailRecipients(const QString &to);

class Mailer
{
public:
    virtual ~Mailer() = default;
    virtual Status send(const MailMessage &message) = 0;
    // Asks sends running on other threads to give up soon (the server is stopping).
    virtual void cancelPending() {}
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

} // namespace qd::server
