#pragma once

#include "core/domain/result.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <optional>

namespace qd::agent {

// A request waiting for delivery: the API route it goes to and its JSON body.
struct SpoolEntry
{
    qint64 sequence = 0;
    QString route;
    QByteArray body;
};

struct SpoolLimits
{
    int maxFiles = 20'000;
    qint64 maxBytes = 50LL * 1024 * 1024;
};

// A directory of pending requests, one file per request, delivered oldest first. Files are
// written atomically (QSaveFile) and named by a growing sequence number, so the order survives
// restarts and clock changes. When a bound is exceeded the oldest entries are dropped with a
// warning: the newest data is the most useful after a long outage.
class Spool
{
public:
    explicit Spool(QString directory, SpoolLimits limits = {});

    // Creates the directory (owner-only) and indexes what an earlier run left behind.
    Status open();
    // Stores a request; may drop the oldest entries to stay within the limits.
    Status push(const QString &route, const QByteArray &body);
    // The oldest entry; unreadable files are deleted (with a warning) and skipped.
    std::optional<SpoolEntry> oldest();
    void remove(qint64 sequence);

    bool isEmpty() const { return m_index.isEmpty(); }
    int count() const { return int(m_index.size()); }
    qint64 bytes() const { return m_bytes; }
    qint64 droppedCount() const { return m_dropped; }
    const QString &directory() const { return m_dir; }
    const SpoolLimits &limits() const { return m_limits; }

private:
    QString pathFor(qint64 sequence) const;
    void dropOldest();

    QString m_dir;
    SpoolLimits m_limits;
    QMap<qint64, qint64> m_index; // sequence → file size
    qint64 m_bytes = 0;
    qint64 m_next = 1;
    qint64 m_dropped = 0;
};

} // namespace qd::agent
