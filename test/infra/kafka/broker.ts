// A real single-node Apache Kafka broker for integration tests, driven through start.sh and
// stop.sh next to this file (jars from Maven Central, run with the local JDK; no Docker).
// See docs/adr/0004-kafka-broker-version.md for the pinned version.
import { spawn, spawnSync } from 'node:child_process'
import { accessSync, constants, readFileSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const INFRA_DIR = fileURLToPath(new URL('.', import.meta.url))
const START_SCRIPT = join(INFRA_DIR, 'start.sh')
const STOP_SCRIPT = join(INFRA_DIR, 'stop.sh')

/** Kafka 4.x brokers need Java 17 or newer (KIP-1013). */
const MIN_JAVA_MAJOR = 17

export interface BrokerInfo {
  /** Bootstrap address, `127.0.0.1:PORT`. */
  brokers: string
  /** PID of the broker JVM. */
  pid: number
  /** Wall-clock time of start.sh: jar fetch (first run only), storage format, JVM start, readiness. */
  startupMs: number
}

export interface StartBrokerOptions {
  /** The broker's run directory (config, data, logs, pid). Reusing it restarts on the same ports and data. */
  runDir: string
  /**
   * A watchdog stops the broker once this process exits, so a crashed run leaks no broker.
   * Default: this process. `null`: no watchdog, or keep the one recorded in the run dir on a restart.
   */
  ownerPid?: number | null
  /** Readiness timeout of start.sh (a real admin call must succeed), default 60 000 ms. */
  readyTimeoutMs?: number
  /** Kill start.sh after this long, default 600 000 ms (a first run downloads the jars with Maven). */
  scriptTimeoutMs?: number
}

interface ScriptResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ScriptResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({ code, signal, stdout, stderr })
    })
  })
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

function scriptEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  return env
}

/**
 * Starts (or restarts, when `runDir` already holds a broker's config) the broker and resolves once it
 * answers an admin call. If it is already running, resolves with it.
 */
export async function startBroker(options: StartBrokerOptions): Promise<BrokerInfo> {
  const runDir = resolve(options.runDir)
  const ownerPid = options.ownerPid === undefined ? process.pid : options.ownerPid
  const env = scriptEnv({
    KAFKA_RUN_DIR: undefined,
    KAFKA_OWNER_PID: ownerPid === null ? undefined : String(ownerPid),
    KAFKA_READY_TIMEOUT_MS: options.readyTimeoutMs === undefined ? process.env.KAFKA_READY_TIMEOUT_MS : String(options.readyTimeoutMs),
  })
  const started = performance.now()
  const result = await runScript(START_SCRIPT, [runDir], env, options.scriptTimeoutMs ?? 600_000)
  const startupMs = Math.round(performance.now() - started)
  if (result.code !== 0) {
    // start.sh stops its broker on failure, but not when it was itself killed by the timeout.
    if (result.signal !== null) await stopBroker(runDir).catch(() => undefined)
    const how = result.signal === null ? `exit code ${String(result.code)}` : `signal ${result.signal}`
    throw new Error(`test/infra/kafka/start.sh failed (${how}) for ${runDir}:\n${tail(result.stderr, 40)}`)
  }
  const brokers = result.stdout.trim().split('\n').at(-1)?.trim() ?? ''
  if (!/^[^\s:]+:\d+$/.test(brokers)) {
    throw new Error(`test/infra/kafka/start.sh printed no bootstrap address (last stdout line: '${brokers}')`)
  }
  const pid = Number(readFileSync(join(runDir, 'broker.pid'), 'utf8').trim())
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`unreadable broker.pid in ${runDir}`)
  return { brokers, pid, startupMs }
}

/** Stops the broker of `runDir` (SIGTERM, SIGKILL after `timeoutS`, default 30 s). No-op when none runs. */
export async function stopBroker(runDir: string, timeoutS = 30): Promise<void> {
  const env = scriptEnv({ KAFKA_RUN_DIR: undefined, KAFKA_STOP_TIMEOUT_S: String(timeoutS) })
  const result = await runScript(STOP_SCRIPT, [resolve(runDir)], env, (timeoutS + 30) * 1000)
  if (result.code !== 0) {
    throw new Error(`test/infra/kafka/stop.sh failed (exit code ${String(result.code)}):\n${tail(result.stderr, 20)}`)
  }
}

/**
 * Stops the broker of `runDir`, waits `downMs` (default 0), and starts it again on the same ports and
 * data. The watchdog owner recorded at the first start is kept.
 */
export async function restartBroker(runDir: string, options: { downMs?: number } = {}): Promise<BrokerInfo> {
  await stopBroker(runDir)
  if (options.downMs !== undefined && options.downMs > 0) {
    await new Promise((resolveWait) => setTimeout(resolveWait, options.downMs))
  }
  return startBroker({ runDir, ownerPid: null })
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, command)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return undefined
}

/** Whether this machine can run the test broker: `java` (17+) and `mvn` on PATH. */
export function kafkaAvailable(): { ok: boolean; why?: string } {
  const missing = ['java', 'mvn', 'bash'].filter((command) => onPath(command) === undefined)
  if (missing.length > 0) return { ok: false, why: `not on PATH: ${missing.join(', ')} (the Kafka test broker needs a JDK ${MIN_JAVA_MAJOR}+ and Maven)` }
  const version = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000 })
  // `java -version` prints e.g. `openjdk version "17.0.15" 2025-04-15` (or "1.8.0_412") on stderr.
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${version.stderr}${version.stdout}`)
  if (version.status !== 0 || match === null) return { ok: false, why: `'java -version' failed: ${tail(version.stderr || String(version.error), 3)}` }
  const major = match[1] === '1' ? Number(match[2]) : Number(match[1])
  if (major < MIN_JAVA_MAJOR) return { ok: false, why: `java ${major} found, the Kafka broker needs Java ${MIN_JAVA_MAJOR}+` }
  return { ok: true }
}
