import { nodeHash, sha256, type Digest } from './hash.js'

/**
 * RFC 6962 §2.1 Merkle Tree Hash over leaf hashes, with audit paths
 * (§2.1.1) and consistency proofs (§2.1.2), and the RFC 9162 §2.1.3.2 /
 * §2.1.4.2 verifiers. Inputs to the tree are leaf hashes (see leafHash),
 * not leaf bytes. Verifiers return false, never throw, on any malformed
 * proof: wrong sizes, wrong lengths, hashes that are not 32 bytes.
 */

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Digest = sha256()

/** The largest power of two strictly smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** The RFC 6962 root of leaf hashes [lo, hi). A lone last node is promoted, never duplicated. */
export function merkleRoot(leaves: readonly Digest[], lo = 0, hi = leaves.length): Digest {
  if (hi <= lo) return EMPTY_ROOT
  let level: Digest[] = leaves.slice(lo, hi)
  while (level.length > 1) {
    const next: Digest[] = []
    const pairs = level.length - (level.length % 2)
    for (let i = 0; i < pairs; i += 2) next.push(nodeHash(level[i] as Digest, level[i + 1] as Digest))
    if (pairs < level.length) next.push(level[pairs] as Digest)
    level = next
  }
  return level[0] as Digest
}

/** PATH(index, D[n]): the audit path of one leaf, deepest sibling first. */
export function inclusionProof(index: number, leaves: readonly Digest[]): Digest[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new RangeError(`leaf ${index} is not in a tree of ${leaves.length}`)
  const out: Digest[] = []
  const walk = (m: number, lo: number, hi: number): void => {
    if (hi - lo <= 1) return
    const k = split(hi - lo)
    if (m < k) {
      walk(m, lo, lo + k)
      out.push(merkleRoot(leaves, lo + k, hi))
    } else {
      walk(m - k, lo + k, hi)
      out.push(merkleRoot(leaves, lo, lo + k))
    }
  }
  walk(index, 0, leaves.length)
  return out
}

/** PROOF(size1, D[n]): that the first size1 leaves' tree is a prefix of the whole. */
export function consistencyProof(size1: number, leaves: readonly Digest[]): Digest[] {
  if (!Number.isInteger(size1) || size1 < 0 || size1 > leaves.length) throw new RangeError(`size ${size1} is not within a tree of ${leaves.length}`)
  const out: Digest[] = []
  const sub = (m: number, lo: number, hi: number, whole: boolean): void => {
    if (m === hi - lo) {
      if (!whole) out.push(merkleRoot(leaves, lo, hi))
      return
    }
    const k = split(hi - lo)
    if (m <= k) {
      sub(m, lo, lo + k, whole)
      out.push(merkleRoot(leaves, lo + k, hi))
    } else {
      sub(m - k, lo + k, hi, false)
      out.push(merkleRoot(leaves, lo, lo + k))
    }
  }
  if (size1 > 0) sub(size1, 0, leaves.length, true)
  return out
}

const is32 = (d: Uint8Array | undefined): d is Uint8Array => d !== undefined && d.length === 32
const safeSize = (n: number) => Number.isSafeInteger(n) && n >= 0

/** The root an inclusion proof implies, or undefined when the proof cannot belong to a tree of `size` (RFC 9162 §2.1.3.2). */
export function rootFromInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[]): Digest | undefined {
  if (!safeSize(index) || !safeSize(size) || index >= size || !is32(leaf) || !proof.every(is32)) return undefined
  let fn = BigInt(index)
  let sn = BigInt(size - 1)
  let r: Uint8Array = leaf
  for (const p of proof) {
    if (sn === 0n) return undefined
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r)
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n
        sn >>= 1n
      }
    } else {
      r = nodeHash(r, p)
    }
    fn >>= 1n
    sn >>= 1n
  }
  return sn === 0n ? Buffer.from(r) : undefined
}

export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!is32(root)) return false
  const got = rootFromInclusion(index, size, leaf, proof)
  return got !== undefined && got.equals(root)
}

/** RFC 9162 §2.1.4.2: the tree of size1 with root1 is a prefix of the tree of size2 with root2. */
export function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  // A tree of size 0 is a prefix of everything: a proof from it proves nothing, so it is refused.
  if (!safeSize(size1) || !safeSize(size2) || size2 < size1 || size1 === 0) return false
  // Equal sizes need no proof: the roots must simply be the same bytes (the vectors use opaque roots here).
  if (size1 === size2) return proof.length === 0 && Buffer.from(root1).equals(root2)
  if (!is32(root1) || !is32(root2) || !proof.every(is32)) return false
  if (proof.length === 0) return false
  let fn = BigInt(size1 - 1)
  let sn = BigInt(size2 - 1)
  const s1 = BigInt(size1)
  const path = (s1 & (s1 - 1n)) === 0n ? [root1, ...proof] : proof
  while ((fn & 1n) === 1n) {
    fn >>= 1n
    sn >>= 1n
  }
  let fr: Uint8Array = path[0] as Uint8Array
  let sr: Uint8Array = fr
  for (const c of path.slice(1)) {
    if (sn === 0n) return false
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n
        sn >>= 1n
      }
    } else {
      sr = nodeHash(sr, c)
    }
    fn >>= 1n
    sn >>= 1n
  }
  return sn === 0n && Buffer.from(fr).equals(root1) && Buffer.from(sr).equals(root2)
}
