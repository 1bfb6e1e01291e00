#pragma once

#include "domain/paging.h"
#include "domain/result.h"
#include "http/httptypes.h"
#include "serversettings.h"

#include <QJsonObject>
#include <functional>
#include <optional>

namespace qd::server {

class AlertRuleEngine;
class AlertStore;
class AuditStore;
class AuthService;
class CustomerStore;
class Database;
class DeviceStore;
class EnrollmentStore;
class JobStore;
class LiveHub;
class MetricStore;
class HttpServer;
class IngestWorker;
class Mailer;
class MetricsRegistry;
class Notifier;
class OneTimeTokenStore;
class ReportScheduler;
class ReportStore;
class RuleStore;
class SessionStore;
class UserStore;
struct UserRecord;

// What route handlers work with: the stores, the services and the settings of this server.
struct ApiContext
{
    HttpServer &http;
    Database &db;
    UserStore &users;
    SessionStore &sessions;
    OneTimeTokenStore &tokens;
    AuditStore &audit;
    AuthService &auth;
    Mailer &mailer;
    MetricsRegistry &metrics;
    const ServerSettings &settings;
    CustomerStore &customers;
    DeviceStore &devices;
    MetricStore &metricStore;
    EnrollmentStore &enrollment;
    JobStore &jobs;
    IngestWorker &ingest;
    RuleStore &rules;
    AlertStore &alertStore;
    AlertRuleEngine &alertEngine;
    Notifier &notifier;
    LiveHub &live; // the one place live events are published
    ReportStore &reports;
    ReportScheduler &reportScheduler;
    // Whether a notification channel exists (rules refer to channels); set once notifications are wired.
    std::function<bool(const QString &)> channelExists = {};

    // Appends an audit event for this request. The actor is the signed-in user, or `actor`
    // for requests made before sign-in (login, password reset, invitation accept).
    Status record(const Request &request, const QString &action, const QString &targetType, const QString &targetId,
                const QJsonObject &details = {}, const User *actor = nullptr);

    // A link for mails: <public-url>/<path>?token=<token>, and the token on its own line.
    QString link(const QString &path, const QString &token) const;
};

// The version an If-Match header asks for: std::nullopt without the header, -1 when unreadable.
std::optional<qint64> ifMatchVersion(const Request &request);
QByteArray etagFor(qint64 version);
// 412 when the request's If-Match names another version than `version` of `what` ("the channel").
std::optional<Reply> staleVersion(const Request &request, qint64 version, const QString &what);

// Mails a single-use password reset link to the user (revoking earlier ones).
void sendPasswordResetMail(ApiContext &ctx, const UserRecord &record, const QString &requestedBy);

// Route registration, one function per area.
void registerOpsRoutes(ApiContext &ctx);
void registerAuthRoutes(ApiContext &ctx);
void registerMfaRoutes(ApiContext &ctx);
void registerUserRoutes(ApiContext &ctx);
void registerInvitationRoutes(ApiContext &ctx);
void registerAuditRoutes(ApiContext &ctx);
void registerCustomerRoutes(ApiContext &ctx);
void registerDeviceRoutes(ApiContext &ctx);
void registerBulkRoutes(ApiContext &ctx);
void registerMetricRoutes(ApiContext &ctx);
void registerAvailabilityRoutes(ApiContext &ctx);
void registerDashboardRoutes(ApiContext &ctx);
void registerAgentRoutes(ApiContext &ctx);
void registerLiveRoutes(ApiContext &ctx);
void registerNotificationRoutes(ApiContext &ctx);
void registerAlertRoutes(ApiContext &ctx);
void registerReportRoutes(ApiContext &ctx);
// Active alerts by severity and state, for GET /alerts/counts and the dashboard.
QJsonObject alertCountsJson(ApiContext &ctx);
// The dashboard's alert cards: the counts and the newest active critical alerts.
QJsonObject alertsCard(ApiContext &ctx);

// The answer of a plain paged list route: reads page and page_size (422 when wrong) and answers
// {items, total, page, page_size} with what `items(page, &total)` gives.
Reply pagedReply(const Request &request, const std::function<QJsonArray(const PageRequest &, qint64 *)> &items);

// A list of e-mail addresses at `key` (trimmed, lower-cased, without repeats), minCount to
// maxCount of them; problems go into errors.
std::optional<QStringList> readEmailList(const QJsonObject &json, const QString &key, int minCount, int maxCount,
                                         FieldErrors &errors);

// from/to of a metrics query (default: the last 24 hours, at most 400 days).
bool readRange(const QUrlQuery &query, const QDateTime &now, qint64 *fromMs, qint64 *toMs, FieldErrors &errors);
// Reads updated_since (ISO 8601 with zone) from a query; problems go into errors.
QDateTime updatedSinceFrom(const QUrlQuery &query, FieldErrors &errors);
// A list answer with the delta-sync extras: {items, total, page, page_size, server_time[, deleted]}.
QJsonObject deltaPage(const QJsonArray &items, qint64 total, const PageRequest &page, const QDateTime &serverTime,
                      const QStringList *deletedIds);

} // namespace qd::server
