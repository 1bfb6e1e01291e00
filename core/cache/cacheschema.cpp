#include "core/cache/cacheschema.h"

namespace qd::core {

// The cache mirrors what the server sends. Each synced table keeps the server's JSON of the
// object (`json`, the source of truth for detail views) beside typed columns for the list
// models, filters, sorting and search. `row` is an explicit INTEGER PRIMARY KEY so rowids stay
// stable across VACUUM: the search index refers to them. Times are milliseconds since the
// epoch (UTC), NULL when unknown.
const QList<CacheMigration> &cacheMigrations()
{
    static const QList<CacheMigration> all{
        {1,
         "entities",
         {
             QStringLiteral("CREATE TABLE devices (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, hostname TEXT NOT NULL,"
                            " fqdn TEXT NOT NULL, ips TEXT NOT NULL, os_name TEXT NOT NULL, os_version TEXT NOT NULL,"
                            " type INTEGER NOT NULL, status INTEGER NOT NULL, customer_id TEXT NOT NULL, customer_name TEXT NOT NULL,"
                            " tags TEXT NOT NULL, cpu_percent REAL NOT NULL, mem_percent REAL NOT NULL, disk_percent REAL NOT NULL,"
                            " last_seen BIGINT, pending_updates INTEGER NOT NULL, pending_security_updates INTEGER NOT NULL,"
                            " backup_result TEXT NOT NULL, agent_version TEXT NOT NULL, updated_at BIGINT, version BIGINT NOT NULL,"
                            " json BLOB NOT NULL)"),
             QStringLiteral("CREATE INDEX devices_customer ON devices (customer_id)"),
             // One row per device and section (software, services, interfaces, disks, backup,
             // updates): the section's JSON as the server sends it.
             QStringLiteral("CREATE TABLE inventory_sections (device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,"
                            " section TEXT NOT NULL, json BLOB NOT NULL, PRIMARY KEY (device_id, section)) WITHOUT ROWID"),
             QStringLiteral("CREATE TABLE customers (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
                            " device_count BIGINT NOT NULL, updated_at BIGINT, version BIGINT NOT NULL, json BLOB NOT NULL)"),
             QStringLiteral("CREATE TABLE contacts (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL REFERENCES customers (id)"
                            " ON DELETE CASCADE, name TEXT NOT NULL, version BIGINT NOT NULL, json BLOB NOT NULL)"),
             QStringLiteral("CREATE INDEX contacts_customer ON contacts (customer_id, name)"),
             QStringLiteral("CREATE TABLE alerts (row INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, device_id TEXT NOT NULL,"
                            " customer_id TEXT NOT NULL, rule_id TEXT NOT NULL, hostname TEXT NOT NULL, message TEXT NOT NULL,"
                            " severity INTEGER NOT NULL, state INTEGER NOT NULL, raised_at BIGINT, updated_at BIGINT,"
                            " version BIGINT NOT NULL, json BLOB NOT NULL)"),
             QStringLiteral("CREATE INDEX alerts_raised ON alerts (raised_at)"),
             QStringLiteral("CREATE INDEX alerts_device ON alerts (device_id)"),
             QStringLiteral("CREATE TABLE alert_rules (id TEXT PRIMARY KEY, name TEXT NOT NULL, version BIGINT NOT NULL,"
                            " json BLOB NOT NULL)"),
             QStringLiteral("CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL,"
                            " version BIGINT NOT NULL, json BLOB NOT NULL)"),
             QStringLiteral("CREATE TABLE audit_events (id INTEGER PRIMARY KEY, at BIGINT, action TEXT NOT NULL,"
                            " json BLOB NOT NULL)"),
             // Rollups of a bounded window (pruned by age), per device, metric and bucket start.
             QStringLiteral("CREATE TABLE metric_rollups (device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,"
                            " metric TEXT NOT NULL, bucket BIGINT NOT NULL, avg REAL NOT NULL, min REAL NOT NULL,"
                            " max REAL NOT NULL, PRIMARY KEY (device_id, metric, bucket)) WITHOUT ROWID"),
             QStringLiteral("CREATE INDEX metric_rollups_bucket ON metric_rollups (bucket)"),
             // Where each delta sync continues: the server_time of the last complete pull and,
             // for the live channel, the last applied event sequence number.
             QStringLiteral("CREATE TABLE sync_cursors (name TEXT PRIMARY KEY, server_time BIGINT, seq BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL, path TEXT NOT NULL,"
                            " body BLOB NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, if_match BIGINT, created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL, last_error TEXT NOT NULL,"
                            " problem BLOB)"),
             QStringLiteral("CREATE INDEX outbox_state ON outbox (state, id)"),
         }},
        {2,
         "search",
         {
             // One index for global search. Its rowid encodes the source: (table row << 2) | kind
             // with kind 1 device, 2 customer, 3 alert, so triggers find an entry without a scan
             // and one MATCH ranks all kinds together.
             QStringLiteral("CREATE VIRTUAL TABLE search_index USING fts5(title, detail, tokenize='${FTS_TOKENIZER}')"),
             QStringLiteral("CREATE TRIGGER devices_search_insert AFTER INSERT ON devices BEGIN"
                            " INSERT INTO search_index (rowid, title, detail) VALUES ((new.row << 2) | 1, new.hostname,"
                            " new.fqdn || ' ' || new.ips || ' ' || new.os_name || ' ' || new.os_version || ' ' || new.tags); END"),
             QStringLiteral("CREATE TRIGGER devices_search_delete AFTER DELETE ON devices BEGIN"
                            " DELETE FROM search_index WHERE rowid = (old.row << 2) | 1; END"),
             QStringLiteral("CREATE TRIGGER devices_search_update AFTER UPDATE OF hostname, fqdn, ips, os_name, os_version, tags"
                            " ON devices BEGIN"
                            " UPDATE search_index SET title = new.hostname, detail = new.fqdn || ' ' || new.ips || ' ' ||"
                            " new.os_name || ' ' || new.os_version || ' ' || new.tags WHERE rowid = (new.row << 2) | 1; END"),
             QStringLiteral("CREATE TRIGGER customers_search_insert AFTER INSERT ON customers BEGIN"
                            " INSERT INTO search_index (rowid, title, detail) VALUES ((new.row << 2) | 2, new.name, ''); END"),
             QStringLiteral("CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN"
                            " DELETE FROM search_index WHERE rowid = (old.row << 2) | 2; END"),
             QStringLiteral("CREATE TRIGGER customers_search_update AFTER UPDATE OF name ON customers BEGIN"
                            " UPDATE search_index SET title = new.name WHERE rowid = (new.row << 2) | 2; END"),
             QStringLiteral("CREATE TRIGGER alerts_search_insert AFTER INSERT ON alerts BEGIN"
                            " INSERT INTO search_index (rowid, title, detail) VALUES ((new.row << 2) | 3, new.message,"
                            " new.hostname); END"),
             QStringLiteral("CREATE TRIGGER alerts_search_delete AFTER DELETE ON alerts BEGIN"
                            " DELETE FROM search_index WHERE rowid = (old.row << 2) | 3; END"),
             QStringLiteral("CREATE TRIGGER alerts_search_update AFTER UPDATE OF message, hostname ON alerts BEGIN"
                            " UPDATE search_index SET title = new.message, detail = new.hostname"
                            " WHERE rowid = (new.row << 2) | 3; END"),
         }},
        {3,
         "documents",
         {
             // Whole server documents kept as the server sent them (the dashboard summary), with
             // the time they were stored, so a cold start or an offline session shows them at once.
             QStringLiteral("CREATE TABLE documents (name TEXT PRIMARY KEY, body BLOB NOT NULL, stored_at BIGINT NOT NULL)"),
         }},
        {4,
         "search-triggers-on-change",
         {
             // An upsert assigns every column, which fired the search triggers for every live
             // update of a device (its CPU, its last-seen time) and re-indexed its text each time.
             // The index now moves only when an indexed text really changed.
             QStringLiteral("DROP TRIGGER devices_search_update"),
             QStringLiteral("CREATE TRIGGER devices_search_update AFTER UPDATE OF hostname, fqdn, ips, os_name, os_version, tags"
                            " ON devices WHEN old.hostname IS NOT new.hostname OR old.fqdn IS NOT new.fqdn OR old.ips IS NOT new.ips"
                            " OR old.os_name IS NOT new.os_name OR old.os_version IS NOT new.os_version OR old.tags IS NOT new.tags BEGIN"
                            " UPDATE search_index SET title = new.hostname, detail = new.fqdn || ' ' || new.ips || ' ' ||"
                            " new.os_name || ' ' || new.os_version || ' ' || new.tags WHERE rowid = (new.row << 2) | 1; END"),
             QStringLiteral("DROP TRIGGER customers_search_update"),
             QStringLiteral("CREATE TRIGGER customers_search_update AFTER UPDATE OF name ON customers WHEN old.name IS NOT new.name BEGIN"
                            " UPDATE search_index SET title = new.name WHERE rowid = (new.row << 2) | 2; END"),
             QStringLiteral("DROP TRIGGER alerts_search_update"),
             QStringLiteral("CREATE TRIGGER alerts_search_update AFTER UPDATE OF message, hostname ON alerts"
                            " WHEN old.message IS NOT new.message OR old.hostname IS NOT new.hostname BEGIN"
                            " UPDATE search_index SET title = new.message, detail = new.hostname"
                            " WHERE rowid = (new.row << 2) | 3; END"),
         }},
        {5,
         "availability",
         {
             // Per device and day (00:00 UTC): hours reported out of hours expected, from the
             // server's /metrics/availability; what availability reports add up, offline too.
             QStringLiteral("CREATE TABLE availability_days (device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,"
                            " day BIGINT NOT NULL, reported_hours INTEGER NOT NULL, expected_hours INTEGER NOT NULL,"
                            " PRIMARY KEY (device_id, day)) WITHOUT ROWID"),
         }},
    };
    return all;
}

int latestCacheSchemaVersion()
{
    return cacheMigrations().back().version;
}

} // namespace qd::core
