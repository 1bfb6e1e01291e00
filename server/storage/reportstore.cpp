#include "server/storage/reportstore.h"

#include "core/domain/jsonutil.h"
#include "core/domain/timeformat.h"

#include <QJsonDocument>

namespace qd::server {

namespace {

const QString scheduleColumns = QStringLiteral(
    "id, name, kind, customer_id, frequency, format, page_size, recipients, enabled, next_run_at, last_run_at, created_by,"
    " created_at, updated_at, version, definition");

// Everything but the file's bytes.
const QString runColumns = QStringLiteral(
    "id, schedule_id, schedule_name, kind, customer_id, customer_name, format, page_size, period_from, period_to, recipients,"
    " state, error, requested_by, created_at, started_at, finished_at, file_name, file_size, delivery_id, definition");

QJsonObject definitionFrom(const QString &text)
{
    return text.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(text.toUtf8()).object();
}

QString definitionText(const QJsonObject &definition)
{
    return definition.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(definition).toJson(QJsonDocument::Compact));
}

} // namespace

ReportSchedule ReportStore::readSchedule(const Query &q) const
{
    ReportSchedule s;
    s.id = q.text(0);
    s.name = q.text(1);
    s.kind = q.text(2);
    s.customerId = q.text(3);
    s.frequency = reportFrequencyFromName(q.text(4)).value_or(ReportFrequency::Weekly);
    s.format = q.text(5);
    s.pageSize = q.text(6);
    s.recipients = stringListFromJsonText(q.text(7));
    s.enabled = q.integer(8) != 0;
    s.nextRunAt = fromMsecs(q.integer(9));
    s.lastRunAt = timeOrNull(q.value(10));
    s.createdBy = q.text(11);
    s.createdAt = fromMsecs(q.integer(12));
    s.updatedAt = fromMsecs(q.integer(13));
    s.version = q.integer(14);
    s.definition = definitionFrom(q.text(15));
    return s;
}

ReportRun ReportStore::readRun(const Query &q) const
{
    ReportRun r;
    r.id = q.text(0);
    r.scheduleId = q.text(1);
    r.scheduleName = q.text(2);
    r.kind = q.text(3);
    r.customerId = q.text(4);
    r.customerName = q.text(5);
    r.format = q.text(6);
    r.pageSize = q.text(7);
    r.periodFrom = fromMsecs(q.integer(8));
    r.periodTo = fromMsecs(q.integer(9));
    r.recipients = stringListFromJsonText(q.text(10));
    r.state = reportRunStateFromName(q.text(11)).value_or(ReportRunState::Failed);
    r.error = q.text(12);
    r.requestedBy = q.text(13);
    r.createdAt = fromMsecs(q.integer(14));
    r.startedAt = timeOrNull(q.value(15));
    r.finishedAt = timeOrNull(q.value(16));
    r.fileName = q.text(17);
    r.fileSize = q.integer(18);
    r.deliveryId = q.text(19);
    r.definition = definitionFrom(q.text(20));
    return r;
}

Result<QList<ReportSchedule>> ReportStore::schedules(const PageRequest &page, qint64 *total)
{
    const QString what = QStringLiteral("the report schedules");
    Query count(m_db, QStringLiteral("SELECT COUNT(*) FROM report_schedules"));
    const auto counted = readCount(count, what);
    if (!counted)
        return Result<QList<ReportSchedule>>::fail(counted.error());
    *total = counted.value();
    Query q(m_db, QStringLiteral("SELECT %1 FROM report_schedules ORDER BY LOWER(name), id LIMIT ? OFFSET ?").arg(scheduleColumns));
    q.bind(page.pageSize).bind(page.offset());
    return readRows<ReportSchedule>(q, what, [this](const Query &row) { return readSchedule(row); });
}

std::optional<ReportSchedule> ReportStore::schedule(const QString &id)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM report_schedules WHERE id = ?").arg(scheduleColumns));
    q.bind(id);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readSchedule(q);
}

bool ReportStore::nameTaken(const QString &name, const QString &exceptId)
{
    Query q(m_db, QStringLiteral("SELECT 1 FROM report_schedules WHERE LOWER(name) = LOWER(?) AND id <> ?"));
    q.bindAll({name, exceptId});
    return q.exec() && q.next();
}

