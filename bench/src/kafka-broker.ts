import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const INFRA = fileURLToPath(new URL('../../test/infra/kafka/', import.meta.url))

export interface BenchBroker {
  brokers: string
  stop(): void
}

/** A real broker from the test infrastructure (Maven Central jars, the JDK), or undefined without java/mvn. */
export function startBenchBroker(): BenchBroker | undefined {
  if (spawnSync('java', ['-version']).status !== 0 || spawnSync('mvn', ['-v']).status !== 0) return undefined
  const runDir = mkdtempSync(join(tmpdir(), 'vigil-bench-kafka-'))
  const out = execFileSync('bash', [join(INFRA, 'start.sh'), runDir], { encoding: 'utf8', env: { ...process.env, KAFKA_OWNER_PID: String(process.pid) }, stdio: ['ignore', 'pipe', 'inherit'], timeout: 600_000 })
  const brokers = out.trim().split('\n').at(-1) as string
  return {
    brokers,
    stop() {
      execFileSync('bash', [join(INFRA, 'stop.sh'), runDir], { stdio: 'ignore' })
      rmSync(runDir, { recursive: true, force: true })
    },
  }
}
