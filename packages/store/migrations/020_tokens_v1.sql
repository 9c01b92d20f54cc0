-- Managed API and ingest tokens: never the secret, only its SHA-256.
-- Every change (revoke, rotate) inserts a newer version of the row; the
-- newest updated_at wins. No TTL: who held access is evidence.
CREATE TABLE IF NOT EXISTS tokens_v1
(
    id           String,
    name         String,
    role         LowCardinality(String),
    cluster      Nullable(String),
    clusters     Array(String),
    token_sha256 String,
    created_by   String,
    created_at   DateTime64(3, 'UTC'),
    expires_at   Nullable(DateTime64(3, 'UTC')),
    revoked_at   Nullable(DateTime64(3, 'UTC')),
    revoked_by   Nullable(String),
    rotated_from Nullable(String),
    updated_at   DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY id;

-- When each managed token was last used; kept apart from tokens_v1 so a
-- usage write can never overwrite a revocation.
CREATE TABLE IF NOT EXISTS token_last_used_v1
(
    id           String,
    last_used_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(last_used_at)
ORDER BY id
