#pragma once

#include "core/domain/clock.h"
#include "core/domain/result.h"
#include "server/services/mail/mailer.h"
#include "server/services/notify/digestplanner.h"
#include "server/services/notify/webhooksender.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace qd::server {


class Notifier;
struct Delivery;

// Delivers what the Notifier queued. Runs on the API's thread, but never blocks it: mail goes
// through the Mailer on a worker thread, webhooks through asynchronous HTTP. Each due row is
// claimed (pending → sending) before it goes out; a failed attempt is retried after
// retryBase · 2^(attempts−1), at most an hour, until maxAttempts, then the row is `failed`.
// Rows a stopped server left in `sending` are sent again on start (at least once delivery;
// webhook receivers de-duplicate by X-Quarterdeck-Delivery).
class NotificationDispatcher : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        std::chrono::seconds retryBase{30};
        int maxAttempts = 10;
        int maxInFlight = 8;
        std::chrono::milliseconds webhookTimeout{10000};
    };

    static constexpr std::chrono::seconds maxRetryDelay{3600};

    // `mailer` delivers e-mail (SMTP or a mail directory); nullptr when mail is not configured,
    // which fails e-mail deliveries at once.
    NotificationDispatcher(Notifier &notifier, std::unique_ptr<Mailer> mailer, Options options);
    ~NotificationDispatcher() override;

    // Loads the attachment a mail delivery names (Delivery::attachmentRef), on this thread.
    using AttachmentLoader = std::function<Result<MailAttachment>(const QString &ref)>;
    void setAttachmentLoader(AttachmentLoader loader) { m_attachments = std::move(loader); }

    // Recovers interrupted rows and starts sending.
    void start();
    static std::chrono::seconds retryDelay(int attempts, std::chrono::seconds base);

private:
    struct Outcome
    {
        Status status;
        bool final = false; // no point in retrying
    };

    void wake();
    void dispatch();
    void send(const Delivery &delivery);
    void sendMail(const Delivery &delivery, const QString &to);
    void finished(const Delivery &delivery, const Outcome &outcome);
    void schedule();

    Notifier &m_notifier;
    std::unique_ptr<Mailer> m_mailer;
    Options m_options;
    DigestPlanner m_planner;
    QThreadPool m_mailThreads;
    WebhookSender m_webhooks;
    QTimer m_timer;
    AttachmentLoader m_attachments;
    int m_inFlight = 0;
};

} // namespace qd::server
