import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { spawnCommand } from './vigil-process.js'

export const BENCH_TOKEN = 'bench-ingest-token-0123456789'

/** VIGIL_* environment for a Kafka-backed service with its own topics. */
export function kafkaServiceEnv(brokers: string, dataDir: string, partitions = 6): Record<string, string> {
  return {
    VIGIL_DATA_DIR: dataDir,
    VIGIL_LOG_LEVEL: 'warn',
    VIGIL_EVENT_LOG__TYPE: 'kafka',
    VIGIL_EVENT_LOG__BROKERS: `[${brokers}]`,
    VIGIL_EVENT_LOG__TOPIC_PREFIX: `b${randomUUID().slice(0, 8)}.`,
    VIGIL_EVENT_LOG__PARTITIONS: String(partitions),
    VIGIL_EVENT_LOG__REPLICATION_FACTOR: '1',
    VIGIL_INGEST__PORT: '0',
    VIGIL_API__PORT: '0',
    VIGIL_INGEST__TOKENS: `[{cluster: bench, token: ${BENCH_TOKEN}}]`,
    VIGIL_API__TOKENS: `[{name: bench, role: admin, token: ${BENCH_TOKEN}}]`,
    VIGIL_ANALYZER__METRICS_PORT: '0',
  }
}

export interface Service {
  child: ChildProcess
  url: string
  output: () => string
}

/** Runs a vigil command and waits until `pattern` (with the URL in group 1) appears in its output. */
export async function spawnService(args: string[], env: Record<string, string>, pattern: RegExp): Promise<Service> {
  const { child, match, output } = await spawnCommand(args, env, pattern)
  return { child, url: match[1] as string, output }
}

export { stopVigil as stopService } from './vigil-process.js'

/** Peak resident memory of a process, from /proc (Linux), in MiB. */
export function peakRssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m === null ? undefined : Math.round(Number(m[1]) / 1024)
  } catch {
    return undefined
  }
}
