import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AccessRecord } from '@vigil/core'
import { canonicalize, keyringEntry, signingKeyFrom, type BatchHeader, type Keyring } from '@vigil/ledger'
import { API_LEDGER_STREAM, API_RECORD_TYPES, createCheckpointer, createClickHouseClient, createStore, listBatchHeaders, migrate, verifyLedger, type AttestationRow, type ClickHouseClient, type LedgerFailure, type LedgerReport, type SampleRow, type Store, type TransitionRow } from '../src/index.js'

/**
 * The api's evidence records on the ledger (ADR 0010, update 2026-12-07):
 * sealed on the process's own chain before their projection row, verified
 * with the rest of the ledger, and each projection compared with its leaves.
 * Every tamper case runs on the real engine (chDB).
 */
const ORIGIN = 'vigil.test/api-ledger'
const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)
const keyring: Keyring = { keys: [keyringEntry(key.publicKey, 0)] }
const INSTANCE = 'host-a/1/test'
const STREAM = `${API_LEDGER_STREAM}/${INSTANCE}`

let dir: string
let client: ClickHouseClient
let store: Store

const sql = (query: string) => client.command({ query, clickhouse_settings: { mutations_sync: '2' } })
const rows = async <T>(query: string) => (await client.query({ query, format: 'JSONEachRow' })).json<T>()
const verify = () => verifyLedger({ client, origin: ORIGIN, keyring })
const kinds = (r: LedgerReport) => r.failures.map((f) => f.kind)
const located = (r: LedgerReport, kind: LedgerFailure['kind']) => r.failures.find((f) => f.kind === kind)

const transition = (n: number): TransitionRow => ({
  transition_id: `tr-${n}`, finding_id: 'f-1', seq: n, cluster: 'prod', at: `2026-12-01T10:00:0${n}.123Z`, actor: 'jane', role: 'reviewer', kind: 'transition',
  from_state: 'open', to_state: 'acknowledged', disposition: n === 1 ? null : 'risk_accepted', reason: `reason ${n}: é\t"quoted"`, ticket: n === 1 ? null : 'CHG-1', expires_at: n === 1 ? null : '2027-01-01T00:00:00.000Z', request_id: null,
})
const attestation = (n: number): AttestationRow => ({
  attestation_id: `att-${n}`, framework: 'soc2', control: 'cc6.1', period_start: '2026-10-01T00:00:00.000Z', period_end: '2026-11-01T00:00:00.000Z', clusters: ['prod', 'staging'],
  reviewer: 'jane', role: 'reviewer', at: `2026-12-01T11:00:0${n}.000Z`, finding_count: 3 + n, statement: `I reviewed ${n}.`,
})
const sample = (n: number): SampleRow => ({
  sample_id: `s-${n}`, population_id: 'pop-1', population_name: 'rbac_changes', population_sha256: 'a'.repeat(64), population_rows: 100, method: n === 1 ? 'seeded_random' : 'auditor',
  seed: n === 1 ? 'seed-1' : null, size: 2, size_basis: 'AICPA table', drawn_by: 'auditor-1', drawn_at: `2026-12-01T12:00:0${n}.000Z`, selected: [{ row_key: 'k1', rank: n === 1 ? '0.1' : null }, { row_key: 'k2', rank: null }],
})
const access = (n: number, i: number): AccessRecord => ({
  id: `acc-${n}-${i}`, at: `2026-12-01T13:00:0${n}.00${i}Z`, principal: 'jane', token_id: '', role: 'auditor', auth: 'session', source_ip: '127.0.0.1', method: 'GET',
  route: '/v1/findings/:id', params: '{"id":"f-1"}', clusters: i === 0 ? [] : ['prod'], status: i === 0 ? 200 : 403, error_code: i === 0 ? '' : 'forbidden', rows: 1, sensitive: i === 1, duration_ms: 4,
})

/** Writes one record of every kind per round, through the ports, each its own log position (and batch). */
async function round(n: number): Promise<void> {
  await store.reviews.record([transition(n)])
  await store.reviews.attest(attestation(n))
  await store.populations.saveSample(sample(n))
  await store.reports.save({ report_id: `rep-${n}`, generated_at: `2026-12-01T14:00:0${n}.000Z`, body: JSON.stringify({ id: `rep-${n}`, title: 'CC6.1 — é' }) })
  await store.accessLog.write([access(n, 0), access(n, 1)])
}

