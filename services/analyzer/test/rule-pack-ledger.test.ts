import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { keyringEntry, signingKeyFrom, type Keyring } from '@vigil/ledger'
import { compileRules, loadRuleSources } from '@vigil/rules'
import { createCheckpointer, createClickHouseClient, createStore, migrate, verifyLedger, type ClickHouseClient, type LedgerReport, type Store } from '@vigil/store'
import { RULE_PACK_RECORD, rulePackRecord } from '../src/index.js'

/** Rule-pack changes on the ledger: sealed when the pack differs from the last one sealed, and every tamper case detected (chDB). */
const RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url))
const ORIGIN = 'vigil.test/rule-pack'
const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)
const keyring: Keyring = { keys: [keyringEntry(key.publicKey, 0)] }
const sources = loadRuleSources([RULES_DIR])
const packA = compileRules(sources)
const packB = compileRules(sources, { lists: [{ name: 'allowed_users', items: ['alice'], append: true }] })

let dir: string
let client: ClickHouseClient
let store: Store
const sql = (query: string) => client.command({ query, clickhouse_settings: { mutations_sync: '2' } })
const rows = async <T>(query: string) => (await client.query({ query, format: 'JSONEachRow' })).json<T>()
const verify = () => verifyLedger({ client, origin: ORIGIN, keyring })
const kinds = (r: LedgerReport) => r.failures.map((f) => f.kind)
const leaves = async () => (await rows<{ stream: string; seq: string; record_jcs: string; leaf_hash: string }>(`SELECT stream, seq, record_jcs, leaf_hash FROM ledger_entries_v1 WHERE entry = 'leaf' AND kind = '${RULE_PACK_RECORD}' ORDER BY seq`)).map((r) => ({ ...r, seq: Number(r.seq) }))
const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-rule-pack-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await migrate(client)
})

afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

beforeEach(async () => {
  for (const t of ['ledger_entries_v1', 'ledger_checkpoints_v1', 'ledger_keys_v1']) await client.command({ query: `TRUNCATE TABLE ${t}` })
  let clock = Date.parse('2026-12-01T10:00:00.000Z')
  const now = () => new Date((clock += 1000))
  store = createStore({ client, now, apiLedger: { instance: 'analyzer-test' } })
  expect(await store.ledger.sealRulePack(rulePackRecord(packA))).toBe(true)
  expect(await store.ledger.sealRulePack(rulePackRecord(packA))).toBe(false)
  await createCheckpointer({ client, key, origin: ORIGIN, anchors: [], now }).checkpoint()
  expect(await store.ledger.sealRulePack(rulePackRecord(packB))).toBe(true)
})

describe('rule-pack records', () => {
  it('are sealed once per change, naming every file, list and rule', async () => {
    const list = await leaves()
    expect(list).toHaveLength(2)
    const [a, b] = list.map((l) => JSON.parse(l.record_jcs) as ReturnType<typeof rulePackRecord>)
    expect(a).toMatchObject({ type: 'vigil.rule-pack', v: 1, pack_sha256: rulePackRecord(packA).pack_sha256 })
    expect(a!.pack_sha256).not.toBe(b!.pack_sha256)
    expect(a!.rules.length).toBe(packA.rules.length)
    expect(a!.files.map((f) => f.file)).toEqual([...packA.sources.map((s) => s.file)].sort())
    // A restart (a new store) with the same pack seals nothing new.
    const again = createStore({ client, apiLedger: {} })
    expect(await again.ledger.sealRulePack(rulePackRecord(packB))).toBe(false)
    expect((await verify()).failures).toEqual([])
  })

  it('an edited record is located', async () => {
    const [l] = await leaves()
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = replace(record_jcs, '"enabled":true', '"enabled":false') WHERE entry = 'leaf' AND stream = ${lit(l!.stream)} AND seq = ${l!.seq}`)
    expect((await verify()).failures[0]).toMatchObject({ kind: 'leaf_modified', seq: l!.seq, idx: 0 })
  })

  it('a deleted record is located at its batch', async () => {
    const [l] = await leaves()
    await sql(`ALTER TABLE ledger_entries_v1 DELETE WHERE entry = 'leaf' AND stream = ${lit(l!.stream)} AND seq = ${l!.seq}`)
    expect(kinds(await verify())).toEqual(['leaf_missing'])
  })

  it('an inserted record is reported as unsealed', async () => {
    const [l] = await leaves()
    await sql(`INSERT INTO ledger_entries_v1 SELECT stream, partition, entry, 500, idx, kind, record_jcs, leaf_hash, 500, sealed_at FROM ledger_entries_v1 WHERE entry = 'leaf' AND stream = ${lit(l!.stream)} AND seq = ${l!.seq}`)
    expect((await verify()).failures).toEqual([expect.objectContaining({ kind: 'leaf_unsealed', seq: 500 })])
  })

  it('two records swapped (reordered) are located', async () => {
    const [a, b] = await leaves()
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = ${lit(b!.record_jcs)}, leaf_hash = ${lit(b!.leaf_hash)} WHERE entry = 'leaf' AND stream = ${lit(a!.stream)} AND seq = ${a!.seq}`)
    await sql(`ALTER TABLE ledger_entries_v1 UPDATE record_jcs = ${lit(a!.record_jcs)}, leaf_hash = ${lit(a!.leaf_hash)} WHERE entry = 'leaf' AND stream = ${lit(b!.stream)} AND seq = ${b!.seq}`)
    const report = await verify()
    expect(kinds(report)).toEqual(['leaf_moved', 'leaf_moved'])
    expect(report.failures[0]).toMatchObject({ seq: a!.seq })
  })
})
