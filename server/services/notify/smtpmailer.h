#pragma once

#include "server/services/mail/mailer.h"

#include <QUrl>

#include <atomic>

namespace qd::server {

// Delivers mail through an SMTP server with libcurl: smtps://host[:465] speaks TLS from the
// start; smtp://host[:587] upgrades with STARTTLS when the server offers it. User name and
// password come from the URL (percent-decoded). send() blocks until the server has accepted or
// refused the message, so it runs on a worker thread; it is safe to call from several threads.
class SmtpMailer : public Mailer
{
public:
    SmtpMailer(const QUrl &url, QString from);

    // True for an smtp:// or smtps:// URL with a host.
    static bool isUsableUrl(const QUrl &url);

    Status send(const MailMessage &message) override;
    void cancelPending() override;

private:
    QUrl m_url; // without user name and password
    QString m_user;
    QString m_password;
    QString m_from;
    std::atomic_bool m_cancelled{false};
};

} // namespace qd::server
