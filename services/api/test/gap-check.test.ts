import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import cron from 'node-cron'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StampedEvent } from '@vigil/core'
import { EvidenceConfig, findGaps, isoOfMinute, minuteOf } from '@vigil/evidence'
import { createLogger, createMetrics } from '@vigil/platform'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, toAuditEventRow, type ClickHouseClient, type Store } from '@vigil/store'
import { createGapCheck } from '../src/jobs/gap-check.js'

let dir: string
let client: ClickHouseClient
let store: Store

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-gap-check-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client })
})
afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

const T0 = Date.UTC(2026, 10, 2, 8, 0) / 60_000
function arrive(cluster: string, minute: number): StampedEvent {
  const t = new Date(minute * 60_000 + 15_000).toISOString()
  const event = { auditID: `${cluster}-${minute}`, stage: 'ResponseComplete' as const, verb: 'get', requestURI: '/api/v1/namespaces', user: { username: 'canary' }, responseStatus: { code: 200 }, requestReceivedTimestamp: t, stageTimestamp: t }
  return { cluster, received_at: t, event, raw: JSON.stringify(event) }
}

describe('gap check', () => {
  it('records live the same gaps that are found afterwards from the stored minutes', async () => {
    // Three hours, minute by minute. "a" is silent 00:20–00:31 and 01:40–01:44 (4 min, under the threshold)
    // and from 02:50 on; "b" starts at 00:45 and is silent 01:00–01:07; "c" sends throughout.
    const silent: Record<string, (m: number) => boolean> = {
      a: (m) => (m >= 20 && m < 32) || (m >= 100 && m < 104) || m >= 170,
      b: (m) => m < 45 || (m >= 60 && m < 68),
      c: () => false,
    }
    let clock = new Date(T0 * 60_000)
    const metrics = createMetrics({ defaultMetrics: false })
    const job = createGapCheck({ coverage: store.coverage, config: EvidenceConfig.parse({ gap_check_lookback_minutes: 30 }), metrics, logger: createLogger({ level: 'silent' }), now: () => clock })
    for (let m = 0; m < 180; m++) {
      const events = Object.keys(silent).filter((c) => !silent[c]!(m)).map((c) => toAuditEventRow(arrive(c, T0 + m)))
      await store.writeBatch({ events, findings: [], ruleState: [], deadLetters: [] })
      // The job runs a few seconds into the next minute.
      clock = new Date((T0 + m + 1) * 60_000 + 3_000)
      await job.run()
    }
    expect(await metrics.coverageOpenGaps.get()).toMatchObject({ values: [{ value: 1 }] })
    const recorded = (await store.coverage.recordedGaps({ from: isoOfMinute(T0), to: isoOfMinute(T0 + 180) })).map((g) => ({ cluster: g.cluster, start: g.start, end: g.end, open: g.open }))
    // After the fact, over the whole window, from the stored arrival minutes.
    const hi = minuteOf(clock.toISOString())
    const after = (await store.coverage.arrivals({ lo: T0, hi })).flatMap((a) => findGaps(a, T0, hi, 5)).map((g) => ({ cluster: g.cluster, start: isoOfMinute(g.start), end: isoOfMinute(g.end), open: g.open }))
    expect(recorded).toEqual(after)
    expect(recorded).toEqual([
      { cluster: 'a', start: isoOfMinute(T0 + 20), end: isoOfMinute(T0 + 32), open: false },
      { cluster: 'a', start: isoOfMinute(T0 + 170), end: isoOfMinute(T0 + 180), open: true },
      { cluster: 'b', start: isoOfMinute(T0 + 60), end: isoOfMinute(T0 + 68), open: false },
    ])
  })

  it('starts on a schedule and stops with the service, twice safely', async () => {
    const job = createGapCheck({ coverage: store.coverage, config: EvidenceConfig.parse({}), metrics: createMetrics({ defaultMetrics: false }), logger: createLogger({ level: 'silent' }), now: () => new Date() })
    const scheduled = () => [...cron.getTasks().values()].filter((t) => t.name === 'gap-check').length
    job.start()
    job.start()
    expect(scheduled()).toBe(1)
    await Promise.all([job.stop(), job.stop()])
    expect(scheduled()).toBe(0)
    // Stopped for good: a late start does not schedule it again.
    job.start()
    expect(scheduled()).toBe(0)
  })
})
