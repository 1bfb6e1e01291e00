#include "server/routes/customerroutes.h"
#include "server/routes/routehelpers.h"
#include "server/services/auth/authservice.h"
#include "core/domain/jsonreader.h"
#include "server/http/httpserver.h"
#include "server/http/problem.h"
#include "server/storage/customerstore.h"
#include "server/storage/database.h"
#include "server/storage/devicestore.h"

#include <QJsonArray>
#include <QUuid>

namespace qd::server {

namespace {

Reply customerNotFound(const QString &id)
{
    return problem::notFound(QStringLiteral("there is no customer with id %1").arg(id));
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// Reads name/role/email/phone of a contact; `partial` allows missing fields (PATCH).
void readContact(JsonReader &in, Contact &c, bool partial)
{
    if (auto name = partial ? in.optionalString(QStringLiteral("name"), 1, 200)
                            : std::optional<QString>(in.requiredString(QStringLiteral("name"), 1, 200)))
        c.name = name->trimmed();
    if (auto role = in.optionalString(QStringLiteral("role"), 0, 100))
        c.role = role->trimmed();
    if (auto phone = in.optionalString(QStringLiteral("phone"), 0, 50))
        c.phone = phone->trimmed();
    if (auto email = in.optionalString(QStringLiteral("email"), 0, 254)) {
        c.email = email->trimmed().toLower();
        if (!c.email.isEmpty() && !isValidEmail(c.email))
            in.errors().add(QStringLiteral("email"), QStringLiteral("must be a valid e-mail address"));
    }
}

Reply customerReply(CustomerRoutes &ctx, const QString &id, int status = 200)
{
    const auto c = ctx.customers.byId(id);
    return Reply::json(c->toJson(), status).withHeader("ETag", etagFor(c->version));
}

} // namespace

void registerCustomerRoutes(CustomerRoutes &ctx)
{
    HttpServer &http = ctx.http;

    http.addRoute("GET", QStringLiteral("/api/v1/customers"), Access::Viewer, [&ctx](Request &r) -> Reply {
        FieldErrors errors;
        const PageRequest page = PageRequest::fromQuery(r.query, errors);
        const QDateTime since = updatedSinceFrom(r.query, errors);
        const QString text = r.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
        if (text.size() > 200)
            errors.add(QStringLiteral("q"), QStringLiteral("must be at most 200 characters"));
        if (!errors.isEmpty())
            return problem::validation(errors);
        const QDateTime serverTime = ctx.now();
        qint64 total = 0;
        const auto items = jsonItems(ctx.customers.list(text, since, page, &total));
        if (!items)
            return problem::internalError();
        QStringList deleted;
        if (since.isValid() && page.page == 1) {
            const auto tombstones = ctx.devices.tombstones(QStringLiteral("customer"), since);
            if (!tombstones)
                return problem::internalError();
            for (const Tombstone &t : tombstones.value())
                deleted << t.id;
        }
        return Reply::json(deltaPage(items.value(), total, page, serverTime, since.isValid() ? &deleted : nullptr));
    });

    http.addRoute("POST", QStringLiteral("/api/v1/customers"), Access::Technician, [&ctx](Request &r) -> Reply {
        JsonReader in(r.json);
        Customer c;
        c.name = in.requiredString(QStringLiteral("name"), 1, 200).trimmed();
        c.notes = in.optionalString(QStringLiteral("notes"), 0, 10'000).value_or(QString());
        QList<Contact> contacts;
        const QJsonValue list = r.json.value(QStringLiteral("contacts"));
        if (!list.isUndefined() && !list.isArray())
            in.errors().add(QStringLiteral("contacts"), QStringLiteral("must be a list"));
        for (const QJsonValue &v : list.toArray()) {
            JsonReader cin(v.toObject());
            Contact contact;
            readContact(cin, contact, false);
            if (!cin.ok()) {
                in.errors().add(QStringLiteral("contacts"), QStringLiteral("contact %1: %2").arg(contacts.size() + 1)
                                                              .arg(cin.errors().toJson().begin().key() + QLatin1Char(' ')
                                                                   + cin.errors().toJson().begin().value().toString()));
                break;
            }
            contacts.append(contact);
        }
        if (contacts.size() > 100)
            in.errors().add(QStringLiteral("contacts"), QStringLiteral("at most 100 contacts"));
        if (!in.ok())
            return problem::validation(in.errors());
        if (ctx.customers.nameTaken(c.name))
            return problem::conflict(QStringLiteral("name-taken"), QStringLiteral("a customer named %1 exists").arg(c.name));
        c.id = newId();
        c.createdAt = c.updatedAt = ctx.now();
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.customers.insert(c); !s)
                return s;
            for (Contact &contact : contacts) {
                contact.id = newId();
                contact.customerId = c.id;
                contact.updatedAt = c.createdAt;
                if (Status s = ctx.customers.insertContact(contact); !s)
                    return s;
            }
            return ctx.record(r, QStringLiteral("customer.create"), QStringLiteral("customer"), c.id, {{QStringLiteral("name"), c.name}});
        });
        ctx.devices.customersChanged();
        if (!st) {
            if (ctx.customers.nameTaken(c.name)) // lost a race with an equal name
                return problem::conflict(QStringLiteral("name-taken"), QStringLiteral("a customer named %1 exists").arg(c.name));
            return problem::internalError();
        }
        return customerReply(ctx, c.id, 201).withHeader("Location", "/api/v1/customers/" + c.id.toLatin1());
    });

