#include "server/app/serverapp.h"

#include "server/routes/opsroutes.h"
#include "server/routes/authroutes.h"
#include "server/routes/mfaroutes.h"
#include "server/routes/userroutes.h"
#include "server/routes/invitationroutes.h"
#include "server/routes/auditroutes.h"
#include "server/routes/customerroutes.h"
#include "server/routes/deviceroutes.h"
#include "server/routes/bulkroutes.h"
#include "server/routes/availabilityroutes.h"
#include "server/routes/dashboardroutes.h"
#include "server/routes/agentroutes.h"
#include "server/routes/liveroutes.h"
#include "server/routes/alertroutes.h"
#include "server/routes/notificationroutes.h"
#include "server/routes/reportroutes.h"
#include "server/services/auth/authservice.h"
#include "server/base/crypto.h"
#include "server/services/auth/passwordhasher.h"
#include "server/services/auth/passwordpolicy.h"
#include "core/domain/jsonreader.h"
#include "server/http/httpserver.h"
#include "server/base/metricsregistry.h"
#include "server/services/live/livehub.h"
#include "server/services/mail/mailer.h"
#include "server/storage/channelstore.h"
#include "server/services/notify/dispatcher.h"
#include "server/services/notify/notifier.h"
#include "server/services/notify/outboxmailer.h"
#include "server/storage/outboxstore.h"
#include "server/services/notify/smtpmailer.h"
#include "server/services/reports/reportscheduler.h"
#include "server/storage/reportstore.h"
#include "server/services/rules/alertnotification.h"
#include "server/services/rules/alertruleengine.h"
#include "server/storage/alertstore.h"
#include "server/services/rules/diskforecast.h"
#include "server/storage/rulestore.h"
#include "server/services/auth/devicetokenauthenticator.h"
#include "server/storage/auditstore.h"
#include "server/storage/customerstore.h"
#include "server/storage/deviceindex.h"
#include "server/storage/devicestore.h"
#include "server/storage/enrollmentstore.h"
#include "server/storage/jobstore.h"
#include "server/storage/metricstore.h"
#include "server/storage/database.h"
#include "server/storage/idempotencystore.h"
#include "server/storage/ingestworker.h"
#include "server/storage/onetimetokenstore.h"
#include "server/storage/sessionstore.h"
#include "server/storage/userstore.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QTcpServer>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

namespace qd::server {

// The route modules, each given what it uses. Handlers keep references to them, so they live as
// long as the server.
struct ServerApp::Routes
{
    OpsRoutes ops;
    AuthRoutes auth;
    MfaRoutes mfa;
    UserRoutes user;
    InvitationRoutes invitation;
    AuditRoutes audit;
    CustomerRoutes customer;
    DeviceRoutes device;
    BulkRoutes bulk;
    AvailabilityRoutes availability;
    DashboardRoutes dashboard;
    AgentRoutes agent;
    LiveRoutes live;
    AlertRoutes alert;
    NotificationRoutes notification;
    ReportRoutes report;
};

Result<QByteArray> loadOrCreateInstallSecret(const QString &dataDir)
{
    using R = Result<QByteArray>;
    if (!QDir().mkpath(dataDir))
        return R::fail(QStringLiteral("cannot create data directory %1").arg(dataDir));
    const QString path = QDir(dataDir).filePath(QStringLiteral("install-secret"));
    const auto ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
    QFile existing(path);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly))
            return R::fail(QStringLiteral("cannot read %1: %2").arg(path, existing.errorString()));
        const QByteArray secret = QByteArray::fromBase64(existing.readAll().trimmed());
        if (secret.size() < 32)
            return R::fail(QStringLiteral("%1 is damaged (too short)").arg(path));
        if ((existing.permissions() & ~(ownerOnly | QFile::ReadUser | QFile::WriteUser)) != 0) {
            qWarning().noquote() << path << "was readable by others; restricting it to its owner";
            existing.setPermissions(ownerOnly);
        }
        return R::ok(secret);
    }
    const QByteArray secret = randomBytes(32);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return R::fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    file.setPermissions(ownerOnly);
    file.write(secret.toBase64() + '\n');
    if (!file.commit())
        return R::fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    QFile::setPermissions(path, ownerOnly);
    return R::ok(secret);
}

