import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLifecycle } from './lifecycle.js'
import { createLogger } from './logger.js'

interface Line {
  level: number
  msg: string
  [key: string]: unknown
}

function capture() {
  const lines: Line[] = []
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(JSON.parse(s) as Line) } })
  return { lines, logger }
}

const INFO = 30
const WARN = 40
const ERROR = 50

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {}
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

const flush = () => new Promise<void>((r) => setImmediate(r))

describe('lifecycle.shutdown', () => {
  it('runs steps last-registered first, each awaited before the next', async () => {
    const { logger } = capture()
    const lc = createLifecycle({ logger, deadlineMs: 1000, exit: () => {} })
    const order: string[] = []
    const gate = deferred()
    lc.onShutdown('store', () => void order.push('store'))
    lc.onShutdown('analyzer', async () => {
      order.push('analyzer:start')
      await gate.promise
      order.push('analyzer:end')
    })
    lc.onShutdown('ingest', async () => void order.push('ingest'))
    const done = lc.shutdown('test')
    await flush()
    expect(order).toEqual(['ingest', 'analyzer:start'])
    gate.resolve()
    await done
    expect(order).toEqual(['ingest', 'analyzer:start', 'analyzer:end', 'store'])
  })

  it('runs once: later calls return the same promise', async () => {
    const { lines, logger } = capture()
    const lc = createLifecycle({ logger, deadlineMs: 1000, exit: () => {} })
    const step = vi.fn()
    lc.onShutdown('only', step)
    const first = lc.shutdown('SIGTERM')
    const second = lc.shutdown('SIGINT')
    expect(second).toBe(first)
    await first
    await lc.shutdown('again')
    expect(step).toHaveBeenCalledTimes(1)
    expect(lines.filter((l) => l.msg === 'shutting down')).toEqual([expect.objectContaining({ level: INFO, reason: 'SIGTERM' })])
  })

  it('keeps going after a failing step, logging which one failed', async () => {
    const { lines, logger } = capture()
    const lc = createLifecycle({ logger, deadlineMs: 1000, exit: () => {} })
    const order: string[] = []
    lc.onShutdown('c', () => void order.push('c'))
    lc.onShutdown('b', () => {
      order.push('b')
      throw new Error('sync failure')
    })
    lc.onShutdown('a', async () => {
      order.push('a')
      throw new Error('async failure')
    })
    await expect(lc.shutdown('test')).resolves.toBeUndefined()
    expect(order).toEqual(['a', 'b', 'c'])
    const failures = lines.filter((l) => l.msg === 'shutdown step failed')
    expect(failures.map((l) => [l.level, l['step'], (l['err'] as { message: string }).message])).toEqual([
      [ERROR, 'a', 'async failure'],
      [ERROR, 'b', 'sync failure'],
    ])
    expect(lines.filter((l) => l.msg === 'shutdown step done').map((l) => l['step'])).toEqual(['c'])
    expect(lines.at(-1)).toMatchObject({ level: INFO, msg: 'shutdown complete' })
  })

  it('completes with no steps', async () => {
    const { lines, logger } = capture()
    await createLifecycle({ logger, deadlineMs: 1000, exit: () => {} }).shutdown('test')
    expect(lines.map((l) => l.msg)).toEqual(['shutting down', 'shutdown complete'])
  })
})

describe('lifecycle.installSignalHandlers', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    vi.useRealTimers()
  })

  /** Captures the handlers instead of installing them on the real process. */
  function interceptSignals() {
    const handlers = new Map<string, (signal: NodeJS.Signals) => void>()
    vi.spyOn(process, 'on').mockImplementation(((event: string, listener: (signal: NodeJS.Signals) => void) => {
      handlers.set(event, listener)
      return process
    }) as typeof process.on)
    return handlers
  }

  it('listens to SIGINT and SIGTERM only', () => {
    const handlers = interceptSignals()
    createLifecycle({ logger: capture().logger, deadlineMs: 1000, exit: () => {} }).installSignalHandlers()
    expect([...handlers.keys()].sort()).toEqual(['SIGINT', 'SIGTERM'])
  })

  it('shuts down on a signal and exits 0 when every step succeeded', async () => {
    const handlers = interceptSignals()
    const { lines, logger } = capture()
    const exit = vi.fn()
    const lc = createLifecycle({ logger, deadlineMs: 60_000, exit })
    const step = vi.fn()
    lc.onShutdown('step', step)
    lc.installSignalHandlers()
    handlers.get('SIGTERM')?.('SIGTERM')
    await lc.shutdown('ignored, already running')
    await flush()
    expect(step).toHaveBeenCalledTimes(1)
    expect(exit.mock.calls).toEqual([[0]])
    expect(lines[0]).toMatchObject({ msg: 'shutting down', reason: 'SIGTERM' })
  })

  it('exits 1 when a step failed', async () => {
    const handlers = interceptSignals()
    const exit = vi.fn()
    const lc = createLifecycle({ logger: capture().logger, deadlineMs: 60_000, exit })
    lc.onShutdown('bad', () => {
      throw new Error('no')
    })
    lc.installSignalHandlers()
    handlers.get('SIGINT')?.('SIGINT')
    await lc.shutdown('x')
    await flush()
    expect(exit.mock.calls).toEqual([[1]])
  })

  it('exits 1 at once on a second signal', async () => {
    const handlers = interceptSignals()
    const { lines, logger } = capture()
    const exit = vi.fn()
    const lc = createLifecycle({ logger, deadlineMs: 60_000, exit })
    const gate = deferred()
    lc.onShutdown('slow', () => gate.promise)
    lc.installSignalHandlers()
    handlers.get('SIGTERM')?.('SIGTERM')
    handlers.get('SIGINT')?.('SIGINT')
    expect(exit.mock.calls).toEqual([[1]])
    expect(lines.find((l) => l.msg === 'second signal, exiting now')).toMatchObject({ level: WARN, signal: 'SIGINT' })
    gate.resolve()
    await lc.shutdown('x')
    await flush()
    expect(exit.mock.calls).toEqual([[1], [0]])
  })

  it('exits 1 when the deadline passes before the steps end', async () => {
    vi.useFakeTimers()
    const handlers = interceptSignals()
    const { lines, logger } = capture()
    const exit = vi.fn()
    const lc = createLifecycle({ logger, deadlineMs: 5_000, exit })
    lc.onShutdown('stuck', () => new Promise<void>(() => {}))
    lc.installSignalHandlers()
    handlers.get('SIGTERM')?.('SIGTERM')
    await vi.advanceTimersByTimeAsync(4_999)
    expect(exit).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(exit.mock.calls).toEqual([[1]])
    expect(lines.find((l) => l.msg === 'shutdown deadline passed, exiting')).toMatchObject({ level: ERROR, deadline_ms: 5_000 })
  })
})
