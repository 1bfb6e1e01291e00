#include "core/reporting/reportscheduleservice.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/session/workspace.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>

namespace qd::core {

namespace {

constexpr std::chrono::seconds pollInterval{2};

template <typename T>
QList<T> itemsOf(const QJsonObject &page)
{
    QList<T> out;
    for (const QJsonValue &v : page.value(QLatin1String("items")).toArray())
        out.append(T::fromJson(v.toObject()));
    return out;
}

} // namespace

ReportScheduleService::ReportScheduleService(Workspace *workspace, QObject *parent) : QObject(parent), m_workspace(workspace)
{
    m_poll.setSingleShot(true);
    m_poll.setInterval(pollInterval);
    connect(&m_poll, &QTimer::timeout, this, &ReportScheduleService::loadRuns);
}

bool ReportScheduleService::isAvailable() const
{
    return m_workspace->client() && !m_workspace->isReadOnly();
}

ApiReply *ReportScheduleService::send(const ApiRequest &request)
{
    return m_workspace->client()->send(request);
}

void ReportScheduleService::refresh()
{
    if (!isAvailable())
        return emit failed(tr("Scheduled reports are kept on the server"),
                           ApiError(ApiError::Kind::Network, tr("Sign in to see and change them.")));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("page_size"), QStringLiteral("500"));
    send(ApiRequest::get(QStringLiteral("/api/v1/reports/schedules"), query))->then(this, [this](const ApiReply &r) {
        if (!r.isOk())
            return emit failed(tr("Cannot load the report schedules"), r.error());
        emit schedulesLoaded(itemsOf<ReportScheduleEntry>(r.json()));
    });
    loadRuns();
}

void ReportScheduleService::loadRuns()
{
    if (!isAvailable())
        return;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("page_size"), QString::number(historySize));
    send(ApiRequest::get(QStringLiteral("/api/v1/reports/runs"), query))->then(this, [this](const ApiReply &r) {
        if (!r.isOk())
            return emit failed(tr("Cannot load the report history"), r.error());
        const QList<ReportRunEntry> runs = itemsOf<ReportRunEntry>(r.json());
        emit runsLoaded(runs);
        // Follow what is still being rendered.
        if (std::any_of(runs.cbegin(), runs.cend(), [](const ReportRunEntry &run) { return !run.isFinished(); }))
            m_poll.start();
    });
}

void ReportScheduleService::create(const ReportScheduleEntry &schedule)
{
    send(ApiRequest::post(QStringLiteral("/api/v1/reports/schedules"), schedule.body()))->then(this, [this](const ApiReply &r) {
        if (!r.isOk())
            return emit failed(tr("Cannot create the schedule"), r.error());
        emit saved(ReportScheduleEntry::fromJson(r.json()));
        refresh();
    });
}

void ReportScheduleService::update(const ReportScheduleEntry &schedule)
{
    ApiRequest request = ApiRequest::patch(QStringLiteral("/api/v1/reports/schedules/%1").arg(schedule.id), schedule.body());
    request.ifMatch = ApiRequest::etagForVersion(schedule.version);
    send(request)->then(this, [this](const ApiReply &r) {
        if (!r.isOk())
            return emit failed(tr("Cannot save the schedule"), r.error());
        emit saved(ReportScheduleEntry::fromJson(r.json()));
        refresh();
    });
}

void ReportScheduleService::remove(const ReportScheduleEntry &schedule)
{
    ApiRequest request = ApiRequest::del(QStringLiteral("/api/v1/reports/schedules/%1").arg(schedule.id));
    request.ifMatch = ApiRequest::etagForVersion(schedule.version);
    const QString id = schedule.id;
    send(request)->then(this, [this, id](const ApiReply &r) {
        if (!r.isOk() && r.error().kind() != ApiError::Kind::NotFound)
            return emit failed(tr("Cannot delete the schedule"), r.error());
        emit removed(id);
        refresh();
    });
}

void ReportScheduleService::runNow(const ReportScheduleEntry &schedule)
{
    send(ApiRequest::post(QStringLiteral("/api/v1/reports/schedules/%1/run").arg(schedule.id)))->then(this, [this](const ApiReply &r) {
        if (!r.isOk())
            return emit failed(tr("Cannot run the schedule"), r.error());
        emit runQueued(ReportRunEntry::fromJson(r.json()));
        loadRuns();
    });
}

void ReportScheduleService::download(const ReportRunEntry &run, const QString &path)
{
    cancelDownload();
    ApiRequest request = ApiRequest::get(QStringLiteral("/api/v1/reports/runs/%1/file").arg(run.id));
    request.timeout = std::chrono::minutes(5);
    request.expectJson = false;
    m_download = send(request);
    m_download->then(this, [this, path](const ApiReply &r) {
        m_download = nullptr;
        if (!r.isOk()) {
            if (r.error().kind() != ApiError::Kind::Cancelled)
                emit failed(tr("Cannot download the report"), r.error());
            return;
        }
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(r.body()) != r.body().size() || !file.commit())
            return emit failed(tr("Cannot save the report"),
                               ApiError(ApiError::Kind::Server, tr("%1: %2").arg(QFileInfo(path).fileName(), file.errorString())));
        emit downloaded(path);
    });
}

void ReportScheduleService::cancelDownload()
{
    if (m_download)
        m_download->cancel();
    m_download = nullptr;
}

} // namespace qd::core
