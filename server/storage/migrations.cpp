#include "server/storage/migrations.h"

namespace qd::server {

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> list = {
        {1, "identity: users, sessions, refresh tokens, one-time tokens, audit, idempotency",
         {
             QStringLiteral("CREATE TABLE users ("
                            " id TEXT PRIMARY KEY,"
                            " email TEXT NOT NULL UNIQUE,"
                            " name TEXT NOT NULL,"
                            " role TEXT NOT NULL,"
                            " password_hash TEXT NOT NULL,"
                            " disabled INTEGER NOT NULL DEFAULT 0,"
                            " mfa_enabled INTEGER NOT NULL DEFAULT 0,"
                            " mfa_secret TEXT,"
                            " mfa_pending_secret TEXT,"
                            " mfa_last_step BIGINT NOT NULL DEFAULT 0,"
                            " created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL,"
                            " last_login_at BIGINT,"
                            " version BIGINT NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE TABLE recovery_codes ("
                            " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                            " code_hash TEXT NOT NULL,"
                            " used_at BIGINT,"
                            " PRIMARY KEY (user_id, code_hash))"),
             QStringLiteral("CREATE TABLE sessions ("
                            " id TEXT PRIMARY KEY,"
                            " user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                            " created_at BIGINT NOT NULL,"
                            " last_used_at BIGINT NOT NULL,"
                            " expires_at BIGINT NOT NULL,"
                            " revoked_at BIGINT,"
                            " revoke_reason TEXT,"
                            " ip TEXT,"
                            " user_agent TEXT)"),
             QStringLiteral("CREATE INDEX sessions_user ON sessions (user_id)"),
             QStringLiteral("CREATE TABLE refresh_tokens ("
                            " token_hash TEXT PRIMARY KEY,"
                            " session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
                            " issued_at BIGINT NOT NULL,"
                            " expires_at BIGINT NOT NULL,"
                            " spent_at BIGINT)"),
             QStringLiteral("CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)"),
             QStringLiteral("CREATE TABLE one_time_tokens ("
                            " id TEXT PRIMARY KEY,"
                            " token_hash TEXT NOT NULL UNIQUE,"
                            " purpose TEXT NOT NULL,"
                            " user_id TEXT REFERENCES users(id) ON DELETE CASCADE,"
                            " email TEXT,"
                            " role TEXT,"
                            " name TEXT,"
                            " created_by TEXT,"
                            " created_at BIGINT NOT NULL,"
                            " expires_at BIGINT NOT NULL,"
                            " used_at BIGINT,"
                            " revoked_at BIGINT)"),
             QStringLiteral("CREATE INDEX one_time_tokens_purpose ON one_time_tokens (purpose, email)"),
             QStringLiteral("CREATE TABLE audit_log ("
                            " id ${ID_PK},"
                            " at BIGINT NOT NULL,"
                            " actor_id TEXT,"
                            " actor_email TEXT,"
                            " action TEXT NOT NULL,"
                            " target_type TEXT,"
                            " target_id TEXT,"
                            " request_id TEXT,"
                            " ip TEXT,"
                            " details TEXT NOT NULL DEFAULT '{}')"),
             QStringLiteral("CREATE INDEX audit_log_at ON audit_log (at)"),
             QStringLiteral("CREATE INDEX audit_log_actor ON audit_log (actor_id, at)"),
             QStringLiteral("CREATE INDEX audit_log_action ON audit_log (action, at)"),
             QStringLiteral("CREATE TABLE idempotency_keys ("
                            " actor TEXT NOT NULL,"
                            " idem_key TEXT NOT NULL,"
                            " method TEXT NOT NULL,"
                            " path TEXT NOT NULL,"
                            " status INTEGER NOT NULL,"
                            " content_type TEXT NOT NULL,"
                            " body TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL,"
                            " PRIMARY KEY (actor, idem_key))"),
         }},
        {2, "fleet: customers, contacts, devices with search, inventory, enrollment, jobs, tombstones",
         {
             QStringLiteral("CREATE TABLE customers ("
                            " id TEXT PRIMARY KEY,"
                            " name TEXT NOT NULL,"
                            " notes TEXT NOT NULL DEFAULT '',"
                            " created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL,"
                            " version BIGINT NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE INDEX customers_updated ON customers (updated_at)"),
             QStringLiteral("CREATE UNIQUE INDEX customers_name ON customers (LOWER(name))"),
             QStringLiteral("CREATE TABLE contacts ("
                            " id TEXT PRIMARY KEY,"
                            " customer_id TEXT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,"
                            " name TEXT NOT NULL,"
                            " role TEXT NOT NULL DEFAULT '',"
                            " email TEXT NOT NULL DEFAULT '',"
                            " phone TEXT NOT NULL DEFAULT '',"
                            " created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL,"
                            " version BIGINT NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE INDEX contacts_customer ON contacts (customer_id)"),
             QStringLiteral("CREATE TABLE devices ("
                            " id TEXT PRIMARY KEY,"
                            " hostname TEXT NOT NULL,"
                            " fqdn TEXT NOT NULL DEFAULT '',"
                            " ips TEXT NOT NULL DEFAULT '[]',"
                            " macs TEXT NOT NULL DEFAULT '[]',"
                            " os_name TEXT NOT NULL DEFAULT '',"
                            " os_version TEXT NOT NULL DEFAULT '',"
                            " kernel TEXT NOT NULL DEFAULT '',"
                            " type TEXT NOT NULL,"
                            " customer_id TEXT REFERENCES customers(id) ON DELETE SET NULL,"
                            " tags TEXT NOT NULL DEFAULT '[]',"
                            " serial TEXT NOT NULL DEFAULT '',"
                            " manufacturer TEXT NOT NULL DEFAULT '',"
                            " model TEXT NOT NULL DEFAULT '',"
                            " cpu_model TEXT NOT NULL DEFAULT '',"
                            " cpu_cores INTEGER NOT NULL DEFAULT 0,"
                            " ram_bytes BIGINT NOT NULL DEFAULT 0,"
                            " agent_version TEXT NOT NULL DEFAULT '',"
                            " notes TEXT NOT NULL DEFAULT '',"
                            " first_seen BIGINT,"
                            " last_seen BIGINT,"
                            " status TEXT NOT NULL DEFAULT 'offline',"
                            " cpu_percent DOUBLE PRECISION NOT NULL DEFAULT -1,"
                            " mem_percent DOUBLE PRECISION NOT NULL DEFAULT -1,"
                            " disk_percent DOUBLE PRECISION NOT NULL DEFAULT -1,"
                            " backup_result TEXT NOT NULL DEFAULT '',"
                            " backup_last_run BIGINT,"
                            " pending_updates INTEGER NOT NULL DEFAULT 0,"
                            " pending_security_updates INTEGER NOT NULL DEFAULT 0,"
                            " interval_seconds INTEGER NOT NULL DEFAULT 60,"
                            " agent_token_hash TEXT UNIQUE,"
                            " created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL,"
                            " version BIGINT NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE INDEX devices_updated ON devices (updated_at)"),
             QStringLiteral("CREATE INDEX devices_hostname ON devices (hostname COLLATE NOCASE, id)"),
             QStringLiteral("CREATE INDEX devices_last_seen ON devices (last_seen, id)"),
             QStringLiteral("CREATE INDEX devices_status ON devices (status, hostname COLLATE NOCASE)"),
             QStringLiteral("CREATE INDEX devices_customer ON devices (customer_id, hostname COLLATE NOCASE)"),
             QStringLiteral("CREATE INDEX devices_type ON devices (type, hostname COLLATE NOCASE)"),
             QStringLiteral("CREATE TABLE device_inventory ("
                            " device_id TEXT PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,"
                            " document TEXT NOT NULL,"
                            " digest TEXT NOT NULL,"
                            " updated_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE enrollment_tokens ("
                            " id TEXT PRIMARY KEY,"
                            " token_hash TEXT NOT NULL UNIQUE,"
                            " customer_id TEXT REFERENCES customers(id) ON DELETE CASCADE,"
                            " uses_left INTEGER NOT NULL,"
                            " created_at BIGINT NOT NULL,"
                            " expires_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE jobs ("
                            " id TEXT PRIMARY KEY,"
                            " device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                            " kind TEXT NOT NULL,"
                            " payload TEXT NOT NULL DEFAULT '{}',"
                            " state TEXT NOT NULL,"
                            " result TEXT NOT NULL DEFAULT '{}',"
                            " created_by TEXT,"
                            " created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX jobs_device_state ON jobs (device_id, state, created_at)"),
             QStringLiteral("CREATE TABLE tombstones ("
                            " entity TEXT NOT NULL,"
                            " id TEXT NOT NULL,"
                            " deleted_at BIGINT NOT NULL,"
                            " PRIMARY KEY (entity, id))"),
             QStringLiteral("CREATE INDEX tombstones_time ON tombstones (entity, deleted_at)"),
         },
         {
             // Substring search over hostname, FQDN, addresses, OS and tags (trigram index).
             QStringLiteral("CREATE VIRTUAL TABLE devices_fts USING fts5(hostname, fqdn, ips, os_name, os_version, tags,"
                            " content='devices', content_rowid='rowid', tokenize='trigram')"),
             QStringLiteral("CREATE TRIGGER devices_fts_insert AFTER INSERT ON devices BEGIN"
                            " INSERT INTO devices_fts (rowid, hostname, fqdn, ips, os_name, os_version, tags)"
                            " VALUES (new.rowid, new.hostname, new.fqdn, new.ips, new.os_name, new.os_version, new.tags); END"),
             QStringLiteral("CREATE TRIGGER devices_fts_delete AFTER DELETE ON devices BEGIN"
                            " INSERT INTO devices_fts (devices_fts, rowid, hostname, fqdn, ips, os_name, os_version, tags)"
                            " VALUES ('delete', old.rowid, old.hostname, old.fqdn, old.ips, old.os_name, old.os_version, old.tags); END"),
             QStringLiteral("CREATE TRIGGER devices_fts_update AFTER UPDATE OF hostname, fqdn, ips, os_name, os_version, tags"
                            " ON devices BEGIN"
                            " INSERT INTO devices_fts (devices_fts, rowid, hostname, fqdn, ips, os_name, os_version, tags)"
                            " VALUES ('delete', old.rowid, old.hostname, old.fqdn, old.ips, old.os_name, old.os_version, old.tags);"
                            " INSERT INTO devices_fts (rowid, hostname, fqdn, ips, os_name, os_version, tags)"
                            " VALUES (new.rowid, new.hostname, new.fqdn, new.ips, new.os_name, new.os_version, new.tags); END"),
         }},
        {3, "metrics: series, raw samples and 5-minute and 1-hour rollups",
         {
             // One row per (device, metric); sample tables refer to it by a small integer key,
             // which keeps them compact (they hold the most rows by far).
             QStringLiteral("CREATE TABLE metric_series ("
                            " id ${ID_PK},"
                            " device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                            " metric TEXT NOT NULL,"
                            " UNIQUE (device_id, metric))"),
             QStringLiteral("CREATE INDEX metric_series_metric ON metric_series (metric)"),
             QStringLiteral("CREATE TABLE metric_samples ("
                            " series_id BIGINT NOT NULL,"
                            " ts BIGINT NOT NULL,"
                            " value DOUBLE PRECISION NOT NULL,"
                            " PRIMARY KEY (series_id, ts))${WITHOUT_ROWID}"),
             QStringLiteral("CREATE TABLE metric_rollup_5m ("
                            " series_id BIGINT NOT NULL,"
                            " bucket BIGINT NOT NULL,"
                            " total DOUBLE PRECISION NOT NULL,"
                            " count BIGINT NOT NULL,"
                            " min_value DOUBLE PRECISION NOT NULL,"
                            " max_value DOUBLE PRECISION NOT NULL,"
                            " PRIMARY KEY (series_id, bucket))${WITHOUT_ROWID}"),
             QStringLiteral("CREATE TABLE metric_rollup_1h ("
                            " series_id BIGINT NOT NULL,"
                            " bucket BIGINT NOT NULL,"
                            " total DOUBLE PRECISION NOT NULL,"
                            " count BIGINT NOT NULL,"
                            " min_value DOUBLE PRECISION NOT NULL,"
                            " max_value DOUBLE PRECISION NOT NULL,"
                            " PRIMARY KEY (series_id, bucket))${WITHOUT_ROWID}"),
         }},
        {4, "alerts: rules, alerts with their history, per device and rule state, device mutes",
         {
             QStringLiteral("CREATE TABLE alert_rules ("
                            " id TEXT PRIMARY KEY,"
                            " name TEXT NOT NULL,"
                            " kind TEXT NOT NULL,"
                            " metric TEXT NOT NULL DEFAULT '',"
                            " comparison TEXT NOT NULL DEFAULT '',"
                            " threshold DOUBLE PRECISION NOT NULL DEFAULT 0,"
                            " duration_seconds BIGINT NOT NULL DEFAULT 0,"
                            " scope_kind TEXT NOT NULL DEFAULT 'all',"
                            " scope_value TEXT NOT NULL DEFAULT '',"
                            " severity TEXT NOT NULL,"
                            " enabled INTEGER NOT NULL DEFAULT 1,"
                            " channels TEXT NOT NULL DEFAULT '[]',"
                            " renotify_seconds BIGINT NOT NULL DEFAULT 0,"
                            " flap_changes INTEGER NOT NULL DEFAULT 5,"
                            " flap_window_seconds BIGINT NOT NULL DEFAULT 1800,"
                            " created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL,"
                            " version BIGINT NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE TABLE alerts ("
                            " id TEXT PRIMARY KEY,"
                            " rule_id TEXT REFERENCES alert_rules(id) ON DELETE SET NULL,"
                            " rule_name TEXT NOT NULL,"
                            " device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                            " severity TEXT NOT NULL,"
                            " state TEXT NOT NULL,"
                            " message TEXT NOT NULL,"
                            " metric TEXT NOT NULL DEFAULT '',"
                            " value DOUBLE PRECISION,"
                            " threshold DOUBLE PRECISION,"
                            " started_at BIGINT NOT NULL,"
                            " raised_at BIGINT NOT NULL,"
                            " acked_at BIGINT,"
                            " acked_by TEXT,"
                            " ack_note TEXT,"
                            " resolved_at BIGINT,"
                            " resolved_by TEXT,"
                            " resolve_note TEXT,"
                            " notified_at BIGINT,"
                            " updated_at BIGINT NOT NULL,"
                            " version BIGINT NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE INDEX alerts_device ON alerts (device_id, raised_at)"),
             QStringLiteral("CREATE INDEX alerts_state ON alerts (state, severity)"),
             QStringLiteral("CREATE INDEX alerts_raised ON alerts (raised_at)"),
             QStringLiteral("CREATE INDEX alerts_updated ON alerts (updated_at)"),
             // At most one alert that is not resolved per rule and device.
             QStringLiteral("CREATE UNIQUE INDEX alerts_open ON alerts (rule_id, device_id) WHERE state <> 'resolved'"),
             // What the engine knows between samples: since when the condition holds (or has
             // been clear), and the recent state changes for flap detection.
             QStringLiteral("CREATE TABLE alert_rule_state ("
                            " rule_id TEXT NOT NULL REFERENCES alert_rules(id) ON DELETE CASCADE,"
                            " device_id TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,"
                            " state TEXT NOT NULL,"
                            " PRIMARY KEY (rule_id, device_id))"),
             QStringLiteral("CREATE TABLE device_mutes ("
                            " device_id TEXT PRIMARY KEY REFERENCES devices(id) ON DELETE CASCADE,"
                            " until BIGINT NOT NULL,"
                            " reason TEXT NOT NULL DEFAULT '',"
                            " created_by TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL)"),
         }},
        {5, "notifications: channels and the durable outbox with its delivery log",
         {
             QStringLiteral("CREATE TABLE notification_channels ("
                            " id TEXT PRIMARY KEY,"
                            " name TEXT NOT NULL,"
                            " kind TEXT NOT NULL,"
                            " recipients TEXT NOT NULL DEFAULT '[]',"
                            " url TEXT NOT NULL DEFAULT '',"
                            " secret TEXT NOT NULL DEFAULT '',"
                            " enabled INTEGER NOT NULL DEFAULT 1,"
                            " digest_threshold INTEGER NOT NULL DEFAULT 10,"
                            " created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL,"
                            " version BIGINT NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE UNIQUE INDEX notification_channels_name ON notification_channels (LOWER(name))"),
             // No foreign key to the channel: the log outlives a deleted channel (channel_name
             // keeps what it was called). channel_id is NULL for system mail to `recipient`.
             QStringLiteral("CREATE TABLE notification_outbox ("
                            " id TEXT PRIMARY KEY,"
                            " channel_id TEXT,"
                            " channel_name TEXT NOT NULL DEFAULT '',"
                            " kind TEXT NOT NULL,"
                            " recipient TEXT NOT NULL DEFAULT '',"
                            " is_digest INTEGER NOT NULL DEFAULT 0,"
                            " digest_id TEXT,"
                            " subject TEXT NOT NULL,"
                            " body TEXT NOT NULL,"
                            " payload TEXT NOT NULL DEFAULT '{}',"
                            " sealed INTEGER NOT NULL DEFAULT 0,"
                            " state TEXT NOT NULL,"
                            " attempts INTEGER NOT NULL DEFAULT 0,"
                            " last_error TEXT NOT NULL DEFAULT '',"
                            " created_at BIGINT NOT NULL,"
                            " next_attempt_at BIGINT NOT NULL,"
                            " sent_at BIGINT)"),
             QStringLiteral("CREATE INDEX notification_outbox_due ON notification_outbox (state, next_attempt_at)"),
             QStringLiteral("CREATE INDEX notification_outbox_channel ON notification_outbox (channel_id, created_at)"),
             QStringLiteral("CREATE INDEX notification_outbox_created ON notification_outbox (created_at)"),
             QStringLiteral("CREATE INDEX notification_outbox_digest ON notification_outbox (digest_id)"),
         }},
        {6, "scheduled reports: schedules, their runs with the rendered file, mail attachments",
         {
             QStringLiteral("ALTER TABLE notification_outbox ADD COLUMN attachment_ref TEXT"),
             // A schedule goes with its customer; its runs stay in the history.
             QStringLiteral("CREATE TABLE report_schedules ("
                            " id TEXT PRIMARY KEY,"
                            " name TEXT NOT NULL,"
                            " kind TEXT NOT NULL,"
                            " customer_id TEXT REFERENCES customers(id) ON DELETE CASCADE,"
                            " frequency TEXT NOT NULL,"
                            " format TEXT NOT NULL,"
                            " page_size TEXT NOT NULL,"
                            " recipients TEXT NOT NULL DEFAULT '[]',"
                            " enabled INTEGER NOT NULL DEFAULT 1,"
                            " next_run_at BIGINT NOT NULL,"
                            " last_run_at BIGINT,"
                            " created_by TEXT NOT NULL,"
                            " created_at BIGINT NOT NULL,"
                            " updated_at BIGINT NOT NULL,"
                            " version BIGINT NOT NULL DEFAULT 1)"),
             QStringLiteral("CREATE UNIQUE INDEX report_schedules_name ON report_schedules (LOWER(name))"),
             QStringLiteral("CREATE INDEX report_schedules_due ON report_schedules (enabled, next_run_at)"),
             QStringLiteral("CREATE TABLE report_runs ("
                            " id TEXT PRIMARY KEY,"
                            " schedule_id TEXT,"
                            " schedule_name TEXT NOT NULL DEFAULT '',"
                            " kind TEXT NOT NULL,"
                            " customer_id TEXT,"
                            " customer_name TEXT NOT NULL DEFAULT '',"
                            " format TEXT NOT NULL,"
                            " page_size TEXT NOT NULL,"
                            " period_from BIGINT NOT NULL,"
                            " period_to BIGINT NOT NULL,"
                            " recipients TEXT NOT NULL DEFAULT '[]',"
                            " state TEXT NOT NULL,"
                            " error TEXT NOT NULL DEFAULT '',"
                            " requested_by TEXT NOT NULL DEFAULT '',"
                            " created_at BIGINT NOT NULL,"
                            " started_at BIGINT,"
                            " finished_at BIGINT,"
                            " file_name TEXT NOT NULL DEFAULT '',"
                            " file_size BIGINT NOT NULL DEFAULT 0,"
                            " file_data ${BLOB},"
                            " delivery_id TEXT)"),
             QStringLiteral("CREATE INDEX report_runs_schedule ON report_runs (schedule_id, created_at)"),
             QStringLiteral("CREATE INDEX report_runs_created ON report_runs (created_at)"),
             QStringLiteral("CREATE INDEX report_runs_state ON report_runs (state, created_at)"),
         }},
        {7, "scheduled custom reports: the definition a schedule and its runs render",
         {
             QStringLiteral("ALTER TABLE report_schedules ADD COLUMN definition TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("ALTER TABLE report_runs ADD COLUMN definition TEXT NOT NULL DEFAULT ''"),
         }},
    };
    return list;
}

} // namespace qd::server