const TABLES = ['ledger_entries_v1', 'ledger_checkpoints_v1', 'ledger_keys_v1', 'finding_transitions_v1', 'attestations_v1', 'samples_v1', 'reports_v1', 'access_log_v1']

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-api-ledger-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await migrate(client)
})

afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(async () => {
  for (const t of TABLES) await client.command({ query: `TRUNCATE TABLE ${t}` })
  let clock = Date.parse('2026-12-01T10:00:00.000Z')
  const now = () => new Date((clock += 1000))
  store = createStore({ client, now, apiLedger: { instance: INSTANCE } })
  const checkpointer = createCheckpointer({ client, key, origin: ORIGIN, anchors: [], now })
  await round(1)
  await checkpointer.checkpoint()
  await round(2)
  await checkpointer.checkpoint()
})

describe("the api's records on the ledger", () => {
  it('are sealed on the process chain as JCS records with type and v, one position per write', async () => {
    const leaves = await rows<{ seq: string; idx: number; kind: string; record_jcs: string }>(`SELECT seq, idx, kind, record_jcs FROM ledger_entries_v1 WHERE entry = 'leaf' ORDER BY seq, idx`)
    expect(leaves.map((l) => [Number(l.seq), Number(l.idx), l.kind])).toEqual(
      [1, 2].flatMap((n) => {
        const base = (n - 1) * 5
        return [[base, 0, 'vigil.triage-transition'], [base + 1, 0, 'vigil.attestation'], [base + 2, 0, 'vigil.sample-draw'], [base + 3, 0, 'vigil.report-export'], [base + 4, 0, 'vigil.access'], [base + 4, 1, 'vigil.access']]
      }),
    )
    for (const l of leaves) {
      const record = JSON.parse(l.record_jcs) as { type: string; v: number; log: unknown }
      expect(canonicalize(record)).toBe(l.record_jcs)
      expect(record).toMatchObject({ type: l.kind, v: 1, log: { stream: STREAM, partition: 0, seq: Number(l.seq), idx: Number(l.idx) } })
    }
    expect(JSON.parse(leaves[0]!.record_jcs)).toMatchObject({ ...transition(1), type: 'vigil.triage-transition' })
    const report = JSON.parse(leaves[3]!.record_jcs) as { body_sha256: string; body_bytes: number }
    expect(report.body_sha256).toMatch(/^[0-9a-f]{64}$/)
    const headers = (await listBatchHeaders(client, { stream: STREAM, partition: 0 })).map((h) => JSON.parse(h.record_jcs) as BatchHeader)
    expect(headers.map((h) => [h.first_seq, h.last_seq])).toEqual(Array.from({ length: 10 }, (_, i) => [i, i]))
  })

  it('verify clean, with every projection matching its leaves', async () => {
    const report = await verify()
    expect(report.failures).toEqual([])
    expect(report.outcome).toBe('verified')
    expect(report.projections.map((p) => [p.table, p.sealed, p.missing + p.unsealed + p.modified + p.duplicated])).toEqual([
      ['finding_transitions_v1', 2, 0],
      ['attestations_v1', 2, 0],
      ['samples_v1', 2, 0],
      ['reports_v1', 2, 0],
      ['access_log_v1', 4, 0],
    ])
  })

  it('concurrent writes are group-committed in order onto one chain that never forks', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.accessLog.write([{ ...access(3, 0), id: `burst-${i}` }])))
    const headers = (await listBatchHeaders(client, { stream: STREAM, partition: 0 })).map((h) => JSON.parse(h.record_jcs) as BatchHeader)
    // 20 positions after the seeded 10, in fewer batches than writes, contiguous.
    expect(headers.at(-1)?.last_seq).toBe(29)
    expect(headers.length).toBeLessThan(30)
    expect((await verify()).failures).toEqual([])
  })

  it('a second process (a restart) gets a chain of its own', async () => {
    const other = createStore({ client, apiLedger: {} })
    await other.accessLog.write([{ ...access(3, 0), id: 'from-b' }])
    const streams = await rows<{ stream: string }>(`SELECT DISTINCT stream FROM ledger_entries_v1 ORDER BY stream`)
    expect(streams).toHaveLength(2)
    expect(streams.every((s) => s.stream.startsWith(`${API_LEDGER_STREAM}/`))).toBe(true)
    expect((await verify()).failures).toEqual([])
  })
})

