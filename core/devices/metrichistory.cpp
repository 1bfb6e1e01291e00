#include "core/devices/metrichistory.h"

#include "core/api/apiclient.h"
#include "core/api/apireply.h"
#include "core/cache/cachestore.h"
#include "core/domain/timeformat.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace qd::core {

MetricHistory::MetricHistory(ApiClient *client, CacheStore &store, QObject *parent) : QObject(parent), m_client(client), m_store(store) {}

QString MetricHistory::seriesName(const QString &metric, int bucketSeconds)
{
    return metric + QLatin1Char('@') + QString::number(bucketSeconds);
}

void MetricHistory::fetch(const QString &deviceId, const QString &metric, const QDateTime &from, const QDateTime &to, int bucketSeconds)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("metric"), metric);
    query.addQueryItem(QStringLiteral("from"), toIsoUtc(from));
    query.addQueryItem(QStringLiteral("to"), toIsoUtc(to));
    query.addQueryItem(QStringLiteral("bucket"), QString::number(bucketSeconds));
    const QString series = seriesName(metric, bucketSeconds);
    ApiReply *reply = m_client->send(ApiRequest::get(QStringLiteral("/api/v1/devices/%1/metrics").arg(deviceId), query));
    reply->then(this, [this, deviceId, series](const ApiReply &r) {
        if (!r.isOk())
            return emit failed(deviceId, series, r.error().message());
        QList<MetricRollup> rollups;
        for (const QJsonValue &v : r.json().value(QStringLiteral("points")).toArray()) {
            const QJsonObject p = v.toObject();
            rollups.append({deviceId, series, fromIsoUtc(p.value(QStringLiteral("t")).toString()), p.value(QStringLiteral("avg")).toDouble(),
                            p.value(QStringLiteral("min")).toDouble(), p.value(QStringLiteral("max")).toDouble()});
        }
        if (Status s = m_store.metrics().put(rollups); !s)
            return emit failed(deviceId, series, s.error());
        emit loaded(deviceId, series, int(rollups.size()));
    });
}

} // namespace qd::core
