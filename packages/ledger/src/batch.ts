import { canonicalize } from './jcs.js'
import { leafHash, toHex, type Digest } from './hash.js'
import { merkleRoot } from './merkle.js'

/**
 * The header of a sealed batch: a contiguous range [first_seq, last_seq] of
 * one stream partition (a Kafka partition's offsets, the in-process log's
 * sequence, the api's record sequence), the RFC 6962 root of its leaves in
 * (seq, idx) order, and the hash of the previous header of the same chain.
 */
export interface BatchHeader {
  type: 'vigil.ledger.batch'
  v: 1
  stream: string
  partition: number
  first_seq: number
  last_seq: number
  leaf_count: number
  /** Hex RFC 6962 root of the leaf hashes. */
  merkle_root: string
  /** Hex batch_hash of the previous batch of this chain; null for the first. */
  prev_batch_hash: string | null
  sealed_at: string
}

/** The head of one chain: its latest sealed batch. */
export interface ChainHead {
  stream: string
  partition: number
  last_seq: number
  batch_hash: string
}

/** batch_hash = SHA-256(0x00 ‖ JCS(header)): the chain link and the header's leaf in a checkpoint's tree. */
export function batchHash(header: BatchHeader): Digest {
  return leafHash(canonicalize(header))
}

export interface SealInput {
  stream: string
  partition: number
  first_seq: number
  last_seq: number
  /** Leaf hashes in (seq, idx) order. */
  leaves: readonly Digest[]
  /** The chain's head before this batch, if any. */
  prev: ChainHead | undefined
  sealed_at: string
}

export interface SealedBatch {
  header: BatchHeader
  batch_hash: string
  head: ChainHead
}

/**
 * Seals one batch onto its chain. A batch must start right after the
 * previous head (a hole is not sealed over: the caller decides whether a
 * gap is data loss it must record) and cover at least one position.
 */
export function sealBatch(input: SealInput): SealedBatch {
  const { prev } = input
  if (!Number.isSafeInteger(input.first_seq) || !Number.isSafeInteger(input.last_seq) || input.first_seq < 0 || input.last_seq < input.first_seq) {
    throw new RangeError(`batch range ${input.first_seq}..${input.last_seq} is not a range`)
  }
  if (prev !== undefined && (prev.stream !== input.stream || prev.partition !== input.partition)) throw new RangeError('the previous head belongs to another chain')
  if (prev !== undefined && input.first_seq <= prev.last_seq) throw new RangeError(`batch starts at ${input.first_seq}, at or before the chain head ${prev.last_seq}`)
  const header: BatchHeader = {
    type: 'vigil.ledger.batch',
    v: 1,
    stream: input.stream,
    partition: input.partition,
    first_seq: input.first_seq,
    last_seq: input.last_seq,
    leaf_count: input.leaves.length,
    merkle_root: toHex(merkleRoot(input.leaves)),
    prev_batch_hash: prev?.batch_hash ?? null,
    sealed_at: input.sealed_at,
  }
  const hash = toHex(batchHash(header))
  return { header, batch_hash: hash, head: { stream: input.stream, partition: input.partition, last_seq: input.last_seq, batch_hash: hash } }
}

/** The order batches take in a checkpoint's tree and in verification: (stream, partition, first_seq). */
export function compareBatches(a: Pick<BatchHeader, 'stream' | 'partition' | 'first_seq'>, b: Pick<BatchHeader, 'stream' | 'partition' | 'first_seq'>): number {
  if (a.stream !== b.stream) return a.stream < b.stream ? -1 : 1
  if (a.partition !== b.partition) return a.partition - b.partition
  return a.first_seq - b.first_seq
}
