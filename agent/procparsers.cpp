#include "agent/procparsers.h"

#include <QSet>

#include <algorithm>

namespace qd::agent {

namespace {

QStringList fields(QStringView line)
{
    return line.toString().simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// "Key<sep>value" lines, keys and values trimmed.
template <typename F>
void forEachKeyValue(const QString &text, QChar separator, F f)
{
    for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        const qsizetype at = line.indexOf(separator);
        if (at <= 0)
            continue;
        f(line.left(at).trimmed(), line.mid(at + 1).trimmed());
    }
}

QString unescapeMountField(const QString &field)
{
    if (!field.contains(QLatin1Char('\\')))
        return field;
    const auto isOctal = [](QChar c) { return c >= u'0' && c <= u'7'; };
    QString out;
    out.reserve(field.size());
    for (qsizetype i = 0; i < field.size(); ++i) {
        if (field.at(i) == QLatin1Char('\\') && i + 3 < field.size() && isOctal(field.at(i + 1)) && isOctal(field.at(i + 2))
            && isOctal(field.at(i + 3))) {
            out.append(QChar(field.mid(i + 1, 3).toInt(nullptr, 8)));
            i += 3;
        } else {
            out.append(field.at(i));
        }
    }
    return out;
}

} // namespace

std::optional<CpuTimes> parseProcStat(const QString &text)
{
    for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1String("cpu ")) && !line.startsWith(QLatin1String("cpu\t")))
            continue;
        const QStringList f = fields(line);
        if (f.size() < 5)
            return std::nullopt;
        quint64 v[8] = {};
        for (int i = 0; i < 8 && i + 1 < f.size(); ++i) {
            bool ok = false;
            v[i] = f.at(i + 1).toULongLong(&ok);
            if (!ok)
                return std::nullopt;
        }
        return CpuTimes{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]};
    }
    return std::nullopt;
}

std::optional<double> cpuPercent(const CpuTimes &before, const CpuTimes &after)
{
    if (after.total() <= before.total() || after.idleAll() < before.idleAll())
        return std::nullopt;
    const double total = double(after.total() - before.total());
    const double idle = double(after.idleAll() - before.idleAll());
    return std::clamp(100.0 * (total - idle) / total, 0.0, 100.0);
}

double MemInfo::usedPercent() const
{
    if (totalKb <= 0)
        return 0;
    return std::clamp(100.0 * double(totalKb - availableKb) / double(totalKb), 0.0, 100.0);
}

std::optional<MemInfo> parseMemInfo(const QString &text)
{
    QMap<QString, qint64> kb;
    forEachKeyValue(text, QLatin1Char(':'), [&](QStringView key, QStringView value) {
        const QStringList f = fields(value);
        bool ok = false;
        const qint64 v = f.isEmpty() ? 0 : f.first().toLongLong(&ok);
        if (ok)
            kb.insert(key.toString(), v);
    });
    const qint64 total = kb.value(QStringLiteral("MemTotal"), -1);
    if (total <= 0)
        return std::nullopt;
    qint64 available = kb.value(QStringLiteral("MemAvailable"), -1);
    if (available < 0) {
        if (!kb.contains(QStringLiteral("MemFree")))
            return std::nullopt;
        available = kb.value(QStringLiteral("MemFree")) + kb.value(QStringLiteral("Buffers")) + kb.value(QStringLiteral("Cached"));
    }
    return MemInfo{total, std::min(available, total)};
}

QList<MountEntry> parseMounts(const QString &text)
{
    QList<MountEntry> out;
    for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        const QStringList f = fields(line);
        if (f.size() < 3)
            continue;
        out.append({unescapeMountField(f.at(0)), unescapeMountField(f.at(1)), f.at(2)});
    }
    return out;
}

bool isRealFilesystem(const MountEntry &e)
{
    static const QSet<QString> skipped{
        QStringLiteral("proc"), QStringLiteral("sysfs"), QStringLiteral("devtmpfs"), QStringLiteral("devpts"),
        QStringLiteral("tmpfs"), QStringLiteral("ramfs"), QStringLiteral("overlay"), QStringLiteral("aufs"),
        QStringLiteral("squashfs"), QStringLiteral("iso9660"), QStringLiteral("udf"), QStringLiteral("cgroup"),
        QStringLiteral("cgroup2"), QStringLiteral("mqueue"), QStringLiteral("debugfs"), QStringLiteral("tracefs"),
        QStringLiteral("securityfs"), QStringLiteral("pstore"), QStringLiteral("bpf"), QStringLiteral("autofs"),
        QStringLiteral("configfs"), QStringLiteral("fusectl"), QStringLiteral("hugetlbfs"), QStringLiteral("binfmt_misc"),
        QStringLiteral("nsfs"), QStringLiteral("efivarfs"), QStringLiteral("rpc_pipefs"), QStringLiteral("nfsd"),
        QStringLiteral("selinuxfs"), QStringLiteral("devfs"), QStringLiteral("shm"), QStringLiteral("zram"),
        // network filesystems: statvfs blocks while their server is unreachable
        QStringLiteral("nfs"), QStringLiteral("nfs4"), QStringLiteral("cifs"), QStringLiteral("smb3"),
        QStringLiteral("smbfs"), QStringLiteral("ceph"), QStringLiteral("glusterfs"), QStringLiteral("9p"),
        QStringLiteral("afs"), QStringLiteral("lustre")};
    if (skipped.contains(e.fsType))
        return false;
    if (e.fsType.startsWith(QLatin1String("fuse.")) && e.fsType != QLatin1String("fuse.zfs"))
        return false; // sshfs, gvfs, portals, rclone, ...: remote or virtual
    if (e.fsType == QLatin1String("fuse") || e.fsType == QLatin1String("fuseblk"))
        return e.device.startsWith(QLatin1Char('/')); // ntfs-3g and friends on a block device
    return e.mountPoint.startsWith(QLatin1Char('/'));
}

