// Every parser of the agent against realistic fixture text (never this machine's own files).
#include "agent/inventoryparsers.h"
#include "agent/procparsers.h"

#include <QTest>

using namespace qd;
using namespace qd::agent;

namespace {

const char *procStat1 =
    "cpu  95956 10 16860 247035 835 0 240 514 0 0\n"
    "cpu0 46885 0 8084 125280 113 0 98 304 0 0\n"
    "cpu1 49070 10 8776 121755 722 0 141 209 0 0\n"
    "intr 21371478 0 9 0 0 0 0 0 0 0 0 0 0 156 0 0 0\n"
    "ctxt 44110346\nbtime 1763900000\nprocesses 162234\nprocs_running 2\nprocs_blocked 0\n";
// 1000 more ticks: 250 user, 50 system, 650 idle, 50 iowait
const char *procStat2 =
    "cpu  96206 10 16910 247685 885 0 240 514 0 0\n"
    "cpu0 47000 0 8100 125600 140 0 98 304 0 0\n";

const char *memInfo =
    "MemTotal:       16318412 kB\n"
    "MemFree:         1203044 kB\n"
    "MemAvailable:    9791048 kB\n"
    "Buffers:          512312 kB\n"
    "Cached:          7630200 kB\n"
    "SwapCached:            0 kB\n"
    "HugePages_Total:       0\n"
    "Hugepagesize:       2048 kB\n";

const char *mounts =
    "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
    "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
    "udev /dev devtmpfs rw,nosuid,relatime,size=8097580k,nr_inodes=2024395,mode=755 0 0\n"
    "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1631844k,mode=755 0 0\n"
    "/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0\n"
    "securityfs /sys/kernel/security securityfs rw,nosuid,nodev,noexec,relatime 0 0\n"
    "cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,nsdelegate 0 0\n"
    "/dev/loop0 /snap/core22/1663 squashfs ro,nodev,relatime,errors=continue 0 0\n"
    "/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077 0 0\n"
    "/dev/mapper/vg0-var /var xfs rw,relatime,attr2,inode64 0 0\n"
    "/dev/sdb1 /srv/media\\040library ext4 rw,relatime 0 0\n"
    "/dev/nvme0n1p2 /var/lib/docker/btrfs ext4 rw,relatime 0 0\n"
    "overlay /var/lib/docker/overlay2/abc/merged overlay rw,relatime,lowerdir=/x 0 0\n"
    "nas01:/export/home /home nfs4 rw,relatime,vers=4.2 0 0\n"
    "gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw,nosuid,nodev,relatime 0 0\n"
    "/dev/sdc1 /media/usb fuseblk rw,nosuid,nodev,relatime 0 0\n";

const char *netDev1 =
    "Inter-|   Receive                                                |  Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
    "    lo: 57914404   96258    0    0    0     0          0         0 57914404   96258    0    0    0     0       0          0\n"
    "  eth0: 67222146    2240    0    0    0     0          0         0   101492    1271    0    0    0     0       0          0\n"
    " wlan0:1000000    2240    0    0    0     0          0         0   200000    1271    0    0    0     0       0          0\n";

const char *osReleaseUbuntu =
    "PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nVERSION=\"24.04.1 LTS (Noble Numbat)\"\n"
    "VERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL=\"https://www.ubuntu.com/\"\n";
const char *osReleaseRhel =
    "NAME=\"Red Hat Enterprise Linux\"\nVERSION=\"9.4 (Plow)\"\nID=\"rhel\"\nID_LIKE=\"fedora\"\nVERSION_ID=\"9.4\"\n"
    "PLATFORM_ID=\"platform:el9\"\nPRETTY_NAME=\"Red Hat Enterprise Linux 9.4 (Plow)\"\n# a comment\n";

const char *cpuInfoX86 =
    "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 186\n"
    "model name\t: 13th Gen Intel(R) Core(TM) i7-1365U\nflags\t\t: fpu vme de pse tsc msr hypervisor lahf_lm\n\n"
    "processor\t: 1\nvendor_id\t: GenuineIntel\nmodel name\t: 13th Gen Intel(R) Core(TM) i7-1365U\n"
    "flags\t\t: fpu vme de pse tsc msr hypervisor lahf_lm\n\n";
const char *cpuInfoArm =
    "processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\n\n"
    "processor\t: 1\nBogoMIPS\t: 108.00\n\n"
    "processor\t: 2\n\nprocessor\t: 3\n\nHardware\t: BCM2835\nRevision\t: d03114\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n";

const char *dpkgQuery =
    "adduser\t3.134\tDebian Adduser Developers <adduser@packages.debian.org>\tinstalled\n"
    "openssl\t3.0.15-1~deb12u1\tDebian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>\tinstalled\n"
    "apache2\t2.4.62-1~deb12u2\tDebian Apache Maintainers <debian-apache@lists.debian.org>\tconfig-files\n"
    "zlib1g\t1:1.2.13.dfsg-1\tMark Brown <broonie@debian.org>\tinstalled\n"
    "ghost\t\tNobody <n@example.org>\tnot-installed\n";

const char *systemctlUnits =
    "cron.service                loaded    active   running Regular background program processing daemon\n"
    "getty@tty1.service          loaded    active   running Getty on tty1\n"
    "nginx.service               loaded    failed   failed  A high performance web server\n"
    "\u25CF postgresql@15-main.service loaded failed failed PostgreSQL Cluster 15-main\n"
    "plymouth-quit.service       loaded    inactive dead    Terminate Plymouth Boot Screen\n"
    "systemd-fsck-root.service   loaded    active   exited  File System Check on Root Device\n"
    "apt-daily.service           loaded    activating start Daily apt download activities\n"
    "auditd.service              not-found inactive dead    auditd.service\n";
const char *unitFiles =
    "cron.service                 enabled         enabled\n"
    "getty@.service               enabled         enabled\n"
    "nginx.service                enabled         enabled\n"
    "postgresql@.service          indirect        enabled\n"
    "plymouth-quit.service        static          -\n"
    "systemd-fsck-root.service    enabled-runtime enabled\n"
    "apt-daily.service            static          -\n"
    "ssh.service                  disabled        enabled\n"
    "rescue.service               masked          disabled\n";

const char *aptUpgradableText =
    "Listing...\n"
    "openssl/jammy-updates,jammy-security 3.0.2-0ubuntu1.18 amd64 [upgradable from: 3.0.2-0ubuntu1.15]\n"
    "libssl3/jammy-updates,jammy-security 3.0.2-0ubuntu1.18 amd64 [upgradable from: 3.0.2-0ubuntu1.15]\n"
    "tzdata/jammy-updates 2024a-0ubuntu0.22.04.1 all [upgradable from: 2023c-0ubuntu0.22.04.2]\n"
    "base-files/oldstable 12.4+deb12u15 amd64 [upgradable from: 12.4+deb12u11]\n"
    "apt/oldstable-security 2.6.2 amd64 [upgradable from: 2.6.1]\n";

const char *dnfCheckUpdateText =
    "Last metadata expiration check: 0:12:41 ago on Mon 23 Nov 2026 10:00:00 AM UTC.\n\n"
    "kernel.x86_64                         5.14.0-503.14.1.el9_5          rhel-9-for-x86_64-baseos-rpms\n"
    "openssl-libs.x86_64                   1:3.2.2-6.el9_5                rhel-9-for-x86_64-baseos-rpms\n"
    "python3.11-setuptools-wheel.noarch\n"
    "                                      65.5.1-3.el9                   rhel-9-for-x86_64-appstream-rpms\n"
    "tzdata.noarch                         2024b-2.el9                    rhel-9-for-x86_64-baseos-rpms\n"
    "Obsoleting Packages\n"
    "grub2-tools.x86_64                    1:2.06-92.el9                  rhel-9-for-x86_64-baseos-rpms\n";
const char *dnfSecurity =
    "RHSA-2024:9315 Important/Sec. kernel-5.14.0-503.14.1.el9_5.x86_64\n"
    "RHSA-2024:8922 Moderate/Sec.  openssl-libs-1:3.2.2-6.el9_5.x86_64\n"
    "RHBA-2024:9000 bugfix         tzdata-2024b-2.el9.noarch\n";

} // namespace

