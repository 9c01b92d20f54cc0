import type { AccessRecord } from '@vigil/core'
import type { Logger, Metrics } from '@vigil/platform'
import type { AccessLogStore } from '@vigil/store'

export interface AccessLogWriterDeps {
  store: AccessLogStore
  /** Records per insert at most; a full buffer flushes at once. */
  maxBatch: number
  flushIntervalMs: number
  /** Records held while the store is down; beyond this the oldest are dropped and counted. */
  maxBuffered: number
  logger: Logger
  metrics: Metrics
}

export interface AccessLogWriter {
  record(r: AccessRecord): void
  /** Writes everything buffered; resolves when stored (or failed and kept for the next try). */
  flush(): Promise<void>
  /** Stops the timer and flushes. Idempotent. */
  close(): Promise<void>
}

/**
 * Buffers access records and writes them in batches, so a request costs an
 * array push, not an insert. Flushes every flushIntervalMs, when maxBatch
 * records wait, and on close (the api's shutdown step). A failed write
 * keeps the records for the next flush.
 */
export function createAccessLogWriter(deps: AccessLogWriterDeps): AccessLogWriter {
  let buffer: AccessRecord[] = []
  let writing: Promise<void> | undefined
  let closed: Promise<void> | undefined
  const timer = setInterval(() => void writer.flush(), deps.flushIntervalMs)
  timer.unref()

  async function writeOnce(): Promise<void> {
    while (buffer.length > 0) {
      const batch = buffer.slice(0, deps.maxBatch)
      try {
        await deps.store.write(batch)
      } catch (err) {
        deps.metrics.errors.inc({ stage: 'access_log', error_type: 'write_failed' })
        deps.logger.warn({ err, records: buffer.length }, 'writing the access log failed; records kept for the next flush')
        return
      }
      buffer = buffer.slice(batch.length)
      deps.metrics.accessRecords.inc(batch.length)
    }
  }

  const writer: AccessLogWriter = {
    record(r) {
      buffer.push(r)
      if (buffer.length > deps.maxBuffered) {
        const dropped = buffer.length - deps.maxBuffered
        buffer = buffer.slice(dropped)
        deps.metrics.accessRecordsDropped.inc(dropped)
      }
      if (buffer.length >= deps.maxBatch) void writer.flush()
    },
    async flush() {
      while (writing !== undefined) await writing
      writing = writeOnce().finally(() => (writing = undefined))
      return writing
    },
    close() {
      closed ??= (async () => {
        clearInterval(timer)
        await writer.flush()
      })()
      return closed
    },
  }
  return writer
}