    http.addRoute("GET", QStringLiteral("/api/v1/customers/{id}"), Access::Viewer, [&ctx](Request &r) -> Reply {
        return ctx.customers.byId(r.param(0)) ? customerReply(ctx, r.param(0)) : customerNotFound(r.param(0));
    });

    http.addRoute("PATCH", QStringLiteral("/api/v1/customers/{id}"), Access::Technician, [&ctx](Request &r) -> Reply {
        auto c = ctx.customers.byId(r.param(0));
        if (!c)
            return customerNotFound(r.param(0));
        if (const auto wanted = ifMatchVersion(r); wanted && *wanted != c->version)
            return problem::preconditionFailed(QStringLiteral("the customer changed meanwhile (now version %1)").arg(c->version));
        JsonReader in(r.json);
        if (auto name = in.optionalString(QStringLiteral("name"), 1, 200))
            c->name = name->trimmed();
        if (auto notes = in.optionalString(QStringLiteral("notes"), 0, 10'000))
            c->notes = *notes;
        if (!in.ok())
            return problem::validation(in.errors());
        if (ctx.customers.nameTaken(c->name, c->id))
            return problem::conflict(QStringLiteral("name-taken"), QStringLiteral("a customer named %1 exists").arg(c->name));
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.customers.update(*c); !s)
                return s;
            return ctx.record(r, QStringLiteral("customer.update"), QStringLiteral("customer"), c->id, r.json);
        });
        ctx.devices.customersChanged();
        return st ? customerReply(ctx, c->id) : problem::internalError();
    });

    http.addRoute("DELETE", QStringLiteral("/api/v1/customers/{id}"), Access::Admin, [&ctx](Request &r) -> Reply {
        const auto c = ctx.customers.byId(r.param(0));
        if (!c)
            return customerNotFound(r.param(0));
        if (const auto wanted = ifMatchVersion(r); wanted && *wanted != c->version)
            return problem::preconditionFailed(QStringLiteral("the customer changed meanwhile (now version %1)").arg(c->version));
        const QDateTime now = ctx.now();
        const Status st = ctx.db.transaction([&]() -> Status {
            // Devices stay, unassigned; they change so that client caches learn it.
            if (Status s = ctx.devices.unassignCustomer(c->id, now); !s)
                return s;
            if (Status s = ctx.customers.remove(c->id); !s)
                return s;
            if (Status s = ctx.devices.addTombstone(QStringLiteral("customer"), c->id, now); !s)
                return s;
            return ctx.record(r, QStringLiteral("customer.delete"), QStringLiteral("customer"), c->id, {{QStringLiteral("name"), c->name}});
        });
        return st ? Reply::empty(204) : problem::internalError();
    });

    http.addRoute("GET", QStringLiteral("/api/v1/customers/{id}/contacts"), Access::Viewer, [&ctx](Request &r) -> Reply {
        if (!ctx.customers.byId(r.param(0)))
            return customerNotFound(r.param(0));
        const auto items = jsonItems(ctx.customers.contacts(r.param(0)));
        if (!items)
            return problem::internalError();
        return Reply::json({{QStringLiteral("items"), items.value()}, {QStringLiteral("total"), items.value().size()}});
    });

    http.addRoute("POST", QStringLiteral("/api/v1/customers/{id}/contacts"), Access::Technician, [&ctx](Request &r) -> Reply {
        const auto customer = ctx.customers.byId(r.param(0));
        if (!customer)
            return customerNotFound(r.param(0));
        if (customer->contacts.size() >= 100)
            return problem::conflict(QStringLiteral("too-many-contacts"), QStringLiteral("a customer has at most 100 contacts"));
        JsonReader in(r.json);
        Contact c;
        readContact(in, c, false);
        if (!in.ok())
            return problem::validation(in.errors());
        c.id = newId();
        c.customerId = r.param(0);
        c.updatedAt = ctx.now();
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.customers.insertContact(c); !s)
                return s;
            if (Status s = ctx.customers.touch(c.customerId, c.updatedAt); !s)
                return s;
            return ctx.record(r, QStringLiteral("contact.create"), QStringLiteral("contact"), c.id,
                              {{QStringLiteral("customer_id"), c.customerId}, {QStringLiteral("name"), c.name}});
        });
        if (!st)
            return problem::internalError();
        return Reply::json(c.toJson(), 201)
            .withHeader("Location", QStringLiteral("/api/v1/customers/%1/contacts/%2").arg(c.customerId, c.id).toLatin1());
    });

    http.addRoute("PATCH", QStringLiteral("/api/v1/customers/{id}/contacts/{contact}"), Access::Technician, [&ctx](Request &r) -> Reply {
        auto c = ctx.customers.contact(r.param(0), r.param(1));
        if (!c)
            return problem::notFound(QStringLiteral("customer %1 has no contact %2").arg(r.param(0), r.param(1)));
        if (const auto wanted = ifMatchVersion(r); wanted && *wanted != c->version)
            return problem::preconditionFailed(QStringLiteral("the contact changed meanwhile (now version %1)").arg(c->version));
        JsonReader in(r.json);
        readContact(in, *c, true);
        if (!in.ok())
            return problem::validation(in.errors());
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.customers.updateContact(*c); !s)
                return s;
            if (Status s = ctx.customers.touch(c->customerId, c->updatedAt); !s)
                return s;
            return ctx.record(r, QStringLiteral("contact.update"), QStringLiteral("contact"), c->id, r.json);
        });
        return st ? Reply::json(c->toJson()) : problem::internalError();
    });

    http.addRoute("DELETE", QStringLiteral("/api/v1/customers/{id}/contacts/{contact}"), Access::Technician, [&ctx](Request &r) -> Reply {
        const auto c = ctx.customers.contact(r.param(0), r.param(1));
        if (!c)
            return problem::notFound(QStringLiteral("customer %1 has no contact %2").arg(r.param(0), r.param(1)));
        if (const auto wanted = ifMatchVersion(r); wanted && *wanted != c->version)
            return problem::preconditionFailed(QStringLiteral("the contact changed meanwhile (now version %1)").arg(c->version));
        const Status st = ctx.db.transaction([&]() -> Status {
            if (Status s = ctx.customers.removeContact(c->id); !s)
                return s;
            if (Status s = ctx.customers.touch(c->customerId, ctx.now()); !s)
                return s;
            return ctx.record(r, QStringLiteral("contact.delete"), QStringLiteral("contact"), c->id, {{QStringLiteral("name"), c->name}});
        });
        return st ? Reply::empty(204) : problem::internalError();
    });
}

} // namespace qd::server
