#include "server/routes/notificationroutes.h"
#include "server/routes/routehelpers.h"
#include "server/services/auth/authservice.h"
#include "server/base/crypto.h"
#include "core/domain/jsonreader.h"
#include "core/domain/timeformat.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/storage/channelstore.h"
#include "server/services/notify/notifier.h"
#include "server/storage/outboxstore.h"
#include "server/storage/database.h"

#include <QJsonArray>
#include <QUrl>
#include <QUuid>

namespace qd::server {

namespace {

constexpr int maxRecipients = 50;
constexpr int maxUrl = 2000;
constexpr int maxDigestThreshold = 10'000;

const QString recipientsKey = QStringLiteral("recipients");
const QString urlKey = QStringLiteral("url");
const QString secretKey = QStringLiteral("secret");
const QString thresholdKey = QStringLiteral("digest_threshold");

Reply channelNotFound(const QString &id)
{
    return problem::notFound(QStringLiteral("there is no notification channel with id %1").arg(id));
}

Reply channelReply(const NotificationChannel &c, bool fullUrl, int status = 200)
{
    return Reply::json(c.toJson(fullUrl), status).withHeader("ETag", etagFor(c.version));
}

bool isAdmin(const Request &r)
{
    return r.principal && r.user().role == Role::Admin;
}

std::optional<QStringList> readRecipients(const QJsonObject &json, FieldErrors &errors)
{
    return readEmailList(json, recipientsKey, 1, maxRecipients, errors);
}

std::optional<QString> readUrl(JsonReader &in, bool required)
{
    const auto text = required ? std::optional<QString>(in.requiredString(urlKey, 1, maxUrl)) : in.optionalString(urlKey, 1, maxUrl);
    if (!text || in.errors().contains(urlKey))
        return std::nullopt;
    const QUrl url(text->trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) || url.host().isEmpty()) {
        in.errors().add(urlKey, QStringLiteral("must be an http:// or https:// URL with a host"));
        return std::nullopt;
    }
    return url.toString();
}

std::optional<int> readThreshold(const QJsonObject &json, FieldErrors &errors)
{
    const QJsonValue v = json.value(thresholdKey);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d != std::floor(d) || d < 1 || d > maxDigestThreshold) {
        errors.add(thresholdKey, QStringLiteral("must be a whole number from 1 to %1").arg(maxDigestThreshold));
        return std::nullopt;
    }
    return int(d);
}

// The fields that belong to the other kind must not be sent.
void rejectForeignFields(const QJsonObject &json, NotificationChannel::Kind kind, FieldErrors &errors)
{
    const QStringList foreign = kind == NotificationChannel::Kind::Email ? QStringList{urlKey, secretKey} : QStringList{recipientsKey};
    for (const QString &key : foreign) {
        if (json.contains(key))
            errors.add(key, QStringLiteral("applies to %1 channels only").arg(kind == NotificationChannel::Kind::Email
                                                                                    ? QStringLiteral("webhook")
                                                                                    : QStringLiteral("email")));
    }
}

// Reads the kind-specific and common optional fields into `c` (a PATCH reads every one as optional).
void readChannelFields(JsonReader &in, const QJsonObject &json, NotificationChannel &c, bool creating)
{
    rejectForeignFields(json, c.kind, in.errors());
    if (c.kind == NotificationChannel::Kind::Email) {
        if (creating || json.contains(recipientsKey)) {
            if (auto list = readRecipients(json, in.errors()))
                c.recipients = *list;
        }
    } else {
        if (auto url = readUrl(in, creating))
            c.url = *url;
        if (auto secret = in.optionalString(secretKey, 16, 200))
            c.secret = secret->toUtf8();
    }
    if (auto enabled = in.optionalBool(QStringLiteral("enabled")))
        c.enabled = *enabled;
    if (auto threshold = readThreshold(json, in.errors()))
        c.digestThreshold = *threshold;
}

Reply nameTaken(const QString &name)
{
    return problem::conflict(QStringLiteral("name-taken"), QStringLiteral("a notification channel named %1 exists").arg(name));
}

