#pragma once

#include "agent/agentapi.h"
#include "agent/backoff.h"
#include "core/domain/clock.h"
#include "core/domain/result.h"
#include "agent/jobrunner.h"
#include "agent/simmodel.h"
#include "agent/simstate.h"

#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <climits>
#include <deque>
#include <functional>
#include <vector>

class QNetworkAccessManager;

namespace qd::agent {

struct SimulatorOptions
{
    QUrl server;
    QString enrollToken;
    int devices = 1;
    int intervalSeconds = 0; // 0: what the server answers at enrollment (60 until then)
    quint64 seed = 1;
    QString statePath;       // ids and tokens of enrolled devices, reused by the next run
    bool once = false;       // enroll, one round for every device (online or not), then finished()
    bool allowActions = false;
    int maxConcurrent = 200; // enrollments and rounds in progress at once
    int statusIntervalSeconds = 10;
};

// Plays N virtual devices in one process over one QNetworkAccessManager (no thread per device).
// Each enrolls with the shared multi-use token, then reports at its own offset within the
// interval (the fleet's requests are spread evenly), following SimModel. Per device it keeps
// only its id, token and a few flags; identity and behaviour are recomputed from the seed.
class Simulator : public QObject
{
    Q_OBJECT

public:
    struct Stats
    {
        int devices = 0;
        int enrolled = 0;
        int revoked = 0;
        int inProgress = 0;
        qint64 batches = 0;
        qint64 samples = 0;
        qint64 inventories = 0;
        qint64 jobResults = 0;
        qint64 failures = 0;
        qint64 late = 0; // rounds skipped because the previous one had not finished
    };

    Simulator(SimulatorOptions options, QNetworkAccessManager *nam, Clock clock = systemClock(), QObject *parent = nullptr);
    ~Simulator() override;

    Status start();
    Stats stats() const { return m_stats; }
    int offlineNow() const;
    QString statusLine() const;
    int intervalMs() const { return m_intervalMs; }

signals:
    void statusReport(const QString &line);
    void finished(int exitCode, const QString &message);

private:
    enum class State : quint8 { Pending, Enrolling, Active, Revoked };
    struct Device
    {
        QString id;
        QByteArray token;
        qint64 rebootedAtMs = 0; // a simulated reboot: offline until then, booted then
        qint32 inventoryEpoch = INT_MIN;
        State state = State::Pending;
        bool busy = false;
    };
    using Callback = std::function<void(const ApiReply &)>;

    void loadState();
    void saveState();
    void scheduleSave();
    void pumpEnrollment();
    void enroll(int index);
    void onWheel();
    void dueRange(double fromFrac, double toFrac);
    void queueRound(int index);
    void pumpRounds();
    void startRound(int index);
    void afterMetrics(int index);
    void afterInventory(int index);
    void reportJobs(int index, QList<Job> jobs);
    void endRound(int index);
    void request(int index, const QByteArray &method, const QString &path, const QByteArray &body, Callback done);
    bool handleFailure(int index, const ApiReply &reply, const char *what); // true: the round must stop
    void checkOnceDone();

    SimulatorOptions m_options;
    SimModel m_model;
    QPointer<QNetworkAccessManager> m_nam;
    Clock m_clock;
    int m_intervalMs = 60'000;
    std::vector<Device> m_devices;
    std::vector<int> m_order;        // device indexes sorted by their place in the interval
    std::vector<double> m_fractions; // that place, 0..1, in the same order
    std::deque<int> m_enrollQueue;
    std::deque<int> m_roundQueue;
    int m_enrolling = 0;
    int m_rounds = 0;
    qint64 m_lastWheelMs = -1;
    bool m_enrollmentClosed = false;
    bool m_onceQueued = false;
    bool m_dirty = false;
    bool m_finished = false;
    QList<SimState::Device> m_otherDevices; // state entries beyond N, kept for a later larger run
    Backoff m_enrollBackoff{1'000, 60'000};
    QString m_lastFailure;
    Stats m_stats;
    QTimer m_wheel;
    QTimer m_status;
    QTimer m_saveTimer;
};

} // namespace qd::agent
