import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const VIGIL_BIN = fileURLToPath(new URL('../../packages/cli/bin/vigil.js', import.meta.url))
export const BENCH_TOKEN = 'bench-ingest-token-0123456789'

export interface Service {
  child: ChildProcess
  url: string
  output: () => string
}

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

/** Runs a vigil command and waits until `pattern` (with the URL in group 1) appears in its output. */
export async function spawnService(args: string[], env: Record<string, string>, pattern: RegExp): Promise<Service> {
  const child = spawn(process.execPath, [VIGIL_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let out = ''
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const t0 = Date.now()
  for (;;) {
    const m = pattern.exec(out)
    if (m !== null) return { child, url: m[1] as string, output: () => out }
    if (child.exitCode !== null || Date.now() - t0 > 90_000) {
      child.kill('SIGKILL')
      throw new Error(`vigil ${args.join(' ')} failed:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
}

export async function stopService(s: Service): Promise<void> {
  if (s.child.exitCode !== null) return
  const done = new Promise((r) => s.child.once('exit', r))
  s.child.kill('SIGTERM')
  await done
}

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