class TestAgentParsers : public QObject
{
    Q_OBJECT

private slots:
    void procStat()
    {
        const auto a = parseProcStat(QString::fromLatin1(procStat1));
        QVERIFY(a);
        QCOMPARE(a->user, 95956u);
        QCOMPARE(a->nice, 10u);
        QCOMPARE(a->steal, 514u);
        QCOMPARE(a->total(), 95956u + 10 + 16860 + 247035 + 835 + 0 + 240 + 514); // guest not counted twice
        const auto b = parseProcStat(QString::fromLatin1(procStat2));
        QVERIFY(b);
        const auto busy = cpuPercent(*a, *b);
        QVERIFY(busy);
        QCOMPARE(*busy, 30.0); // 300 busy of 1000
        QVERIFY(!cpuPercent(*b, *a));  // counters went back (reboot between readings)
        QVERIFY(!cpuPercent(*a, *a));  // no time passed
        QVERIFY(!parseProcStat(QStringLiteral("intr 1 2 3\n")));
        QVERIFY(!parseProcStat(QStringLiteral("cpu  1 2 x 4\n")));
    }

    void memInfoPrefersMemAvailable()
    {
        const auto m = parseMemInfo(QString::fromLatin1(memInfo));
        QVERIFY(m);
        QCOMPARE(m->totalKb, 16318412);
        QCOMPARE(m->availableKb, 9791048);
        QCOMPARE(qRound(m->usedPercent() * 100), 4000); // 40.00 %
        // Old kernels: MemFree + Buffers + Cached.
        const auto old = parseMemInfo(QStringLiteral("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 50 kB\nCached: 250 kB\n"));
        QVERIFY(old);
        QCOMPARE(old->availableKb, 400);
        QCOMPARE(old->usedPercent(), 60.0);
        QVERIFY(!parseMemInfo(QStringLiteral("SwapTotal: 0 kB\n")));
    }

