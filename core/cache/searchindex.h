#pragma once

#include "core/cache/cachechanges.h"
#include "core/domain/result.h"

#include <QList>
#include <QString>

namespace qd::core {

class CacheDatabase;

// One result of the global search.
struct SearchHit
{
    CacheEntity kind = CacheEntity::Device; // Device, Customer or Alert
    QString id;
    QString title;  // hostname, customer name or alert message
    QString detail; // what else matched: FQDN, addresses, OS and tags; the alert's hostname
    double score = 0; // lower is better (bm25)
};

// Global search over devices (hostname, FQDN, IPs, OS, tags), customers (name) and alerts
// (message, hostname). The index is kept by triggers, so deleted rows drop out with them.
class SearchIndex
{
public:
    explicit SearchIndex(CacheDatabase &db) : m_db(db) {}

    // Every whitespace-separated term must occur, as a substring (trigram tokenizer) or a word
    // prefix (without it), case-insensitively. Terms shorter than three characters cannot use
    // the trigram index; a query made only of those is answered by a scan.
    Result<QList<SearchHit>> search(const QString &text, int limit = 50);

private:
    CacheDatabase &m_db;
};

} // namespace qd::core
