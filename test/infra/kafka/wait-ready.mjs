// Waits until a Kafka broker answers a real admin call (Metadata through
// kafkajs admin.describeCluster()) and lists at least one broker.
//
//   node wait-ready.mjs --brokers 127.0.0.1:PORT [--pid PID] [--timeout-ms 60000]
//
// Exit codes: 0 ready, 1 timed out, 2 the broker process (--pid) exited, 64 bad usage.
// Progress and errors go to stderr; stdout stays empty. Used by start.sh.
import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import kafkajs from 'kafkajs'

const { Kafka, logLevel } = kafkajs

const { values } = parseArgs({
  options: {
    brokers: { type: 'string' },
    pid: { type: 'string' },
    'timeout-ms': { type: 'string', default: '60000' },
  },
})

const brokers = values.brokers
const timeoutMs = Number(values['timeout-ms'])
const pid = values.pid === undefined ? undefined : Number(values.pid)
if (!brokers || !Number.isFinite(timeoutMs) || (pid !== undefined && !Number.isInteger(pid))) {
  process.stderr.write('usage: wait-ready.mjs --brokers HOST:PORT [--pid PID] [--timeout-ms MS]\n')
  process.exit(64)
}

/** @param {number} p */
function alive(p) {
  try {
    process.kill(p, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM'
  }
}

const kafka = new Kafka({
  clientId: 'vigil-test-wait-ready',
  brokers: brokers.split(','),
  logLevel: logLevel.NOTHING,
  connectionTimeout: 2_000,
  requestTimeout: 5_000,
  retry: { retries: 0 },
})

const started = Date.now()
const deadline = started + timeoutMs
let attempts = 0
let lastError = 'no attempt yet'

while (Date.now() < deadline) {
  if (pid !== undefined && !alive(pid)) {
    process.stderr.write(`wait-ready: broker process ${pid} exited before it became ready (last error: ${lastError})\n`)
    process.exit(2)
  }
  attempts += 1
  const admin = kafka.admin()
  try {
    await admin.connect()
    const cluster = await admin.describeCluster()
    if (cluster.brokers.length > 0) {
      process.stderr.write(
        `wait-ready: ${brokers} ready after ${Date.now() - started} ms (${attempts} attempts, cluster ${cluster.clusterId}, ` +
          `${cluster.brokers.length} broker(s))\n`,
      )
      await admin.disconnect().catch(() => undefined)
      process.exit(0)
    }
    lastError = 'metadata lists no brokers yet'
  } catch (error) {
    lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  }
  await admin.disconnect().catch(() => undefined)
  await sleep(250)
}

process.stderr.write(`wait-ready: ${brokers} not ready after ${timeoutMs} ms (${attempts} attempts, last error: ${lastError})\n`)
process.exit(1)
