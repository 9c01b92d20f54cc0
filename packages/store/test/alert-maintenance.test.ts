import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, type AlertingStore, type AlertNotificationRow, type ClickHouseClient } from '../src/index.js'

let dir: string
let client: ClickHouseClient
let alerting: AlertingStore

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-alert-maint-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  ;({ alerting } = createStore({ client }))
})
afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

const day = 86_400_000
const t0 = Date.parse('2026-12-01T00:00:00Z')

function row(id: string, state: AlertNotificationRow['state'], updatedAt: number, version: number): AlertNotificationRow {
  return {
    notification_id: id, sink: 's', kind: 'trigger', route: 'r', group_key: 'r/g', group_id: 'g_1', episode: 1, severity: 'high', state, attempts: 1,
    next_attempt_at_ms: updatedAt, last_result: '', last_status: 0, last_detail: '', dead_reason: '', notification: '{}', created_at_ms: t0, updated_at_ms: updatedAt, version,
  }
}

describe('delivery-record retention', () => {
  it('removes every version of delivered and dead rows past their cutoff, never a pending row, and counts what went', async () => {
    await alerting.writeNotifications([
      row('old-delivered', 'pending', t0, 1), row('old-delivered', 'delivered', t0 + 1000, 2),
      row('new-delivered', 'delivered', t0 + 20 * day, 2),
      row('old-dead', 'dead', t0 + 1000, 2),
      row('mid-dead', 'dead', t0 + 10 * day, 2),
      row('old-pending', 'pending', t0, 1),
    ])
    const now = t0 + 40 * day
    const counts = await alerting.expireNotifications({ deliveredBefore: now - 30 * day, deadBefore: now - 35 * day })
    expect(counts).toEqual({ delivered: 1, dead: 1 })
    const left = (await alerting.listNotifications({ limit: 100 })).map((r) => `${r.notification_id}:${r.state}`).sort()
    expect(left).toEqual(['mid-dead:dead', 'new-delivered:delivered', 'old-pending:pending'])
    // Nothing of the removed row survives, not even its first (pending) version.
    expect(await alerting.getNotification('old-delivered')).toBeUndefined()
    expect(await alerting.expireNotifications({ deliveredBefore: now - 30 * day, deadBefore: now - 35 * day })).toEqual({ delivered: 0, dead: 0 })
  })
})

describe('sink health', () => {
  it('keeps the latest row per sink', async () => {
    await alerting.writeSinkHealth([{ sink: 'slack', healthy: false, since_ms: t0, detail: 'invalid_auth', breaks: 1, version: 1 }])
    await alerting.writeSinkHealth([{ sink: 'slack', healthy: true, since_ms: t0 + 5000, detail: 'ok', breaks: 1, version: 2 }])
    expect(await alerting.loadSinkHealth()).toEqual([{ sink: 'slack', healthy: true, since_ms: t0 + 5000, detail: 'ok', breaks: 1, version: 2 }])
  })
})

describe('routed findings for digests', () => {
  it('lists each finding once per route within the period', async () => {
    const c = (id: string, severity: string) => JSON.stringify({ finding_id: id, rule_id: `rule.${id}`, severity })
    await alerting.writeGroupMembers([
      { group_key: 'page/cluster="a"', episode: 1, position: 0, finding_id: 'f1', candidate: c('f1', 'critical'), added_at_ms: t0 + 1000 },
      { group_key: 'page/cluster="a"', episode: 1, position: 1, finding_id: 'f2', candidate: c('f2', 'high'), added_at_ms: t0 + 2000 },
      { group_key: 'chat/cluster="a"', episode: 1, position: 0, finding_id: 'f1', candidate: c('f1', 'critical'), added_at_ms: t0 + 1000 },
      { group_key: 'page/cluster="a"', episode: 2, position: 0, finding_id: 'f3', candidate: c('f3', 'low'), added_at_ms: t0 + 2 * day },
    ])
    const rows = await alerting.routedFindings({ from: t0, to: t0 + day, limit: 100 })
    expect(rows.map((r) => `${r.route}:${r.finding_id}:${r.rule_id}:${r.severity}`).sort()).toEqual(['chat:f1:rule.f1:critical', 'page:f1:rule.f1:critical', 'page:f2:rule.f2:high'])
  })
})
