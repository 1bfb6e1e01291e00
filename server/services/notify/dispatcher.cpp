#include "server/services/notify/dispatcher.h"

#include "server/services/mail/mailer.h"
#include "server/storage/channelstore.h"
#include "server/services/notify/notifier.h"
#include "server/storage/outboxstore.h"
#include "server/storage/database.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace qd::server {

namespace {
// Also picks up rows committed on other connections, whose wake-up may come before their commit.
constexpr std::chrono::milliseconds pollInterval{2000};
} // namespace

NotificationDispatcher::NotificationDispatcher(Notifier &notifier, std::unique_ptr<Mailer> mailer, Options options)
    : m_notifier(notifier), m_mailer(std::move(mailer)), m_options(options), m_planner(notifier.outbox(), notifier.channels()),
      m_webhooks(options.webhookTimeout)
{
    m_mailThreads.setMaxThreadCount(2);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &NotificationDispatcher::dispatch);
    // Queued even on this thread: rows are looked for after the enqueueing transaction committed.
    connect(&m_notifier, &Notifier::queued, this, &NotificationDispatcher::wake, Qt::QueuedConnection);
}

NotificationDispatcher::~NotificationDispatcher()
{
    // Interrupted sends stay `sending` and go out again on the next start.
    m_timer.stop();
    if (m_mailer)
        m_mailer->cancelPending();
    m_mailThreads.waitForDone();
}

std::chrono::seconds NotificationDispatcher::retryDelay(int attempts, std::chrono::seconds base)
{
    std::chrono::seconds delay = std::max(base, std::chrono::seconds(1));
    for (int i = 1; i < attempts && delay < maxRetryDelay; ++i)
        delay *= 2;
    return std::min(delay, maxRetryDelay);
}

void NotificationDispatcher::start()
{
    const qint64 recovered = m_notifier.outbox().recoverInterrupted(m_notifier.clock()());
    if (recovered > 0)
        qCInfo(lcNotify) << recovered << "notification(s) interrupted by the last stop will be sent again";
    wake();
}

void NotificationDispatcher::wake()
{
    m_timer.start(0);
}

void NotificationDispatcher::dispatch()
{
    const QDateTime now = m_notifier.clock()();
    // Only new rows can start or join a digest; without them no write lock is taken.
    if (m_planner.hasWork()) {
        if (Status s = m_notifier.connection().transaction([&] { return m_planner.plan(now); }); !s)
            qCWarning(lcNotify).noquote() << "cannot plan digests:" << s.error();
    }
    const int room = m_options.maxInFlight - m_inFlight;
    if (room > 0) {
        if (const auto due = m_notifier.outbox().due(now, room); !due) {
            // Nothing is claimed; the next poll tries again.
            qCWarning(lcNotify).noquote() << "cannot send notifications:" << due.error();
        } else {
            for (const Delivery &d : due.value()) {
                if (m_notifier.outbox().claim(d.id)) {
                    ++m_inFlight;
                    send(d);
                }
            }
        }
    }
    schedule();
}

void NotificationDispatcher::schedule()
{
    if (m_inFlight >= m_options.maxInFlight)
        return; // the next finished send wakes us
    std::chrono::milliseconds wait = pollInterval;
    if (const auto next = m_notifier.outbox().nextAttemptAt())
        wait = std::clamp(std::chrono::milliseconds(m_notifier.clock()().msecsTo(*next)), std::chrono::milliseconds(0), pollInterval);
    m_timer.start(wait);
}

void NotificationDispatcher::send(const Delivery &d)
{
    if (d.channelId.isEmpty()) {
        sendMail(d, d.recipient);
        return;
    }
    const auto channel = m_notifier.channels().byId(d.channelId);
    if (!channel)
        return finished(d, {failure(QStringLiteral("the channel was deleted")), true});
    if (!channel->enabled)
        return finished(d, {failure(QStringLiteral("the channel is disabled")), true});
    if (channel->kind == NotificationChannel::Kind::Email)
        return sendMail(d, channel->recipients.join(QStringLiteral(", ")));
    if (channel->secret.isEmpty())
        return finished(d, {failure(QStringLiteral("the channel's secret cannot be read (was the install secret replaced?)")), true});
    m_webhooks.post(QUrl(channel->url), channel->secret, d.payload, d.id,
                    [this, d](const Status &outcome) { finished(d, {outcome}); });
}

void NotificationDispatcher::sendMail(const Delivery &d, const QString &to)
{
    if (!m_mailer)
        return finished(d, {failure(QStringLiteral("mail delivery is not configured (serve --smtp or --mail-dir)")), true});
    MailMessage message{to, d.subject, d.body.isEmpty() ? d.subject : d.body};
    if (!d.attachmentRef.isEmpty()) {
        if (!m_attachments)
            return finished(d, {failure(QStringLiteral("attachments cannot be loaded on this server")), true});
        auto attachment = m_attachments(d.attachmentRef);
        if (!attachment)
            return finished(d, {failure(attachment.error()), true});
        message.attachments.append(std::move(attachment).value());
    }
    auto *watcher = new QFutureWatcher<Status>(this);
    connect(watcher, &QFutureWatcher<Status>::finished, this, [this, watcher, d] {
        watcher->deleteLater();
        finished(d, {watcher->result()});
    });
    watcher->setFuture(QtConcurrent::run(&m_mailThreads, [mailer = m_mailer.get(), message] { return mailer->send(message); }));
}

void NotificationDispatcher::finished(const Delivery &d, const Outcome &outcome)
{
    --m_inFlight;
    const QDateTime now = m_notifier.clock()();
    const int attempts = d.attempts + 1;
    const QString what = d.channelId.isEmpty() ? QStringLiteral("mail to %1").arg(d.recipient)
                                               : QStringLiteral("%1 notification %2 (channel %3)").arg(d.kind, d.id, d.channelName);
    Status recorded = success();
    if (outcome.status) {
        recorded = m_notifier.outbox().finish(d.id, Delivery::State::Sent, attempts, {}, now);
        qCInfo(lcNotify).noquote() << "delivered" << what;
    } else if (outcome.final || attempts >= m_options.maxAttempts) {
        recorded = m_notifier.outbox().finish(d.id, Delivery::State::Failed, attempts, outcome.status.error(), now);
        qCWarning(lcNotify).noquote() << "gave up on" << what << "after" << attempts << "attempt(s):" << outcome.status.error();
    } else {
        const QDateTime next = now.addSecs(retryDelay(attempts, m_options.retryBase).count());
        recorded = m_notifier.outbox().finish(d.id, Delivery::State::Pending, attempts, outcome.status.error(), now, next);
        qCInfo(lcNotify).noquote() << "attempt" << attempts << "of" << what << "failed:" << outcome.status.error()
                                   << "- retrying at" << next.toString(Qt::ISODate);
    }
    if (!recorded)
        qCWarning(lcNotify).noquote() << "cannot record the outcome of" << what << ":" << recorded.error();
    wake();
}

} // namespace qd::server
