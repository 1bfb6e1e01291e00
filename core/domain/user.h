#pragma once

#include "core/domain/role.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace qd {

// A console user (operator) as the API shows it. Secrets never live in this type.
struct User
{
    QString id;
    QString email;
    QString name;
    Role role = Role::Viewer;
    bool disabled = false;
    bool mfaEnabled = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime lastLoginAt;
    qint64 version = 1;

    QJsonObject toJson() const;
    // On malformed input returns a User whose isValid() is false.
    static User fromJson(const QJsonObject &json);
    bool isValid() const { return !id.isEmpty() && !email.isEmpty(); }

    friend bool operator==(const User &, const User &) = default;
};

} // namespace qd