Status initialiseServer(const QString &dbLocation, const QString &dataDir, const QString &adminEmail,
                        const QString &adminName, const QString &password)
{
    const QString email = adminEmail.trimmed().toLower();
    if (!isValidEmail(email))
        return failure(QStringLiteral("%1 is not a valid e-mail address").arg(adminEmail));
    if (const auto why = PasswordPolicy::check(password, email))
        return failure(QStringLiteral("the password %1").arg(*why));
    if (auto secret = loadOrCreateInstallSecret(dataDir); !secret)
        return failure(secret.error());
    auto db = Database::open(dbLocation);
    if (!db)
        return failure(db.error());
    if (Status s = db.value()->migrate(); !s)
        return s;
    UserStore users(*db.value());
    if (users.count() > 0)
        return failure(QStringLiteral("%1 is initialised already; sign in as an existing admin to add users").arg(dbLocation));
    UserRecord admin;
    admin.user.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    admin.user.email = email;
    admin.user.name = adminName.isEmpty() ? QStringLiteral("Administrator") : adminName;
    admin.user.role = Role::Admin;
    admin.user.createdAt = admin.user.updatedAt = QDateTime::currentDateTimeUtc();
    admin.passwordHash = PasswordHasher::hash(password);
    AuditStore audit(*db.value());
    return db.value()->transaction([&]() -> Status {
        if (Status s = users.insert(admin); !s)
            return s;
        AuditEvent e;
        e.at = admin.user.createdAt;
        e.action = QStringLiteral("server.init");
        e.targetType = QStringLiteral("user");
        e.targetId = admin.user.id;
        e.details = {{QStringLiteral("email"), email}};
        return audit.append(e);
    });
}

ServerApp::ServerApp() = default;

ServerApp::~ServerApp()
{
    // Routes hold references into the services: stop serving before they go, and let the
    // ingest thread finish what it accepted. Live clients are told the server is going first.
    m_live.reset();
    m_http.reset();
    m_ingest.reset();
    m_reportScheduler.reset();
    m_dispatcher.reset();
}

