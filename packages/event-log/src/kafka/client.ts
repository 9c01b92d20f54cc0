import kafkajs from 'kafkajs'
import type { Kafka as KafkaClient, LogEntry, SASLOptions } from 'kafkajs'

const { Kafka, logLevel } = kafkajs

/** What the adapter needs from a logger (a pino logger fits). */
export interface LogSink {
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
  debug(obj: object, msg: string): void
}

/** Connection settings shared by vigil's own log and the sources that read other clusters' Kafka heads. */
export interface KafkaConnection {
  client_id: string
  brokers: readonly string[]
  ssl: boolean
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string } | undefined
  connection_timeout_ms: number
  request_timeout_ms: number
}

/** A kafkajs client whose log lines go to `logger`. */
export function createKafkaClient(config: KafkaConnection, logger: LogSink): KafkaClient {
  return new Kafka({
    clientId: config.client_id,
    brokers: [...config.brokers],
    ssl: config.ssl,
    ...(config.sasl === undefined ? {} : { sasl: config.sasl as SASLOptions }),
    connectionTimeout: config.connection_timeout_ms,
    requestTimeout: config.request_timeout_ms,
    logLevel: logLevel.WARN,
    // kafkajs logs retried, harmless broker errors at ERROR; they are warnings to us.
    logCreator: () => (entry: LogEntry) => logger.warn({ kafkajs: entry.namespace, detail: entry.log }, String(entry.log.message)),
  })
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** kafkajs and AppError both say `retriable: false` for errors a retry cannot fix. */
export function retriableError(err: unknown): boolean {
  return (err as { retriable?: boolean } | null | undefined)?.retriable !== false
}
