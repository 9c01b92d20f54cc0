import { mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuditEvent } from '@vigil/core'
import { createLogger, createMetrics } from '@vigil/platform'
import { evaluateEvent, loadRuleset } from '@vigil/rules'
import { createIndicatorWatcher } from '../src/indicator-watcher.js'

const RULES = fileURLToPath(new URL('../../../rules', import.meta.url))
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const event = (ip: string): AuditEvent => ({
  auditID: `a-${ip}`,
  stage: 'ResponseComplete',
  level: 'Metadata',
  requestURI: '/api/v1/namespaces/web/pods',
  verb: 'list',
  user: { username: 'alice@example.com' },
  sourceIPs: [ip],
  objectRef: { resource: 'pods', namespace: 'web' },
  responseStatus: { code: 200 },
  requestReceivedTimestamp: '2026-12-07T10:00:00.000000Z',
  stageTimestamp: '2026-12-07T10:00:00.100000Z',
})

describe('indicator files', () => {
  it('load at start, reload on change into a new ruleset, count entries, and keep the last list when a file goes away', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-indicators-'))
    dirs.push(dir)
    const path = join(dir, 'tor-exits.txt')
    writeFileSync(path, '# exits\n185.220.101.5\nbogus\n')
    const metrics = createMetrics({ defaultMetrics: false })
    let ruleset = loadRuleset([RULES], process.cwd())
    const fired = (ip: string) => evaluateEvent(ruleset, event(ip), 'c1').hits.some((h) => h.rule.id === 'sources.indicator-address')
    expect(fired('185.220.101.5')).toBe(false)
    const watcher = createIndicatorWatcher({
      files: [{ list: 'tor_exit_addresses', path, kind: 'addresses' }],
      intervalMs: 60_000,
      metrics,
      logger: createLogger({ level: 'silent' }),
      onLists: (lists) => {
        ruleset = loadRuleset([RULES], process.cwd(), { lists })
      },
    })
    await watcher.start()
    try {
      expect(fired('185.220.101.5')).toBe(true)
      expect(fired('185.220.101.6')).toBe(false)
      expect((await metrics.registry.getSingleMetric('vigil_indicator_entries')?.get())?.values).toEqual([{ labels: { list: 'tor_exit_addresses' }, value: 1 }])

      writeFileSync(path, '185.220.101.0/24\n2a0b:f4c2::/32\n')
      utimesSync(path, new Date(), new Date(Date.now() + 5_000))
      await watcher.poll()
      expect(fired('185.220.101.6')).toBe(true)
      expect((await metrics.registry.getSingleMetric('vigil_indicator_entries')?.get())?.values[0]?.value).toBe(2)

      unlinkSync(path)
      await watcher.poll()
      expect(fired('185.220.101.6')).toBe(true)
      const reloads = (await metrics.registry.getSingleMetric('vigil_indicator_reloads_total')?.get())?.values.map((v) => [v.labels['outcome'], v.value])
      expect(reloads).toEqual([
        ['loaded', 2],
        ['failed', 1],
      ])
    } finally {
      watcher.stop()
    }
  })

  it('a file that cannot be read at start is a startup error', async () => {
    const watcher = createIndicatorWatcher({ files: [{ list: 'tor_exit_addresses', path: '/nonexistent/tor.txt', kind: 'addresses' }], intervalMs: 60_000, metrics: createMetrics({ defaultMetrics: false }), logger: createLogger({ level: 'silent' }), onLists: () => {} })
    await expect(watcher.start()).rejects.toThrow(/ENOENT/)
  })
})