Result<std::unique_ptr<ServerApp>> ServerApp::create(const Options &options)
{
    using R = Result<std::unique_ptr<ServerApp>>;
    auto secret = loadOrCreateInstallSecret(options.dataDir);
    if (!secret)
        return R::fail(secret.error());
    auto db = Database::open(options.dbLocation);
    if (!db)
        return R::fail(db.error());
    if (Status s = db.value()->migrate(); !s)
        return R::fail(s.error());

    std::unique_ptr<ServerApp> app(new ServerApp);
    app->m_settings = options.settings;
    app->m_db = std::move(db.value());
    Database &database = *app->m_db;
    app->m_users = std::make_unique<UserStore>(database);
    app->m_sessions = std::make_unique<SessionStore>(database);
    app->m_tokens = std::make_unique<OneTimeTokenStore>(database);
    app->m_audit = std::make_unique<AuditStore>(database);
    app->m_idempotency = std::make_unique<IdempotencyStore>(database);
    app->m_customers = std::make_unique<CustomerStore>(database);
    app->m_deviceIndex = std::make_unique<DeviceIndex>(database);
    app->m_devices = std::make_unique<DeviceStore>(database, app->m_deviceIndex.get());
    app->m_metricStore = std::make_unique<MetricStore>(database, options.settings.retention);
    app->m_enrollment = std::make_unique<EnrollmentStore>(database);
    app->m_jobs = std::make_unique<JobStore>(database);
    app->m_agentAuth = std::make_unique<DeviceTokenAuthenticator>(*app->m_devices);
    app->m_ingest = std::make_unique<IngestWorker>(options.dbLocation, options.settings.retention);
    // Notifications and system mail go through the durable outbox (alerts queue theirs in the
    // transaction that raises them).
    app->m_notifier = std::make_unique<Notifier>(database, deriveKey(secret.value(), "quarterdeck notification secrets"));
    app->m_rules = std::make_unique<RuleStore>(database);
    app->m_alertStore = std::make_unique<AlertStore>(database);
    app->m_alertEngine = std::make_unique<AlertRuleEngine>(database, *app->m_rules, *app->m_alertStore,
                                                           AlertRuleEngine::sourcesFrom(*app->m_deviceIndex));
    if (Status s = app->m_alertEngine->load(); !s)
        return R::fail(s.error());
    app->m_dbLocation = options.dbLocation;
    app->m_auth = std::make_unique<AuthService>(database, *app->m_users, *app->m_sessions, *app->m_audit,
                                                secret.value(), app->m_settings);
    // The dispatcher delivers the outbox with the configured mail transport (none: e-mail
    // deliveries fail with that reason).
    std::unique_ptr<Mailer> transport;
    if (!options.smtpUrl.isEmpty())
        transport = std::make_unique<SmtpMailer>(QUrl(options.smtpUrl), app->m_settings.mailFrom);
    else if (!options.mailDir.isEmpty())
        transport = std::make_unique<MailDirMailer>(options.mailDir, app->m_settings.mailFrom);
    app->m_dispatcher = std::make_unique<NotificationDispatcher>(
        *app->m_notifier, std::move(transport),
        NotificationDispatcher::Options{app->m_settings.notifyRetryBase, app->m_settings.notifyMaxAttempts});
    app->m_mailer = std::make_unique<OutboxMailer>(*app->m_notifier);
    app->m_metrics = std::make_unique<MetricsRegistry>();
    app->m_http = std::make_unique<HttpServer>(*app->m_auth, *app->m_metrics, app->m_idempotency.get(),
                                               app->m_settings.requestsPerMinutePerToken);
    app->m_http->setAgentAuthenticator(app->m_agentAuth.get());
    app->m_live = std::make_unique<LiveHub>(*app->m_auth, *app->m_devices, *app->m_metrics, app->m_settings);
    // Scheduled reports render in their own process and go out as mail with the file attached.
    app->m_reports = std::make_unique<ReportStore>(database);
    app->m_reportScheduler = std::make_unique<ReportScheduler>(
        database, *app->m_reports, *app->m_customers, *app->m_notifier,
        ReportScheduler::Options{options.reportRenderer, options.dbLocation, std::chrono::seconds(600), 15 * 1024 * 1024,
                                 app->m_settings.publicUrl});
    ReportScheduler *scheduler = app->m_reportScheduler.get();
    app->m_dispatcher->setAttachmentLoader([scheduler](const QString &ref) { return scheduler->attachment(ref); });
    Notifier *notifier = app->m_notifier.get();
    const RouteContext common{*app->m_http, database, *app->m_audit, systemClock()};
    const PasswordResetMailer resetMail{*app->m_tokens, *app->m_mailer, app->m_settings, systemClock()};
    const auto channelExists = [notifier](const QString &id) { return notifier->channels().byId(id).has_value(); };
    app->m_routes.reset(new Routes{
        OpsRoutes{common, *app->m_metrics},
        AuthRoutes{common, *app->m_users, *app->m_tokens, *app->m_auth, app->m_settings, resetMail},
        MfaRoutes{common, *app->m_users, *app->m_auth},
        UserRoutes{common, *app->m_users, *app->m_auth, resetMail},
        InvitationRoutes{common, *app->m_users, *app->m_tokens, *app->m_mailer, app->m_settings},
        AuditRoutes{common},
        CustomerRoutes{common, *app->m_customers, *app->m_devices},
        DeviceRoutes{common, *app->m_customers, *app->m_devices, *app->m_metricStore, *app->m_jobs, *app->m_alertEngine,
                     *app->m_live},
        BulkRoutes{common, *app->m_customers, *app->m_devices, *app->m_jobs, *app->m_alertEngine, *app->m_live},
        AvailabilityRoutes{common, *app->m_customers},
        DashboardRoutes{common, *app->m_devices, *app->m_metricStore, *app->m_alertStore, *app->m_live},
        AgentRoutes{common, app->m_settings, *app->m_devices, *app->m_metricStore, *app->m_enrollment, *app->m_jobs,
                    *app->m_ingest, *app->m_alertEngine, *app->m_live},
        LiveRoutes{common, *app->m_live},
        AlertRoutes{common, *app->m_customers, *app->m_devices, *app->m_rules, *app->m_alertStore, *app->m_alertEngine,
                    channelExists},
        NotificationRoutes{common, *app->m_notifier},
        ReportRoutes{common, *app->m_customers, *app->m_reports, *app->m_reportScheduler},
    });
    // Alert changes go to the rule's channels (in the same transaction) and to live clients.
    LiveHub *live = app->m_live.get();
    app->m_alertEngine->setHooks(
        {[notifier](const Alert &alert, const AlertRule &rule, AlertEvent event) -> Status {
             const Notification n = alertNotification(alert, rule, event);
             for (const QString &channel : rule.channels) {
                 if (Status s = notifier->enqueue(channel, n); !s)
                     return s;
             }
             return success();
         },
         [live](const Alert &alert, AlertEvent event) {
             if (event == AlertEvent::Renotify)
                 return; // nothing changed
             live->publish(QStringLiteral("alerts"), {{QStringLiteral("event"), alertEventName(event)},
                                                      {QStringLiteral("alert"), alert.toJson()}});
             live->dashboardMayHaveChanged();
         }});

    registerOpsRoutes(app->m_routes->ops);
    registerAuthRoutes(app->m_routes->auth);
    registerMfaRoutes(app->m_routes->mfa);
    registerUserRoutes(app->m_routes->user);
    registerInvitationRoutes(app->m_routes->invitation);
    registerAuditRoutes(app->m_routes->audit);
    registerCustomerRoutes(app->m_routes->customer);
    registerDeviceRoutes(app->m_routes->device);
    registerBulkRoutes(app->m_routes->bulk);
    registerMetricRoutes(app->m_routes->dashboard);
    registerAvailabilityRoutes(app->m_routes->availability);
    registerDashboardRoutes(app->m_routes->dashboard);
    registerAgentRoutes(app->m_routes->agent);
    registerLiveRoutes(app->m_routes->live);
    registerAlertRoutes(app->m_routes->alert);
    registerNotificationRoutes(app->m_routes->notification);
    registerReportRoutes(app->m_routes->report);

    SessionStore *sessions = app->m_sessions.get();
    app->m_metrics->addGauge(QStringLiteral("quarterdeck_active_sessions"), QStringLiteral("Sessions that are neither expired nor revoked."),
                             [sessions] { return double(sessions->countActive(QDateTime::currentDateTimeUtc())); });
    AlertRuleEngine *engine = app->m_alertEngine.get();
    app->m_metrics->addCounter(QStringLiteral("quarterdeck_rule_samples_total"), QStringLiteral("Metric samples the alert rules have seen."),
                               [engine] { return double(engine->stats().samples); });
    app->m_metrics->addCounter(QStringLiteral("quarterdeck_rule_evaluations_total"), QStringLiteral("Rule conditions evaluated."),
                               [engine] { return double(engine->stats().evaluations); });
    app->m_metrics->addCounter(QStringLiteral("quarterdeck_alerts_raised_total"), QStringLiteral("Alerts raised since start."),
                               [engine] { return double(engine->stats().raised); });
    app->m_metrics->addCounter(QStringLiteral("quarterdeck_alerts_resolved_total"), QStringLiteral("Alerts resolved by their rules since start."),
                               [engine] { return double(engine->stats().resolved); });
    app->m_metrics->addGauge(QStringLiteral("quarterdeck_alerts_active"), QStringLiteral("Alerts that are not resolved."),
                             [engine] { return double(engine->stats().activeAlerts); });
    app->m_metrics->addGauge(QStringLiteral("quarterdeck_notifications_pending"), QStringLiteral("Notifications and mails waiting to be delivered."),
                             [notifier] { return double(notifier->outbox().countInState(Delivery::State::Pending)); });
    app->m_metrics->addGauge(QStringLiteral("quarterdeck_db_errors_total"), QStringLiteral("Failed database statements since start."),
                             [&database] { return double(database.errorCount()); });

    // Warm the decoy hash so the first failed login for an unknown account is not the slow one.
    (void)PasswordHasher::decoyHash();

    app->m_maintenance.setInterval(std::chrono::minutes(10));
    connect(&app->m_maintenance, &QTimer::timeout, app.get(), &ServerApp::maintain);
    app->m_maintenance.start();
    // Offline detection runs a few times per agent interval.
    app->m_offlineCheck.setInterval(std::chrono::seconds(std::max(1, app->m_settings.agentIntervalSeconds / 4)));
    connect(&app->m_offlineCheck, &QTimer::timeout, app.get(), &ServerApp::detectOffline);
    app->m_offlineCheck.start();
    // Built-in rule kinds, mute and flap ends, re-notification, saving rule state.
    app->m_rulesTick.setInterval(std::chrono::seconds(std::clamp(app->m_settings.agentIntervalSeconds / 4, 1, 5)));
    connect(&app->m_rulesTick, &QTimer::timeout, app.get(), [raw = app.get()] { raw->m_alertEngine->tick(); });
    app->m_rulesTick.start();
    // Disk trends change slowly: fit them every ten minutes, off the event loop.
    app->m_diskForecast.setInterval(std::chrono::minutes(10));
    connect(&app->m_diskForecast, &QTimer::timeout, app.get(), &ServerApp::forecastDisks);
    app->m_diskForecast.start();
    QTimer::singleShot(std::chrono::seconds(5), app.get(), &ServerApp::forecastDisks);
    // After start, in short idle slices: load the device index and serialise devices for lists.
    app->m_warmUp.setInterval(0);
    connect(&app->m_warmUp, &QTimer::timeout, app.get(), [raw = app.get(), indexLoaded = false]() mutable {
        if (!indexLoaded) { // the first slice loads the index
            qint64 total = 0;
            DeviceQuery first;
            first.page.pageSize = 1;
            if (const auto read = raw->m_devices->list(first, &total); !read)
                qWarning().noquote() << "cannot read the device list at start:" << read.error();
            indexLoaded = true;
            return;
        }
        if (!raw->m_devices->warmJsonCache(50)) // ~3 ms a slice: requests barely notice
            raw->m_warmUp.stop();
    });
    app->m_warmUp.start();
    app->m_dispatcher->start();
    app->m_reportScheduler->start();
    return R::ok(std::move(app));
}

