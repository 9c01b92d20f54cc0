-- The alert router's durable state (ADR 0009). Each table is versioned:
-- a change writes a new row with a higher version, reads take the highest.
-- (Migration 013.)

-- Open aggregation groups: episode, sequence and timers (the findings are members, below).
CREATE TABLE IF NOT EXISTS alert_groups_v1
(
    group_key  String,
    route      LowCardinality(String),
    episode    UInt32,
    open       UInt8,
    state      String,
    version    UInt64,
    updated_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(version)
ORDER BY group_key;

-- The findings of each group episode, in the order they joined: appended, never rewritten,
-- so storing a batch costs the batch, whatever the size of its groups.
CREATE TABLE IF NOT EXISTS alert_group_members_v1
(
    group_key String,
    episode   UInt32,
    position  UInt32,
    finding_id String,
    candidate String,
    added_at  DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(added_at)
ORDER BY (group_key, episode, position)
TTL toDateTime(added_at) + INTERVAL 400 DAY;

-- The outbox: one row per notification per sink, written before the
-- consumer commits; delivery progress is a new version of the row.
CREATE TABLE IF NOT EXISTS alert_notifications_v1
(
    notification_id String,
    sink            LowCardinality(String),
    kind            LowCardinality(String),
    route           LowCardinality(String),
    group_key       String,
    group_id        String,
    episode         UInt32,
    severity        LowCardinality(String),
    state           LowCardinality(String),
    attempts        UInt32,
    next_attempt_at DateTime64(3, 'UTC'),
    last_result     LowCardinality(String),
    last_status     UInt16,
    last_detail     String,
    dead_reason     String,
    notification    String,
    created_at      DateTime64(3, 'UTC'),
    updated_at      DateTime64(3, 'UTC'),
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(created_at)
ORDER BY notification_id
TTL toDateTime(created_at) + INTERVAL 400 DAY;

-- Where a Slack bot posted a group episode's parent message.
CREATE TABLE IF NOT EXISTS alert_threads_v1
(
    thread_key String,
    channel    String,
    ts         String,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY thread_key;

-- Silences, kept forever as evidence of a suppression decision.
CREATE TABLE IF NOT EXISTS silences_v1
(
    id         String,
    matchers   String,
    starts_at  DateTime64(3, 'UTC'),
    ends_at    DateTime64(3, 'UTC'),
    created_by String,
    comment    String,
    created_at DateTime64(3, 'UTC'),
    expired_at Nullable(DateTime64(3, 'UTC')),
    replaces   String,
    version    UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id
