#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace qd {

// A person to call at a customer.
struct Contact
{
    QString id;
    QString customerId;
    QString name;
    QString role; // e.g. "IT lead", "Billing"
    QString email;
    QString phone;
    QDateTime updatedAt;
    qint64 version = 1;

    QJsonObject toJson() const;
    static Contact fromJson(const QJsonObject &json);
    friend bool operator==(const Contact &, const Contact &) = default;
};

// A managed-service customer (or, for internal IT, a department or site).
struct Customer
{
    QString id;
    QString name;
    QString notes;
    QList<Contact> contacts;
    qint64 deviceCount = 0; // derived, read-only
    QDateTime createdAt;
    QDateTime updatedAt;
    qint64 version = 1;

    QJsonObject toJson() const;
    static Customer fromJson(const QJsonObject &json);
    friend bool operator==(const Customer &, const Customer &) = default;
};

} // namespace qd
