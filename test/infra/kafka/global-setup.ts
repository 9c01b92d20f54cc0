// Vitest globalSetup: starts ONE real Kafka broker for the whole integration run and provides its
// bootstrap address to the tests:
//
//   import { inject } from 'vitest'
//   const brokers = inject('kafkaBrokers')   // '' when no broker could be started (tests skip)
//
// Without java/mvn the Kafka tests are skipped with a loud warning, except on CI
// (`CI` non-empty), where a missing JDK/Maven or a failed broker start fails the run.
//
// The broker lives in test/infra/kafka/.run/vitest-<pid> and is removed at teardown; set
// KAFKA_RUN_DIR to use (and keep) a fixed run dir instead, e.g. to read its logs afterwards.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { kafkaAvailable, startBroker, stopBroker } from './broker.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Bootstrap address of the shared test broker, `127.0.0.1:PORT`; '' when Kafka tests are skipped. */
    kafkaBrokers: string
    /** Run dir of the shared broker (for restartBroker); '' when Kafka tests are skipped. */
    kafkaRunDir: string
  }
}

const RUNS_DIR = fileURLToPath(new URL('.run', import.meta.url))

function loud(lines: readonly string[]): void {
  const bar = '!'.repeat(78)
  process.stderr.write(`\n${bar}\n${lines.map((line) => `!! ${line}`).join('\n')}\n${bar}\n\n`)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes run dirs of earlier runs whose vitest process is gone (their broker is gone with its watchdog). */
function removeStaleRunDirs(): void {
  if (!existsSync(RUNS_DIR)) return
  for (const name of readdirSync(RUNS_DIR)) {
    const match = /^vitest-(\d+)$/.exec(name)
    if (match === null || alive(Number(match[1]))) continue
    const pidFile = join(RUNS_DIR, name, 'broker.pid')
    if (existsSync(pidFile) && alive(Number(readFileSync(pidFile, 'utf8').trim()))) continue
    rmSync(join(RUNS_DIR, name), { recursive: true, force: true })
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const onCi = (process.env.CI ?? '') !== ''
  const noBroker = async (): Promise<void> => undefined

  const available = kafkaAvailable()
  if (!available.ok) {
    const why = available.why ?? 'unknown reason'
    if (onCi) throw new Error(`Kafka integration tests cannot run on CI: ${why}`)
    loud([
      'KAFKA INTEGRATION TESTS ARE SKIPPED.',
      `Reason: ${why}.`,
      'They run a real Apache Kafka broker from Maven Central jars and need a JDK 17+ and Maven',
      "on PATH (no Docker). Install them (e.g. 'apt-get install openjdk-17-jdk-headless maven')",
      'to run them. On CI (CI set) this is an error, not a skip.',
    ])
    project.provide('kafkaBrokers', '')
    project.provide('kafkaRunDir', '')
    return noBroker
  }

  const fixedRunDir = process.env.KAFKA_RUN_DIR
  const runDir = fixedRunDir !== undefined && fixedRunDir !== '' ? fixedRunDir : join(RUNS_DIR, `vitest-${process.pid}`)
  if (fixedRunDir === undefined || fixedRunDir === '') removeStaleRunDirs()

  let brokers: string
  try {
    const broker = await startBroker({ runDir, ownerPid: process.pid })
    brokers = broker.brokers
    process.stderr.write(`[kafka] test broker ${brokers} (pid ${broker.pid}, run dir ${runDir}) ready in ${broker.startupMs} ms\n`)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (onCi) throw new Error(`Kafka test broker failed to start: ${message}`)
    loud([
      'KAFKA INTEGRATION TESTS ARE SKIPPED: the test broker failed to start.',
      ...message.split('\n').slice(0, 30),
      `Logs: ${join(runDir, 'logs')}. On CI (CI set) this is an error, not a skip.`,
    ])
    project.provide('kafkaBrokers', '')
    project.provide('kafkaRunDir', '')
    return noBroker
  }

  project.provide('kafkaBrokers', brokers)
  project.provide('kafkaRunDir', runDir)

  return async () => {
    await stopBroker(runDir, 20)
    if (fixedRunDir === undefined || fixedRunDir === '') rmSync(runDir, { recursive: true, force: true })
  }
}