QList<MountEntry> realMounts(const QList<MountEntry> &all)
{
    // A later mount on the same point hides the earlier one.
    QMap<QString, MountEntry> byPoint;
    for (const MountEntry &e : all)
        byPoint.insert(e.mountPoint, e);
    QMap<QString, MountEntry> byDevice;
    for (const MountEntry &e : std::as_const(byPoint)) {
        if (!isRealFilesystem(e))
            continue;
        auto it = byDevice.find(e.device);
        if (it == byDevice.end() || e.mountPoint.size() < it->mountPoint.size())
            byDevice.insert(e.device, e);
    }
    QList<MountEntry> out = byDevice.values();
    std::sort(out.begin(), out.end(), [](const MountEntry &a, const MountEntry &b) { return a.mountPoint < b.mountPoint; });
    return out;
}

QMap<QString, NetCounters> parseNetDev(const QString &text)
{
    QMap<QString, NetCounters> out;
    for (QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            continue;
        const QString name = line.left(colon).trimmed().toString();
        const QStringList f = fields(line.mid(colon + 1));
        if (name.isEmpty() || name.contains(QLatin1Char('|')) || f.size() < 9)
            continue;
        bool okRx = false, okTx = false;
        const quint64 rx = f.at(0).toULongLong(&okRx);
        const quint64 tx = f.at(8).toULongLong(&okTx);
        if (okRx && okTx)
            out.insert(name, {rx, tx});
    }
    return out;
}

NetCounters totalExcludingLoopback(const QMap<QString, NetCounters> &interfaces)
{
    NetCounters sum;
    for (auto it = interfaces.cbegin(); it != interfaces.cend(); ++it) {
        if (it.key() == QLatin1String("lo"))
            continue;
        sum.rxBytes += it->rxBytes;
        sum.txBytes += it->txBytes;
    }
    return sum;
}

std::optional<double> ratePerSecond(quint64 before, quint64 after, qint64 elapsedMs)
{
    if (elapsedMs <= 0 || after < before)
        return std::nullopt;
    return double(after - before) * 1000.0 / double(elapsedMs);
}

std::optional<LoadAverage> parseLoadAvg(const QString &text)
{
    const QStringList f = fields(text);
    if (f.size() < 3)
        return std::nullopt;
    bool ok1 = false, ok5 = false, ok15 = false;
    LoadAverage l{f.at(0).toDouble(&ok1), f.at(1).toDouble(&ok5), f.at(2).toDouble(&ok15)};
    if (!ok1 || !ok5 || !ok15 || l.one < 0 || l.five < 0 || l.fifteen < 0)
        return std::nullopt;
    if (f.size() >= 4) {
        const QStringList rt = f.at(3).split(QLatin1Char('/'));
        if (rt.size() == 2) {
            l.runnable = rt.at(0).toInt();
            l.threads = rt.at(1).toInt();
        }
    }
    return l;
}

std::optional<double> parseUptime(const QString &text)
{
    const QStringList f = fields(text);
    bool ok = false;
    const double v = f.isEmpty() ? 0 : f.first().toDouble(&ok);
    if (!ok || v < 0)
        return std::nullopt;
    return v;
}

int countProcessEntries(const QStringList &procEntries)
{
    return int(std::count_if(procEntries.cbegin(), procEntries.cend(), [](const QString &name) {
        return !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    }));
}

CpuInfo parseCpuInfo(const QString &text)
{
    CpuInfo info;
    QString hardware, boardModel, armProcessor;
    forEachKeyValue(text, QLatin1Char(':'), [&](QStringView key, QStringView value) {
        if (key == QLatin1String("processor"))
            ++info.logicalCpus;
        else if (key == QLatin1String("model name") && info.model.isEmpty())
            info.model = value.toString().simplified();
        else if (key == QLatin1String("Hardware") && hardware.isEmpty())
            hardware = value.toString().simplified();
        else if (key == QLatin1String("Model") && boardModel.isEmpty())
            boardModel = value.toString().simplified();
        else if (key == QLatin1String("Processor") && armProcessor.isEmpty())
            armProcessor = value.toString().simplified();
        else if ((key == QLatin1String("flags") || key == QLatin1String("Features")) && !info.hypervisor)
            info.hypervisor = fields(value).contains(QStringLiteral("hypervisor"));
    });
    if (info.model.isEmpty())
        info.model = !armProcessor.isEmpty() ? armProcessor : !hardware.isEmpty() ? hardware : boardModel;
    return info;
}

OsRelease parseOsRelease(const QString &text)
{
    QMap<QString, QString> values;
    for (QStringView raw : QStringView(text).split(QLatin1Char('\n'))) {
        const QStringView line = raw.trimmed();
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (line.startsWith(QLatin1Char('#')) || eq <= 0)
            continue;
        QStringView value = line.mid(eq + 1);
        QString out;
        if (!value.isEmpty() && (value.front() == QLatin1Char('"') || value.front() == QLatin1Char('\''))) {
            const QChar quote = value.front();
            for (qsizetype i = 1; i < value.size() && value.at(i) != quote; ++i) {
                if (quote == QLatin1Char('"') && value.at(i) == QLatin1Char('\\') && i + 1 < value.size())
                    ++i;
                out.append(value.at(i));
            }
        } else {
            out = value.toString();
        }
        values.insert(line.left(eq).toString(), out);
    }
    return {values.value(QStringLiteral("ID")), values.value(QStringLiteral("NAME")),
            values.value(QStringLiteral("VERSION_ID")), values.value(QStringLiteral("PRETTY_NAME"))};
}

} // namespace qd::agent
