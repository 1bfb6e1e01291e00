#pragma once

#include <QDateTime>
#include <QObject>
#include <QString>

namespace qd::core {

class ApiClient;
class CacheStore;

// Fetches a device's metric history (GET /devices/{id}/metrics) into the cache's rollups, so
// the charts read it from the cache — at once next time, and offline. Buckets of different
// sizes are kept apart: the cached series is named "<metric>@<bucket seconds>".
class MetricHistory : public QObject
{
    Q_OBJECT

public:
    MetricHistory(ApiClient *client, CacheStore &store, QObject *parent = nullptr);

    // The cache's series name for a metric at a bucket size.
    static QString seriesName(const QString &metric, int bucketSeconds);

    // Asks the server for [from, to) in buckets of `bucketSeconds`; loaded() or failed() follows.
    void fetch(const QString &deviceId, const QString &metric, const QDateTime &from, const QDateTime &to, int bucketSeconds);

signals:
    void loaded(const QString &deviceId, const QString &series, int points);
    void failed(const QString &deviceId, const QString &series, const QString &message);

private:
    ApiClient *m_client;
    CacheStore &m_store;
};

} // namespace qd::core
