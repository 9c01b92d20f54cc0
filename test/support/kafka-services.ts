import type { ChildProcess } from 'node:child_process'
import { spawnCommand, VIGIL_BIN } from '../../bench/src/vigil-process.js'
import { killOnExit, stopChild } from './children.js'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { KafkaLogConfig } from '@vigil/event-log'
import { createClickHouseClient, type ClickHouseClient } from '@vigil/store'

export const KAFKA_INGEST_TOKEN = 'kafka-test-ingest-token-0123'

/** Event-log config for one test: its own topics (a unique prefix), 3 partitions, one replica. */
export function kafkaLogConfig(brokers: string, partitions = 3): KafkaLogConfig {
  return KafkaLogConfig.parse({ type: 'kafka', brokers: [brokers], topic_prefix: `t${randomUUID().slice(0, 8)}.`, partitions, replication_factor: 1, publish_timeout_ms: 5_000 })
}

/** The same config as VIGIL_* environment for a child process. */
export function kafkaEnv(log: KafkaLogConfig, dataDir: string): Record<string, string> {
  return {
    VIGIL_DATA_DIR: dataDir,
    VIGIL_LOG_LEVEL: process.env['VIGIL_TEST_LOG_LEVEL'] ?? 'warn',
    VIGIL_EVENT_LOG__TYPE: 'kafka',
    VIGIL_EVENT_LOG__BROKERS: `[${log.brokers.join(',')}]`,
    VIGIL_EVENT_LOG__TOPIC_PREFIX: log.topic_prefix,
    VIGIL_EVENT_LOG__PARTITIONS: String(log.partitions),
    VIGIL_EVENT_LOG__REPLICATION_FACTOR: '1',
    VIGIL_EVENT_LOG__PUBLISH_TIMEOUT_MS: String(log.publish_timeout_ms),
    VIGIL_INGEST__PORT: '0',
    VIGIL_INGEST__TOKENS: `[{cluster: c1, token: ${KAFKA_INGEST_TOKEN}}]`,
    VIGIL_ANALYZER__METRICS_PORT: '0',
  }
}

export interface ServiceProcess {
  child: ChildProcess
  url: string
  output: () => string
}

/** Runs `vigil ingest` or `vigil analyzer` and waits for its banner line; killed when the test worker exits. */
export async function spawnService(command: 'ingest' | 'analyzer', env: Record<string, string>, timeoutMs = 90_000): Promise<ServiceProcess> {
  if (!existsSync(VIGIL_BIN.replace('bin/vigil.js', 'dist/index.js'))) throw new Error('run `npm run build` first (npm test does)')
  const pattern = command === 'ingest' ? /listening on (https?:\/\/\S+)\/v1\/audit/ : /metrics (https?:\/\/\S+)\/metrics/
  const { child, match, output } = await spawnCommand([command], env, pattern, timeoutMs)
  killOnExit(child)
  return { child, url: match[1] as string, output }
}

export function stopService(s: ServiceProcess): Promise<number | null> {
  return stopChild(s.child)
}

/** Opens a chDB directory in this process (its owner must have exited). */
export function openStore(dataDir: string): Promise<ClickHouseClient> {
  return createClickHouseClient({ type: 'chdb' }, dataDir)
}

export async function queryRows<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<T>()
}