Status ReportStore::insertSchedule(const ReportSchedule &s)
{
    Query q(m_db, QStringLiteral("INSERT INTO report_schedules (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(scheduleColumns));
    q.bindAll({s.id, s.name, s.kind, nullIfEmpty(s.customerId), reportFrequencyName(s.frequency), s.format, s.pageSize,
               jsonTextFromStringList(s.recipients), s.enabled ? 1 : 0, toMsecs(s.nextRunAt), msecsOrNull(s.lastRunAt),
               s.createdBy, toMsecs(s.createdAt), toMsecs(s.updatedAt), s.version, definitionText(s.definition)});
    return q.run();
}

Status ReportStore::updateSchedule(ReportSchedule &s)
{
    Query q(m_db, QStringLiteral("UPDATE report_schedules SET name = ?, kind = ?, customer_id = ?, frequency = ?, format = ?,"
                                 " page_size = ?, recipients = ?, enabled = ?, next_run_at = ?, updated_at = ?, definition = ?,"
                                 " version = version + 1 WHERE id = ?"));
    q.bindAll({s.name, s.kind, nullIfEmpty(s.customerId), reportFrequencyName(s.frequency), s.format, s.pageSize,
               jsonTextFromStringList(s.recipients), s.enabled ? 1 : 0, toMsecs(s.nextRunAt), toMsecs(s.updatedAt),
               definitionText(s.definition), s.id});
    if (Status st = q.run(); !st)
        return st;
    ++s.version;
    return success();
}

Status ReportStore::removeSchedule(const QString &id)
{
    Query q(m_db, QStringLiteral("DELETE FROM report_schedules WHERE id = ?"));
    q.bind(id);
    return q.run();
}

Result<QList<ReportSchedule>> ReportStore::dueSchedules(const QDateTime &now, int limit)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM report_schedules WHERE enabled = 1 AND next_run_at <= ?"
                                 " ORDER BY next_run_at, id LIMIT ?")
                      .arg(scheduleColumns));
    q.bindAll({toMsecs(now), limit});
    return readRows<ReportSchedule>(q, QStringLiteral("the due report schedules"),
                                    [this](const Query &row) { return readSchedule(row); });
}

std::optional<QDateTime> ReportStore::nextDueAt()
{
    Query q(m_db, QStringLiteral("SELECT MIN(next_run_at) FROM report_schedules WHERE enabled = 1"));
    if (!q.exec() || !q.next() || q.value(0).isNull())
        return std::nullopt;
    return fromMsecs(q.integer(0));
}

Status ReportStore::setRunTimes(const QString &scheduleId, const QDateTime &lastRunAt, const QDateTime &nextRunAt)
{
    Query q(m_db, QStringLiteral("UPDATE report_schedules SET last_run_at = ?, next_run_at = ? WHERE id = ?"));
    q.bindAll({toMsecs(lastRunAt), toMsecs(nextRunAt), scheduleId});
    return q.run();
}

Result<QList<ReportRun>> ReportStore::selectRuns(const QString &where, std::initializer_list<QVariant> binds,
                                                 const QString &tail)
{
    Query q(m_db, QStringLiteral("SELECT %1 FROM report_runs WHERE %2 %3").arg(runColumns, where, tail));
    q.bindAll(binds);
    return readRows<ReportRun>(q, QStringLiteral("the report runs"), [this](const Query &row) { return readRun(row); });
}

Result<QList<ReportRun>> ReportStore::runs(const QString &scheduleId, const PageRequest &page, qint64 *total)
{
    Query count(m_db, QStringLiteral("SELECT COUNT(*) FROM report_runs WHERE ? = '' OR schedule_id = ?"));
    count.bindAll({scheduleId, scheduleId});
    const auto counted = readCount(count, QStringLiteral("the report runs"));
    if (!counted)
        return Result<QList<ReportRun>>::fail(counted.error());
    *total = counted.value();
    return selectRuns(QStringLiteral("? = '' OR schedule_id = ?"), {scheduleId, scheduleId, page.pageSize, page.offset()},
                      QStringLiteral("ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"));
}

std::optional<ReportRun> ReportStore::run(const QString &id)
{
    const auto rows = selectRuns(QStringLiteral("id = ?"), {id}, {});
    if (!rows || rows.value().isEmpty())
        return std::nullopt;
    return rows.value().first();
}

