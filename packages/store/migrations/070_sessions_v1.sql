-- People's sign-in sessions (OIDC): never the session id, only its SHA-256.
-- A sign-in inserts a row, a logout a newer version with revoked_at; the
-- newest updated_at wins. Every api process reloads the live ones, so a
-- session survives a restart and a logout ends it on every replica.
CREATE TABLE IF NOT EXISTS sessions_v1
(
    id_sha256  String,
    principal  String,
    role       LowCardinality(String),
    scoped     Bool,
    clusters   Array(String),
    groups     Array(String),
    created_at DateTime64(3, 'UTC'),
    expires_at DateTime64(3, 'UTC'),
    revoked_at Nullable(DateTime64(3, 'UTC')),
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id_sha256
TTL toDateTime(expires_at) + INTERVAL 30 DAY
