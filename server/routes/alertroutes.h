#pragma once

#include "server/routes/routecontext.h"

#include <QDateTime>
#include <QJsonObject>
#include <functional>

namespace qd::server {

class AlertRuleEngine;
class AlertStore;
class CustomerStore;
class DeviceStore;
class RuleStore;

// Alerts and alert rules (/alerts, /alert-rules).
// What these routes use; it lives as long as the server (handlers keep a reference to it).
struct AlertRoutes : RouteContext
{
    CustomerStore &customers;
    DeviceStore &devices;
    RuleStore &rules;
    AlertStore &alertStore;
    AlertRuleEngine &alertEngine;
    // Whether a notification channel exists (rules name the channels they notify).
    std::function<bool(const QString &)> channelExists;
};

void registerAlertRoutes(AlertRoutes &ctx);
// Active alerts by severity and state, for GET /alerts/counts and the dashboard.
QJsonObject alertCountsJson(AlertStore &alerts, const QDateTime &now);

} // namespace qd::server