Status ReportStore::insertRun(const ReportRun &r)
{
    Query q(m_db, QStringLiteral("INSERT INTO report_runs (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(runColumns));
    q.bindAll({r.id, nullIfEmpty(r.scheduleId), r.scheduleName, r.kind, nullIfEmpty(r.customerId), r.customerName, r.format,
               r.pageSize, toMsecs(r.periodFrom), toMsecs(r.periodTo), jsonTextFromStringList(r.recipients),
               reportRunStateName(r.state), r.error, r.requestedBy, toMsecs(r.createdAt), msecsOrNull(r.startedAt),
               msecsOrNull(r.finishedAt), r.fileName, r.fileSize, nullIfEmpty(r.deliveryId), definitionText(r.definition)});
    return q.run();
}

Result<std::optional<ReportRun>> ReportStore::startNextQueued(const QDateTime &at)
{
    using R = Result<std::optional<ReportRun>>;
    const auto queued =
        selectRuns(QStringLiteral("state = 'queued'"), {}, QStringLiteral("ORDER BY created_at, id LIMIT 1"));
    if (!queued)
        return R::fail(queued.error());
    if (queued.value().isEmpty())
        return R::ok(std::nullopt);
    Query q(m_db, QStringLiteral("UPDATE report_runs SET state = 'running', started_at = ? WHERE id = ? AND state = 'queued'"));
    q.bindAll({toMsecs(at), queued.value().first().id});
    if (!q.exec())
        return R::fail(QStringLiteral("cannot start report run %1: %2").arg(queued.value().first().id, q.lastError()));
    if (q.rowsAffected() != 1)
        return R::ok(std::nullopt);
    ReportRun r = queued.value().first();
    r.state = ReportRunState::Running;
    r.startedAt = at;
    return R::ok(std::move(r));
}

bool ReportStore::hasQueued(const QString &scheduleId)
{
    Query q(m_db, QStringLiteral("SELECT 1 FROM report_runs WHERE state = 'queued' AND schedule_id = ? LIMIT 1"));
    q.bind(scheduleId);
    return q.exec() && q.next();
}

Status ReportStore::finishRun(const QString &id, ReportRunState state, const QString &error, const QDateTime &at,
                              const QString &fileName, const QByteArray &data)
{
    Query q(m_db, QStringLiteral("UPDATE report_runs SET state = ?, error = ?, finished_at = ?, file_name = ?, file_size = ?,"
                                 " file_data = ? WHERE id = ?"));
    q.bindAll({reportRunStateName(state), error, toMsecs(at), fileName, qint64(data.size()),
               data.isEmpty() ? QVariant() : QVariant(data), id});
    return q.run();
}

Status ReportStore::setDelivery(const QString &id, const QString &deliveryId)
{
    Query q(m_db, QStringLiteral("UPDATE report_runs SET delivery_id = ? WHERE id = ?"));
    q.bindAll({deliveryId, id});
    return q.run();
}

std::optional<ReportStore::File> ReportStore::file(const QString &runId)
{
    Query q(m_db, QStringLiteral("SELECT file_name, format, file_data FROM report_runs WHERE id = ? AND state = 'succeeded'"));
    q.bind(runId);
    if (!q.exec() || !q.next() || q.value(2).isNull())
        return std::nullopt;
    return File{q.text(0), reportMimeType(q.text(1)), q.value(2).toByteArray()};
}

qint64 ReportStore::failInterrupted(const QDateTime &at)
{
    Query q(m_db, QStringLiteral("UPDATE report_runs SET state = 'failed', error = ?, finished_at = ? WHERE state = 'running'"));
    q.bindAll({QStringLiteral("the server stopped while the report was being rendered"), toMsecs(at)});
    return q.exec() ? q.rowsAffected() : 0;
}

qint64 ReportStore::purgeRuns(const QDateTime &before)
{
    Query q(m_db, QStringLiteral("DELETE FROM report_runs WHERE created_at < ? AND state IN ('succeeded', 'failed')"));
    q.bind(toMsecs(before));
    return q.exec() ? q.rowsAffected() : 0;
}

} // namespace qd::server
