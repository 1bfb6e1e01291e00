#pragma once

#include "agent/agentapi.h"
#include "agent/agentconfig.h"
#include "core/domain/clock.h"
#include "agent/jobrunner.h"
#include "agent/metricsampler.h"
#include "agent/outbox.h"
#include "agent/spool.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace qd::agent {

struct AgentOptions
{
    QString spoolDir;
    QString backupStatusFile;
    int intervalSeconds = 0;           // 0: the interval the server gave at enrollment
    int inventoryCheckSeconds = 900;   // how often the inventory is collected and compared
    bool allowActions = false;
    bool once = false;                 // one round (metrics, inventory, jobs), then finished()
    int onceSampleDelayMs = 1'000;     // the CPU/network rates of --once span this long
    SpoolLimits spoolLimits;
    int retryBaseMs = 1'000;
    int retryCapMs = 300'000;
    QString agentVersion = QStringLiteral(QD_VERSION);
    Clock clock = systemClock();
};

// A digest of the inventory that ignores churn nobody needs to see every 15 minutes (disk usage
// below one percent: the metrics carry it).
QByteArray inventoryDigest(const DeviceInventory &inventory);

// One enrolled device: every interval it samples and submits metrics through the outbox (spool
// first) and polls jobs; it sends the inventory at start and whenever its digest changes.
class Agent : public QObject
{
    Q_OBJECT

public:
    Agent(AgentConfig config, AgentOptions options, QNetworkAccessManager *nam, QObject *parent = nullptr);
    ~Agent() override;

    Status start();
    int intervalSeconds() const;
    const Outbox &outbox() const { return *m_outbox; }

signals:
    // Exit code and a sentence for stderr: --once is done, or the token was revoked (1).
    void finished(int exitCode, const QString &message);

private:
    void tick();
    void startInventoryCollection();
    void onInventoryCollected(const DeviceInventory &inventory);
    void sendInventory();
    void pollJobs();
    void onJobFinished(const QString &jobId, const JobResult &result);
    void revoke(const QString &reason);
    // Logs the first failure of a direct call (inventory, jobs) loudly, repeats quietly.
    void noteUnreachable(const QString &what, const ApiReply &reply);
    void noteReachable();
    void checkOnceDone();

    AgentConfig m_config;
    AgentOptions m_options;
    AgentApi m_api;
    Spool m_spool;
    std::unique_ptr<Outbox> m_outbox;
    JobRunner m_jobs;
    MetricSampler m_sampler;
    QTimer m_tickTimer;
    QTimer m_inventoryTimer;

    QByteArray m_pendingInventory; // collected, not yet accepted
    QByteArray m_pendingDigest;
    QByteArray m_sentDigest;
    bool m_collecting = false;
    bool m_sendingInventory = false;
    bool m_polling = false;
    bool m_finished = false;
    bool m_unreachable = false;

    // --once bookkeeping
    bool m_ticked = false;
    bool m_inventoryDone = false;
    bool m_jobsPolled = false;
    QString m_stalled;
};

} // namespace qd::agent
