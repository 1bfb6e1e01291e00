#include "server/services/mail/mailer.h"

#include <QDir>
#include <QLocale>
#include <QSaveFile>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcMail, "qd.server.mail", QtInfoMsg)

namespace qd::server {

namespace {

QByteArray quotedPrintable(const QByteArray &utf8)
{
    QByteArray out;
    int lineLength = 0;
    auto append = [&](const QByteArray &piece) {
        if (lineLength + piece.size() > 75) {
            out.append("=\r\n");
            lineLength = 0;
        }
        out.append(piece);
        lineLength += piece.size();
    };
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(utf8.at(i));
        if (c == '\n') {
            out.append("\r\n");
            lineLength = 0;
        } else if (c == '\r') {
            continue;
        } else if ((c >= 33 && c <= 126 && c != '=') || (c == ' ' && i + 1 < utf8.size() && utf8.at(i + 1) != '\n')) {
            append(QByteArray(1, static_cast<char>(c)));
        } else {
            append('=' + QByteArray(1, static_cast<char>(c)).toHex().toUpper());
        }
    }
    return out;
}

QByteArray headerText(const QString &text)
{
    const QString clean = QString(text).remove(QLatin1Char('\r')).remove(QLatin1Char('\n'));
    bool ascii = true;
    for (QChar c : clean)
        ascii = ascii && c.unicode() < 128;
    if (ascii)
        return clean.toLatin1();
    return "=?UTF-8?B?" + clean.toUtf8().toBase64() + "?=";
}

bool isAscii(const QString &text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() >= 32 && c.unicode() < 127; });
}

// The filename parameter of Content-Disposition: quoted when ASCII, else RFC 2231 (filename*).
QByteArray fileNameParameter(const QString &name)
{
    QString clean = name;
    clean.remove(QLatin1Char('\\')).remove(QLatin1Char('"')).remove(QLatin1Char('\r')).remove(QLatin1Char('\n'));
    if (isAscii(clean))
        return "filename=\"" + clean.toLatin1() + '"';
    return "filename*=UTF-8''" + clean.toUtf8().toPercentEncoding(QByteArrayLiteral("!#$&+-.^_`|~"));
}

// Base64 in lines of 76 characters.
QByteArray base64Lines(const QByteArray &data)
{
    const QByteArray encoded = data.toBase64();
    QByteArray out;
    out.reserve(encoded.size() + encoded.size() / 76 * 2 + 2);
    for (qsizetype i = 0; i < encoded.size(); i += 76) {
        out.append(encoded.constData() + i, std::min<qsizetype>(76, encoded.size() - i));
        out.append("\r\n");
    }
    return out;
}

QByteArray textPart(const QString &body)
{
    QByteArray out = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n";
    out += quotedPrintable(body.toUtf8());
    if (!out.endsWith("\r\n"))
        out += "\r\n";
    return out;
}

} // namespace

QByteArray formatRfc5322(const MailMessage &m, const QString &from, const QDateTime &date, const QString &messageId)
{
    QByteArray out;
    out += "Date: " + QLocale::c().toString(date.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss")).toLatin1() + " +0000\r\n";
    out += "From: " + headerText(from) + "\r\n";
    out += "To: " + headerText(m.to) + "\r\n";
    out += "Subject: " + headerText(m.subject) + "\r\n";
    out += "Message-ID: <" + messageId.toLatin1() + ">\r\n";
    out += "MIME-Version: 1.0\r\n";
    if (m.attachments.isEmpty())
        return out + textPart(m.body);
    // The boundary cannot occur in quoted-printable or base64 text (it holds "=_").
    const QByteArray boundary = "=_qd_" + QUuid::createUuid().toByteArray(QUuid::Id128);
    out += "Content-Type: multipart/mixed;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    out += "This is a multi-part message in MIME format.\r\n";
    out += "--" + boundary + "\r\n" + textPart(m.body);
    for (const MailAttachment &a : m.attachments) {
        out += "--" + boundary + "\r\n";
        out += "Content-Type: " + (a.mimeType.isEmpty() ? QByteArrayLiteral("application/octet-stream") : a.mimeType) + "\r\n";
        out += "Content-Transfer-Encoding: base64\r\n";
        out += "Content-Disposition: attachment; " + fileNameParameter(a.fileName) + "\r\n\r\n";
        out += base64Lines(a.data);
    }
    out += "--" + boundary + "--\r\n";
    return out;
}

QString mailAddressOf(const QString &from)
{
    const qsizetype open = from.lastIndexOf(QLatin1Char('<'));
    const qsizetype close = from.lastIndexOf(QLatin1Char('>'));
    if (open >= 0 && close > open)
        return from.mid(open + 1, close - open - 1).trimmed();
    return from.trimmed();
}

QString newMessageId(const QString &from)
{
    const QString host = mailAddressOf(from).section(QLatin1Char('@'), 1);
    return QUuid::createUuid().toString(QUuid::WithoutBraces) + QLatin1Char('@') + (host.isEmpty() ? QStringLiteral("quarterdeck") : host);
}

QStringList mailRecipients(const QString &to)
{
    QStringList out;
    for (const QString &part : to.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out.append(mailAddressOf(part));
    }
    return out;
}

MailDirMailer::MailDirMailer(QString directory, QString from) : m_directory(std::move(directory)), m_from(std::move(from)) {}

Status MailDirMailer::send(const MailMessage &message)
{
    if (!QDir().mkpath(m_directory))
        return failure(QStringLiteral("cannot create mail directory %1").arg(m_directory));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString id = newMessageId(m_from);
    QSaveFile file(QDir(m_directory).filePath(QStringLiteral("%1-%2.eml").arg(now.toString(QStringLiteral("yyyyMMddTHHmmsszzz")), id.section(QLatin1Char('@'), 0, 0))));
    if (!file.open(QIODevice::WriteOnly))
        return failure(file.errorString());
    file.write(formatRfc5322(message, m_from, now, id));
    if (!file.commit())
        return failure(file.errorString());
    qCInfo(lcMail).noquote() << "wrote mail to" << message.to << "subject" << message.subject << "into" << m_directory;
    return success();
}

} // namespace qd::server
