import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { partitionKey, type AuditEvent } from '@vigil/core'
import type { ConsumedRecord } from '@vigil/event-log'
import { createLogger, createMetrics } from '@vigil/platform'
import { compileRules, loadRuleSources, NoticeOnce, RequestOnce, ThresholdTracker } from '@vigil/rules'
import { createClickHouseClient, createStore, migrate, type ClickHouseClient } from '@vigil/store'
import { auditEvent } from '../../../test/support/pipeline.js'
import { handleBatch } from '../src/index.js'

/**
 * A stream that never carries the bodies an enabled rule needs: the analyzer
 * says so once per (rule, cluster), in a log line and a counter (ADR 0012),
 * through the real store on chDB.
 */
const RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url))
const ruleset = compileRules(loadRuleSources([RULES_DIR]))
let dir: string
let client: ClickHouseClient

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-body-notice-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await migrate(client)
})
afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

let n = 0
function configMapWrite(level: 'Metadata' | 'Request', data?: Record<string, string>): AuditEvent {
  const i = n++
  return auditEvent({
    auditID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    verb: 'create',
    level,
    user: { username: 'alice@example.com', groups: ['system:authenticated'] },
    objectRef: { resource: 'configmaps', namespace: 'web', name: `cm-${i}`, apiVersion: 'v1' },
    requestURI: '/api/v1/namespaces/web/configmaps',
    responseStatus: { code: 201 },
    ...(data === undefined ? {} : { requestObject: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: `cm-${i}`, namespace: 'web' }, data } }),
  }) as unknown as AuditEvent
}

describe('the analyzer on a stream without the bodies a rule needs', () => {
  it('logs and counts it once per rule and cluster, and still fires once bodies arrive', async () => {
    const lines: Record<string, unknown>[] = []
    const logger = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } })
    const metrics = createMetrics({ defaultMetrics: false })
    const deps = { ruleset, thresholds: new ThresholdTracker(), once: new RequestOnce(), notices: new NoticeOnce(), store: createStore({ client }), metrics, logger, now: () => new Date() }
    const batch = (cluster: string, events: AuditEvent[]) =>
      handleBatch(deps, {
        topic: 'audit',
        partition: 0,
        records: events.map((e, offset): ConsumedRecord => ({ key: partitionKey(cluster, e), value: JSON.stringify(e), headers: { cluster, received_at: new Date().toISOString() }, offset: String(offset) })),
      })

    await batch('prod', [configMapWrite('Metadata'), configMapWrite('Metadata')])
    await batch('prod', [configMapWrite('Metadata')])
    await batch('staging', [configMapWrite('Metadata')])
    await batch('prod', [configMapWrite('Request', { password: 'hunter2' })])

    const notices = lines.filter((l) => l['rule_id'] === 'secrets.credentials-in-configmap')
    expect(notices.map((l) => [l['cluster'], l['verb'], l['resource'], l['level'], l['needs']])).toEqual([
      ['prod', 'create', 'configmaps', 'Metadata', 'Request'],
      ['staging', 'create', 'configmaps', 'Metadata', 'Request'],
    ])
    expect(notices[0]?.['msg']).toMatch(/vigil rules coverage/)
    const counted = (await metrics.ruleBodiesMissing.get()).values
    expect(counted.find((v) => v.labels['rule_id'] === 'secrets.credentials-in-configmap')?.value).toBe(2)
    // Rules that read only what a Metadata event carries are never reported.
    expect(lines.filter((l) => l['rule_id'] !== undefined && l['needs'] === 'Metadata')).toEqual([])
    const findings = await (await client.query({ query: "SELECT count() AS n FROM findings_v1 WHERE rule_id = 'secrets.credentials-in-configmap'", format: 'JSONEachRow' })).json<{ n: string }>()
    expect(Number(findings[0]?.n)).toBe(1)
  })
})
