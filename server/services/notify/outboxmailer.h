#pragma once

#include "server/services/mail/mailer.h"
#include "server/services/notify/notifier.h"

namespace qd::server {

// The Mailer route handlers use: queues each message in the notification outbox (joining the
// caller's transaction, if any) and returns at once; the dispatcher delivers it off the event
// loop through the configured SMTP server or mail directory, with retries.
class OutboxMailer : public Mailer
{
public:
    explicit OutboxMailer(Notifier &notifier) : m_notifier(notifier) {}
    Status send(const MailMessage &message) override { return m_notifier.enqueueMail(message); }

private:
    Notifier &m_notifier;
};

} // namespace qd::server
