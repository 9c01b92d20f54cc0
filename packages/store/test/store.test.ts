import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClickHouseClient, createStore, prepareStore, toAuditEventRow, RetentionConfig, type Store, type ClickHouseClient } from '../src/index.js'
import type { Finding, StampedEvent } from '@vigil/core'

let dir: string
let client: ClickHouseClient
let store: Store

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-store-'))
  client = await createClickHouseClient({ type: 'chdb', path: join(dir, 'chdb') })
  await prepareStore(client, RetentionConfig.parse({}))
  store = createStore({ client })
})

afterAll(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
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

describe('chDB store', () => {
  it('migrations are idempotent', async () => {
    expect(await prepareStore(client, RetentionConfig.parse({}))).toEqual([])
  })

  it('stores events once per (cluster, auditID, stage) and pages through them', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => toAuditEventRow(stamped(i)))
    await store.writeEvents(rows)
    await store.writeEvents(rows.slice(0, 5))
    const first = await store.searchEvents({ limit: 5 })
    expect(first.items.map((e) => e.audit_id)).toEqual(['a-11', 'a-10', 'a-9', 'a-8', 'a-7'])
    expect(first.items[0]?.request_received_at).toBe('2026-10-01T10:00:11.123456Z')
    const seen = [...first.items]
    let cursor = first.next_cursor
    while (cursor !== null) {
      const page = await store.searchEvents({ limit: 5, cursor })
      seen.push(...page.items)
      cursor = page.next_cursor
    }
    expect(seen).toHaveLength(12)
    expect(new Set(seen.map((e) => e.audit_id)).size).toBe(12)
    const byUser = await store.searchEvents({ limit: 100, user: 'user-1' })
    expect(byUser.items.map((e) => e.audit_id).sort()).toEqual(['a-1', 'a-10', 'a-4', 'a-7'])
    const raw = await store.getRawEvent({ cluster: 'c1', audit_id: 'a-3', stage: 'ResponseComplete' })
    expect(raw).toMatchObject({ auditID: 'a-3', verb: 'get' })
  })

  it('stores findings idempotently and filters them', async () => {
    const base: Finding = {
      finding_id: 'f1', rule_id: 'r1', rule_version: '1', severity: 'high', title: 't', cluster: 'c1', audit_id: 'a-1', stage: 'ResponseComplete',
      event_time: '2026-10-01T10:00:01.123456Z', user: 'bob', verb: 'get', resource: 'secrets', namespace: 'ns', name: 's', reason: 'why', output: 'out',
      evidence: { 'user.username': 'bob' }, tags: ['T1552'], controls: [{ framework: 'soc2', id: 'CC6.1', role: 'exception' }],
    }
    await store.writeFindings([base, { ...base, finding_id: 'f2', severity: 'low', rule_id: 'r2' }])
    await store.writeFindings([base])
    const all = await store.listFindings({ limit: 10 })
    expect(all.items.map((f) => f.finding_id).sort()).toEqual(['f1', 'f2'])
    const high = await store.listFindings({ limit: 10, severity: ['high', 'critical'] })
    expect(high.items).toHaveLength(1)
    expect(high.items[0]).toEqual(base)
    expect(await store.getFinding('f2')).toMatchObject({ rule_id: 'r2' })
    expect(await store.getFinding('f2', ['other-cluster'])).toBeUndefined()
    await expect(store.listFindings({ limit: 10, cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid_query' })
  })

  it('keeps dead letters', async () => {
    await store.writeDeadLetters([{ cluster: 'c1', received_at: '2026-10-01T10:01:00.000Z', reason: 'invalid_event', detail: 'auditID: Required', raw: '{"x":1}' }])
    const letters = await store.listDeadLetters({ limit: 10 })
    expect(letters).toHaveLength(1)
    expect(letters[0]).toMatchObject({ reason: 'invalid_event', raw: '{"x":1}' })
  })
})
