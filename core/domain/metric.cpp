#include "core/domain/metric.h"

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
    if (name.left(colon) != QLatin1String(diskPercent) || name.size() <= colon + 1 || name.contains(QLatin1Char('\n')))
        return false;
    // A mount point: an absolute path, or a Windows drive ("C:", "D:\\Data").
    const QString mount = name.mid(colon + 1);
    const bool drive = mount.size() >= 2 && mount.at(0).isLetter() && mount.at(0).unicode() < 128 && mount.at(1) == QLatin1Char(':');
    return mount.startsWith(QLatin1Char('/')) || drive;
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
