#pragma once

#include "core/domain/result.h"
#include "server/base/serversettings.h"
#include "server/storage/metricstore.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <memory>

namespace qd::server {

class AlertRuleEngine;
class AlertStore;
class AuditStore;
class AuthService;
class CustomerStore;
class Database;
class DeviceIndex;
class DeviceStore;
class DeviceTokenAuthenticator;
class EnrollmentStore;
class JobStore;
class LiveHub;
class MetricStore;
class HttpServer;
class IdempotencyStore;
class IngestWorker;
class Mailer;
class MetricsRegistry;
class NotificationDispatcher;
class Notifier;
class OneTimeTokenStore;
class ReportScheduler;
class ReportStore;
class RuleStore;
class SessionStore;
class UserStore;

// Reads the per-install secret (signing and sealing keys derive from it) from the data
// directory, creating it with owner-only permissions on first use.
Result<QByteArray> loadOrCreateInstallSecret(const QString &dataDir);

// `quarterdeck-server init`: creates or migrates the database and makes the first admin.
Status initialiseServer(const QString &dbLocation, const QString &dataDir, const QString &adminEmail,
                        const QString &adminName, const QString &password);

// `quarterdeck-server enroll-token`: a token agents enroll with (`uses` devices, valid `ttl`).
Result<QString> createEnrollmentToken(const QString &dbLocation, const QString &customerId, int uses,
                                      std::chrono::seconds ttl);

// The composed server: storage, services, routes and the listening HTTP front.
class ServerApp : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString dbLocation;
        QString dataDir;
        QString mailDir;
        QString smtpUrl; // smtp:// or smtps://, instead of mailDir
        ServerSettings settings;
        // Renders scheduled reports: program and leading arguments (quarterdeck-server
        // render-report); empty: report runs fail with that reason.
        QStringList reportRenderer;
    };

    static Result<std::unique_ptr<ServerApp>> create(const Options &options);
    ~ServerApp() override;

    // Listens on address:port (0 picks a free port); with TLS when cert and key are given.
    Result<quint16> listen(const QHostAddress &address, quint16 port, const QString &tlsCert = {},
                           const QString &tlsKey = {});
    QJsonArray routeTable() const;

private:
    ServerApp();
    void maintain();
    void detectOffline();
    void forecastDisks();

    ServerSettings m_settings;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<UserStore> m_users;
    std::unique_ptr<SessionStore> m_sessions;
    std::unique_ptr<OneTimeTokenStore> m_tokens;
    std::unique_ptr<AuditStore> m_audit;
    std::unique_ptr<IdempotencyStore> m_idempotency;
    std::unique_ptr<CustomerStore> m_customers;
    std::unique_ptr<DeviceIndex> m_deviceIndex;
    std::unique_ptr<DeviceStore> m_devices;
    std::unique_ptr<MetricStore> m_metricStore;
    std::unique_ptr<EnrollmentStore> m_enrollment;
    std::unique_ptr<JobStore> m_jobs;
    std::unique_ptr<DeviceTokenAuthenticator> m_agentAuth;
    std::unique_ptr<IngestWorker> m_ingest;
    std::unique_ptr<RuleStore> m_rules;
    std::unique_ptr<AlertStore> m_alertStore;
    std::unique_ptr<AlertRuleEngine> m_alertEngine;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<NotificationDispatcher> m_dispatcher;
    std::unique_ptr<Mailer> m_mailer; // queues system mail in the notification outbox
    std::unique_ptr<MetricsRegistry> m_metrics;
    std::unique_ptr<HttpServer> m_http;
    std::unique_ptr<LiveHub> m_live;
    std::unique_ptr<ReportStore> m_reports;
    std::unique_ptr<ReportScheduler> m_reportScheduler;
    struct Routes;
    std::unique_ptr<Routes> m_routes; // every route module with what it uses
    QTimer m_maintenance;
    QTimer m_offlineCheck;
    QTimer m_warmUp;
    QTimer m_rulesTick;
    QString m_dbLocation;
    bool m_forecasting = false;
    QTimer m_diskForecast;
};

} // namespace qd::server
