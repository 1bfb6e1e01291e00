#pragma once

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace qd {

// Small helpers shared by the JSON codecs.
inline QJsonValue textOrNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

inline QStringList toStringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        out.append(item.toString());
    return out;
}

// A JSON array of strings stored as text (a database column) back into a list; "[]" and ""
// without a parse.
inline QStringList stringListFromJsonText(const QString &text)
{
    if (text.size() <= 2)
        return {};
    return toStringList(QJsonDocument::fromJson(text.toUtf8()).array());
}

// The reverse: a list of strings as compact JSON array text, for a database column.
inline QString jsonTextFromStringList(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

} // namespace qd
