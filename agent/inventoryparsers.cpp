#include "agent/inventoryparsers.h"

#include "core/domain/timeformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace qd::agent {

namespace {

QList<QStringView> lines(const QString &text)
{
    return QStringView(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QStringList words(QStringView line)
{
    return line.toString().simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QString noneToEmpty(const QString &s)
{
    return s == QLatin1String("(none)") ? QString() : s;
}

bool byName(const SoftwarePackage &a, const SoftwarePackage &b)
{
    return a.name < b.name || (a.name == b.name && a.version < b.version);
}

// "openssl.x86_64" → "openssl"; names may contain dots themselves ("python3.11.x86_64").
QString stripArch(const QString &nameArch)
{
    static const QStringList arches{QStringLiteral("x86_64"), QStringLiteral("noarch"), QStringLiteral("i686"),
                                    QStringLiteral("aarch64"), QStringLiteral("ppc64le"), QStringLiteral("s390x"),
                                    QStringLiteral("armv7hl"), QStringLiteral("i386"), QStringLiteral("src")};
    const qsizetype dot = nameArch.lastIndexOf(QLatin1Char('.'));
    return dot > 0 && arches.contains(nameArch.mid(dot + 1)) ? nameArch.left(dot) : nameArch;
}

} // namespace

QString publisherFromMaintainer(const QString &maintainer)
{
    const qsizetype lt = maintainer.indexOf(QLatin1Char('<'));
    return (lt >= 0 ? maintainer.left(lt) : maintainer).trimmed();
}

QList<SoftwarePackage> parseDpkgQuery(const QString &text)
{
    QList<SoftwarePackage> out;
    for (QStringView line : lines(text)) {
        const QList<QStringView> f = line.split(QLatin1Char('\t'));
        if (f.size() < 2 || f.at(0).trimmed().isEmpty())
            continue;
        if (f.size() >= 4 && f.at(3).trimmed() != QLatin1String("installed"))
            continue;
        const QString version = f.at(1).trimmed().toString();
        if (version.isEmpty())
            continue; // known to dpkg but not installed
        out.append({f.at(0).trimmed().toString(), version, f.size() >= 3 ? publisherFromMaintainer(f.at(2).toString()) : QString(), {}});
    }
    std::sort(out.begin(), out.end(), byName);
    return out;
}

QList<SoftwarePackage> parseRpmQuery(const QString &text)
{
    QList<SoftwarePackage> out;
    for (QStringView line : lines(text)) {
        const QList<QStringView> f = line.split(QLatin1Char('\t'));
        if (f.size() < 2 || f.at(0).trimmed().isEmpty() || f.at(0).startsWith(QLatin1String("gpg-pubkey")))
            continue;
        SoftwarePackage p{f.at(0).trimmed().toString(), noneToEmpty(f.at(1).trimmed().toString()), {}, {}};
        if (f.size() >= 3)
            p.publisher = noneToEmpty(f.at(2).trimmed().toString());
        bool ok = false;
        const qint64 installed = f.size() >= 4 ? f.at(3).trimmed().toLongLong(&ok) : 0;
        if (ok && installed > 0)
            p.installDate = QDateTime::fromSecsSinceEpoch(installed, Qt::UTC);
        out.append(p);
    }
    std::sort(out.begin(), out.end(), byName);
    return out;
}

QList<ServiceInfo> parseSystemctlUnits(const QString &text)
{
    QList<ServiceInfo> out;
    for (QStringView line : lines(text)) {
        QStringList f = words(line);
        if (!f.isEmpty() && (f.first() == QStringLiteral("\u25CF") || f.first() == QStringLiteral("*")))
            f.removeFirst(); // the failed-unit marker some versions print even with --plain
        if (f.size() < 4 || !f.at(0).endsWith(QLatin1String(".service")))
            continue;
        const QString &load = f.at(1), &active = f.at(2), &sub = f.at(3);
        if (load == QLatin1String("not-found"))
            continue;
        QString state;
        if (active == QLatin1String("failed"))
            state = QStringLiteral("failed");
        else if (active == QLatin1String("inactive"))
            state = QStringLiteral("stopped");
        else if (active == QLatin1String("activating"))
            state = QStringLiteral("starting");
        else if (active == QLatin1String("deactivating"))
            state = QStringLiteral("stopping");
        else if (active == QLatin1String("reloading"))
            state = QStringLiteral("reloading");
        else
            state = sub; // running, exited, ...
        out.append({f.at(0), state, {}});
    }
    return out;
}

QMap<QString, QString> parseUnitFiles(const QString &text)
{
    QMap<QString, QString> out;
    for (QStringView line : lines(text)) {
        const QStringList f = words(line);
        if (f.size() >= 2 && f.at(0).endsWith(QLatin1String(".service")))
            out.insert(f.at(0), f.at(1));
    }
    return out;
}

QList<ServiceInfo> mergeServices(const QList<ServiceInfo> &units, const QMap<QString, QString> &unitFiles)
{
    QMap<QString, ServiceInfo> byName;
    for (ServiceInfo s : units) {
        QString mode = unitFiles.value(s.name);
        const qsizetype at = s.name.indexOf(QLatin1Char('@'));
        if (mode.isEmpty() && at > 0)
            mode = unitFiles.value(s.name.left(at + 1) + QStringLiteral(".service"));
        s.startMode = mode;
        byName.insert(s.name, s);
    }
    for (auto it = unitFiles.cbegin(); it != unitFiles.cend(); ++it) {
        if (byName.contains(it.key()) || it.key().endsWith(QLatin1String("@.service")))
            continue;
        byName.insert(it.key(), {it.key(), QStringLiteral("stopped"), it.value()});
    }
    return byName.values();
}

QList<PendingUpdate> parseAptUpgradable(const QString &text)
{
    QList<PendingUpdate> out;
    for (QStringView line : lines(text)) {
        const qsizetype slash = line.indexOf(QLatin1Char('/'));
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        if (slash <= 0 || space < slash || line.startsWith(QLatin1String("WARNING")))
            continue;
        const QStringList f = words(line);
        if (f.size() < 2)
            continue;
        const QStringView suites = line.mid(slash + 1, space - slash - 1);
        out.append({line.left(slash).toString(), f.at(1), suites.contains(QLatin1String("security"), Qt::CaseInsensitive)});
    }
    return out;
}

QList<PendingUpdate> parseDnfCheckUpdate(const QString &text, const QSet<QString> &securityNames)
{
    QList<PendingUpdate> out;
    QString carried; // dnf wraps a long "name.arch" onto a line of its own
    for (QStringView line : lines(text)) {
        if (line.startsWith(QLatin1String("Obsoleting Packages")))
            break;
        if (line.startsWith(QLatin1String("Last metadata expiration")) || line.startsWith(QLatin1String("Security:")))
            continue;
        QStringList f = words(line);
        if (!carried.isEmpty() && line.front().isSpace()) {
            f.prepend(carried);
            carried.clear();
        }
        if (f.size() == 1 && f.first().contains(QLatin1Char('.'))) {
            carried = f.first();
            continue;
        }
        if (f.size() < 3 || !f.at(0).contains(QLatin1Char('.')))
            continue;
        const QString name = stripArch(f.at(0));
        out.append({name, f.at(1), securityNames.contains(name) || f.at(2).contains(QLatin1String("security"), Qt::CaseInsensitive)});
    }
    return out;
}

QSet<QString> parseDnfSecurityList(const QString &text)
{
    static const QRegularExpression nevr(QStringLiteral("^(.+)-[^-]+-[^-]+$"));
    QSet<QString> out;
    for (QStringView line : lines(text)) {
        const QStringList f = words(line);
        if (f.size() < 3 || !f.at(1).contains(QLatin1String("Sec"), Qt::CaseInsensitive))
            continue;
        const auto m = nevr.match(stripArch(f.at(2)));
        if (m.hasMatch())
            out.insert(m.captured(1));
    }
    return out;
}

Result<BackupInfo> parseBackupStatus(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Result<BackupInfo>::fail(QStringLiteral("not a JSON object: %1").arg(error.errorString()));
    const QJsonObject o = doc.object();
    BackupInfo b;
    b.result = o.value(QStringLiteral("result")).toString().trimmed().toLower();
    if (b.result != QLatin1String("success") && b.result != QLatin1String("failed") && b.result != QLatin1String("warning"))
        return Result<BackupInfo>::fail(QStringLiteral("\"result\" must be success, failed or warning"));
    b.lastRun = fromIsoUtc(o.value(QStringLiteral("last_run")).toString());
    if (!b.lastRun.isValid())
        return Result<BackupInfo>::fail(QStringLiteral("\"last_run\" must be an ISO 8601 time with a zone"));
    const QJsonValue size = o.value(QStringLiteral("size_bytes"));
    if (!size.isUndefined() && !size.isNull() && (!size.isDouble() || size.toDouble() < 0))
        return Result<BackupInfo>::fail(QStringLiteral("\"size_bytes\" must be a number of bytes"));
    b.sizeBytes = size.toInteger();
    b.message = o.value(QStringLiteral("message")).toString().left(1000);
    return Result<BackupInfo>::ok(b);
}

DeviceType deviceTypeFromHints(const MachineHints &h)
{
    static const QStringList virtualMarks{QStringLiteral("KVM"), QStringLiteral("QEMU"), QStringLiteral("VirtualBox"),
                                          QStringLiteral("VMware"), QStringLiteral("Virtual Machine"), QStringLiteral("HVM domU"),
                                          QStringLiteral("Xen"), QStringLiteral("Google Compute Engine"), QStringLiteral("OpenStack"),
                                          QStringLiteral("Amazon EC2"), QStringLiteral("innotek"), QStringLiteral("Bochs"),
                                          QStringLiteral("Parallels"), QStringLiteral("Standard PC (")};
    const auto isVirtual = [&](const QString &s) {
        return std::any_of(virtualMarks.cbegin(), virtualMarks.cend(), [&](const QString &m) { return s.contains(m, Qt::CaseInsensitive); });
    };
    if (h.hypervisorFlag || isVirtual(h.productName) || isVirtual(h.sysVendor))
        return DeviceType::Vm;
    switch (h.chassisType) {
    case 8: case 9: case 10: case 14: case 30: case 31: case 32:
        return DeviceType::Laptop;
    case 17: case 23: case 25: case 28: case 29:
        return DeviceType::Server;
    case 3: case 4: case 5: case 6: case 7: case 13: case 15: case 16: case 24: case 35: case 36:
        return DeviceType::Workstation; // desktops: a battery there is a UPS or a wireless mouse
    default:
        break;
    }
    return h.hasBattery ? DeviceType::Laptop : DeviceType::Workstation;
}

} // namespace qd::agent
