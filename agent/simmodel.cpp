#include "agent/simmodel.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace qd::agent {

namespace {

constexpr qint64 minuteMs = 60'000;
constexpr qint64 hourMs = 3'600'000;
constexpr qint64 dayMs = 86'400'000;
constexpr qint64 outageSlotMs = 8 * hourMs;
constexpr qint64 GiB = 1024LL * 1024 * 1024;

// Channels keep the random streams of different properties independent.
enum Channel : quint32 {
    ChCustomer = 1, ChType, ChOs, ChCores, ChRam, ChDisk, ChExtraMount, ChVendor, ChSerial, ChTz,
    ChBusy, ChCpuScale, ChMemBase, ChActivityNoise, ChCpuJitter, ChSpike, ChSpikeSize, ChMemNoise,
    ChNetScale, ChNetJitter, ChTxJitter, ChLoadJitter, ChProcBase, ChProcJitter, ChFlaky, ChOutage,
    ChOutageStart, ChOutageLength, ChBootPeriod, ChBootPhase, ChStagger, ChDiskWiggle,
    ChDiskBase = 100, // + 16 per mount
};

quint64 mix(quint64 x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

const std::array<const char *, 40> customers{
    "acme", "harbor", "northwind", "contoso", "fabrikam", "globex", "initech", "umbrella", "wayne", "stark",
    "tyrell", "hooli", "vandelay", "wonka", "cyberdyne", "soylent", "oceanic", "massive", "piedpiper", "aperture",
    "blackmesa", "gringotts", "duff", "krusty", "monarch", "nakatomi", "oscorp", "prestige", "sirius", "tricell",
    "veridian", "weyland", "yoyodyne", "zorg", "bluth", "dunder", "lacroix", "kwikemart", "gekko", "sterling"};
const std::array<int, 12> utcOffsets{0, 60, 60, 60, 120, -300, -300, -360, -480, 330, 540, 600};

template <typename T, std::size_t N>
const T &pick(const std::array<T, N> &items, double u)
{
    return items[std::min(N - 1, std::size_t(u * double(N)))];
}

// Piecewise-linear office day: quiet night, morning ramp, lunch dip, evening fade.
double officeCurve(double hour)
{
    static const std::array<std::pair<double, double>, 10> points{
        {{0, 0.03}, {7, 0.03}, {8.5, 0.6}, {12, 0.7}, {12.5, 0.42}, {13.5, 0.7}, {17, 0.65}, {19, 0.12}, {22, 0.08}, {24, 0.03}}};
    for (std::size_t i = 1; i < points.size(); ++i) {
        if (hour <= points[i].first) {
            const auto [x0, y0] = points[i - 1];
            const auto [x1, y1] = points[i];
            return y0 + (y1 - y0) * (hour - x0) / (x1 - x0);
        }
    }
    return points.back().second;
}

bool isWindows(SimOs os)
{
    return os == SimOs::Windows11 || os == SimOs::WindowsServer2022;
}

double rounded(double v, int decimals)
{
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

} // namespace

QString simOsName(SimOs os)
{
    switch (os) {
    case SimOs::Ubuntu: return QStringLiteral("Ubuntu");
    case SimOs::Debian: return QStringLiteral("Debian GNU/Linux");
    case SimOs::Rhel: return QStringLiteral("Red Hat Enterprise Linux");
    case SimOs::Windows11: return QStringLiteral("Windows 11 Pro");
    case SimOs::WindowsServer2022: return QStringLiteral("Windows Server 2022 Standard");
    case SimOs::MacOs: return QStringLiteral("macOS");
    }
    return {};
}

double SimModel::uniform(int index, quint32 channel, qint64 step) const
{
    const quint64 h = mix(m_seed ^ mix((quint64(quint32(index)) << 32) | channel) ^ mix(quint64(step) + 0x632BE59BD9B4E019ULL));
    return double(h >> 11) * 0x1.0p-53;
}

double SimModel::smoothNoise(int index, quint32 channel, qint64 timeMs, qint64 periodMs) const
{
    const qint64 knot = timeMs / periodMs;
    const double f = double(timeMs % periodMs) / double(periodMs);
    const double w = (1 - std::cos(f * std::numbers::pi)) / 2;
    return uniform(index, channel, knot) * (1 - w) + uniform(index, channel, knot + 1) * w;
}

SimIdentity SimModel::identity(int index) const
{
    SimIdentity id;
    id.index = index;
    const double uc = uniform(index, ChCustomer);
    const std::size_t customer = std::min(customers.size() - 1, std::size_t(uc * uc * double(customers.size()))); // a few big ones
    id.customer = QLatin1String(customers[customer]);
    id.utcOffsetMinutes = pick(utcOffsets, uniform(int(customer), ChTz));
    id.hostname = QStringLiteral("sim-%1-%2").arg(id.customer).arg(index, 4, 10, QLatin1Char('0'));
    id.fqdn = id.hostname + QLatin1Char('.') + id.customer + QStringLiteral(".example");

    const double ut = uniform(index, ChType), uo = uniform(index, ChOs);
    if (ut < 0.50) {
        id.type = DeviceType::Workstation;
        id.os = uo < 0.65 ? SimOs::Windows11 : uo < 0.85 ? SimOs::MacOs : uo < 0.95 ? SimOs::Ubuntu : SimOs::Debian;
    } else if (ut < 0.70) {
        id.type = DeviceType::Laptop;
        id.os = uo < 0.60 ? SimOs::Windows11 : uo < 0.95 ? SimOs::MacOs : SimOs::Ubuntu;
    } else if (ut < 0.85) {
        id.type = DeviceType::Server;
        id.os = uo < 0.40 ? SimOs::WindowsServer2022 : uo < 0.65 ? SimOs::Ubuntu : uo < 0.80 ? SimOs::Debian : SimOs::Rhel;
    } else {
        id.type = DeviceType::Vm;
        id.os = uo < 0.30 ? SimOs::WindowsServer2022 : uo < 0.60 ? SimOs::Ubuntu : uo < 0.75 ? SimOs::Debian : SimOs::Rhel;
    }

    const quint32 seedByte = quint32(m_seed & 0xff);
    const quint32 n = quint32(index) & 0xffffff;
    id.mac = QStringLiteral("02:51:%1:%2:%3:%4")
                 .arg(seedByte, 2, 16, QLatin1Char('0'))
                 .arg((n >> 16) & 0xff, 2, 16, QLatin1Char('0'))
                 .arg((n >> 8) & 0xff, 2, 16, QLatin1Char('0'))
                 .arg(n & 0xff, 2, 16, QLatin1Char('0'));
    const int net = index / 250;
    id.ip = QStringLiteral("10.%1.%2.%3").arg((net / 256) % 256).arg(net % 256).arg(index % 250 + 2);

    const double ucores = uniform(index, ChCores), uram = uniform(index, ChRam), ud = uniform(index, ChDisk);
    const bool server = id.type == DeviceType::Server, vm = id.type == DeviceType::Vm;
    if (id.os == SimOs::MacOs) {
        id.cores = pick(std::array<int, 3>{8, 10, 12}, ucores);
        id.ramBytes = pick(std::array<int, 3>{16, 16, 32}, uram) * GiB;
        id.manufacturer = QStringLiteral("Apple Inc.");
        id.model = id.type == DeviceType::Laptop ? QStringLiteral("MacBook Pro (14-inch, 2023)") : QStringLiteral("Mac mini (2023)");
        id.cpuModel = QLatin1String(pick(std::array<const char *, 3>{"Apple M2", "Apple M2 Pro", "Apple M3"}, ucores));
    } else if (server) {
        id.cores = pick(std::array<int, 5>{8, 16, 24, 32, 64}, ucores);
        id.ramBytes = pick(std::array<int, 5>{32, 64, 128, 256, 512}, uram) * GiB;
        const bool dell = uniform(index, ChVendor) < 0.55;
        id.manufacturer = dell ? QStringLiteral("Dell Inc.") : QStringLiteral("HPE");
        id.model = dell ? QStringLiteral("PowerEdge R650") : QStringLiteral("ProLiant DL380 Gen10 Plus");
        id.cpuModel = dell ? QStringLiteral("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz") : QStringLiteral("AMD EPYC 7443P 24-Core Processor");
    } else if (vm) {
        id.cores = pick(std::array<int, 6>{2, 2, 4, 4, 8, 16}, ucores);
        id.ramBytes = pick(std::array<int, 5>{4, 8, 8, 16, 32}, uram) * GiB;
        const double uv = uniform(index, ChVendor);
        id.manufacturer = uv < 0.5 ? QStringLiteral("QEMU") : uv < 0.8 ? QStringLiteral("VMware, Inc.") : QStringLiteral("Microsoft Corporation");
        id.model = uv < 0.5 ? QStringLiteral("Standard PC (Q35 + ICH9, 2009)") : uv < 0.8 ? QStringLiteral("VMware Virtual Platform")
                                                                                       : QStringLiteral("Virtual Machine");
        id.cpuModel = QStringLiteral("Intel Xeon Processor (Icelake)");
    } else {
        id.cores = pick(std::array<int, 5>{4, 6, 8, 12, 16}, ucores);
        id.ramBytes = pick(std::array<int, 5>{8, 16, 16, 32, 64}, uram) * GiB;
        const double uv = uniform(index, ChVendor);
        const bool laptop = id.type == DeviceType::Laptop;
        id.manufacturer = uv < 0.4 ? QStringLiteral("Dell Inc.") : uv < 0.75 ? QStringLiteral("LENOVO") : QStringLiteral("HP");
        id.model = uv < 0.4 ? (laptop ? QStringLiteral("Latitude 7440") : QStringLiteral("OptiPlex 7010"))
                 : uv < 0.75 ? (laptop ? QStringLiteral("ThinkPad T14 Gen 4") : QStringLiteral("ThinkCentre M70q Gen 4"))
                             : (laptop ? QStringLiteral("EliteBook 840 G10") : QStringLiteral("Elite Mini 800 G9"));
        id.cpuModel = laptop ? QStringLiteral("13th Gen Intel(R) Core(TM) i7-1365U") : QStringLiteral("13th Gen Intel(R) Core(TM) i5-13500");
    }
    static const char alphabet[] = "0123456789BCDFGHJKLMNPQRSTVWXYZ";
    for (int i = 0; i < 8; ++i)
        id.serial.append(QLatin1Char(alphabet[int(uniform(index, ChSerial, i) * 31)]));
    if (vm)
        id.serial = QStringLiteral("VM-") + id.serial;

    if (isWindows(id.os)) {
        id.mounts = {QStringLiteral("C:")};
        id.diskBytes = {qint64(128 + ud * 896) * GiB};
        if (server) {
            id.mounts.append(QStringLiteral("/D:"));
            id.diskBytes.append(qint64(1024 + uniform(index, ChExtraMount) * 7168) * GiB);
        }
    } else if (id.os == SimOs::MacOs) {
        id.mounts = {QStringLiteral("/")};
        id.diskBytes = {qint64(256 + ud * 1792) * GiB};
    } else if (server || vm) {
        id.mounts = {QStringLiteral("/"), QStringLiteral("/var")};
        id.diskBytes = {qint64(30 + ud * 70) * GiB, qint64(100 + uniform(index, ChExtraMount) * 900) * GiB};
        if (uniform(index, ChExtraMount, 1) < 0.4) {
            id.mounts.append(QStringLiteral("/srv"));
            id.diskBytes.append(qint64(1024 + uniform(index, ChExtraMount, 2) * 9216) * GiB);
        }
    } else {
        id.mounts = {QStringLiteral("/")};
        id.diskBytes = {qint64(256 + ud * 768) * GiB};
        if (uniform(index, ChExtraMount) < 0.5) {
            id.mounts.append(QStringLiteral("/home"));
            id.diskBytes.append(qint64(500 + uniform(index, ChExtraMount, 1) * 1500) * GiB);
        }
    }
    return id;
}

double SimModel::localHour(int index, qint64 timeMs, int *weekday) const
{
    const double uc = uniform(index, ChCustomer);
    const std::size_t customer = std::min(customers.size() - 1, std::size_t(uc * uc * double(customers.size())));
    const qint64 local = timeMs + qint64(pick(utcOffsets, uniform(int(customer), ChTz))) * minuteMs;
    const qint64 days = local >= 0 ? local / dayMs : (local - dayMs + 1) / dayMs;
    if (weekday)
        *weekday = int(((days + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday; 0 = Monday
    return double(local - days * dayMs) / double(hourMs);
}

double SimModel::activity(int index, qint64 timeMs) const
{
    int weekday = 0;
    const double hour = localHour(index, timeMs, &weekday);
    const bool weekend = weekday >= 5;
    const double ut = uniform(index, ChType);
    double curve;
    if (ut < 0.70) { // workstations and laptops: people
        curve = weekend ? 0.03 + 0.08 * officeCurve(hour) : officeCurve(hour);
    } else { // servers and VMs: a base load, business traffic and a night batch window
        const double batch = hour >= 1 && hour < 3 ? 0.45 : 0.0;
        curve = 0.18 + 0.45 * officeCurve(hour) * (weekend ? 0.3 : 1.0) + batch;
    }
    const double busy = 0.5 + 0.8 * uniform(index, ChBusy);
    const double noise = (smoothNoise(index, ChActivityNoise, timeMs, 20 * minuteMs) - 0.5) * 0.18;
    return std::clamp(curve * busy + noise, 0.0, 1.0);
}

bool SimModel::isOffline(int index, qint64 timeMs) const
{
    if (uniform(index, ChFlaky) >= 0.05)
        return false;
    const qint64 slot = timeMs / outageSlotMs;
    for (qint64 s = slot - 1; s <= slot; ++s) {
        if (uniform(index, ChOutage, s) >= 0.35)
            continue;
        const qint64 start = s * outageSlotMs + qint64(uniform(index, ChOutageStart, s) * 6 * hourMs);
        const qint64 end = start + 10 * minuteMs + qint64(uniform(index, ChOutageLength, s) * 110 * minuteMs);
        if (timeMs >= start && timeMs < end)
            return true;
    }
    return false;
}

qint64 SimModel::bootTimeMs(int index, qint64 timeMs, qint64 rebootedAtMs) const
{
    const SimIdentity id = identity(index);
    const double days = isWindows(id.os) ? 7 + 23 * uniform(index, ChBootPeriod)
                      : id.os == SimOs::MacOs ? 5 + 35 * uniform(index, ChBootPeriod)
                                               : 20 + 100 * uniform(index, ChBootPeriod);
    const qint64 period = qint64(days * double(dayMs));
    const qint64 phase = qint64(uniform(index, ChBootPhase) * double(period));
    qint64 boot = (timeMs - phase) / period * period + phase;
    if (boot > timeMs)
        boot -= period;
    if (uniform(index, ChFlaky) < 0.05) { // an outage ends with a fresh boot
        const qint64 slot = timeMs / outageSlotMs;
        for (qint64 s = slot - 1; s <= slot; ++s) {
            if (uniform(index, ChOutage, s) >= 0.35)
                continue;
            const qint64 start = s * outageSlotMs + qint64(uniform(index, ChOutageStart, s) * 6 * hourMs);
            const qint64 end = start + 10 * minuteMs + qint64(uniform(index, ChOutageLength, s) * 110 * minuteMs);
            if (end <= timeMs)
                boot = std::max(boot, end);
        }
    }
    if (rebootedAtMs > 0 && rebootedAtMs <= timeMs)
        boot = std::max(boot, rebootedAtMs);
    return boot;
}

double SimModel::diskPercent(int index, int mount, qint64 timeMs) const
{
    const quint32 ch = ChDiskBase + quint32(mount) * 16;
    const double base = 15 + 40 * uniform(index, ch);
    const double threshold = uniform(index, ch + 1) < 0.04 ? 94 + 4 * uniform(index, ch + 2) : 75 + 18 * uniform(index, ch + 2);
    const double perDay = uniform(index, ch + 3) < 0.06 ? 2 + 4 * uniform(index, ch + 4) : 0.05 + 0.75 * uniform(index, ch + 4);
    const double period = (threshold - base) / perDay; // days from clean to threshold
    const double phase = uniform(index, ch + 5) * period;
    const double days = double(timeMs) / double(dayMs);
    const double wiggle = (smoothNoise(index, ChDiskWiggle + quint32(mount), timeMs, 3 * hourMs) - 0.5) * 0.6;
    return std::clamp(base + perDay * std::fmod(days + phase, period) + wiggle, 1.0, 99.9);
}

QList<MetricSample> SimModel::samples(int index, qint64 t, qint64 rebootedAtMs) const
{
    const SimIdentity id = identity(index);
    const double a = activity(index, t);
    const qint64 minute = t / minuteMs;
    QList<MetricSample> out;
    const auto add = [&](const QString &name, double v, int decimals) { out.append({name, t, rounded(v, decimals)}); };

    double cpu = 2 + a * 85 * (0.6 + 0.6 * uniform(index, ChCpuScale)) + (uniform(index, ChCpuJitter, minute) - 0.5) * 6;
    if (uniform(index, ChSpike, minute) < 0.008)
        cpu += 30 + 30 * uniform(index, ChSpikeSize, minute);
    cpu = std::clamp(cpu, 0.3, 100.0);
    add(QLatin1String(metric::cpuPercent), cpu, 2);
    const double mem = 25 + 40 * uniform(index, ChMemBase) + a * 20 + (smoothNoise(index, ChMemNoise, t, 30 * minuteMs) - 0.5) * 10;
    add(QLatin1String(metric::memPercent), std::clamp(mem, 5.0, 99.0), 2);
    for (int m = 0; m < id.mounts.size(); ++m)
        add(QLatin1String(metric::diskPercent) + QLatin1Char(':') + id.mounts.at(m), diskPercent(index, m, t), 2);

    const bool server = id.type == DeviceType::Server || id.type == DeviceType::Vm;
    const double base = id.type == DeviceType::Server ? 400e3 : id.type == DeviceType::Vm ? 150e3
                      : id.type == DeviceType::Laptop ? 25e3 : 40e3;
    const double scale = 0.3 + 2.7 * uniform(index, ChNetScale);
    const double rx = scale * base * (0.03 + a) * (0.8 + 0.4 * uniform(index, ChNetJitter, minute));
    int weekday = 0;
    const double hour = localHour(index, t, &weekday);
    const double backupUpload = server && hour >= 1 && hour < 3 ? 3.0 : 1.0;
    const double tx = rx * (server ? 1.8 : 0.25) * backupUpload * (0.8 + 0.4 * uniform(index, ChTxJitter, minute));
    add(QLatin1String(metric::netRxBps), rx, 1);
    add(QLatin1String(metric::netTxBps), tx, 1);
    add(QLatin1String(metric::load1), id.cores * cpu / 100.0 * (0.7 + 0.6 * uniform(index, ChLoadJitter, minute)), 2);
    const double procBase = id.os == SimOs::MacOs ? 400 : isWindows(id.os) ? 150 : server ? 150 : 250;
    add(QLatin1String(metric::processCount),
        procBase + 150 * uniform(index, ChProcBase) + a * 40 + (uniform(index, ChProcJitter, minute) - 0.5) * 10, 0);
    add(QLatin1String(metric::uptimeSeconds), double(t - bootTimeMs(index, t, rebootedAtMs)) / 1000.0, 0);
    return out;
}

int SimModel::inventoryEpoch(int index, qint64 timeMs) const
{
    const SimIdentity id = identity(index);
    const qint64 local = timeMs + qint64(id.utcOffsetMinutes) * minuteMs;
    return int(local / dayMs);
}

int SimModel::staggerMs(int index, int intervalMs) const
{
    // A Weyl sequence spreads consecutive devices evenly over the interval.
    const double frac = std::fmod(double(index) * 0.6180339887498949 + uniform(0, ChStagger), 1.0);
    return std::clamp(int(frac * intervalMs), 0, std::max(0, intervalMs - 1));
}

} // namespace qd::agent
