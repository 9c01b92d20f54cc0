import { readFileSync } from 'node:fs'
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { EVIDENCE_FORMATS_DIR } from '../../../test/support/fixtures.js'
import { batchHash, sealBatch, type BatchHeader, type ChainHead } from './batch.js'
import { buildCheckpoint, checkpointHash, signCheckpoint, signingKeyFrom, type CheckpointBody, type SignedCheckpoint } from './checkpoint.js'
import { fromHex, leafHash, toHex } from './hash.js'
import { canonicalize } from './jcs.js'
import { checkCheckpointSignature, keyringEntry, rotateKeyring, type Keyring } from './keyring.js'
import { inclusionProof, merkleRoot, verifyInclusion } from './merkle.js'

interface Example {
  test_key: { seed_hex: string; public_key_raw_hex: string; key_id: string }
  records: Record<string, string[]>
  batches: Array<{ header: BatchHeader; batch_hash: string; leaf_hashes: string[] }>
  checkpoint: SignedCheckpoint
  inclusion_proofs: Array<{ record: unknown; record_jcs: string; leaf_hash: string; leaf_index: number; batch: BatchHeader; batch_hash: string; batch_proof: string[]; batch_index: number; checkpoint_proof: string[]; checkpoint_hash: string }>
}

const ex = JSON.parse(readFileSync(`${EVIDENCE_FORMATS_DIR}/ledger/ledger-example.json`, 'utf8')) as Example
const key = signingKeyFrom(ex.test_key.seed_hex)
const ring: Keyring = { keys: [keyringEntry(key.publicKey, 0)] }

/** The five checks of notes/evidence-formats.md §3.5, steps 1–5. */
function verifyProof(p: Example['inclusion_proofs'][number], cp: SignedCheckpoint, keys: Keyring): boolean {
  const leaf = leafHash(p.record_jcs)
  if (!verifyInclusion(p.leaf_index, p.batch.leaf_count, leaf, p.batch_proof.map(fromHex), fromHex(p.batch.merkle_root))) return false
  if (!verifyInclusion(p.batch_index, cp.body.batch_count, batchHash(p.batch), p.checkpoint_proof.map(fromHex), fromHex(cp.body.batches_root))) return false
  return checkpointHash(cp.body) === cp.checkpoint_hash && checkCheckpointSignature(cp, keys).ok
}

describe('the golden ledger example', () => {
  it('derives the test key and its id', () => {
    expect(key.key_id).toBe(ex.test_key.key_id)
    expect(ring.keys[0]?.public_key).toBe(Buffer.from(ex.test_key.public_key_raw_hex, 'hex').toString('base64url'))
  })

  it('every record is already canonical, and its leaf hash recomputes', () => {
    for (const [stream, records] of Object.entries(ex.records)) {
      for (const r of records) expect(canonicalize(JSON.parse(r))).toBe(r)
      const batchLeaves = ex.batches.filter((b) => b.header.stream === stream).flatMap((b) => b.leaf_hashes)
      expect(records.map((r) => toHex(leafHash(r)))).toEqual(batchLeaves)
    }
  })

  it('rebuilds every batch header, root and chain link', () => {
    const heads = new Map<string, ChainHead>()
    for (const b of ex.batches) {
      const chain = `${b.header.stream}/${b.header.partition}`
      const sealed = sealBatch({ ...b.header, leaves: b.leaf_hashes.map(fromHex), prev: heads.get(chain), sealed_at: b.header.sealed_at })
      expect(sealed.header).toEqual(b.header)
      expect(sealed.batch_hash).toBe(b.batch_hash)
      heads.set(chain, sealed.head)
    }
  })

  it('rebuilds the checkpoint and reproduces its signature byte for byte', () => {
    const last = new Map<string, ChainHead>()
    for (const b of ex.batches) last.set(`${b.header.stream}/${b.header.partition}`, { stream: b.header.stream, partition: b.header.partition, last_seq: b.header.last_seq, batch_hash: b.batch_hash })
    const body = buildCheckpoint({
      origin: ex.checkpoint.body.origin,
      previous: undefined,
      period_start: ex.checkpoint.body.period_start,
      period_end: ex.checkpoint.body.period_end,
      batches: ex.batches.map((b) => ({ ...b.header, batch_hash: b.batch_hash })).reverse(),
      heads: [...last.values()].reverse(),
      created_at: ex.checkpoint.body.created_at,
    })
    expect(body).toEqual(ex.checkpoint.body)
    expect(signCheckpoint(body, key)).toEqual(ex.checkpoint)
    expect(checkCheckpointSignature(ex.checkpoint, ring)).toEqual({ ok: true, key_id: key.key_id })
  })

  it('regenerates every inclusion proof, and each verifies', () => {
    const leavesOf = new Map(ex.batches.map((b) => [b.batch_hash, b.leaf_hashes.map(fromHex)]))
    const batchLeaves = ex.batches.map((b) => fromHex(b.batch_hash))
    expect(ex.inclusion_proofs).toHaveLength(3)
    for (const p of ex.inclusion_proofs) {
      expect(p.record_jcs).toBe(canonicalize(p.record))
      expect(inclusionProof(p.leaf_index, leavesOf.get(p.batch_hash)!).map(toHex)).toEqual(p.batch_proof)
      expect(inclusionProof(p.batch_index, batchLeaves).map(toHex)).toEqual(p.checkpoint_proof)
      expect(toHex(merkleRoot(batchLeaves))).toBe(ex.checkpoint.body.batches_root)
      expect(verifyProof(p, ex.checkpoint, ring)).toBe(true)
    }
  })

  it('fails when any byte of a record, proof, header, body or signature changes', () => {
    const flipHex = (h: string, i: number) => h.slice(0, i) + (h[i] === '0' ? '1' : '0') + h.slice(i + 1)
    const p = ex.inclusion_proofs[0]!
    const cases: Array<[string, Example['inclusion_proofs'][number], SignedCheckpoint]> = [
      ['record', { ...p, record_jcs: p.record_jcs.replace('ci-deployer-admin', 'ci-deployer-admim') }, ex.checkpoint],
      ['leaf index', { ...p, leaf_index: p.leaf_index + 1 }, ex.checkpoint],
      ['batch proof', { ...p, batch_proof: [flipHex(p.batch_proof[0]!, 7), ...p.batch_proof.slice(1)] }, ex.checkpoint],
      ['batch header', { ...p, batch: { ...p.batch, sealed_at: '2026-02-11T13:58:27.011Z' } }, ex.checkpoint],
      ['checkpoint proof', { ...p, checkpoint_proof: [p.checkpoint_proof[0]!, flipHex(p.checkpoint_proof[1]!, 63)] }, ex.checkpoint],
      ['checkpoint body', p, { ...ex.checkpoint, body: { ...ex.checkpoint.body, period_end: '2026-02-11T16:00:00Z' } }],
      ['signature', p, { ...ex.checkpoint, signatures: [{ ...ex.checkpoint.signatures[0]!, sig: Buffer.from(Buffer.from(ex.checkpoint.signatures[0]!.sig, 'base64').map((b, i) => (i === 10 ? b ^ 1 : b))).toString('base64') }] }],
    ]
    for (const [what, proof, cp] of cases) expect(verifyProof(proof, cp, ring), what).toBe(false)
  })
})

