#include "server/services/notify/smtpmailer.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace qd::server {

namespace {

struct Upload
{
    QByteArray data;
    qsizetype offset = 0;
};

size_t readMessage(char *buffer, size_t size, size_t count, void *userData)
{
    auto *upload = static_cast<Upload *>(userData);
    const qsizetype n = std::min<qsizetype>(qsizetype(size * count), upload->data.size() - upload->offset);
    memcpy(buffer, upload->data.constData() + upload->offset, size_t(n));
    upload->offset += n;
    return size_t(n);
}

int checkCancelled(void *userData, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<const std::atomic_bool *>(userData)->load() ? 1 : 0;
}

QByteArray angleAddress(const QString &address)
{
    return '<' + address.trimmed().toUtf8() + '>';
}

} // namespace

SmtpMailer::SmtpMailer(const QUrl &url, QString from) : m_url(url), m_from(std::move(from))
{
    // Not thread-safe in older libcurl releases: done once, before any worker sends.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_user = url.userName(QUrl::FullyDecoded);
    m_password = url.password(QUrl::FullyDecoded);
    m_url.setUserInfo({});
}

bool SmtpMailer::isUsableUrl(const QUrl &url)
{
    return url.isValid() && (url.scheme() == QLatin1String("smtp") || url.scheme() == QLatin1String("smtps")) && !url.host().isEmpty();
}

void SmtpMailer::cancelPending()
{
    m_cancelled = true;
}

Status SmtpMailer::send(const MailMessage &message)
{
    const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl)
        return failure(QStringLiteral("cannot initialise libcurl"));
    Upload upload;
    upload.data = formatRfc5322(message, m_from, QDateTime::currentDateTimeUtc(), newMessageId(m_from));

    curl_slist *recipients = nullptr;
    for (const QString &to : mailRecipients(message.to))
        recipients = curl_slist_append(recipients, angleAddress(to).constData());
    const std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> recipientList(recipients, &curl_slist_free_all);
    if (!recipients)
        return failure(QStringLiteral("the message has no recipient"));

    const QByteArray url = m_url.toString(QUrl::FullyEncoded).toUtf8();
    const QByteArray user = m_user.toUtf8();
    const QByteArray password = m_password.toUtf8();
    const QByteArray from = angleAddress(mailAddressOf(m_from));
    char error[CURL_ERROR_SIZE] = {};
    CURL *c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.constData());
    if (!user.isEmpty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password.constData());
    }
    // smtps:// is TLS throughout; smtp:// takes STARTTLS whenever the server offers it.
    curl_easy_setopt(c, CURLOPT_USE_SSL, m_url.scheme() == QLatin1String("smtps") ? long(CURLUSESSL_ALL) : long(CURLUSESSL_TRY));
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &readMessage);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.data.size()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); // called on worker threads
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &checkCancelled);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &m_cancelled);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);

    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        const QString why = error[0] ? QString::fromUtf8(error) : QString::fromUtf8(curl_easy_strerror(rc));
        qCWarning(lcMail).noquote() << "SMTP delivery to" << message.to << "failed:" << why;
        return failure(QStringLiteral("SMTP: %1").arg(why));
    }
    qCInfo(lcMail).noquote() << "sent mail to" << message.to << "subject" << message.subject;
    return success();
}

} // namespace qd::server