    void mountsKeepRealFilesystemsOncePerDevice()
    {
        const QList<MountEntry> all = parseMounts(QString::fromLatin1(mounts));
        QCOMPARE(all.size(), 16);
        QCOMPARE(all.at(10).mountPoint, QStringLiteral("/srv/media library")); // \040 decoded
        QStringList points;
        for (const MountEntry &m : realMounts(all))
            points << m.mountPoint + QLatin1Char('=') + m.fsType;
        QCOMPARE(points, (QStringList{"/=ext4", "/boot/efi=vfat", "/media/usb=fuseblk", "/srv/media library=ext4", "/var=xfs"}));
        QVERIFY(!isRealFilesystem({"nas01:/export", "/home", "nfs4"}));
        QVERIFY(!isRealFilesystem({"overlay", "/", "overlay"}));
        QVERIFY(!isRealFilesystem({"tmpfs", "/run", "tmpfs"}));
        QVERIFY(isRealFilesystem({"rpool/ROOT/ubuntu", "/", "zfs"}));
    }

    void netDevSkipsLoopback()
    {
        const auto ifs = parseNetDev(QString::fromLatin1(netDev1));
        QCOMPARE(ifs.keys(), (QList<QString>{"eth0", "lo", "wlan0"}));
        QCOMPARE(ifs.value(QStringLiteral("eth0")), (NetCounters{67222146, 101492}));
        QCOMPARE(ifs.value(QStringLiteral("wlan0")), (NetCounters{1000000, 200000})); // "wlan0:1000000" without a space
        const NetCounters total = totalExcludingLoopback(ifs);
        QCOMPARE(total, (NetCounters{68222146, 301492}));
        QCOMPARE(*ratePerSecond(1000, 61000, 60000), 1000.0);
        QCOMPARE(*ratePerSecond(0, 500, 250), 2000.0);
        QVERIFY(!ratePerSecond(5000, 100, 1000)); // counter reset
        QVERIFY(!ratePerSecond(1, 2, 0));
    }

    void loadUptimeProcesses()
    {
        const auto l = parseLoadAvg(QStringLiteral("0.52 0.58 0.59 2/345 12345\n"));
        QVERIFY(l);
        QCOMPARE(l->one, 0.52);
        QCOMPARE(l->fifteen, 0.59);
        QCOMPARE(l->runnable, 2);
        QCOMPARE(l->threads, 345);
        QVERIFY(!parseLoadAvg(QStringLiteral("garbage")));
        QCOMPARE(*parseUptime(QStringLiteral("350735.47 234388.90\n")), 350735.47);
        QVERIFY(!parseUptime(QString()));
        QCOMPARE(countProcessEntries({"1", "42", "self", "thread-self", "acpi", "1234", "sys", "9x"}), 3);
    }