void ServerApp::maintain()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_sessions->purge(now.addDays(-1));
    m_idempotency->purge(now.addDays(-1));
    if (const auto removed = m_metricStore->purge(now.toMSecsSinceEpoch()); !removed)
        qWarning().noquote() << "cannot apply the metric retention (next maintenance tries again):" << removed.error();
    else if (removed.value() > 0)
        qInfo().noquote() << "retention removed" << removed.value() << "metric rows";
    // The delivery log keeps 30 days; what is still pending or being retried stays.
    m_notifier->outbox().purge(now.addDays(-30));
    // Report runs and their files.
    if (const qint64 purged = m_reports->purgeRuns(now.addDays(-m_settings.reportRetentionDays)); purged > 0)
        qInfo().noquote() << "retention removed" << purged << "report run(s)";
}

void ServerApp::forecastDisks()
{
    if (m_dbLocation == QLatin1String(":memory:") || m_forecasting)
        return;
    m_forecasting = true;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QtConcurrent::run([location = m_dbLocation, nowMs] {
        auto db = Database::open(location);
        return db ? qd::server::forecastDisks(*db.value(), nowMs) : QHash<QString, DiskForecast>{};
    }).then(this, [this](const QHash<QString, DiskForecast> &forecasts) {
        m_forecasting = false;
        m_alertEngine->setDiskForecasts(forecasts);
    });
}

