#pragma once

#include "core/domain/role.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace qd {

// Per-field validation messages, keyed by the JSON field name. The first message per field wins.
class FieldErrors
{
public:
    void add(const QString &field, const QString &message);
    bool isEmpty() const { return m_errors.isEmpty(); }
    bool contains(const QString &field) const { return m_errors.contains(field); }
    QString message(const QString &field) const { return m_errors.value(field); }
    QJsonObject toJson() const;

private:
    QMap<QString, QString> m_errors;
};

bool isValidEmail(const QString &email);

// Reads typed fields out of a JSON object and collects what is wrong with them, so a handler
// can validate a whole body and answer every problem at once (422 with per-field errors).
class JsonReader
{
public:
    explicit JsonReader(const QJsonObject &object) : m_object(object) {}

    QString requiredString(const QString &key, int minLength, int maxLength);
    std::optional<QString> optionalString(const QString &key, int minLength, int maxLength);
    // Trimmed, lower-cased e-mail address.
    QString requiredEmail(const QString &key);
    std::optional<bool> optionalBool(const QString &key);
    std::optional<Role> requiredRole(const QString &key);
    std::optional<Role> optionalRole(const QString &key);

    bool has(const QString &key) const { return m_object.contains(key); }
    FieldErrors &errors() { return m_errors; }
    bool ok() const { return m_errors.isEmpty(); }

private:
    std::optional<QString> readString(const QString &key, bool required, int minLength, int maxLength);
    std::optional<Role> readRole(const QString &key, bool required);

    QJsonObject m_object;
    FieldErrors m_errors;
};

} // namespace qd