    void cpuInfo()
    {
        const CpuInfo x86 = parseCpuInfo(QString::fromLatin1(cpuInfoX86));
        QCOMPARE(x86.model, QStringLiteral("13th Gen Intel(R) Core(TM) i7-1365U"));
        QCOMPARE(x86.logicalCpus, 2);
        QVERIFY(x86.hypervisor);
        const CpuInfo arm = parseCpuInfo(QString::fromLatin1(cpuInfoArm));
        QCOMPARE(arm.logicalCpus, 4);
        QCOMPARE(arm.model, QStringLiteral("BCM2835"));
        QVERIFY(!arm.hypervisor);
    }

    void osRelease()
    {
        const OsRelease u = parseOsRelease(QString::fromLatin1(osReleaseUbuntu));
        QCOMPARE(u.id, QStringLiteral("ubuntu"));
        QCOMPARE(u.name, QStringLiteral("Ubuntu"));
        QCOMPARE(u.versionId, QStringLiteral("24.04"));
        QCOMPARE(u.prettyName, QStringLiteral("Ubuntu 24.04.1 LTS"));
        const OsRelease r = parseOsRelease(QString::fromLatin1(osReleaseRhel));
        QCOMPARE(r.name, QStringLiteral("Red Hat Enterprise Linux"));
        QCOMPARE(r.versionId, QStringLiteral("9.4"));
        QCOMPARE(parseOsRelease(QStringLiteral("NAME='Single Quoted'\nPRETTY_NAME=\"Say \\\"hi\\\"\"\n")).prettyName,
                 QStringLiteral("Say \"hi\""));
    }

    void dpkgQueryKeepsInstalledPackages()
    {
        const QList<SoftwarePackage> p = parseDpkgQuery(QString::fromLatin1(dpkgQuery));
        QCOMPARE(p.size(), 3);
        QCOMPARE(p.at(0).name, QStringLiteral("adduser"));
        QCOMPARE(p.at(1).name, QStringLiteral("openssl"));
        QCOMPARE(p.at(1).version, QStringLiteral("3.0.15-1~deb12u1"));
        QCOMPARE(p.at(1).publisher, QStringLiteral("Debian OpenSSL Team"));
        QCOMPARE(p.at(2).version, QStringLiteral("1:1.2.13.dfsg-1"));
        // The three-column form of the original format works too.
        QCOMPARE(parseDpkgQuery(QStringLiteral("bash\t5.2.15-2+b7\tMatthias Klose <doko@debian.org>\n")).constFirst().publisher,
                 QStringLiteral("Matthias Klose"));
    }

    void rpmQuery()
    {
        const auto p = parseRpmQuery(QStringLiteral("openssl-libs\t3.0.7-28.el9_4\tRed Hat, Inc.\t1718000000\n"
                                                    "gpg-pubkey\tfd431d51-4ae0493b\t(none)\t1700000000\n"
                                                    "custom-tool\t1.0-1\t(none)\t(none)\n"));
        QCOMPARE(p.size(), 2);
        QCOMPARE(p.at(0).name, QStringLiteral("custom-tool"));
        QCOMPARE(p.at(0).publisher, QString());
        QVERIFY(!p.at(0).installDate.isValid());
        QCOMPARE(p.at(1).installDate, QDateTime::fromSecsSinceEpoch(1718000000, Qt::UTC));
    }

    void systemdServices()
    {
        const QList<ServiceInfo> units = parseSystemctlUnits(QString::fromUtf8(systemctlUnits));
        QCOMPARE(units.size(), 7); // auditd: unit file missing
        const QList<ServiceInfo> merged = mergeServices(units, parseUnitFiles(QString::fromLatin1(unitFiles)));
        QMap<QString, QPair<QString, QString>> byName;
        for (const ServiceInfo &s : merged)
            byName.insert(s.name, {s.state, s.startMode});
        QCOMPARE(byName.value("cron.service"), qMakePair(QString("running"), QString("enabled")));
        QCOMPARE(byName.value("getty@tty1.service"), qMakePair(QString("running"), QString("enabled"))); // from getty@.service
        QCOMPARE(byName.value("nginx.service"), qMakePair(QString("failed"), QString("enabled")));
        QCOMPARE(byName.value("postgresql@15-main.service"), qMakePair(QString("failed"), QString("indirect")));
        QCOMPARE(byName.value("plymouth-quit.service"), qMakePair(QString("stopped"), QString("static")));
        QCOMPARE(byName.value("systemd-fsck-root.service"), qMakePair(QString("exited"), QString("enabled-runtime")));
        QCOMPARE(byName.value("apt-daily.service"), qMakePair(QString("starting"), QString("static")));
        QCOMPARE(byName.value("ssh.service"), qMakePair(QString("stopped"), QString("disabled"))); // never loaded
        QCOMPARE(byName.value("rescue.service"), qMakePair(QString("stopped"), QString("masked")));
        QVERIFY(!byName.contains("getty@.service")); // templates are not services
        QVERIFY(!byName.contains("auditd.service"));
        QCOMPARE(merged.size(), 9);
    }