interface Kind {
  type: string
  table: string
  key: string
  /** A String column to edit. */
  column: string
}
const KINDS: Kind[] = [
  { type: API_RECORD_TYPES.transition, table: 'finding_transitions_v1', key: 'transition_id', column: 'reason' },
  { type: API_RECORD_TYPES.attestation, table: 'attestations_v1', key: 'attestation_id', column: 'statement' },
  { type: API_RECORD_TYPES.sample, table: 'samples_v1', key: 'sample_id', column: 'drawn_by' },
  { type: API_RECORD_TYPES.reportExport, table: 'reports_v1', key: 'report_id', column: 'body' },
  { type: API_RECORD_TYPES.access, table: 'access_log_v1', key: 'id', column: 'principal' },
]

interface Leaf {
  seq: number
  idx: number
}
/** The nth leaf of a kind: round 1's is under checkpoint 0, round 2's under checkpoint 1. */
async function leafOf(type: string, nth: number): Promise<Leaf> {
  const list = await rows<{ seq: string; idx: number }>(`SELECT seq, idx FROM ledger_entries_v1 WHERE entry = 'leaf' AND kind = '${type}' ORDER BY seq, idx`)
  const l = list[nth]
  if (l === undefined) throw new Error(`no ${type} leaf #${nth}`)
  return { seq: Number(l.seq), idx: Number(l.idx) }
}
const at = (l: Leaf) => `entry = 'leaf' AND stream = '${STREAM}' AND seq = ${l.seq} AND idx = ${l.idx}`
const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
const firstKey = async (k: Kind) => (await rows<{ k: string }>(`SELECT ${k.key} AS k FROM ${k.table} ORDER BY ${k.key} LIMIT 1`))[0]!.k

