#include "storage/migrations.h"

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
    };
    return list;
}

} // namespace qd::server
