#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

namespace qd {

// Writes compact JSON text directly, for hot paths where building a QJsonObject first costs
// more than the answer is worth (pages of a hundred devices, hundreds of times a second).
// The output parses to the same document QJsonDocument would write.
class JsonWriter
{
public:
    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &key(const char *name);
    JsonWriter &value(const QString &text);
    JsonWriter &textOrNull(const QString &text); // null for an empty string
    JsonWriter &value(qint64 number);
    JsonWriter &value(double number);
    JsonWriter &value(bool flag);
    JsonWriter &null();
    JsonWriter &time(const QDateTime &t);        // ISO 8601 UTC, or null when invalid
    JsonWriter &stringList(const QStringList &list);

    QByteArray take() { return std::move(m_out); }

private:
    void separate();
    void appendString(const QString &text);

    QByteArray m_out;
    bool m_needComma = false;
};

} // namespace qd
