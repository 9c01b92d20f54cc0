import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { EVIDENCE_FORMATS_DIR } from '../../../test/support/fixtures.js'
import { leafHash, toHex } from './hash.js'
import { consistencyProof, EMPTY_ROOT, inclusionProof, merkleRoot, rootFromInclusion, verifyConsistency, verifyInclusion } from './merkle.js'

const DIR = `${EVIDENCE_FORMATS_DIR}/merkle`

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.json') ? [join(dir, f)] : []))
}
const b64 = (s: string | null | undefined) => (s === null || s === undefined ? Buffer.alloc(0) : Buffer.from(s, 'base64'))
const rel = (f: string) => f.slice(DIR.length + 1)

interface InclusionVector { leafIdx: number; treeSize: number; root: string; leafHash: string; proof: string[] | null; desc: string; wantErr: boolean }
interface ConsistencyVector { size1: number; size2: number; root1: string; root2: string; proof: string[] | null; desc: string; wantErr: boolean }

const roots = JSON.parse(readFileSync(`${DIR}/rfc6962-roots.json`, 'utf8')) as { leaf_inputs_hex: string[]; roots_hex: string[] }
const leaves = roots.leaf_inputs_hex.map((h) => leafHash(Buffer.from(h, 'hex')))
const inclusion = files(`${DIR}/testdata/inclusion`)
const consistency = files(`${DIR}/testdata/consistency`)

describe('RFC 6962 tree heads', () => {
  it.each(roots.roots_hex.map((r, n) => [n, r] as const))('the tree of the first %i leaf inputs has the published head', (n, root) => {
    expect(toHex(merkleRoot(leaves.slice(0, n)))).toBe(root)
  })

  it('the empty tree is SHA-256 of nothing', () => {
    expect(toHex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})

describe('inclusion proofs (transparency-dev vectors)', () => {
  it('has the vectors, positive and negative', () => {
    expect(inclusion.length).toBeGreaterThan(90)
    expect(inclusion.some((f) => (JSON.parse(readFileSync(f, 'utf8')) as InclusionVector).wantErr)).toBe(true)
  })

  it.each(inclusion.map((f) => [rel(f), f]))('%s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as InclusionVector
    const ok = verifyInclusion(v.leafIdx, v.treeSize, b64(v.leafHash), (v.proof ?? []).map(b64), b64(v.root))
    expect(ok, v.desc).toBe(!v.wantErr)
  })
})

describe('consistency proofs (transparency-dev vectors)', () => {
  it('has the vectors, positive and negative', () => {
    expect(consistency.length).toBeGreaterThan(90)
    expect(consistency.some((f) => !(JSON.parse(readFileSync(f, 'utf8')) as ConsistencyVector).wantErr)).toBe(true)
  })

  it.each(consistency.map((f) => [rel(f), f]))('%s', (_name, file) => {
    const v = JSON.parse(readFileSync(file, 'utf8')) as ConsistencyVector
    const ok = verifyConsistency(v.size1, v.size2, (v.proof ?? []).map(b64), b64(v.root1), b64(v.root2))
    expect(ok, v.desc).toBe(!v.wantErr)
  })
})

describe('generated proofs', () => {
  const many = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)))

  it('every leaf of every tree up to 70 proves its inclusion, and only at its own index', () => {
    for (let n = 1; n <= many.length; n++) {
      const tree = many.slice(0, n)
      const root = merkleRoot(tree)
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, tree)
        expect(verifyInclusion(i, n, tree[i]!, proof, root)).toBe(true)
        if (n > 1) expect(verifyInclusion((i + 1) % n, n, tree[i]!, proof, root)).toBe(false)
      }
    }
  })

  it('every prefix of every tree up to 40 proves consistency with the whole', () => {
    for (let n = 1; n <= 40; n++) {
      const tree = many.slice(0, n)
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(m, tree)
        expect(verifyConsistency(m, n, proof, merkleRoot(tree, 0, m), merkleRoot(tree))).toBe(true)
        if (m < n) expect(verifyConsistency(m, n, proof, merkleRoot(tree, 0, m), merkleRoot(tree, 0, n - 1))).toBe(false)
      }
    }
  })

  it('rejects out-of-range indices and malformed hashes instead of throwing', () => {
    const tree = many.slice(0, 5)
    const proof = inclusionProof(2, tree)
    expect(rootFromInclusion(5, 5, tree[2]!, proof)).toBeUndefined()
    expect(rootFromInclusion(-1, 5, tree[2]!, proof)).toBeUndefined()
    expect(verifyInclusion(2, 5, tree[2]!.subarray(0, 31), proof, merkleRoot(tree))).toBe(false)
    expect(verifyInclusion(2, 5, tree[2]!, [...proof.slice(0, -1), Buffer.alloc(33)], merkleRoot(tree))).toBe(false)
    expect(verifyConsistency(0, 5, [], EMPTY_ROOT, merkleRoot(tree))).toBe(false)
    expect(() => inclusionProof(5, tree)).toThrow(RangeError)
  })
})
