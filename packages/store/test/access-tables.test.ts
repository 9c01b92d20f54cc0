import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newManagedToken, type AccessRecord, type StoredToken } from '@vigil/core'
import { createClickHouseClient, createStore, prepareStore, RetentionConfig, type AccessLogStore, type ClickHouseClient, type TokenStore } from '../src/index.js'

let dir: string
let client: ClickHouseClient
let tokens: TokenStore
let accessLog: AccessLogStore

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-access-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await prepareStore(client, RetentionConfig.parse({}))
  ;({ tokens, accessLog } = createStore({ client }))
})
afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

function token(overrides: Partial<StoredToken> = {}): StoredToken {
  const t = newManagedToken('analyst')
  return {
    id: t.id,
    name: 'alice',
    role: 'analyst',
    cluster: null,
    clusters: ['prod'],
    token_sha256: t.token_sha256,
    created_by: 'admin',
    created_at: '2026-12-01T10:00:00.123Z',
    expires_at: '2027-01-01T00:00:00.000Z',
    revoked_at: null,
    revoked_by: null,
    rotated_from: null,
    updated_at: '2026-12-01T10:00:00.123Z',
    ...overrides,
  }
}

describe('tokens_v1', () => {
  it('round-trips a token and keeps only the newest version of each', async () => {
    const a = token()
    const b = token({ name: 'ingest-prod', role: 'ingest', cluster: 'prod', clusters: [], expires_at: null, created_at: '2026-12-01T11:00:00.000Z', updated_at: '2026-12-01T11:00:00.000Z' })
    await tokens.put([a, b])
    expect(await tokens.list()).toEqual([
      { ...a, last_used_at: null },
      { ...b, last_used_at: null },
    ])
    const revoked = { ...a, revoked_at: '2026-12-02T00:00:00.000Z', revoked_by: 'root', updated_at: '2026-12-02T00:00:00.000Z' }
    await tokens.put([revoked])
    // An older version written late loses to the newer one.
    await tokens.put([{ ...a, updated_at: '2026-12-01T12:00:00.000Z' }])
    expect(await tokens.get(a.id)).toEqual({ ...revoked, last_used_at: null })
    expect(await tokens.get('0000000000000000')).toBeUndefined()
  })

  it('records the latest use apart from the token row', async () => {
    const c = token({ name: 'carol' })
    await tokens.put([c])
    await tokens.recordUse([{ id: c.id, last_used_at: '2026-12-03T00:00:00.000Z' }])
    await tokens.recordUse([{ id: c.id, last_used_at: '2026-12-02T00:00:00.000Z' }])
    expect((await tokens.get(c.id))?.last_used_at).toBe('2026-12-03T00:00:00.000Z')
    expect((await tokens.get(c.id))?.revoked_at).toBeNull()
  })
})

describe('access_log_v1', () => {
  const record = (i: number, overrides: Partial<AccessRecord> = {}): AccessRecord => ({
    id: `r${String(i).padStart(3, '0')}`,
    at: `2026-12-01T10:00:${String(i).padStart(2, '0')}.000Z`,
    principal: i % 2 === 0 ? 'alice' : 'bob',
    token_id: '',
    role: 'auditor',
    auth: 'bearer-config',
    source_ip: '127.0.0.1',
    method: 'GET',
    route: '/v1/findings',
    params: '{}',
    clusters: i % 3 === 0 ? [] : ['prod'],
    status: i === 7 ? 403 : 200,
    error_code: i === 7 ? 'forbidden' : '',
    rows: i,
    sensitive: i % 5 === 0,
    duration_ms: 3,
    ...overrides,
  })

  it('pages newest first and filters by principal, outcome, sensitivity, cluster and time', async () => {
    await accessLog.write(Array.from({ length: 20 }, (_, i) => record(i)))
    const first = await accessLog.list({ limit: 8 })
    expect(first.items.map((r) => r.id)).toEqual(['r019', 'r018', 'r017', 'r016', 'r015', 'r014', 'r013', 'r012'])
    expect(first.items[0]).toEqual(record(19))
    const ids = [...first.items.map((r) => r.id)]
    let cursor = first.next_cursor
    while (cursor !== null) {
      const page = await accessLog.list({ limit: 8, cursor })
      ids.push(...page.items.map((r) => r.id))
      cursor = page.next_cursor
    }
    expect(ids).toHaveLength(20)
    expect((await accessLog.list({ limit: 100, principal: 'bob' })).items.every((r) => r.principal === 'bob')).toBe(true)
    expect((await accessLog.list({ limit: 100, outcome: 'refused' })).items.map((r) => r.id)).toEqual(['r007'])
    expect((await accessLog.list({ limit: 100, sensitive: true })).items.map((r) => r.id)).toEqual(['r015', 'r010', 'r005', 'r000'])
    expect((await accessLog.list({ limit: 100, clusters: ['staging'] })).items.every((r) => r.clusters.length === 0)).toBe(true)
    expect((await accessLog.list({ limit: 100, from: '2026-12-01T10:00:05Z', to: '2026-12-01T10:00:07Z' })).items.map((r) => r.id)).toEqual(['r006', 'r005'])
  })
})
