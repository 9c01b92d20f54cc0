/**
 * The event log: the durable hand-off between ingest and the analyzer.
 * Adapters: in-process (embedded default) and Kafka (scale-out). The
 * analyzer's code never knows which one it has.
 */

/** Logical topics. Each maps to a versioned Kafka topic (`vigil.audit.v1`, …). */
export type Topic = 'audit' | 'deadletter' | 'alerts'

export const TOPIC_NAMES: Readonly<Record<Topic, string>> = {
  audit: 'vigil.audit.v1',
  deadletter: 'vigil.deadletter.v1',
  alerts: 'vigil.alerts.v1',
}

export interface OutgoingRecord {
  topic: Topic
  /** Partition key. For audit records: `<cluster>/<username>`, see ADR 0003. */
  key: string
  /**
   * The payload, text. An audit record holds the events of one key from one
   * ingest request, one JSON object per line (at most 1 MiB); a dead-letter
   * record holds one JSON DeadLetter.
   */
  value: string
  headers: Record<string, string>
  /**
   * The value as the producer already holds it, parsed and validated. Only
   * the in-process log hands it on (Kafka carries bytes), so a consumer may
   * skip re-parsing; it must still accept records without it.
   */
  parsed?: unknown
}

export interface ConsumedRecord {
  key: string
  value: string
  headers: Record<string, string>
  /** Position in its partition; informative (logs, dead letters). */
  offset: string
  /** See OutgoingRecord.parsed. */
  parsed?: unknown
}

export interface ConsumedBatch {
  topic: Topic
  partition: number
  records: readonly ConsumedRecord[]
}

/**
 * Handles one batch. Resolving means "stored": only then does the log
 * commit (Kafka) or acknowledge the publishers (in-process). Rejecting
 * means the batch will be delivered again (Kafka) or its publishers get
 * a retriable error (in-process).
 */
export type BatchHandler = (batch: ConsumedBatch) => Promise<void>

export interface EventLogProducer {
  /**
   * Resolves only once every record is durable. Rejects with an `AppError`:
   * `overloaded` (back off and retry), `unavailable` (the log cannot take
   * data now), `shutting_down`.
   */
  publish(records: readonly OutgoingRecord[]): Promise<void>
  /** Idempotent. */
  close(): Promise<void>
}

export interface EventLogConsumer {
  /**
   * Starts consuming the given topics; resolves once the consumer is running.
   * `onRebalance` is called when this consumer's partitions may have changed,
   * so state keyed by partition (threshold windows) can be reloaded.
   */
  run(options: { topics: readonly Topic[]; handler: BatchHandler; onRebalance?: () => void }): Promise<void>
  /** Stops after the in-flight batch; uncommitted records are delivered again later. Idempotent. */
  stop(): Promise<void>
}

export interface EventLog {
  readonly kind: 'inprocess' | 'kafka'
  /** Creates what the log needs (Kafka topics); idempotent. Publishing and consuming call it too. */
  prepare(): Promise<void>
  producer(): EventLogProducer
  consumer(options: { group: string }): EventLogConsumer
  /** Idempotent. */
  close(): Promise<void>
}
