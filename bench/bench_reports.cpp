// Report rendering figures: an XLSX of 100,000 rows x 8 columns (against openpyxl writing the
// same rows in its write-only mode, in the same run) and the PDF inventory of 10,000 devices
// with its charts. Input devices are generated here (fixed seed); the code measured is the
// product's. Prints figures; never fails on time.
#include "reports/model/reportdata.h"
#include "reports/render/renderers.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace qd;
using namespace qd::reports;

namespace {

QList<Device> makeDevices(int n)
{
    QRandomGenerator rng(20261124);
    const QStringList customers{QStringLiteral("Acme"), QStringLiteral("Birch"), QStringLiteral("Cobalt"), QStringLiteral("Delta"),
                                QStringLiteral("Elm"), QStringLiteral("Fjord"), QStringLiteral("Granite"), QStringLiteral("Harbor"),
                                QStringLiteral("Iris"), QStringLiteral("Juniper"), QStringLiteral("Kestrel"), QStringLiteral("Linden")};
    const QStringList os{QStringLiteral("Windows 11 Pro"), QStringLiteral("Ubuntu"), QStringLiteral("macOS"), QStringLiteral("Debian GNU/Linux")};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<Device> out;
    out.reserve(n);
    for (int i = 0; i < n; ++i) {
        Device d;
        d.id = QStringLiteral("dev-%1").arg(i);
        const int c = int(rng.bounded(customers.size()));
        d.customerId = QString::number(c);
        d.customerName = customers[c] + QStringLiteral(" Ltd");
        d.type = DeviceType(rng.bounded(5));
        d.status = DeviceStatus(rng.bounded(4));
        d.hostname = QStringLiteral("%1-%2-%3").arg(customers[c].toLower()).arg(int(d.type)).arg(i, 6, 10, QLatin1Char('0'));
        d.osName = os[rng.bounded(os.size())];
        d.osVersion = QString::number(rng.bounded(10, 24));
        d.ips = {QStringLiteral("10.%1.%2.%3").arg(c).arg(i / 250 % 250).arg(i % 250)};
        d.manufacturer = QStringLiteral("Dell Inc.");
        d.model = QStringLiteral("Latitude %1").arg(5000 + rng.bounded(900));
        d.cpuCores = 2 << rng.bounded(4);
        d.ramBytes = qint64(4 << rng.bounded(5)) * 1024 * 1024 * 1024;
        d.cpuPercent = rng.generateDouble() * 100;
        d.lastSeen = QDateTime::fromMSecsSinceEpoch(now - rng.bounded(86'400'000), Qt::UTC);
        d.agentVersion = QStringLiteral("0.1.0");
        out.append(d);
    }
    return out;
}

template <typename F>
double bestOf(int runs, F f)
{
    double best = 1e9;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        best = std::min(best, double(t.nsecsElapsed()) / 1e9);
    }
    return best;
}

const char *openpyxlScript = R"PY(
import csv, datetime, sys, time, openpyxl
rows = []
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for r in csv.reader(f):
        rows.append([r[0], r[1], r[2], r[3], int(r[4]), float(r[5]), float(r[6]) / 100.0,
                     datetime.datetime.fromtimestamp(int(r[7]))])
start = time.perf_counter()
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet('Devices')
ws.append(['Hostname', 'Customer', 'Type', 'OS', 'CPU cores', 'RAM (GiB)', 'CPU', 'Last seen'])
for r in rows:
    ws.append(r)
wb.save(sys.argv[2])
print(time.perf_counter() - start)
)PY";

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTextStream out(stdout);
    QTemporaryDir dir;
    const QList<Device> devices = makeDevices(100'000);

    // XLSX: one sheet of 100,000 rows x 8 typed columns.
    Report xlsx;
    xlsx.title = QStringLiteral("Devices");
    xlsx.scope = QStringLiteral("All customers");
    xlsx.generatedAt = QDateTime::currentDateTimeUtc();
    ReportSection section;
    section.title = QStringLiteral("Devices");
    section.table.columns = {{QStringLiteral("Hostname"), CellType::Text, 0},    {QStringLiteral("Customer"), CellType::Text, 0},
                             {QStringLiteral("Type"), CellType::Text, 0},        {QStringLiteral("OS"), CellType::Text, 0},
                             {QStringLiteral("CPU cores"), CellType::Integer, 0}, {QStringLiteral("RAM (GiB)"), CellType::Number, 1},
                             {QStringLiteral("CPU"), CellType::Percent, 1},       {QStringLiteral("Last seen"), CellType::DateTime, 0}};
    QFile dump(dir.filePath(QStringLiteral("rows.csv")));
    dump.open(QIODevice::WriteOnly);
    for (const Device &d : devices) {
        const double ram = double(d.ramBytes) / (1024.0 * 1024 * 1024);
        section.table.rows.append({d.hostname, d.customerName, deviceTypeName(d.type), d.osName, qint64(d.cpuCores), ram, d.cpuPercent, d.lastSeen});
        dump.write(QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8\n")
                       .arg(d.hostname, d.customerName, deviceTypeName(d.type), d.osName)
                       .arg(d.cpuCores)
                       .arg(ram, 0, 'f', 1)
                       .arg(d.cpuPercent, 0, 'f', 3)
                       .arg(d.lastSeen.toSecsSinceEpoch())
                       .toUtf8());
    }
    dump.close();
    xlsx.sections = {section};
    const QString xlsxPath = dir.filePath(QStringLiteral("devices.xlsx"));
    const double qdXlsx = bestOf(3, [&] {
        if (!writeXlsx(xlsx, xlsxPath))
            qFatal("writeXlsx failed");
    });
    QProcess py;
    py.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QString::fromUtf8(openpyxlScript), dump.fileName(),
                                                  dir.filePath(QStringLiteral("openpyxl.xlsx"))});
    py.waitForFinished(600'000);
    const double openpyxl = py.readAllStandardOutput().trimmed().toDouble();
    out << QStringLiteral("xlsx 100000 rows x 8 columns: %1 s (best of 3), %2 MB; openpyxl write-only: %3 s; speed-up %4x")
               .arg(qdXlsx, 0, 'f', 2)
               .arg(double(QFileInfo(xlsxPath).size()) / 1e6, 0, 'f', 1)
               .arg(openpyxl, 0, 'f', 2)
               .arg(qdXlsx > 0 ? openpyxl / qdXlsx : 0, 0, 'f', 1)
        << Qt::endl;

    // PDF: the inventory report of 10,000 devices with its charts.
    ReportData data;
    data.devices = devices.mid(0, 10'000);
    std::sort(data.devices.begin(), data.devices.end(), [](const Device &a, const Device &b) { return a.hostname < b.hostname; });
    data.dataAsOf = QDateTime::currentDateTimeUtc();
    ReportOptions options;
    options.kind = ReportKind::Inventory;
    Report inventory;
    const double build = bestOf(3, [&] { inventory = buildReport(data, options); });
    const QString pdfPath = dir.filePath(QStringLiteral("inventory.pdf"));
    const double pdf = bestOf(3, [&] {
        if (!writePdf(inventory, pdfPath))
            qFatal("writePdf failed");
    });
    out << QStringLiteral("pdf inventory 10000 devices: build %1 s, render %2 s (best of 3), %3 MB")
               .arg(build, 0, 'f', 3)
               .arg(pdf, 0, 'f', 2)
               .arg(double(QFileInfo(pdfPath).size()) / 1e6, 0, 'f', 1)
        << Qt::endl;
    return 0;
}
