#pragma once

// Pure parsers over the output of package managers, systemd and the backup status file. They
// take text so tests feed them fixtures; inventory_<platform>.cpp runs the commands.

#include "core/domain/device.h"
#include "core/domain/inventory.h"
#include "core/domain/result.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

namespace qd::agent {

// dpkg-query -W -f='${Package}\t${Version}\t${Maintainer}\t${db:Status-Status}\n'
// The fourth column is optional; when present, only "installed" packages are kept (removed
// packages whose configuration files remain are listed by dpkg-query too).
QList<SoftwarePackage> parseDpkgQuery(const QString &text);

// rpm -qa --qf '%{NAME}\t%{VERSION}-%{RELEASE}\t%{VENDOR}\t%{INSTALLTIME}\n'
// "(none)" means an empty field; INSTALLTIME is seconds since the epoch.
QList<SoftwarePackage> parseRpmQuery(const QString &text);

// "Jane Doe <jane@example.org>" → "Jane Doe".
QString publisherFromMaintainer(const QString &maintainer);

// systemctl list-units --type=service --all --no-legend --plain:
// UNIT LOAD ACTIVE SUB DESCRIPTION. Units whose file is missing (LOAD not-found) are skipped.
// state: running, exited, failed, stopped, starting, stopping, reloading or the raw SUB state.
QList<ServiceInfo> parseSystemctlUnits(const QString &text);
// systemctl list-unit-files --type=service --no-legend --plain: UNIT STATE [PRESET] → state by unit.
QMap<QString, QString> parseUnitFiles(const QString &text);
// Loaded units get their unit-file state as start mode (instances "a@b.service" that of
// "a@.service"); unit files never loaded are listed as stopped. Templates are left out.
QList<ServiceInfo> mergeServices(const QList<ServiceInfo> &units, const QMap<QString, QString> &unitFiles);

// apt list --upgradable: "name/suite[,suite] version arch [upgradable from: old]".
// Security when a suite contains "security".
QList<PendingUpdate> parseAptUpgradable(const QString &text);

// dnf check-update (exit code 100 when updates exist): "name.arch version repo" lines until an
// "Obsoleting Packages" section; `securityNames` (from dnf updateinfo list --security) marks
// security updates, as does a repository whose name contains "security".
QList<PendingUpdate> parseDnfCheckUpdate(const QString &text, const QSet<QString> &securityNames = {});
// dnf updateinfo list --security -q: "ADVISORY severity/Sec. name-version-release.arch" → names.
QSet<QString> parseDnfSecurityList(const QString &text);

// The backup status file: {"last_run": ISO 8601, "result": "success"|"failed"|"warning",
// "size_bytes": n, "message": text}, written by the backup tool of the device.
Result<BackupInfo> parseBackupStatus(const QByteArray &json);

// Device type from DMI and CPU hints: a hypervisor flag or a virtual product → vm; chassis
// types of laptops/notebooks → laptop; servers, rack and blade chassis → server; desktop chassis →
// workstation; an unknown chassis with a system battery → laptop; else workstation.
struct MachineHints
{
    int chassisType = 0; // /sys/class/dmi/id/chassis_type (SMBIOS), 0 when unknown
    QString productName; // /sys/class/dmi/id/product_name
    QString sysVendor;   // /sys/class/dmi/id/sys_vendor
    bool hypervisorFlag = false;
    bool hasBattery = false;
};
DeviceType deviceTypeFromHints(const MachineHints &hints);

} // namespace qd::agent