describe.each(KINDS)('tampering with a $type', (k) => {
  it('an edit of the sealed record is located at the record', async () => {
    const leaf = await leafOf(k.type, 0)
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = replace(record_jcs, '"v":1', '"v":2') WHERE ${at(leaf)}`)
    const report = await verify()
    expect(report.outcome).toBe('tampered')
    expect(located(report, 'leaf_modified')).toMatchObject({ stream: STREAM, seq: leaf.seq, idx: leaf.idx })
  })

  it('a deleted leaf is located at its batch, and its projection row is then unsealed', async () => {
    const leaf = await leafOf(k.type, 0)
    await sql(`ALTER TABLE ledger_entries_v1 DELETE WHERE ${at(leaf)}`)
    const report = await verify()
    expect(located(report, 'leaf_missing')).toMatchObject({ stream: STREAM, seq: leaf.seq })
    expect(located(report, 'projection_unsealed')).toMatchObject({ table: k.table })
  })

  it('an inserted leaf outside every batch is reported as unsealed', async () => {
    const leaf = await leafOf(k.type, 0)
    await sql(`INSERT INTO ledger_entries_v1 SELECT stream, partition, entry, 1000, idx, kind, record_jcs, leaf_hash, 1000, sealed_at FROM ledger_entries_v1 WHERE ${at(leaf)}`)
    const report = await verify()
    expect(kinds(report)).toEqual(['leaf_unsealed'])
    expect(report.failures[0]).toMatchObject({ stream: STREAM, seq: 1000, idx: leaf.idx })
  })

  it('two leaves swapped (reordered) are located at the first', async () => {
    const [a, b] = [await leafOf(k.type, 0), await leafOf(k.type, k.type === API_RECORD_TYPES.access ? 2 : 1)]
    const [ra, rb] = [(await rows<{ record_jcs: string; leaf_hash: string }>(`SELECT record_jcs, leaf_hash FROM ledger_entries_v1 WHERE ${at(a)}`))[0]!, (await rows<{ record_jcs: string; leaf_hash: string }>(`SELECT record_jcs, leaf_hash FROM ledger_entries_v1 WHERE ${at(b)}`))[0]!]
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = ${lit(rb.record_jcs)}, leaf_hash = ${lit(rb.leaf_hash)} WHERE ${at(a)}`)
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = ${lit(ra.record_jcs)}, leaf_hash = ${lit(ra.leaf_hash)} WHERE ${at(b)}`)
    const report = await verify()
    expect(kinds(report)).toEqual(['leaf_moved', 'leaf_moved'])
    expect(report.failures[0]).toMatchObject({ stream: STREAM, seq: a.seq, idx: a.idx })
  })

  it(`an edit of the projection row (${k.table}) is located at its key`, async () => {
    const id = await firstKey(k)
    await sql(`ALTER TABLE ${k.table} UPDATE ${k.column} = concat(${k.column}, 'x') WHERE ${k.key} = ${lit(id)}`)
    const report = await verify()
    expect(report.failures).toEqual([expect.objectContaining({ kind: 'projection_modified', table: k.table, key: id })])
  })

  it('a deleted projection row is located at its key', async () => {
    const id = await firstKey(k)
    await sql(`ALTER TABLE ${k.table} DELETE WHERE ${k.key} = ${lit(id)}`)
    const report = await verify()
    expect(report.failures).toEqual([expect.objectContaining({ kind: 'projection_missing', table: k.table, key: id })])
  })

  it('a projection row no leaf vouches for is reported as unsealed', async () => {
    const id = await firstKey(k)
    const columns = (await rows<{ name: string }>(`SELECT name FROM system.columns WHERE database = currentDatabase() AND table = '${k.table}' ORDER BY position`)).map((c) => (c.name === k.key ? `'forged' AS ${k.key}` : c.name))
    // A subquery: an alias named like a column would shadow it in the WHERE.
    await sql(`INSERT INTO ${k.table} SELECT ${columns.join(', ')} FROM (SELECT * FROM ${k.table} WHERE ${k.key} = ${lit(id)})`)
    const report = await verify()
    expect(report.failures).toEqual([expect.objectContaining({ kind: 'projection_unsealed', table: k.table, key: 'forged' })])
  })

  it('a projection row copied (or a later version inserted) is detected at its key', async () => {
    const id = await firstKey(k)
    // reports_v1 keeps the latest version per report: a forged later version is what a copy there amounts to.
    const later = k.table === 'reports_v1'
    const columns = (await rows<{ name: string }>(`SELECT name FROM system.columns WHERE database = currentDatabase() AND table = '${k.table}' ORDER BY position`)).map((c) => (later && c.name === 'generated_at' ? `generated_at + 1 AS generated_at` : later && c.name === 'body' ? `'{}' AS body` : c.name))
    await sql(`INSERT INTO ${k.table} SELECT ${columns.join(', ')} FROM (SELECT * FROM ${k.table} WHERE ${k.key} = ${lit(id)})`)
    const report = await verify()
    expect(report.failures).toEqual([expect.objectContaining({ kind: later ? 'projection_modified' : 'projection_duplicate', table: k.table, key: id })])
  })
})

describe('the crash window', () => {
  it('a record sealed whose projection write never happened is reported as missing, not lost', async () => {
    // Sealed, and then the projection row removed: what a kill -9 between the two inserts leaves.
    await store.reviews.record([transition(3)])
    await sql(`ALTER TABLE finding_transitions_v1 DELETE WHERE transition_id = 'tr-3'`)
    const report = await verify()
    expect(report.failures).toEqual([expect.objectContaining({ kind: 'projection_missing', table: 'finding_transitions_v1', key: 'tr-3' })])
    // The record itself is still on the ledger, so the projection can be rebuilt from it.
    const [leaf] = await rows<{ record_jcs: string }>(`SELECT record_jcs FROM ledger_entries_v1 WHERE kind = 'vigil.triage-transition' AND JSONExtractString(record_jcs, 'transition_id') = 'tr-3'`)
    expect(JSON.parse(leaf!.record_jcs)).toMatchObject(transition(3))
  })
})
