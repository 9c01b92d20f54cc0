import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { batchHash, canonicalize, leafHash, merkleRoot, toHex, type BatchHeader } from '@vigil/ledger'
import { createClickHouseClient, createStore, listBatchHeaders, migrate, readChainHeads, summarizeBatchLeaves, type ClickHouseClient, type LedgerUnit, type Store } from '../src/index.js'

let dir: string
let client: ClickHouseClient
let store: Store
let clock = Date.parse('2026-12-01T10:00:00.000Z')

const unit = (stream: string, seq: number | undefined, n: number, tag = 'r'): LedgerUnit => ({
  stream,
  partition: 0,
  seq,
  records: Array.from({ length: n }, (_, i) => ({ type: 'vigil.test', v: 1, tag, i, text: `é ${tag}\t${i}` })),
})
const write = (units: LedgerUnit[]) => store.writeBatch({ ledger: units, events: [], findings: [], ruleState: [], deadLetters: [] })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-ledger-'))
  client = await createClickHouseClient({ type: 'chdb' }, dir)
  await migrate(client)
  store = createStore({ client, now: () => new Date((clock += 1000)) })
})

afterAll(async () => {
  await client.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('sealing on the write path (chDB)', () => {
  it('assigns in-process positions, chains batches and resumes from the stored head', async () => {
    await write([unit('embedded', undefined, 2, 'a'), unit('embedded', undefined, 0, 'b'), unit('embedded', undefined, 3, 'c')])
    await write([unit('embedded', undefined, 1, 'd')])
    // A new store (a restart) reads its head from the table.
    store = createStore({ client, now: () => new Date((clock += 1000)) })
    await write([unit('embedded', undefined, 2, 'e')])
    const headers = (await listBatchHeaders(client, { stream: 'embedded', partition: 0 })).map((h) => JSON.parse(h.record_jcs) as BatchHeader)
    expect(headers.map((h) => [h.first_seq, h.last_seq, h.leaf_count])).toEqual([[0, 2, 5], [3, 3, 1], [4, 4, 2]])
    expect(headers[0]?.prev_batch_hash).toBeNull()
    expect(headers[1]?.prev_batch_hash).toBe(toHex(batchHash(headers[0]!)))
    expect(headers[2]?.prev_batch_hash).toBe(toHex(batchHash(headers[1]!)))
    expect(await readChainHeads(client)).toEqual([{ stream: 'embedded', partition: 0, last_seq: 4, batch_hash: toHex(batchHash(headers[2]!)) }])
  })

  it('skips Kafka offsets at or below the head (a redelivery), and seals the rest', async () => {
    await write([unit('kafka', 10, 1, 'x'), unit('kafka', 11, 2, 'y')])
    await write([unit('kafka', 11, 2, 'y'), unit('kafka', 12, 1, 'z')])
    const headers = (await listBatchHeaders(client, { stream: 'kafka', partition: 0 })).map((h) => JSON.parse(h.record_jcs) as BatchHeader)
    expect(headers.map((h) => [h.first_seq, h.last_seq, h.leaf_count])).toEqual([[10, 11, 3], [12, 12, 1]])
  })

  it('recomputes leaves and roots in SQL exactly as the sealer did', async () => {
    const summaries = await summarizeBatchLeaves(client, [{ stream: 'embedded', partition: 0, fromSeq: 0, toSeq: 100 }, { stream: 'kafka', partition: 0, fromSeq: 0, toSeq: 100 }])
    const headers = (await listBatchHeaders(client)).map((h) => JSON.parse(h.record_jcs) as BatchHeader)
    expect(summaries.map((s) => [s.stream, s.batch_first_seq, s.leaf_count, s.root])).toEqual(headers.map((h) => [h.stream, h.first_seq, h.leaf_count, h.merkle_root]))
    expect(summaries.every((s) => s.stale === 0 && s.moved === 0 && s.duplicates === 0)).toBe(true)
    // The first batch's leaves: positions (0,0),(0,1),(2,0),(2,1),(2,2); the empty record at seq 1 holds none.
    const rs = await client.query({ query: `SELECT record_jcs FROM ledger_entries_v1 WHERE entry = 'leaf' AND stream = 'embedded' AND seq <= 2 ORDER BY seq, idx`, format: 'JSONEachRow' })
    const jcs = (await rs.json<{ record_jcs: string }>()).map((r) => r.record_jcs)
    expect(jcs.map((j) => (JSON.parse(j) as { log: unknown }).log)).toEqual([
      { stream: 'embedded', partition: 0, seq: 0, idx: 0 },
      { stream: 'embedded', partition: 0, seq: 0, idx: 1 },
      { stream: 'embedded', partition: 0, seq: 2, idx: 0 },
      { stream: 'embedded', partition: 0, seq: 2, idx: 1 },
      { stream: 'embedded', partition: 0, seq: 2, idx: 2 },
    ])
    expect(jcs.every((j) => canonicalize(JSON.parse(j)) === j)).toBe(true)
    expect(toHex(merkleRoot(jcs.map((j) => leafHash(j))))).toBe(headers[0]?.merkle_root)
  })

  it('computes RFC 6962 roots in SQL for every tree size up to 40', async () => {
    for (let n = 1; n <= 40; n++) await write([unit(`sizes-${n}`, undefined, n)])
    const summaries = await summarizeBatchLeaves(client, Array.from({ length: 40 }, (_, i) => ({ stream: `sizes-${i + 1}`, partition: 0, fromSeq: 0, toSeq: 0 })))
    const headers = new Map((await listBatchHeaders(client)).map((h) => [h.stream, JSON.parse(h.record_jcs) as BatchHeader]))
    expect(summaries).toHaveLength(40)
    for (const s of summaries) expect(s.root, s.stream).toBe(headers.get(s.stream)?.merkle_root)
  })
})
