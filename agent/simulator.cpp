#include "agent/simulator.h"

#include "agent/agentconfig.h"
#include "agent/agentlog.h"
#include "agent/metricsampler.h"
#include "agent/simstate.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <algorithm>
#include <numeric>

namespace qd::agent {

Simulator::Simulator(SimulatorOptions options, QNetworkAccessManager *nam, Clock clock, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_model(m_options.seed), m_nam(nam), m_clock(std::move(clock))
{
    if (m_options.intervalSeconds > 0)
        m_intervalMs = m_options.intervalSeconds * 1000;
    m_devices.resize(std::size_t(std::max(0, m_options.devices)));
    m_order.resize(m_devices.size());
    std::iota(m_order.begin(), m_order.end(), 0);
    // The place in the interval is a fraction, so the order holds whatever the interval.
    std::sort(m_order.begin(), m_order.end(), [this](int a, int b) { return m_model.staggerMs(a, 1 << 30) < m_model.staggerMs(b, 1 << 30); });
    m_fractions.reserve(m_order.size());
    for (int i : m_order)
        m_fractions.push_back(double(m_model.staggerMs(i, 1 << 30)) / double(1 << 30));
    m_wheel.setInterval(100);
    connect(&m_wheel, &QTimer::timeout, this, &Simulator::onWheel);
    connect(&m_status, &QTimer::timeout, this, [this] { emit statusReport(statusLine()); });
    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(2'000);
    connect(&m_saveTimer, &QTimer::timeout, this, &Simulator::saveState);
}

Simulator::~Simulator()
{
    if (m_dirty)
        saveState();
}

Status Simulator::start()
{
    m_stats.devices = int(m_devices.size());
    loadState();
    for (int i = 0; i < int(m_devices.size()); ++i)
        if (m_devices[std::size_t(i)].state == State::Pending)
            m_enrollQueue.push_back(i);
    qCInfo(lcAgent).noquote() << "simulating" << m_devices.size() << "devices (seed" << m_options.seed << "):" << m_stats.enrolled
                              << "known from" << m_options.statePath << "," << m_enrollQueue.size() << "to enroll";
    m_status.start(std::max(1, m_options.statusIntervalSeconds) * 1000);
    if (!m_options.once)
        m_wheel.start();
    pumpEnrollment();
    checkOnceDone();
    return success();
}

void Simulator::loadState()
{
    const std::optional<SimState> state = loadSimState(m_options.statePath);
    if (!state)
        return;
    if (state->server != m_options.server.toString() || state->seed != m_options.seed) {
        qCWarning(lcAgent).noquote() << m_options.statePath << "belongs to another server or seed; enrolling new devices (the file will be replaced)";
        return;
    }
    if (m_options.intervalSeconds <= 0 && state->intervalSeconds >= minIntervalSeconds)
        m_intervalMs = state->intervalSeconds * 1000;
    for (const SimState::Device &d : state->devices) {
        if (d.index >= int(m_devices.size())) {
            m_otherDevices.append(d); // kept for a later, larger run
            continue;
        }
        Device &dev = m_devices[std::size_t(d.index)];
        if (dev.state != State::Active)
            ++m_stats.enrolled;
        dev.id = d.id;
        dev.token = d.token;
        dev.state = State::Active;
    }
}

void Simulator::scheduleSave()
{
    m_dirty = true;
    if (!m_saveTimer.isActive())
        m_saveTimer.start();
}

void Simulator::saveState()
{
    if (m_options.statePath.isEmpty())
        return;
    SimState state{m_options.server.toString(), m_options.seed, m_intervalMs / 1000, m_otherDevices};
    for (std::size_t i = 0; i < m_devices.size(); ++i)
        if (m_devices[i].state == State::Active)
            state.devices.append({int(i), m_devices[i].id, m_devices[i].token});
    if (Status st = saveSimState(m_options.statePath, state); !st)
        qCWarning(lcAgent).noquote() << "cannot save the simulator state:" << st.error();
    else
        m_dirty = false;
}

void Simulator::pumpEnrollment()
{
    // Enrollment takes at most half the slots, so enrolled devices report while the rest enroll.
    while (!m_enrollmentClosed && !m_enrollQueue.empty() && m_enrolling < std::max(1, m_options.maxConcurrent / 2)
           && m_enrolling + m_rounds < m_options.maxConcurrent) {
        const int i = m_enrollQueue.front();
        m_enrollQueue.pop_front();
        enroll(i);
    }
}

void Simulator::enroll(int index)
{
    Device &d = m_devices[std::size_t(index)];
    d.state = State::Enrolling;
    ++m_enrolling;
    const qint64 now = m_clock().toMSecsSinceEpoch();
    const SimIdentity id = m_model.identity(index);
    const DeviceInventory inventory = m_model.inventory(index, now);
    d.inventoryEpoch = m_model.inventoryEpoch(index, now);
    const QByteArray body = enrollRequestJson(m_options.enrollToken, id.hostname, id.type, inventory.agentVersion, &inventory);
    request(-1, "POST", QStringLiteral("/api/v1/agent/enroll"), body, [this, index](const ApiReply &reply) {
        --m_enrolling;
        Device &d = m_devices[std::size_t(index)];
        const auto config = reply.status == 201 ? parseEnrollResponse(m_options.server, reply.json())
                                                : Result<AgentConfig>::fail(reply.describe());
        if (config) {
            d.id = config.value().deviceId;
            d.token = config.value().agentToken.toUtf8();
            d.state = State::Active;
            ++m_stats.enrolled;
            m_enrollBackoff.reset();
            if (m_options.intervalSeconds <= 0)
                m_intervalMs = config.value().intervalSeconds * 1000;
            scheduleSave();
        } else if (classify(reply) == Delivery::Retry) {
            d.state = State::Pending;
            ++m_stats.failures;
            m_lastFailure = QStringLiteral("enroll: ") + reply.describe();
            QTimer::singleShot(m_enrollBackoff.nextDelayMs(), this, [this, index] {
                m_enrollQueue.push_back(index);
                pumpEnrollment();
            });
        } else {
            // The token is refused (unknown, expired, used up) or the request is wrong: stop.
            d.state = State::Pending;
            ++m_stats.failures;
            m_enrollmentClosed = true;
            m_enrollQueue.clear();
            m_lastFailure = QStringLiteral("enroll: ") + reply.describe();
            qCCritical(lcAgent).noquote() << "enrollment refused after" << m_stats.enrolled << "devices:" << reply.describe();
            if (m_stats.enrolled == 0 && m_enrolling == 0) {
                m_finished = true;
                emit finished(1, tr("the server refused the enrollment token: %1").arg(reply.describe()));
                return;
            }
        }
        pumpEnrollment();
        pumpRounds();
        checkOnceDone();
    });
}

void Simulator::onWheel()
{
    const qint64 now = m_clock().toMSecsSinceEpoch();
    if (m_lastWheelMs < 0 || now <= m_lastWheelMs) {
        m_lastWheelMs = now;
        return;
    }
    const qint64 interval = m_intervalMs;
    if (now - m_lastWheelMs >= interval) {
        dueRange(0.0, 1.0); // a stall of a whole interval: everybody once
    } else {
        const double from = double(m_lastWheelMs % interval) / double(interval);
        const double to = double(now % interval) / double(interval);
        if (now / interval == m_lastWheelMs / interval) {
            dueRange(from, to);
        } else {
            dueRange(from, 1.0);
            dueRange(0.0, to);
        }
    }
    m_lastWheelMs = now;
    pumpRounds();
}

void Simulator::dueRange(double fromFrac, double toFrac)
{
    // devices whose place is in (from, to]
    auto it = std::upper_bound(m_fractions.begin(), m_fractions.end(), fromFrac);
    const auto end = std::upper_bound(m_fractions.begin(), m_fractions.end(), toFrac);
    for (; it < end; ++it)
        queueRound(m_order[std::size_t(it - m_fractions.begin())]);
}

void Simulator::queueRound(int index)
{
    Device &d = m_devices[std::size_t(index)];
    if (d.state != State::Active)
        return;
    if (d.busy) {
        ++m_stats.late;
        return;
    }
    d.busy = true;
    m_roundQueue.push_back(index);
}

void Simulator::pumpRounds()
{
    while (!m_roundQueue.empty() && m_enrolling + m_rounds < m_options.maxConcurrent) {
        const int i = m_roundQueue.front();
        m_roundQueue.pop_front();
        startRound(i);
    }
}

void Simulator::startRound(int index)
{
    Device &d = m_devices[std::size_t(index)];
    const qint64 now = m_clock().toMSecsSinceEpoch();
    const bool rebooting = d.rebootedAtMs > now;
    if (!m_options.once && (rebooting || m_model.isOffline(index, now))) {
        d.busy = false; // switched off: it sends nothing until it comes back
        return;
    }
    ++m_rounds;
    const QList<MetricSample> samples = m_model.samples(index, now, d.rebootedAtMs);
    request(index, "POST", QStringLiteral("/api/v1/agent/metrics"), metricsBatchJson(samples), [this, index, n = samples.size()](const ApiReply &r) {
        if (classify(r) == Delivery::Delivered) {
            ++m_stats.batches;
            m_stats.samples += n;
        } else if (handleFailure(index, r, "metrics")) {
            return;
        }
        afterMetrics(index);
    });
}

void Simulator::afterMetrics(int index)
{
    Device &d = m_devices[std::size_t(index)];
    const qint64 now = m_clock().toMSecsSinceEpoch();
    const int epoch = m_model.inventoryEpoch(index, now);
    if (epoch == d.inventoryEpoch) {
        afterInventory(index);
        return;
    }
    const QByteArray body = QJsonDocument(m_model.inventory(index, now).toJson()).toJson(QJsonDocument::Compact);
    request(index, "POST", QStringLiteral("/api/v1/agent/inventory"), body, [this, index, epoch](const ApiReply &r) {
        if (classify(r) == Delivery::Delivered) {
            m_devices[std::size_t(index)].inventoryEpoch = epoch;
            ++m_stats.inventories;
        } else if (handleFailure(index, r, "inventory")) {
            return;
        }
        afterInventory(index);
    });
}

void Simulator::afterInventory(int index)
{
    request(index, "GET", QStringLiteral("/api/v1/agent/jobs"), {}, [this, index](const ApiReply &r) {
        if (classify(r) == Delivery::Delivered)
            reportJobs(index, parseJobs(r.json()));
        else if (!handleFailure(index, r, "jobs"))
            endRound(index);
    });
}

void Simulator::reportJobs(int index, QList<Job> jobs)
{
    if (jobs.isEmpty()) {
        endRound(index);
        return;
    }
    const Job job = jobs.takeFirst();
    JobResult result{QStringLiteral("refused"), std::nullopt, {}};
    if (!m_options.allowActions) {
        result.output = tr("This device does not run actions: quarterdeck-agent was started without --allow-actions.");
    } else if (job.kind == QLatin1String("reboot")) {
        // Off for a minute and a half, then freshly booted (uptime starts again).
        m_devices[std::size_t(index)].rebootedAtMs = m_clock().toMSecsSinceEpoch() + 90'000;
        result = {QStringLiteral("succeeded"), 0, tr("Simulated device: reboot started.")};
    } else {
        result.output = tr("Simulated devices do not run scripts.");
    }
    request(index, "POST", QStringLiteral("/api/v1/agent/jobs/%1/result").arg(job.id), result.toJson(),
            [this, index, jobs](const ApiReply &r) {
                if (classify(r) == Delivery::Delivered)
                    ++m_stats.jobResults;
                else if (handleFailure(index, r, "job result"))
                    return;
                reportJobs(index, jobs);
            });
}

bool Simulator::handleFailure(int index, const ApiReply &reply, const char *what)
{
    ++m_stats.failures;
    m_lastFailure = QLatin1String(what) + QStringLiteral(": ") + reply.describe();
    if (classify(reply) == Delivery::Revoked) {
        Device &d = m_devices[std::size_t(index)];
        d.state = State::Revoked;
        ++m_stats.revoked;
        --m_stats.enrolled;
        scheduleSave(); // forget its token: the next run enrolls it again
        endRound(index);
        return true;
    }
    if (classify(reply) == Delivery::Retry) {
        endRound(index); // the server is struggling: do not add the rest of the round
        return true;
    }
    return false;
}

void Simulator::endRound(int index)
{
    m_devices[std::size_t(index)].busy = false;
    --m_rounds;
    pumpRounds();
    pumpEnrollment();
    checkOnceDone();
}

void Simulator::request(int index, const QByteArray &method, const QString &path, const QByteArray &body, Callback done)
{
    const QByteArray token = index >= 0 ? m_devices[std::size_t(index)].token : QByteArray();
    const QNetworkRequest req = agentRequest(endpoint(m_options.server, path), token, 30'000);
    QNetworkReply *reply = method == "GET" ? m_nam->get(req) : m_nam->post(req, body);
    ++m_stats.inProgress;
    connect(reply, &QNetworkReply::finished, this, [this, reply, done = std::move(done)] {
        --m_stats.inProgress;
        reply->deleteLater();
        if (!m_finished)
            done(readReply(reply));
    });
}

void Simulator::checkOnceDone()
{
    if (!m_options.once || m_finished || m_enrolling > 0 || (!m_enrollQueue.empty() && !m_enrollmentClosed))
        return;
    if (!m_onceQueued) {
        m_onceQueued = true;
        for (int i = 0; i < int(m_devices.size()); ++i)
            queueRound(i);
        pumpRounds();
    }
    if (m_rounds > 0 || !m_roundQueue.empty())
        return;
    m_finished = true;
    saveState();
    emit statusReport(statusLine());
    const bool complete = m_stats.enrolled == m_stats.devices && m_stats.failures == 0;
    emit finished(complete ? 0 : 1, complete ? QString() : tr("not every device enrolled and reported; last failure: %1").arg(m_lastFailure));
}

int Simulator::offlineNow() const
{
    const qint64 now = m_clock().toMSecsSinceEpoch();
    int n = 0;
    for (int i = 0; i < int(m_devices.size()); ++i)
        n += m_devices[std::size_t(i)].state == State::Active && (m_devices[std::size_t(i)].rebootedAtMs > now || m_model.isOffline(i, now));
    return n;
}

QString Simulator::statusLine() const
{
    QString line = tr("simulator: %1/%2 enrolled, %3 offline, %4 batches sent (%5 samples), %6 inventories, %7 job results, "
                      "%8 failures, %9 in flight")
                       .arg(m_stats.enrolled).arg(m_stats.devices).arg(offlineNow()).arg(m_stats.batches).arg(m_stats.samples)
                       .arg(m_stats.inventories).arg(m_stats.jobResults).arg(m_stats.failures).arg(m_stats.inProgress);
    if (m_stats.late > 0)
        line += tr(", %1 rounds late").arg(m_stats.late);
    if (m_stats.failures > 0 && !m_lastFailure.isEmpty())
        line += tr(" (last failure: %1)").arg(m_lastFailure);
    return line;
}

} // namespace qd::agent
