#include "server/storage/devicequery.h"

#include <QStringList>

namespace qd::server {

QString deviceSortFieldName(DeviceSortField field)
{
    switch (field) {
    case DeviceSortField::Hostname: return QStringLiteral("hostname");
    case DeviceSortField::LastSeen: return QStringLiteral("last_seen");
    case DeviceSortField::FirstSeen: return QStringLiteral("first_seen");
    case DeviceSortField::Status: return QStringLiteral("status");
    case DeviceSortField::Type: return QStringLiteral("type");
    case DeviceSortField::Customer: return QStringLiteral("customer");
    case DeviceSortField::Os: return QStringLiteral("os");
    case DeviceSortField::Cpu: return QStringLiteral("cpu");
    case DeviceSortField::Memory: return QStringLiteral("memory");
    case DeviceSortField::Disk: return QStringLiteral("disk");
    case DeviceSortField::UpdatedAt: return QStringLiteral("updated_at");
    }
    return {};
}

std::optional<DeviceSortField> deviceSortFieldFromName(const QString &name)
{
    for (DeviceSortField field : allDeviceSortFields) {
        if (deviceSortFieldName(field) == name)
            return field;
    }
    return std::nullopt;
}

QList<DeviceSortKey> parseDeviceSort(const QString &spec, FieldErrors &errors)
{
    QList<DeviceSortKey> out;
    for (QString part : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        part = part.trimmed();
        const bool desc = part.startsWith(QLatin1Char('-'));
        const QString key = desc ? part.mid(1) : part;
        const auto field = deviceSortFieldFromName(key);
        if (!field) {
            QStringList names;
            for (DeviceSortField f : allDeviceSortFields)
                names << deviceSortFieldName(f);
            names.sort();
            errors.add(QStringLiteral("sort"),
                       QStringLiteral("unknown key %1; use %2 (prefix - for descending)")
                           .arg(key.left(40), names.join(QStringLiteral(", "))));
            return {};
        }
        out.append({*field, desc});
    }
    if (out.size() > 4)
        errors.add(QStringLiteral("sort"), QStringLiteral("at most 4 keys"));
    return out;
}

} // namespace qd::server
