import type { DeadLetter, Finding, ThresholdStateRow } from '@vigil/core'
import type { LedgerUnit } from './ledger-sealer.js'
import type { AuditEventRow } from './tables/audit-events.js'

/** Everything one analyzer batch stores, written in this order: ledger, events, findings, state, dead letters. */
export interface StoreBatch {
  /** Evidence records to seal into the ledger (absent or empty when the ledger is off). */
  ledger?: readonly LedgerUnit[]
  events: readonly AuditEventRow[]
  findings: readonly Finding[]
  ruleState: readonly ThresholdStateRow[]
  deadLetters: readonly DeadLetter[]
}

export interface BatchWriterOptions {
  /** Flush as soon as this many rows are waiting. */
  maxRows: number
  /** Wait at most this long for more rows before flushing; 0 flushes at once. */
  flushIntervalMs: number
  /** Writes one merged batch (the store's `writeBatch`). */
  write: (batch: StoreBatch) => Promise<void>
}

export interface BatchWriter {
  /** Resolves once the batch is stored (possibly merged with others), rejects if that write failed. */
  write(batch: StoreBatch): Promise<void>
  /** Writes whatever waits now; resolves when it is stored. */
  flush(): Promise<void>
}

interface Waiting {
  batch: StoreBatch
  resolve: () => void
  reject: (err: unknown) => void
}

function rows(b: StoreBatch): number {
  return b.events.length + b.findings.length + b.ruleState.length + b.deadLetters.length + (b.ledger?.length ?? 0)
}

/**
 * Merges concurrent batches into fewer, larger inserts (a ClickHouse
 * server wants few large parts), flushing by size or by interval. Each
 * caller's promise settles with the insert that carried its rows, so a
 * consumer commits only what is stored. One flush runs at a time; batches
 * arriving meanwhile go into the next one (group commit).
 */
export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  let waiting: Waiting[] = []
  let waitingRows = 0
  let timer: NodeJS.Timeout | undefined
  let flushing: Promise<void> | undefined

  function schedule(): void {
    if (flushing !== undefined) return
    if (waitingRows >= options.maxRows || options.flushIntervalMs === 0) {
      void runFlush()
      return
    }
    timer ??= setTimeout(() => void runFlush(), options.flushIntervalMs)
  }

  async function runFlush(): Promise<void> {
    if (timer !== undefined) {
      clearTimeout(timer)
      timer = undefined
    }
    if (flushing !== undefined || waiting.length === 0) return flushing
    const taken = waiting
    waiting = []
    waitingRows = 0
    const merged: StoreBatch = {
      ledger: taken.flatMap((w) => w.batch.ledger ?? []),
      events: taken.flatMap((w) => w.batch.events),
      findings: taken.flatMap((w) => w.batch.findings),
      ruleState: taken.flatMap((w) => w.batch.ruleState),
      deadLetters: taken.flatMap((w) => w.batch.deadLetters),
    }
    flushing = options
      .write(merged)
      .then(
        () => taken.forEach((w) => w.resolve()),
        (err: unknown) => taken.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        flushing = undefined
        if (waiting.length > 0) schedule()
      })
    return flushing
  }

  return {
    write(batch) {
      const n = rows(batch)
      if (n === 0) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        waiting.push({ batch, resolve, reject })
        waitingRows += n
        schedule()
      })
    },
    async flush() {
      while (flushing !== undefined || waiting.length > 0) {
        await (flushing ?? runFlush())
      }
    },
  }
}