void ServerApp::detectOffline()
{
    const QStringList ids = m_devices->markOffline(QDateTime::currentDateTimeUtc(), m_settings.offlineAfterIntervals);
    if (ids.isEmpty())
        return;
    qInfo().noquote() << ids.size() << "device(s) went offline";
    // Read in slices: after an outage a whole fleet may go offline in one check.
    for (qsizetype i = 0; i < ids.size(); i += 500) {
        const auto devices = m_devices->byIds(ids.mid(i, 500));
        if (!devices) { // the change is stored: delta syncs still see it
            qWarning().noquote() << "cannot publish the devices that went offline:" << devices.error();
            return;
        }
        for (const Device &d : devices.value())
            m_live->publishDevice(QStringLiteral("device.status"), d);
    }
}

Result<QString> createEnrollmentToken(const QString &dbLocation, const QString &customerId, int uses, std::chrono::seconds ttl)
{
    using R = Result<QString>;
    auto db = Database::open(dbLocation);
    if (!db)
        return R::fail(db.error());
    if (Status s = db.value()->migrate(); !s)
        return R::fail(s.error());
    if (!customerId.isEmpty() && !CustomerStore(*db.value()).byId(customerId))
        return R::fail(QStringLiteral("there is no customer with id %1").arg(customerId));
    const QString token = randomToken();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    EnrollmentStore store(*db.value());
    if (Status s = store.create(tokenDigest(token), customerId, uses, now.addSecs(ttl.count()), now); !s)
        return R::fail(s.error());
    return R::ok(token);
}

