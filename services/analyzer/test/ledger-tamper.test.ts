import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { partitionKey, type AuditEvent } from '@vigil/core'
import type { ConsumedRecord } from '@vigil/event-log'
import { keyringEntry, signCheckpoint, signingKeyFrom, type Keyring, type SignedCheckpoint } from '@vigil/ledger'
import { createLogger, createMetrics } from '@vigil/platform'
import { compileRules, loadRuleSources, NoticeOnce, RequestOnce, ThresholdTracker } from '@vigil/rules'
import { createCheckpointer, createClickHouseClient, createStore, listCheckpoints, migrate, verifyLedger, type ClickHouseClient, type LedgerFailure, type LedgerReport } from '@vigil/store'
import { auditEvent } from '../../../test/support/pipeline.js'
import { handleBatch, ledgerPlacement } from '../src/index.js'

/**
 * Tampering with the ledger directly in ClickHouse (the real engine), one
 * case per record kind and per attack: each must be detected and located.
 */
const RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url))
const ORIGIN = 'vigil.test/tamper'
const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) => k.export({ format: 'pem', type: 'pkcs8' }) as string
const key = signingKeyFrom(pem(generateKeyPairSync('ed25519').privateKey))
const keyring: Keyring = { keys: [keyringEntry(key.publicKey, 0)] }
const ruleset = compileRules(loadRuleSources([RULES_DIR]))
const STREAM = ledgerPlacement({ type: 'inprocess' }).stream

let dir: string
let client: ClickHouseClient

const sql = (query: string) => client.command({ query, clickhouse_settings: { mutations_sync: '2' } })
const rows = async <T>(query: string) => (await client.query({ query, format: 'JSONEachRow' })).json<T>()
const verify = () => verifyLedger({ client, origin: ORIGIN, keyring })
const kinds = (r: LedgerReport) => r.failures.map((f) => f.kind)

/** A record's event: every third one is an anonymous request the authorizer allowed, which the shipped rules flag. */
function event(i: number): AuditEvent {
  const anonymous = i % 3 === 0
  return auditEvent({
    auditID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    verb: 'get',
    user: anonymous ? { username: 'system:anonymous', groups: ['system:unauthenticated'] } : { username: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:authenticated'] },
    objectRef: { resource: 'pods', namespace: 'prod', name: `api-${i}`, apiVersion: 'v1' },
    requestURI: `/api/v1/namespaces/prod/pods/api-${i}`,
    requestReceivedTimestamp: `2026-11-01T10:00:${String(i % 60).padStart(2, '0')}.000000Z`,
  }) as unknown as AuditEvent
}

/** Three analyzer batches of log records (two events each), two checkpoints, then one batch no checkpoint covers. */
async function seed(): Promise<void> {
  for (const t of ['ledger_entries_v1', 'ledger_checkpoints_v1', 'ledger_anchors_v1', 'ledger_keys_v1', 'audit_events_v1', 'findings_v1']) await client.command({ query: `TRUNCATE TABLE ${t}` })
  let clock = Date.parse('2026-11-01T10:00:00.000Z')
  const now = () => new Date((clock += 1000))
  const store = createStore({ client, now })
  const deps = { ruleset, thresholds: new ThresholdTracker(), once: new RequestOnce(), notices: new NoticeOnce(), store, metrics: createMetrics({ defaultMetrics: false }), logger: createLogger({ level: 'silent' }), now, ledger: ledgerPlacement({ type: 'inprocess' }) }
  const checkpointer = createCheckpointer({ client, key, origin: ORIGIN, anchors: [], now })
  let n = 0
  const batch = async () => {
    const records = Array.from({ length: 3 }, (_, r): ConsumedRecord => {
      const events = [event(n++), event(n++)]
      return { key: partitionKey('prod', events[0]!), value: events.map((e) => JSON.stringify(e)).join('\n'), headers: { cluster: 'prod', received_at: now().toISOString() }, offset: String(r) }
    })
    await handleBatch(deps, { topic: 'audit', partition: 0, records })
  }
  await batch()
  await batch()
  await checkpointer.checkpoint()
  await batch()
  await checkpointer.checkpoint()
  await batch()
}

interface Leaf {
  seq: number
  idx: number
  kind: string
}
/** A leaf of the given kind in the middle batch (positions 3..5), which checkpoint 0 covers. */
async function target(kind: string, nth = 0): Promise<Leaf> {
  const list = await rows<Leaf>(`SELECT seq, idx, kind FROM ledger_entries_v1 WHERE entry = 'leaf' AND kind = '${kind}' AND seq BETWEEN 3 AND 5 ORDER BY seq, idx`)
  const leaf = list[nth]
  if (leaf === undefined) throw new Error(`no ${kind} leaf #${nth} in the middle batch`)
  return { seq: Number(leaf.seq), idx: Number(leaf.idx), kind }
}
const at = (l: Leaf) => `entry = 'leaf' AND stream = '${STREAM}' AND seq = ${l.seq} AND idx = ${l.idx}`
const located = (r: LedgerReport, kind: LedgerFailure['kind']) => r.failures.find((f) => f.kind === kind)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-tamper-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await migrate(client)
})

afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(seed)

describe('an untouched ledger', () => {
  it('verifies, with the records no checkpoint covers yet listed', async () => {
    const report = await verify()
    expect(report.failures).toEqual([])
    expect(report.outcome).toBe('verified')
    expect(report.checked).toEqual({ checkpoints: 2, batches: 4, leaves: expect.any(Number) })
    expect(report.uncheckpointed).toEqual([{ stream: STREAM, partition: 0, batches: 1, from_seq: 9, to_seq: 11 }])
    const counts = await rows<{ kind: string; n: string }>(`SELECT kind, count() AS n FROM ledger_entries_v1 WHERE entry = 'leaf' GROUP BY kind ORDER BY kind`)
    expect(counts.map((c) => [c.kind, Number(c.n)])).toEqual([['vigil.audit-record', 24], ['vigil.finding', 8]])
    expect(report.checked.leaves).toBe(32)
  })

  it('reports a stretch of more than a day without a checkpoint', async () => {
    const latest = (await listCheckpoints(client, ORIGIN)).at(-1)!
    const report = await verifyLedger({ client, origin: ORIGIN, keyring, now: () => new Date('2026-11-04T10:00:00.000Z') })
    expect(report.outcome).toBe('verified')
    expect(report.periods_without_checkpoint).toEqual([{ from: latest.body.period_end, to: '2026-11-04T10:00:00.000Z', hours: 72, checkpoint: null }])
    const fresh = await verifyLedger({ client, origin: ORIGIN, keyring, now: () => new Date(Date.parse(latest.body.period_end) + 3_600_000) })
    expect(fresh.periods_without_checkpoint).toEqual([])
  })

  it('cannot verify without a trusted key', async () => {
    const report = await verifyLedger({ client, origin: ORIGIN, keyring: { keys: [] } })
    expect(report.failures).toEqual([])
    expect(report).toMatchObject({ outcome: 'unverifiable', unverifiable: ['no trusted public key was given'] })
  })
})

describe.each(['vigil.audit-record', 'vigil.finding'])('tampering with a %s', (kind) => {
  it('an edit of the record is located at the record', async () => {
    const leaf = await target(kind)
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = replace(record_jcs, '"prod"', '"staging"') WHERE ${at(leaf)}`)
    const report = await verify()
    expect(report.outcome).toBe('tampered')
    expect(located(report, 'leaf_modified')).toMatchObject({ stream: STREAM, seq: leaf.seq, idx: leaf.idx })
  })

  it('an edit that also rewrites the stored leaf hash is located at its batch', async () => {
    const leaf = await target(kind)
    const edited = `replace(record_jcs, '"prod"', '"staging"')`
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = ${edited}, leaf_hash = lower(hex(SHA256(concat(unhex('00'), ${edited})))) WHERE ${at(leaf)}`)
    const report = await verify()
    expect(kinds(report)).toEqual(['leaf_modified'])
    expect(report.failures[0]).toMatchObject({ stream: STREAM, seq: 3 })
  })

  it('a deletion is located at its batch', async () => {
    const leaf = await target(kind)
    await sql(`ALTER TABLE ledger_entries_v1 DELETE WHERE ${at(leaf)}`)
    const report = await verify()
    expect(kinds(report)).toEqual(['leaf_missing'])
    expect(report.failures[0]).toMatchObject({ stream: STREAM, seq: 3 })
  })

  it('an inserted record is located', async () => {
    const leaf = await target(kind)
    await sql(`INSERT INTO ledger_entries_v1 SELECT stream, partition, entry, seq, idx + 7, kind, record_jcs, leaf_hash, last_seq, sealed_at FROM ledger_entries_v1 WHERE ${at(leaf)}`)
    const report = await verify()
    expect(located(report, 'leaf_added')).toMatchObject({ stream: STREAM, seq: 3 })
    expect(located(report, 'leaf_moved')).toMatchObject({ seq: leaf.seq, idx: leaf.idx + 7 })
  })

  it('a record inserted outside every batch is reported as unsealed', async () => {
    const leaf = await target(kind)
    await sql(`INSERT INTO ledger_entries_v1 SELECT stream, partition, entry, 1000, idx, kind, record_jcs, leaf_hash, 1000, sealed_at FROM ledger_entries_v1 WHERE ${at(leaf)}`)
    const report = await verify()
    expect(kinds(report)).toEqual(['leaf_unsealed'])
    expect(report.failures[0]).toMatchObject({ stream: STREAM, seq: 1000, idx: leaf.idx })
  })

  it('reordering two records is located at the first', async () => {
    const a = await target(kind, 0)
    const b = await target('vigil.audit-record', kind === 'vigil.audit-record' ? 1 : 0)
    const [ra, rb] = [await rows<{ record_jcs: string; leaf_hash: string }>(`SELECT record_jcs, leaf_hash FROM ledger_entries_v1 WHERE ${at(a)}`), await rows<{ record_jcs: string; leaf_hash: string }>(`SELECT record_jcs, leaf_hash FROM ledger_entries_v1 WHERE ${at(b)}`)]
    const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = ${lit(rb[0]!.record_jcs)}, leaf_hash = ${lit(rb[0]!.leaf_hash)} WHERE ${at(a)}`)
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = ${lit(ra[0]!.record_jcs)}, leaf_hash = ${lit(ra[0]!.leaf_hash)} WHERE ${at(b)}`)
    const report = await verify()
    expect(kinds(report)).toEqual(['leaf_moved'])
    const first = [a, b].sort((x, y) => x.seq - y.seq || x.idx - y.idx)[0]!
    expect(report.failures[0]).toMatchObject({ stream: STREAM, seq: first.seq, idx: first.idx })
  })
})

