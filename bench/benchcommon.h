#pragma once

#include "bench/httpload.h"

#include <QTextStream>

namespace qd::bench {

// Milliseconds for a figure line, one decimal.
inline QString ms(double value)
{
    return QString::number(value, 'f', 1);
}

// The standard report lines every benchmark prints.
inline void printLoad(QTextStream &out, const LoadResult &r)
{
    out << QStringLiteral("requests: %1  errors: %2  throughput: %3 req/s\n")
               .arg(QString::number(r.requests), QString::number(r.errors), QString::number(r.perSecond(), 'f', 0));
    out << QStringLiteral("latency ms: p50 %1  p90 %2  p99 %3  max %4\n")
               .arg(QString::number(r.percentile(50), 'f', 3), QString::number(r.percentile(90), 'f', 3),
                    QString::number(r.percentile(99), 'f', 3),
                    QString::number(r.latenciesMs.isEmpty() ? 0 : r.latenciesMs.last(), 'f', 3));
    out.flush();
}

} // namespace qd::bench