Result<quint16> ServerApp::listen(const QHostAddress &address, quint16 port, const QString &tlsCert, const QString &tlsKey)
{
    using R = Result<quint16>;
    if (!tlsCert.isEmpty() || !tlsKey.isEmpty()) {
        QFile certFile(tlsCert);
        QFile keyFile(tlsKey);
        if (!certFile.open(QIODevice::ReadOnly))
            return R::fail(QStringLiteral("cannot read TLS certificate %1: %2").arg(tlsCert, certFile.errorString()));
        if (!keyFile.open(QIODevice::ReadOnly))
            return R::fail(QStringLiteral("cannot read TLS key %1: %2").arg(tlsKey, keyFile.errorString()));
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
        if (chain.isEmpty() || key.isNull())
            return R::fail(QStringLiteral("the TLS certificate or key is not valid PEM"));
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificateChain(chain);
        config.setPrivateKey(key);
        m_http->sslSetup(config);
    }
    const quint16 chosen = m_http->listen(address, port);
    if (chosen == 0)
        return R::fail(QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(port));
    if (m_settings.publicUrl.isEmpty()) {
        const QString host = address == QHostAddress::Any || address == QHostAddress::AnyIPv6 ? QStringLiteral("localhost")
                                                                                                : address.toString();
        m_settings.publicUrl = QStringLiteral("%1://%2:%3").arg(tlsCert.isEmpty() ? QStringLiteral("http") : QStringLiteral("https"), host).arg(chosen);
    }
    return R::ok(chosen);
}

QJsonArray ServerApp::routeTable() const
{
    return m_http->routeTable();
}

} // namespace qd::server