describe('tampering with batches and checkpoints', () => {
  it('an edited batch header breaks its hash and the next link', async () => {
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = replace(record_jcs, '"leaf_count":', '"leaf_count":1') WHERE entry = 'batch' AND seq = 3`)
    const report = await verify()
    expect(located(report, 'batch_header')).toMatchObject({ seq: 3 })
    expect(located(report, 'batch_link')).toMatchObject({ seq: 6 })
    expect(located(report, 'checkpoint_coverage')).toMatchObject({ checkpoint: 0 })
  })

  it('truncating a chain (its last checkpointed batch, header and records) is detected', async () => {
    await sql(`ALTER TABLE ledger_entries_v1 DELETE WHERE seq >= 6`)
    const report = await verify()
    expect(report.outcome).toBe('tampered')
    expect(located(report, 'checkpoint_head')).toMatchObject({ checkpoint: 1, stream: STREAM, seq: 8 })
    expect(located(report, 'checkpoint_coverage')).toMatchObject({ checkpoint: 1 })
  })

  it('deleting a whole chain is detected', async () => {
    await sql(`ALTER TABLE ledger_entries_v1 DELETE WHERE stream = '${STREAM}'`)
    const report = await verify()
    expect(kinds(report)).toContain('checkpoint_head')
  })

  it('a checkpoint swapped for another one is detected', async () => {
    const [cp0] = await rows<{ signed: string }>(`SELECT signed FROM ledger_checkpoints_v1 WHERE checkpoint_seq = 0`)
    await sql(`ALTER TABLE ledger_checkpoints_v1 UPDATE signed = '${cp0!.signed.replace(/'/g, "\\'")}' WHERE checkpoint_seq = 1`)
    const report = await verify()
    expect(report.failures[0]).toMatchObject({ kind: 'checkpoint_link', checkpoint: 1 })
  })

  it('a checkpoint re-signed by another key is detected', async () => {
    const other = signingKeyFrom(pem(generateKeyPairSync('ed25519').privateKey))
    const [cp1] = (await listCheckpoints(client, ORIGIN)).slice(1)
    const forged: SignedCheckpoint = signCheckpoint({ ...cp1!.body, batch_count: cp1!.body.batch_count }, other)
    await sql(`ALTER TABLE ledger_checkpoints_v1 UPDATE signed = '${JSON.stringify(forged).replace(/'/g, "\\'")}' WHERE checkpoint_seq = 1`)
    const report = await verify()
    expect(report.failures).toEqual([expect.objectContaining({ kind: 'checkpoint_signature', checkpoint: 1 })])
  })

  it('a deleted checkpoint leaves a hole in the sequence', async () => {
    await sql(`ALTER TABLE ledger_checkpoints_v1 DELETE WHERE checkpoint_seq = 0`)
    const report = await verify()
    expect(report.failures[0]).toMatchObject({ kind: 'checkpoint_missing', checkpoint: 0 })
  })
})
