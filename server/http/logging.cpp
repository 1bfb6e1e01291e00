#include "server/http/logging.h"

#include "core/domain/timeformat.h"

#include <QDateTime>
#include <QJsonDocument>

namespace qd::server {

void Logging::access(const QJsonObject &f)
{
    QByteArray line;
    if (processLogFormat() == LogFormat::Json) {
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
    writeLogLine(line);
}

} // namespace qd::server