    void aptUpgradable()
    {
        const QList<PendingUpdate> u = parseAptUpgradable(QString::fromLatin1(aptUpgradableText));
        QCOMPARE(u.size(), 5);
        QCOMPARE(u.at(0), (PendingUpdate{"openssl", "3.0.2-0ubuntu1.18", true}));
        QCOMPARE(u.at(2), (PendingUpdate{"tzdata", "2024a-0ubuntu0.22.04.1", false}));
        QCOMPARE(u.at(3).security, false);
        QCOMPARE(u.at(4), (PendingUpdate{"apt", "2.6.2", true}));
        QVERIFY(parseAptUpgradable(QStringLiteral("Listing...\n")).isEmpty());
    }

    void dnfCheckUpdate()
    {
        const QList<PendingUpdate> u = parseDnfCheckUpdate(QString::fromLatin1(dnfCheckUpdateText),
                                                           parseDnfSecurityList(QString::fromLatin1(dnfSecurity)));
        QCOMPARE(u.size(), 4); // nothing from "Obsoleting Packages"
        QCOMPARE(u.at(0), (PendingUpdate{"kernel", "5.14.0-503.14.1.el9_5", true}));
        QCOMPARE(u.at(1), (PendingUpdate{"openssl-libs", "1:3.2.2-6.el9_5", true}));
        QCOMPARE(u.at(2), (PendingUpdate{"python3.11-setuptools-wheel", "65.5.1-3.el9", false})); // wrapped line
        QCOMPARE(u.at(3), (PendingUpdate{"tzdata", "2024b-2.el9", false}));
        QCOMPARE(parseDnfSecurityList(QString::fromLatin1(dnfSecurity)), (QSet<QString>{"kernel", "openssl-libs"}));
    }

    void backupStatus()
    {
        const auto ok = parseBackupStatus(R"({"last_run":"2026-11-23T02:10:00Z","result":"success","size_bytes":123456789,"message":"ok"})");
        QVERIFY2(ok.isOk(), qPrintable(ok.isOk() ? QString() : ok.error()));
        QCOMPARE(ok.value().lastRun, QDateTime(QDate(2026, 11, 23), QTime(2, 10), Qt::UTC));
        QCOMPARE(ok.value().result, QStringLiteral("success"));
        QCOMPARE(ok.value().sizeBytes, 123456789);
        QVERIFY(!parseBackupStatus(R"({"last_run":"2026-11-23T02:10:00","result":"success"})").isOk()); // no zone
        QVERIFY(!parseBackupStatus(R"({"last_run":"2026-11-23T02:10:00Z","result":"great"})").isOk());
        QVERIFY(!parseBackupStatus(R"({"last_run":"2026-11-23T02:10:00Z","result":"failed","size_bytes":-1})").isOk());
        QVERIFY(!parseBackupStatus("not json").isOk());
        QCOMPARE(parseBackupStatus(R"({"last_run":"2026-11-23T02:10:00+01:00","result":"FAILED","message":"disk full"})").value().result,
                 QStringLiteral("failed"));
    }

    void deviceType()
    {
        QCOMPARE(deviceTypeFromHints({}), DeviceType::Workstation);
        QCOMPARE(deviceTypeFromHints({.chassisType = 10}), DeviceType::Laptop);
        QCOMPARE(deviceTypeFromHints({.chassisType = 23}), DeviceType::Server);
        QCOMPARE(deviceTypeFromHints({.chassisType = 3, .hasBattery = true}), DeviceType::Workstation);
        QCOMPARE(deviceTypeFromHints({.chassisType = 0, .hasBattery = true}), DeviceType::Laptop);
        QCOMPARE(deviceTypeFromHints({.chassisType = 1, .productName = "Standard PC (Q35 + ICH9, 2009)"}), DeviceType::Vm);
        QCOMPARE(deviceTypeFromHints({.chassisType = 23, .hypervisorFlag = true}), DeviceType::Vm);
    }
};

QTEST_GUILESS_MAIN(TestAgentParsers)
#include "tst_agent_parsers.moc"
