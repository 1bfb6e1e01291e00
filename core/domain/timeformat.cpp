#include "domain/timeformat.h"

#include <QTimeZone>

namespace qd {

QString toIsoUtc(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonValue toJsonTime(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(toIsoUtc(time)) : QJsonValue(QJsonValue::Null);
}

QDateTime fromIsoUtc(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return {};
    const bool hasZone = t.endsWith(QLatin1Char('Z'), Qt::CaseInsensitive)
        || (t.size() > 6 && (t.at(t.size() - 6) == QLatin1Char('+') || t.at(t.size() - 6) == QLatin1Char('-'))
            && t.at(t.size() - 3) == QLatin1Char(':'));
    if (!hasZone)
        return {};
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    return dt.isValid() ? dt.toUTC() : QDateTime();
}

qint64 toMsecs(const QDateTime &time)
{
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

QDateTime fromMsecs(qint64 msecs)
{
    if (msecs <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

} // namespace qd
