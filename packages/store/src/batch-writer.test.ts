import { describe, expect, it, vi } from 'vitest'
import { createBatchWriter, type StoreBatch } from './batch-writer.js'

const empty: StoreBatch = { events: [], findings: [], ruleState: [], deadLetters: [] }
const batch = (n: number, tag: string): StoreBatch => ({ ...empty, deadLetters: Array.from({ length: n }, (_, i) => ({ cluster: tag, received_at: '2026-11-01T00:00:00Z', reason: 'r', detail: String(i), raw: '{}' })) })

function deferred() {
  let resolve!: () => void
  let reject!: (e: unknown) => void
  const promise = new Promise<void>((a, b) => ((resolve = a), (reject = b)))
  return { promise, resolve, reject }
}

describe('createBatchWriter', () => {
  it('with no interval, writes at once and merges what arrives during a write', async () => {
    const writes: StoreBatch[] = []
    const gates: ReturnType<typeof deferred>[] = []
    const w = createBatchWriter({
      maxRows: 1000,
      flushIntervalMs: 0,
      write: (b) => {
        writes.push(b)
        const d = deferred()
        gates.push(d)
        return d.promise
      },
    })
    const first = w.write(batch(2, 'a'))
    const second = w.write(batch(3, 'b'))
    const third = w.write(batch(1, 'c'))
    expect(writes.map((b) => b.deadLetters.length)).toEqual([2])
    gates[0]!.resolve()
    await first
    await vi.waitFor(() => expect(writes.map((b) => b.deadLetters.length)).toEqual([2, 4]))
    gates[1]!.resolve()
    await Promise.all([second, third])
  })

  it('waits for the interval, or flushes as soon as max rows are waiting', async () => {
    vi.useFakeTimers()
    try {
      const writes: number[] = []
      const w = createBatchWriter({ maxRows: 10, flushIntervalMs: 500, write: async (b) => void writes.push(b.deadLetters.length) })
      const a = w.write(batch(3, 'a'))
      await vi.advanceTimersByTimeAsync(400)
      expect(writes).toEqual([])
      await vi.advanceTimersByTimeAsync(100)
      await a
      expect(writes).toEqual([3])
      const b = w.write(batch(6, 'b'))
      const c = w.write(batch(5, 'c'))
      await Promise.all([b, c])
      expect(writes).toEqual([3, 11])
    } finally {
      vi.useRealTimers()
    }
  })

  it('rejects every caller whose rows were in a failed write, and later writes still work', async () => {
    let fail = true
    const w = createBatchWriter({ maxRows: 1, flushIntervalMs: 0, write: async () => (fail ? Promise.reject(new Error('down')) : undefined) })
    await expect(w.write(batch(1, 'a'))).rejects.toThrow('down')
    fail = false
    await expect(w.write(batch(1, 'b'))).resolves.toBeUndefined()
  })

  it('flush writes what waits for its interval, and an empty batch is no write', async () => {
    const writes: number[] = []
    const w = createBatchWriter({ maxRows: 100, flushIntervalMs: 60_000, write: async (b) => void writes.push(b.deadLetters.length) })
    await w.write(empty)
    const pending = w.write(batch(4, 'a'))
    await w.flush()
    await pending
    expect(writes).toEqual([4])
  })

  it('keeps the table order inside a merged write', async () => {
    let seen: StoreBatch | undefined
    const w = createBatchWriter({ maxRows: 100, flushIntervalMs: 10, write: async (b) => void (seen = b) })
    const row = { cluster: 'c' } as never
    await Promise.all([w.write({ events: [row], findings: [], ruleState: [], deadLetters: [] }), w.write({ events: [row, row], findings: [row], ruleState: [row], deadLetters: [] })])
    expect([seen?.events.length, seen?.findings.length, seen?.ruleState.length]).toEqual([3, 1, 1])
  })
})
