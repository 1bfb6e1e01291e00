#include "domain/metric.h"

#include <cmath>

namespace qd::metric {

QStringList baseNames()
{
    return {QLatin1String(cpuPercent), QLatin1String(memPercent), QLatin1String(diskPercent), QLatin1String(netRxBps),
            QLatin1String(netTxBps), QLatin1String(load1), QLatin1String(processCount), QLatin1String(uptimeSeconds)};
}

QString baseOf(const QString &name)
{
    const qsizetype colon = name.indexOf(QLatin1Char(':'));
    return colon < 0 ? name : name.left(colon);
}

bool isValidName(const QString &name)
{
    if (name.size() > 200)
        return false;
    const qsizetype colon = name.indexOf(QLatin1Char(':'));
    if (colon < 0)
        return baseNames().contains(name);
    return name.left(colon) == QLatin1String(diskPercent) && name.size() > colon + 1
        && name.at(colon + 1) == QLatin1Char('/') && !name.contains(QLatin1Char('\n'));
}

bool inRange(const QString &name, double value)
{
    if (!std::isfinite(value) || value < 0)
        return false;
    const QString base = baseOf(name);
    if (base.endsWith(QLatin1String(".percent")))
        return value <= 100.0;
    return value < 1e15;
}

} // namespace qd::metric
