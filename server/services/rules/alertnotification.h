#pragma once

#include "core/domain/alert.h"
#include "server/services/notify/notifier.h"
#include "server/services/rules/alertruleengine.h"

namespace qd::server {

// What channels receive about an alert: a mail subject and text, and the webhook body
// {"event": "alert.raised", "alert": {...}, "rule": {...}}.
Notification alertNotification(const Alert &alert, const AlertRule &rule, AlertEvent event);

} // namespace qd::server
