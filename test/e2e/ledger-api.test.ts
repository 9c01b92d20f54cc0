import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { batchHash, checkCheckpointSignature, fromHex, leafHash, toHex, verifyInclusion, type Keyring, type SignedCheckpoint } from '@vigil/ledger'
import type { InclusionProof } from '@vigil/store'
import { ADMIN_TOKEN, AUDITOR_TOKEN, auditEvent, eventList, INGEST_TOKEN, SCOPED_TOKEN, startTestPipeline, type TestPipeline } from '../support/pipeline.js'

let p: TestPipeline
const STREAM = 'embedded:vigil.audit.v1'

const get = (url: string, token: string | null = AUDITOR_TOKEN) => p.api.app.inject({ method: 'GET', url, headers: token === null ? {} : { authorization: `Bearer ${token}` } })

async function post(n: number): Promise<void> {
  const res = await p.ingest.app.inject({ method: 'POST', url: '/v1/audit', headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' }, payload: eventList(Array.from({ length: n }, () => auditEvent())) })
  expect(res.statusCode).toBe(200)
}

/** The auditor's side: every step of notes/evidence-formats.md §3.5 with the trusted keys. */
function checkProof(proof: InclusionProof, keys: Keyring): boolean {
  const leaf = leafHash(proof.record_jcs)
  if (toHex(leaf) !== proof.leaf_hash) return false
  if (!verifyInclusion(proof.leaf_index, proof.batch.leaf_count, leaf, proof.batch_proof.map(fromHex), fromHex(proof.batch.merkle_root))) return false
  const cp = proof.checkpoint as SignedCheckpoint
  if (!verifyInclusion(proof.batch_index!, cp.body.batch_count, batchHash(proof.batch), proof.checkpoint_proof!.map(fromHex), fromHex(cp.body.batches_root))) return false
  return checkCheckpointSignature(cp, keys).ok
}

beforeAll(async () => {
  p = await startTestPipeline()
  await post(30)
  await post(12)
  await p.ledger!.checkpointer.checkpoint()
  await post(5)
})

afterAll(() => p.close())

describe('GET /v1/ledger/checkpoints', () => {
  it('lists signed checkpoints to auditors and admins', async () => {
    for (const token of [AUDITOR_TOKEN, ADMIN_TOKEN]) {
      const res = await get('/v1/ledger/checkpoints', token)
      expect(res.statusCode).toBe(200)
      const { items } = res.json<{ items: SignedCheckpoint[] }>()
      expect(items.map((c) => c.body.seq)).toEqual([0])
      // The pipeline's chain, and this process's own (its rule pack, its access records).
      expect(items[0]?.body.heads).toEqual([expect.objectContaining({ stream: STREAM, partition: 0 }), expect.objectContaining({ stream: expect.stringMatching(/^vigil\.api\.v1\//), partition: 0 })])
    }
  })

  it('answers 401 without a token, 403 to an analyst, 400 to a bad query', async () => {
    expect((await get('/v1/ledger/checkpoints', null)).statusCode).toBe(401)
    const forbidden = await get('/v1/ledger/checkpoints', SCOPED_TOKEN)
    expect(forbidden.statusCode).toBe(403)
    expect(forbidden.json()).toMatchObject({ error: { code: 'forbidden' } })
    const bad = await get('/v1/ledger/checkpoints?limit=0')
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_query' } })
  })
})

describe('GET /v1/ledger/proof', () => {
  const keys = () => JSON.parse(readFileSync(join(p.dir, 'ledger-anchors', 'keys.json'), 'utf8')) as Keyring

  it('proves a checkpointed record all the way to a signed checkpoint', async () => {
    const res = await get(`/v1/ledger/proof?stream=${encodeURIComponent(STREAM)}&partition=0&seq=1&idx=3`)
    expect(res.statusCode).toBe(200)
    const proof = res.json<InclusionProof>()
    expect(JSON.parse(proof.record_jcs)).toMatchObject({ type: 'vigil.audit-record', log: { stream: STREAM, partition: 0, seq: 1, idx: 3 } })
    expect(checkProof(proof, keys())).toBe(true)
    expect(checkProof({ ...proof, record_jcs: proof.record_jcs.replace('"verb":"list"', '"verb":"get"') }, keys())).toBe(false)
  })

  it('gives a record no checkpoint covers yet its batch path, and no checkpoint', async () => {
    const res = await get(`/v1/ledger/proof?stream=${encodeURIComponent(STREAM)}&partition=0&seq=2&idx=0`, ADMIN_TOKEN)
    expect(res.statusCode).toBe(200)
    const proof = res.json<InclusionProof>()
    expect(proof).toMatchObject({ checkpoint: null, batch_index: null, checkpoint_proof: null })
    expect(verifyInclusion(proof.leaf_index, proof.batch.leaf_count, leafHash(proof.record_jcs), proof.batch_proof.map(fromHex), fromHex(proof.batch.merkle_root))).toBe(true)
  })

  it('answers 404 for a position holding no record, 400 without one', async () => {
    const missing = await get(`/v1/ledger/proof?stream=${encodeURIComponent(STREAM)}&partition=0&seq=99&idx=0`)
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ error: { code: 'not_found' } })
    expect((await get('/v1/ledger/proof?partition=0&seq=1')).statusCode).toBe(400)
    expect((await get(`/v1/ledger/proof?stream=x&partition=0&seq=1`, SCOPED_TOKEN)).statusCode).toBe(403)
  })
})

describe('GET /v1/ledger/verify', () => {
  it('verifies against the anchored keys, and reports what no checkpoint covers yet', async () => {
    const res = await get('/v1/ledger/verify')
    expect(res.statusCode).toBe(200)
    // 47 pipeline records and the rule pack, plus any access records flushed meanwhile (this process's chain).
    expect(res.json()).toMatchObject({ outcome: 'verified', failures: [], checked: { checkpoints: 1 }, uncheckpointed: expect.arrayContaining([{ stream: STREAM, partition: 0, batches: 1, from_seq: 2, to_seq: 2 }]) })
    expect(res.json<{ checked: { leaves: number } }>().checked.leaves).toBeGreaterThanOrEqual(48)
    expect((await get('/v1/ledger/verify?from=x')).statusCode).toBe(400)
    expect((await get('/v1/ledger/verify', SCOPED_TOKEN)).statusCode).toBe(403)
  })

  it('locates a record deleted from the store', async () => {
    await p.sql.command({ query: `ALTER TABLE ledger_entries_v1 DELETE WHERE entry = 'leaf' AND seq = 0 AND idx = 7`, clickhouse_settings: { mutations_sync: '2' } })
    const res = await get('/v1/ledger/verify', ADMIN_TOKEN)
    expect(res.json()).toMatchObject({ outcome: 'tampered', failures: [{ kind: 'leaf_missing', stream: STREAM, partition: 0, seq: 0 }] })
  })
})