Notification testNotification(const NotificationChannel &c, const User &by, const QDateTime &at)
{
    Notification n;
    n.subject = QStringLiteral("Quarterdeck test notification");
    n.body = QStringLiteral("This is a test notification for the channel \"%1\", requested by %2 at %3.\n"
                            "If you can read it, the channel works.\n")
                 .arg(c.name, by.email, toIsoUtc(at));
    n.payload = {
        {QStringLiteral("event"), QStringLiteral("notification.test")},
        {QStringLiteral("channel"), QJsonObject{{QStringLiteral("id"), c.id}, {QStringLiteral("name"), c.name}}},
        {QStringLiteral("requested_by"), by.email},
        {QStringLiteral("created_at"), toIsoUtc(at)},
        {QStringLiteral("message"), QStringLiteral("If you can read this, the channel works.")},
    };
    return n;
}

} // namespace

void registerNotificationRoutes(NotificationRoutes &ctx)
{
    HttpServer &http = ctx.http;
    ChannelStore &channels = ctx.notifier.channels();
    OutboxStore &outbox = ctx.notifier.outbox();

    // Technicians read channels to attach them to alert rules; the full webhook URL (which may
    // carry credentials) only admins see, the secret nobody after creation.
    http.addRoute("GET", QStringLiteral("/api/v1/notifications/channels"), Access::Technician,
                  [&channels](Request &r) -> Reply {
                      return pagedReply(r, [&](const PageRequest &page, qint64 *total) {
                          const bool admin = isAdmin(r);
                          return jsonItems(channels.list(page, total),
                                           [admin](const NotificationChannel &c) { return c.toJson(admin); });
                      });
                  });

    http.addRoute("POST", QStringLiteral("/api/v1/notifications/channels"), Access::Admin, [&ctx, &channels](Request &r) -> Reply {
        JsonReader in(r.json);
        NotificationChannel c;
        c.name = in.requiredString(QStringLiteral("name"), 1, 200).trimmed();
        const QString kind = in.requiredString(QStringLiteral("kind"), 1, 20);
        if (const auto k = channelKindFromName(kind)) {
            c.kind = *k;
            readChannelFields(in, r.json, c, true);
        } else if (!kind.isEmpty()) {
            in.errors().add(QStringLiteral("kind"), QStringLiteral("must be one of: %1").arg(channelKindNames().join(QStringLiteral(", "))));
        }
        if (!in.errors().contains(QStringLiteral("name")) && c.name.isEmpty())
            in.errors().add(QStringLiteral("name"), QStringLiteral("must not be blank"));
        if (!in.ok())
            return problem::validation(in.errors());
        if (channels.nameTaken(c.name))
            return nameTaken(c.name);
        if (c.kind == NotificationChannel::Kind::Webhook && c.secret.isEmpty())
            c.secret = randomToken().toLatin1();
        c.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        c.createdAt = c.updatedAt = ctx.now();
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = channels.insert(c); !s)
                return s;
            return ctx.record(r, QStringLiteral("notification_channel.create"), QStringLiteral("notification_channel"), c.id,
                              {{QStringLiteral("name"), c.name}, {QStringLiteral("kind"), channelKindName(c.kind)}});
        });
        if (!st)
            return channels.nameTaken(c.name) ? nameTaken(c.name) : problem::internalError();
        QJsonObject body = c.toJson(true);
        if (c.kind == NotificationChannel::Kind::Webhook)
            body.insert(secretKey, QString::fromUtf8(c.secret)); // the only time it is shown
        return Reply::json(body, 201)
            .withHeader("ETag", etagFor(c.version))
            .withHeader("Location", "/api/v1/notifications/channels/" + c.id.toLatin1());
    });

    http.addRoute("GET", QStringLiteral("/api/v1/notifications/channels/{id}"), Access::Technician, [&channels](Request &r) -> Reply {
        const auto c = channels.byId(r.param(0));
        return c ? channelReply(*c, isAdmin(r)) : channelNotFound(r.param(0));
    });

    http.addRoute("PATCH", QStringLiteral("/api/v1/notifications/channels/{id}"), Access::Admin, [&ctx, &channels](Request &r) -> Reply {
        auto c = channels.byId(r.param(0));
        if (!c)
            return channelNotFound(r.param(0));
        if (auto stale = staleVersion(r, c->version, QStringLiteral("the channel")))
            return *stale;
        JsonReader in(r.json);
        if (auto name = in.optionalString(QStringLiteral("name"), 1, 200)) {
            c->name = name->trimmed();
            if (c->name.isEmpty())
                in.errors().add(QStringLiteral("name"), QStringLiteral("must not be blank"));
        }
        if (auto kind = in.optionalString(QStringLiteral("kind"), 1, 20); kind && *kind != channelKindName(c->kind))
            in.errors().add(QStringLiteral("kind"), QStringLiteral("cannot be changed; create a new channel instead"));
        readChannelFields(in, r.json, *c, false);
        if (!in.ok())
            return problem::validation(in.errors());
        if (channels.nameTaken(c->name, c->id))
            return nameTaken(c->name);
        QJsonObject changes = r.json;
        if (changes.contains(secretKey))
            changes.insert(secretKey, QStringLiteral("(changed)"));
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = channels.update(*c); !s)
                return s;
            return ctx.record(r, QStringLiteral("notification_channel.update"), QStringLiteral("notification_channel"), c->id, changes);
        });
        if (!st)
            return channels.nameTaken(c->name, c->id) ? nameTaken(c->name) : problem::internalError();
        return channelReply(*c, true);
    });

    http.addRoute("DELETE", QStringLiteral("/api/v1/notifications/channels/{id}"), Access::Admin,
                  [&ctx, &channels, &outbox](Request &r) -> Reply {
        const auto c = channels.byId(r.param(0));
        if (!c)
            return channelNotFound(r.param(0));
        if (auto stale = staleVersion(r, c->version, QStringLiteral("the channel")))
            return *stale;
        const Status st = ctx.db.transaction([&]() -> Status {
            // The delivery log keeps the channel's history; what was still waiting will not go out.
            if (Status s = outbox.failPending(c->id, QStringLiteral("the channel was deleted")); !s)
                return s;
            if (Status s = channels.remove(c->id); !s)
                return s;
            return ctx.record(r, QStringLiteral("notification_channel.delete"), QStringLiteral("notification_channel"), c->id,
                              {{QStringLiteral("name"), c->name}});
        });
        return st ? Reply::empty(204) : problem::internalError();
    });

    http.addRoute("POST", QStringLiteral("/api/v1/notifications/channels/{id}/test"), Access::Admin, [&ctx, &channels](Request &r) -> Reply {
        const auto c = channels.byId(r.param(0));
        if (!c)
            return channelNotFound(r.param(0));
        if (!c->enabled)
            return problem::conflict(QStringLiteral("channel-disabled"), QStringLiteral("enable the channel before testing it"));
        QString deliveryId;
        const Status st = ctx.db.transaction([&]() -> Status {
            const auto id = ctx.notifier.enqueueDelivery(ctx.db, c->id, testNotification(*c, r.user(), ctx.now()));
            if (!id)
                return failure(id.error());
            deliveryId = id.value();
            return ctx.record(r, QStringLiteral("notification_channel.test"), QStringLiteral("notification_channel"), c->id,
                              {{QStringLiteral("delivery_id"), deliveryId}});
        });
        if (!st)
            return problem::internalError();
        return Reply::json({{QStringLiteral("delivery_id"), deliveryId}, {QStringLiteral("state"), QStringLiteral("pending")}}, 202);
    });

    http.addRoute("GET", QStringLiteral("/api/v1/notifications/deliveries"), Access::Admin, [&outbox](Request &r) -> Reply {
        FieldErrors errors;
        const PageRequest page = PageRequest::fromQuery(r.query, errors);
        OutboxStore::Filter filter;
        filter.channelId = r.query.queryItemValue(QStringLiteral("channel_id"), QUrl::FullyDecoded).trimmed();
        if (filter.channelId.size() > 100)
            errors.add(QStringLiteral("channel_id"), QStringLiteral("must be at most 100 characters"));
        if (r.query.hasQueryItem(QStringLiteral("state"))) {
            filter.state = deliveryStateFromName(r.query.queryItemValue(QStringLiteral("state")));
            if (!filter.state)
                errors.add(QStringLiteral("state"), QStringLiteral("must be one of: %1").arg(deliveryStateNames().join(QStringLiteral(", "))));
        }
        if (!errors.isEmpty())
            return problem::validation(errors);
        qint64 total = 0;
        const auto items = jsonItems(outbox.list(filter, page, &total));
        return pageReply(items, total, page);
    });
}

} // namespace qd::server
