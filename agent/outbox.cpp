#include "agent/outbox.h"

#include "agent/agentlog.h"

#include <algorithm>

namespace qd::agent {

Outbox::Outbox(Spool &spool, AgentApi &api, Backoff backoff, QObject *parent)
    : QObject(parent), m_spool(spool), m_api(api), m_backoff(std::move(backoff))
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Outbox::sendNext);
}

Status Outbox::submit(const QString &route, const QByteArray &body)
{
    if (Status st = m_spool.push(route, body); !st)
        return st;
    if (!m_sending && !m_retryTimer.isActive())
        sendNext();
    return success();
}

void Outbox::deliverNow()
{
    if (m_sending || m_stopped)
        return;
    m_retryTimer.stop();
    sendNext();
}

void Outbox::sendNext()
{
    if (m_sending || m_stopped)
        return;
    const std::optional<SpoolEntry> entry = m_spool.oldest();
    if (!entry) {
        emit drained();
        return;
    }
    m_sending = true;
    m_api.post(entry->route, entry->body, [this, e = *entry](const ApiReply &reply) { onReply(e, reply); });
}

void Outbox::onReply(const SpoolEntry &entry, const ApiReply &reply)
{
    m_sending = false;
    switch (classify(reply)) {
    case Delivery::Delivered:
        m_spool.remove(entry.sequence);
        m_backoff.reset();
        ++m_delivered;
        qCDebug(lcSend).noquote() << "delivered" << entry.route << "#" << entry.sequence << "; waiting:" << m_spool.count();
        emit delivered(entry.route);
        sendNext();
        return;
    case Delivery::Rejected:
        // Permanent: keeping it would block everything behind it forever.
        m_spool.remove(entry.sequence);
        ++m_rejected;
        qCWarning(lcSend).noquote() << "the server rejected" << entry.route << "#" << entry.sequence << "for good, dropping it:"
                                    << reply.describe();
        sendNext();
        return;
    case Delivery::Revoked:
        m_stopped = true;
        emit revoked(reply.describe());
        return;
    case Delivery::Retry:
        break;
    }
    if (!m_retrying) {
        emit stalled(reply.describe());
        return;
    }
    int delay = m_backoff.nextDelayMs();
    if (reply.retryAfterSeconds > 0)
        delay = std::max(delay, std::min(reply.retryAfterSeconds, 3600) * 1000);
    qCWarning(lcSend).noquote() << "cannot deliver" << entry.route << QStringLiteral("(%1);").arg(reply.describe()) << m_spool.count()
                                << "requests spooled; next attempt in" << delay / 1000.0 << "s";
    m_retryTimer.start(delay);
}

} // namespace qd::agent
