#include "core/domain/timeformat.h"

#include <QTimeZone>

namespace qd {

QString toIsoUtc(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    // Formatted by hand: QDateTime::toString() is slow enough to show in list pages.
    const qint64 ms = time.toMSecsSinceEpoch();
    qint64 days = ms >= 0 ? ms / 86'400'000 : (ms - 86'399'999) / 86'400'000;
    const qint64 msOfDay = ms - days * 86'400'000;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    days += 719'468;
    const qint64 era = (days >= 0 ? days : days - 146'096) / 146'097;
    const qint64 doe = days - era * 146'097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const qint64 day = doy - (153 * mp + 2) / 5 + 1;
    const qint64 month = mp < 10 ? mp + 3 : mp - 9;
    const qint64 year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999)
        return time.toUTC().toString(Qt::ISODateWithMs);
    char buf[25];
    const auto put = [&buf](int at, qint64 value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            buf[at + i] = char('0' + value % 10);
            value /= 10;
        }
    };
    put(0, year, 4);
    buf[4] = '-';
    put(5, month, 2);
    buf[7] = '-';
    put(8, day, 2);
    buf[10] = 'T';
    put(11, msOfDay / 3'600'000, 2);
    buf[13] = ':';
    put(14, msOfDay / 60'000 % 60, 2);
    buf[16] = ':';
    put(17, msOfDay / 1000 % 60, 2);
    buf[19] = '.';
    put(20, msOfDay % 1000, 3);
    buf[23] = 'Z';
    return QString::fromLatin1(buf, 24);
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
