import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStore, prepareStore, toAuditEventRow, RetentionConfig, withBatchWriter, type Store, type ClickHouseClient } from '../src/index.js'
import type { Finding, StampedEvent } from '@vigil/core'

/** A fresh, empty database on some ClickHouse engine; `cleanup` drops it. */
export type MakeClient = () => Promise<{ client: ClickHouseClient; cleanup: () => Promise<void> }>

/**
 * The storage contract: the same tests over chDB (always) and over a
 * ClickHouse server (when CLICKHOUSE_URL is set). One SQL, two engines.
 */
export function describeStoreContract(engine: string, makeClient: MakeClient): void {
let client: ClickHouseClient
let store: Store
let cleanup: () => Promise<void>

beforeAll(async () => {
  ;({ client, cleanup } = await makeClient())
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client })
})

afterAll(async () => {
  await cleanup()
})

function stamped(i: number, overrides: Partial<StampedEvent['event']> = {}): StampedEvent {
  const event = {
    auditID: `a-${i}`,
    stage: 'ResponseComplete' as const,
    verb: 'get',
    requestURI: '/api/v1/namespaces/ns/secrets/s',
    user: { username: `user-${i % 3}` },
    objectRef: { resource: 'secrets', namespace: 'ns', name: 's' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: `2026-10-01T10:00:${String(i).padStart(2, '0')}.123456Z`,
    stageTimestamp: `2026-10-01T10:00:${String(i).padStart(2, '0')}.223456Z`,
    ...overrides,
  }
  return { cluster: 'c1', received_at: '2026-10-01T10:01:00.000Z', event, raw: JSON.stringify(event) }
}

describe(`store contract: ${engine}`, () => {
  it('migrations are idempotent', async () => {
    expect(await prepareStore(client, RetentionConfig.parse({}))).toEqual([])
  })

  it('stores events once per (cluster, auditID, stage) and pages through them', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => toAuditEventRow(stamped(i)))
    await store.events.write(rows)
    await store.events.write(rows.slice(0, 5))
    const first = await store.events.search({ limit: 5 })
    expect(first.items.map((e) => e.audit_id)).toEqual(['a-11', 'a-10', 'a-9', 'a-8', 'a-7'])
    expect(first.items[0]?.request_received_at).toBe('2026-10-01T10:00:11.123456Z')
    const seen = [...first.items]
    let cursor = first.next_cursor
    while (cursor !== null) {
      const page = await store.events.search({ limit: 5, cursor })
      seen.push(...page.items)
      cursor = page.next_cursor
    }
    expect(seen).toHaveLength(12)
    expect(new Set(seen.map((e) => e.audit_id)).size).toBe(12)
    const byUser = await store.events.search({ limit: 100, user: 'user-1' })
    expect(byUser.items.map((e) => e.audit_id).sort()).toEqual(['a-1', 'a-10', 'a-4', 'a-7'])
    const raw = await store.events.getRaw({ cluster: 'c1', audit_id: 'a-3', stage: 'ResponseComplete' })
    expect(raw).toMatchObject({ auditID: 'a-3', verb: 'get' })
  })

  it('stores findings idempotently and filters them', async () => {
    const base: Finding = {
      finding_id: 'f1', rule_id: 'r1', rule_version: '1', severity: 'high', title: 't', cluster: 'c1', audit_id: 'a-1', stage: 'ResponseComplete',
      event_time: '2026-10-01T10:00:01.123456Z', user: 'bob', verb: 'get', resource: 'secrets', namespace: 'ns', name: 's', reason: 'why', output: 'out',
      evidence: { 'user.username': 'bob' }, tags: ['T1552'], controls: [{ framework: 'soc2', id: 'CC6.1', role: 'exception' }],
    }
    await store.findings.write([base, { ...base, finding_id: 'f2', severity: 'low', rule_id: 'r2' }])
    await store.findings.write([base])
    const all = await store.findings.list({ limit: 10 })
    expect(all.items.map((f) => f.finding_id).sort()).toEqual(['f1', 'f2'])
    const high = await store.findings.list({ limit: 10, severity: ['high', 'critical'] })
    expect(high.items).toHaveLength(1)
    expect(high.items[0]).toEqual(base)
    expect(await store.findings.get('f2')).toMatchObject({ rule_id: 'r2' })
    expect(await store.findings.get('f2', ['other-cluster'])).toBeUndefined()
    await expect(store.findings.list({ limit: 10, cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid_query' })
  })

  it('keeps dead letters', async () => {
    await store.deadLetters.write([{ cluster: 'c1', received_at: '2026-10-01T10:01:00.000Z', reason: 'invalid_event', detail: 'auditID: Required', raw: '{"x":1}' }])
    const letters = await store.deadLetters.list({ limit: 10 })
    expect(letters).toHaveLength(1)
    expect(letters[0]).toMatchObject({ reason: 'invalid_event', raw: '{"x":1}' })
  })

  it('merges concurrent batch writes and stores each row once', async () => {
    const batched = withBatchWriter(store, { maxRows: 1000, flushIntervalMs: 20 })
    const rows = Array.from({ length: 30 }, (_, i) => toAuditEventRow(stamped(i, { auditID: `bw-${i}` })))
    await Promise.all([0, 10, 20].map((start) => batched.writeBatch({ events: rows.slice(start, start + 10), findings: [], ruleState: [], deadLetters: [] })))
    const page = await store.events.search({ limit: 100, user: 'user-0' })
    expect(page.items.filter((e) => e.audit_id.startsWith('bw-')).length).toBe(10)
  })

  it('keeps threshold state and reads back the open windows', async () => {
    await store.ruleState.write([
      { rule_id: 'r', rule_version: 1, cluster: 'c1', state_key: 'alice', window_start: Date.parse('2026-11-01T10:00:00Z'), member: 'a/ResponseComplete' },
      { rule_id: 'r', rule_version: 1, cluster: 'c1', state_key: 'alice', window_start: Date.parse('2026-11-01T10:00:00Z'), member: 'a/ResponseComplete' },
      { rule_id: 'r', rule_version: 1, cluster: 'c1', state_key: 'alice', window_start: Date.parse('2026-10-01T10:00:00Z'), member: 'old/ResponseComplete' },
    ])
    const rows = await store.ruleState.load(Date.parse('2026-11-01T00:00:00Z'))
    expect(rows).toEqual([{ rule_id: 'r', rule_version: 1, cluster: 'c1', state_key: 'alice', window_start: Date.parse('2026-11-01T10:00:00Z'), member: 'a/ResponseComplete' }])
  })

  it('keeps the alert outbox versioned: the highest version wins, ids are found in any state', async () => {
    const T = Date.parse('2026-11-27T14:30:05.000Z')
    const row = (version: number, state: 'pending' | 'delivered' | 'dead', over: Record<string, unknown> = {}) => ({
      notification_id: 'n_1', sink: 'slack', kind: 'trigger', route: 'r', group_key: 'r/g', group_id: 'g_1', episode: 1, severity: 'critical', state, attempts: version - 1,
      next_attempt_at_ms: T + version * 1000, last_result: version > 1 ? 'server_error' : '', last_status: version > 1 ? 503 : 0, last_detail: '', dead_reason: '', notification: '{"id":"n_1"}',
      created_at_ms: T, updated_at_ms: T + version, version, ...over,
    })
    await store.alerting.writeNotifications([row(1, 'pending')])
    await store.alerting.writeNotifications([row(3, 'delivered'), row(2, 'pending')])
    await store.alerting.writeNotifications([row(1, 'pending', { notification_id: 'n_2', created_at_ms: T + 1 })])
    expect(await store.alerting.getNotification('n_1')).toEqual(row(3, 'delivered'))
    expect((await store.alerting.listNotifications({ state: 'pending', limit: 10 })).map((r) => r.notification_id)).toEqual(['n_2'])
    expect((await store.alerting.listNotifications({ limit: 10 })).map((r) => r.notification_id)).toEqual(['n_2', 'n_1'])
    expect(await store.alerting.existingNotificationIds(['n_1', 'n_2', 'n_3'])).toEqual(new Set(['n_1', 'n_2']))
  })

  it('keeps open alert groups, Slack threads and every silence', async () => {
    const T = Date.parse('2026-11-27T14:30:05.000Z')
    await store.alerting.writeGroups([{ group_key: 'r/a', route: 'r', episode: 1, open: true, state: '{"a":1}', version: 1, updated_at_ms: T }, { group_key: 'r/b', route: 'r', episode: 2, open: true, state: '{}', version: 1, updated_at_ms: T }])
    await store.alerting.writeGroups([{ group_key: 'r/b', route: 'r', episode: 2, open: false, state: '{}', version: 2, updated_at_ms: T + 1 }])
    expect((await store.alerting.loadOpenGroups()).map((g) => [g.group_key, g.state])).toEqual([['r/a', '{"a":1}']])
    const member = (key: string, episode: number, position: number) => ({ group_key: key, episode, position, finding_id: `f${position}`, candidate: `{"p":${position}}`, added_at_ms: T + position })
    await store.alerting.writeGroupMembers([member('r/a', 1, 1), member('r/a', 1, 0), member('r/a', 0, 0), member('r/b', 2, 0)])
    await store.alerting.writeGroupMembers([member('r/a', 1, 0)])
    expect((await store.alerting.loadOpenGroupMembers()).map((m) => [m.group_key, m.episode, m.position, m.candidate])).toEqual([['r/a', 1, 0, '{"p":0}'], ['r/a', 1, 1, '{"p":1}']])
    await store.alerting.writeThread('slack\u0000r/a\u00001', 'C0123456789', '1795789805.000100')
    expect(await store.alerting.loadThreads()).toEqual([{ key: 'slack\u0000r/a\u00001', channel: 'C0123456789', ts: '1795789805.000100' }])
    const silence = { id: 's1', matchers: '[]', starts_at_ms: T, ends_at_ms: T + 3600_000, created_by: 'principal:alice', comment: 'maintenance', created_at_ms: T, expired_at_ms: null, replaces: '', version: 1 }
    await store.alerting.writeSilences([silence])
    await store.alerting.writeSilences([{ ...silence, expired_at_ms: T + 60_000, version: 2 }])
    expect(await store.alerting.getSilence('s1')).toEqual({ ...silence, expired_at_ms: T + 60_000, version: 2 })
    expect(await store.alerting.listSilences(10)).toHaveLength(1)
  })
})
}
