#include "agent/agent.h"

#include "agent/agentlog.h"
#include "agent/platform.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QPointer>
#include <QThreadPool>

#include <cmath>

namespace qd::agent {

namespace {
const QString metricsRoute = QStringLiteral("/api/v1/agent/metrics");
const QString inventoryRoute = QStringLiteral("/api/v1/agent/inventory");
const QString jobsRoute = QStringLiteral("/api/v1/agent/jobs");
} // namespace

QByteArray inventoryDigest(const DeviceInventory &inventory)
{
    DeviceInventory stable = inventory;
    for (DiskInfo &d : stable.disks)
        d.usedBytes = qint64(std::lround(d.usedPercent()));
    return QCryptographicHash::hash(QJsonDocument(stable.toJson()).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256);
}

Agent::Agent(AgentConfig config, AgentOptions options, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_options(std::move(options)),
      m_api(m_config.serverUrl, nam),
      m_spool(m_options.spoolDir, m_options.spoolLimits),
      m_jobs(m_options.allowActions)
{
    m_api.setToken(m_config.agentToken);
    m_outbox = std::make_unique<Outbox>(m_spool, m_api, Backoff(m_options.retryBaseMs, m_options.retryCapMs));
    m_outbox->setRetrying(!m_options.once);
    connect(m_outbox.get(), &Outbox::revoked, this, &Agent::revoke);
    connect(m_outbox.get(), &Outbox::drained, this, &Agent::checkOnceDone);
    connect(m_outbox.get(), &Outbox::delivered, this, [this] {
        if (!m_pendingInventory.isEmpty())
            sendInventory(); // the server is reachable again
    });
    connect(m_outbox.get(), &Outbox::stalled, this, [this](const QString &reason) {
        m_stalled = reason;
        checkOnceDone();
    });
    connect(&m_jobs, &JobRunner::finished, this, &Agent::onJobFinished);
    connect(&m_tickTimer, &QTimer::timeout, this, &Agent::tick);
    connect(&m_inventoryTimer, &QTimer::timeout, this, &Agent::startInventoryCollection);
}

Agent::~Agent() = default;

int Agent::intervalSeconds() const
{
    return m_options.intervalSeconds > 0 ? m_options.intervalSeconds : m_config.intervalSeconds;
}

Status Agent::start()
{
    if (Status st = m_spool.open(); !st)
        return st;
    qCInfo(lcAgent).noquote() << "device" << m_config.deviceId << "reporting to" << m_config.serverUrl.toString() << "every"
                              << intervalSeconds() << "s; actions" << (m_options.allowActions ? "allowed" : "refused");
    // The first reading only primes the CPU and network counters: rates need two.
    (void)m_sampler.sample(readSystemSnapshot(), m_options.clock().toMSecsSinceEpoch());
    m_outbox->deliverNow(); // whatever an earlier run left in the spool
    if (m_options.once) {
        QTimer::singleShot(m_options.onceSampleDelayMs, this, &Agent::tick);
        return success();
    }
    QTimer::singleShot(std::min(5'000, intervalSeconds() * 1000), this, [this] {
        tick();
        m_tickTimer.start(intervalSeconds() * 1000);
    });
    m_inventoryTimer.start(std::max(60, m_options.inventoryCheckSeconds) * 1000);
    return success();
}

void Agent::tick()
{
    if (m_finished)
        return;
    const QList<MetricSample> samples = m_sampler.sample(readSystemSnapshot(), m_options.clock().toMSecsSinceEpoch());
    if (samples.isEmpty()) {
        qCWarning(lcCollect) << "no metrics could be read this round";
    } else if (Status st = m_outbox->submit(metricsRoute, metricsBatchJson(samples)); !st) {
        qCCritical(lcSend).noquote() << "metrics of this round are lost:" << st.error();
        m_stalled = st.error();
    } else {
        qCDebug(lcCollect) << samples.size() << "samples submitted";
    }
    if (!m_pendingInventory.isEmpty())
        sendInventory();
    // After the first reading: package managers at work would show up as this device's load.
    if (!m_ticked)
        startInventoryCollection();
    pollJobs();
    m_ticked = true;
    checkOnceDone();
}

void Agent::startInventoryCollection()
{
    if (m_collecting || m_finished)
        return;
    m_collecting = true;
    const InventoryOptions o{m_options.backupStatusFile, 120'000, m_options.agentVersion};
    const QPointer<Agent> self(this);
    QThreadPool::globalInstance()->start([o, self] {
        const DeviceInventory inventory = qd::agent::collectInventory(o);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(), [self, inventory] {
                if (self)
                    self->onInventoryCollected(inventory);
            },
            Qt::QueuedConnection);
    });
}

void Agent::onInventoryCollected(const DeviceInventory &inventory)
{
    m_collecting = false;
    const QByteArray digest = inventoryDigest(inventory);
    if (digest == m_sentDigest) {
        qCDebug(lcCollect) << "inventory unchanged";
        m_inventoryDone = true;
        checkOnceDone();
        return;
    }
    m_pendingInventory = QJsonDocument(inventory.toJson()).toJson(QJsonDocument::Compact);
    m_pendingDigest = digest;
    sendInventory();
}

void Agent::sendInventory()
{
    if (m_sendingInventory || m_pendingInventory.isEmpty() || m_finished)
        return;
    m_sendingInventory = true;
    m_api.post(inventoryRoute, m_pendingInventory, [this](const ApiReply &reply) {
        m_sendingInventory = false;
        switch (classify(reply)) {
        case Delivery::Delivered:
            noteReachable();
            qCInfo(lcSend) << "inventory sent; changed:" << reply.json().value(QStringLiteral("changed")).toBool();
            m_sentDigest = m_pendingDigest;
            m_pendingInventory.clear();
            if (m_outbox->isWaiting())
                m_outbox->deliverNow();
            break;
        case Delivery::Rejected:
            qCWarning(lcSend).noquote() << "the server rejected the inventory:" << reply.describe();
            m_sentDigest = m_pendingDigest; // the same inventory would be rejected again
            m_pendingInventory.clear();
            break;
        case Delivery::Revoked:
            revoke(reply.describe());
            return;
        case Delivery::Retry:
            noteUnreachable(QStringLiteral("inventory"), reply);
            if (m_options.once)
                m_stalled = reply.describe();
            break;
        }
        m_inventoryDone = true;
        checkOnceDone();
    });
}

void Agent::pollJobs()
{
    if (m_polling || m_jobs.isBusy() || m_finished)
        return;
    m_polling = true;
    m_api.get(jobsRoute, [this](const ApiReply &reply) {
        m_polling = false;
        const Delivery d = classify(reply);
        if (d == Delivery::Revoked) {
            revoke(reply.describe());
            return;
        }
        if (d == Delivery::Delivered) {
            noteReachable();
            for (const Job &job : parseJobs(reply.json()))
                m_jobs.enqueue(job);
            if (m_outbox->isWaiting())
                m_outbox->deliverNow();
        } else if (d == Delivery::Retry) {
            noteUnreachable(QStringLiteral("jobs"), reply);
            if (m_options.once)
                m_stalled = reply.describe();
        } else {
            qCWarning(lcSend).noquote() << "the server refused the job poll:" << reply.describe();
        }
        m_jobsPolled = true;
        checkOnceDone();
    });
}

void Agent::onJobFinished(const QString &jobId, const JobResult &result)
{
    if (Status st = m_outbox->submit(QStringLiteral("/api/v1/agent/jobs/%1/result").arg(jobId), result.toJson()); !st)
        qCCritical(lcSend).noquote() << "the result of job" << jobId << "is lost:" << st.error();
    checkOnceDone();
}

void Agent::noteUnreachable(const QString &what, const ApiReply &reply)
{
    if (!m_unreachable)
        qCWarning(lcSend).noquote() << QStringLiteral("the server is unreachable (%1: %2); reports wait in the spool and are sent when it is back")
                                           .arg(what, reply.describe());
    else
        qCDebug(lcSend).noquote() << what << "not delivered:" << reply.describe();
    m_unreachable = true;
}

void Agent::noteReachable()
{
    if (m_unreachable)
        qCInfo(lcSend) << "the server is reachable again";
    m_unreachable = false;
}

void Agent::revoke(const QString &reason)
{
    if (m_finished)
        return;
    m_finished = true;
    m_tickTimer.stop();
    m_inventoryTimer.stop();
    const QString message = tr("the server refused this agent's token (%1): it was revoked or the device was deleted; "
                               "enroll the device again")
                                .arg(reason);
    qCCritical(lcAgent).noquote() << message;
    emit finished(1, message);
}

void Agent::checkOnceDone()
{
    if (!m_options.once || m_finished)
        return;
    if (!m_ticked || !m_inventoryDone || !m_jobsPolled || m_jobs.isBusy() || m_outbox->isBusy() || m_sendingInventory)
        return;
    if (m_outbox->pending() > 0 && m_stalled.isEmpty())
        return;
    m_finished = true;
    if (m_stalled.isEmpty() && m_outbox->pending() == 0) {
        emit finished(0, QString());
        return;
    }
    emit finished(1, tr("could not deliver everything (%1); %n request(s) stay spooled for the next run", nullptr,
                        m_outbox->pending())
                         .arg(m_stalled));
}

} // namespace qd::agent
