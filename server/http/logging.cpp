#include "http/logging.h"

#include "domain/timeformat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QMutex>

#include <cstdio>

namespace qd::server {

namespace {
LogFormat g_format = LogFormat::Text;
QMutex g_mutex;

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return "debug";
    case QtInfoMsg: return "info";
    case QtWarningMsg: return "warning";
    case QtCriticalMsg: return "error";
    case QtFatalMsg: return "fatal";
    }
    return "info";
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString now = toIsoUtc(QDateTime::currentDateTimeUtc());
    const QString category = QString::fromLatin1(context.category ? context.category : "default");
    QByteArray line;
    if (g_format == LogFormat::Json) {
        const QJsonObject o{{QStringLiteral("ts"), now},
                            {QStringLiteral("level"), QLatin1String(levelName(type))},
                            {QStringLiteral("category"), category},
                            {QStringLiteral("msg"), message}};
        line = QJsonDocument(o).toJson(QJsonDocument::Compact);
    } else {
        line = QStringLiteral("%1 %2 %3: %4").arg(now, QLatin1String(levelName(type)), category, message).toUtf8();
    }
    QMutexLocker lock(&g_mutex);
    line.append('\n');
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
    if (type == QtFatalMsg)
        std::abort();
}
} // namespace

void Logging::install(LogFormat format)
{
    g_format = format;
    qInstallMessageHandler(handler);
}

LogFormat Logging::format()
{
    return g_format;
}

void Logging::writeLine(const QByteArray &line)
{
    QMutexLocker lock(&g_mutex);
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
}

void Logging::access(const QJsonObject &f)
{
    QByteArray line;
    if (g_format == LogFormat::Json) {
        QJsonObject o = f;
        o.insert(QStringLiteral("ts"), toIsoUtc(QDateTime::currentDateTimeUtc()));
        o.insert(QStringLiteral("level"), QStringLiteral("info"));
        o.insert(QStringLiteral("category"), QStringLiteral("qd.server.access"));
        line = QJsonDocument(o).toJson(QJsonDocument::Compact);
    } else {
        line = QStringLiteral("%1 %2 %3 %4 %5 %6ms rid=%7")
                   .arg(toIsoUtc(QDateTime::currentDateTimeUtc()), f.value(QStringLiteral("ip")).toString(),
                        f.value(QStringLiteral("method")).toString(), f.value(QStringLiteral("path")).toString(),
                        QString::number(f.value(QStringLiteral("status")).toInt()),
                        QString::number(f.value(QStringLiteral("duration_ms")).toDouble(), 'f', 2),
                        f.value(QStringLiteral("request_id")).toString())
                   .toUtf8();
    }
    line.append('\n');
    writeLine(line);
}

} // namespace qd::server