describe('checkpoints and keys', () => {
  const other = signingKeyFrom(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)

  it('an empty period is signed with the empty root', () => {
    const body: CheckpointBody = buildCheckpoint({ origin: 'o', previous: ex.checkpoint, period_start: 'a', period_end: 'b', batches: [], heads: ex.checkpoint.body.heads, created_at: 'c' })
    expect(body).toMatchObject({ seq: 1, batch_count: 0, batches_root: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', prev_checkpoint_hash: ex.checkpoint.checkpoint_hash })
    expect(checkCheckpointSignature(signCheckpoint(body, key), ring).ok).toBe(true)
  })

  it('rotation keeps old checkpoints verifiable and confines each key to its window', () => {
    const rotated = rotateKeyring(ring, other.publicKey, 5)
    expect(rotateKeyring(rotated, other.publicKey, 9)).toBe(rotated)
    expect(rotated.keys.map((k) => [k.key_id, k.valid_from_seq, k.valid_until_seq])).toEqual([[key.key_id, 0, 4], [other.key_id, 5, null]])
    const at = (seq: number, k: typeof key) => signCheckpoint({ ...ex.checkpoint.body, seq }, k)
    expect(checkCheckpointSignature(ex.checkpoint, rotated).ok).toBe(true)
    expect(checkCheckpointSignature(at(5, other), rotated).ok).toBe(true)
    expect(checkCheckpointSignature(at(5, key), rotated)).toEqual({ ok: false, reason: `key ${key.key_id} is not valid for checkpoint 5` })
    expect(checkCheckpointSignature(at(4, other), rotated)).toEqual({ ok: false, reason: `key ${other.key_id} is not valid for checkpoint 4` })
    expect(checkCheckpointSignature(at(5, other), ring)).toEqual({ ok: false, reason: 'no signature by a known key' })
  })

  it('a forged signature under a known key id is refused', () => {
    const forged = signCheckpoint(ex.checkpoint.body, other)
    const relabelled = { ...forged, signatures: [{ ...forged.signatures[0]!, key_id: key.key_id }] }
    expect(checkCheckpointSignature(relabelled, ring)).toEqual({ ok: false, reason: `bad signature by ${key.key_id}` })
  })

  it('refuses keys that are not Ed25519', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }) as string
    expect(() => signingKeyFrom(ec)).toThrow(/not Ed25519/)
  })
})
