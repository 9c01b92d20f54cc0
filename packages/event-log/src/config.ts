import { z } from 'zod'

export const InProcessLogConfig = z.strictObject({
  type: z.literal('inprocess'),
  /** Records queued but not yet stored; beyond this, publish answers `overloaded` (HTTP 429). */
  max_pending_records: z.number().int().positive().default(50_000),
  /** Most records handed to the consumer in one batch (group commit). */
  max_batch_records: z.number().int().positive().default(10_000),
  /** Batches being evaluated or stored at once. 1 measured fastest on two cores: while one batch is stored, the next grows (group commit). */
  max_in_flight_batches: z.number().int().min(1).max(16).default(1),
})

export const KafkaLogConfig = z.strictObject({
  type: z.literal('kafka'),
  /** Bootstrap brokers, `host:port`. */
  brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).min(1),
  client_id: z.string().min(1).default('vigil'),
  /** Prepended to the versioned topic names (`<prefix>vigil.audit.v1`); lets tests and tenants share a cluster. */
  topic_prefix: z.string().regex(/^[A-Za-z0-9._-]*$/).default(''),
  /** Partitions for topics vigil creates; the ceiling on analyzer parallelism. */
  partitions: z.number().int().min(1).max(10_000).default(12),
  replication_factor: z.number().int().min(1).max(7).default(3),
  /** Broker connection and request timeouts. */
  connection_timeout_ms: z.number().int().positive().default(3_000),
  request_timeout_ms: z.number().int().positive().default(30_000),
  /** How long ingest waits for a durable publish before answering 503. */
  publish_timeout_ms: z.number().int().positive().default(10_000),
  /** Partitions one analyzer consumer works on at once (one evaluates while another is stored). */
  partitions_consumed_concurrently: z.number().int().min(1).max(64).default(2),
  ssl: z.boolean().default(false),
  sasl: z
    .strictObject({
      mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']),
      username: z.string().min(1),
      password: z.string().min(1),
    })
    .optional(),
})
export type KafkaLogConfig = z.infer<typeof KafkaLogConfig>

/**
 * Which event log to use: the in-process default, or Kafka for scale-out
 * (ADR 0002). A section without `type` is the default type, so
 * `VIGIL_EVENT_LOG__MAX_BATCH_RECORDS=5000` alone works.
 */
export const EventLogConfig = z.preprocess(
  (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) && !('type' in v) ? { type: 'inprocess', ...v } : v),
  z.discriminatedUnion('type', [InProcessLogConfig, KafkaLogConfig]),
)
export type EventLogConfig = z.infer<typeof EventLogConfig>
