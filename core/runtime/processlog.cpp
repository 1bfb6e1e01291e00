#include "core/runtime/processlog.h"

#include "core/domain/timeformat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>

#include <cstdio>
#include <cstdlib>

namespace qd {

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
    line.append('\n');
    writeLogLine(line);
    if (type == QtFatalMsg)
        std::abort();
}
} // namespace

void installProcessLog(LogFormat format)
{
    g_format = format;
    qInstallMessageHandler(handler);
}

LogFormat processLogFormat()
{
    return g_format;
}

void writeLogLine(const QByteArray &line)
{
    QMutexLocker lock(&g_mutex);
    std::fwrite(line.constData(), 1, static_cast<size_t>(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace qd
