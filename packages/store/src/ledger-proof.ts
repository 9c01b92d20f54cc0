import type { ClickHouseClient } from '@clickhouse/client'
import { batchHash, compareBatches, fromHex, inclusionProof, toHex, type BatchHeader, type SignedCheckpoint } from '@vigil/ledger'
import { listCheckpoints } from './tables/ledger-checkpoints.js'
import { LEDGER_ENTRIES_TABLE, listBatchesBetween, parseBatchHeader } from './tables/ledger-entries.js'

/** A record's ledger position. */
export interface RecordLocator {
  stream: string
  partition: number
  seq: number
  idx: number
}

/**
 * The proof of notes/evidence-formats.md §3.5: the record's exact bytes,
 * its audit path in its batch, and its batch's audit path in the first
 * checkpoint that covers it (null while no checkpoint does yet).
 */
export interface InclusionProof {
  record_jcs: string
  leaf_hash: string
  leaf_index: number
  batch: BatchHeader
  batch_hash: string
  batch_proof: string[]
  batch_index: number | null
  checkpoint_proof: string[] | null
  checkpoint: SignedCheckpoint | null
}

async function rows<T>(client: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<T[]> {
  return (await client.query({ query, query_params: params, format: 'JSONEachRow' })).json<T>()
}

/** Hashes are recomputed from the stored bytes, never read from the leaf_hash column: a tampered store yields a proof that fails. */
export async function buildInclusionProof(client: ClickHouseClient, origin: string, at: RecordLocator): Promise<InclusionProof | undefined> {
  const chain = { stream: at.stream, partition: at.partition }
  const [leaf] = await rows<{ record_jcs: string }>(
    client,
    `SELECT record_jcs FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'leaf' AND stream = {stream:String} AND partition = {partition:UInt32} AND seq = {seq:UInt64} AND idx = {idx:UInt32} LIMIT 1`,
    { ...at },
  )
  if (leaf === undefined) return undefined
  const [head] = await rows<{ record_jcs: string }>(
    client,
    `SELECT record_jcs FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'batch' AND stream = {stream:String} AND partition = {partition:UInt32} AND seq <= {seq:UInt64} AND last_seq >= {seq:UInt64} ORDER BY seq DESC LIMIT 1`,
    { ...chain, seq: at.seq },
  )
  if (head === undefined) return undefined
  const batch = parseBatchHeader(head.record_jcs)
  const leaves = await rows<{ seq: string; idx: number; h: string }>(
    client,
    `SELECT seq, idx, lower(hex(SHA256(concat(unhex('00'), record_jcs)))) AS h FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'leaf' AND stream = {stream:String} AND partition = {partition:UInt32} AND seq BETWEEN {first:UInt64} AND {last:UInt64} ORDER BY seq, idx`,
    { ...chain, first: batch.first_seq, last: batch.last_seq },
  )
  const index = leaves.findIndex((l) => Number(l.seq) === at.seq && Number(l.idx) === at.idx)
  const hashes = leaves.map((l) => fromHex(l.h))
  const proof: InclusionProof = {
    record_jcs: leaf.record_jcs,
    leaf_hash: toHex(hashes[index] as Buffer),
    leaf_index: index,
    batch,
    batch_hash: toHex(batchHash(batch)),
    batch_proof: inclusionProof(index, hashes).map(toHex),
    batch_index: null,
    checkpoint_proof: null,
    checkpoint: null,
  }
  const checkpoints = await listCheckpoints(client, origin)
  const pos = checkpoints.findIndex((c) => c.body.heads.some((h) => h.stream === at.stream && h.partition === at.partition && h.last_seq >= batch.last_seq))
  const cp = checkpoints[pos]
  if (cp === undefined) return proof
  const prior = new Map((checkpoints[pos - 1]?.body.heads ?? []).map((h) => [`${h.stream}\u0000${h.partition}`, h.last_seq]))
  const covered: Array<{ header: BatchHeader; hash: string }> = []
  for (const h of cp.body.heads) {
    for (const b of await listBatchesBetween(client, h, prior.get(`${h.stream}\u0000${h.partition}`), h.last_seq)) {
      const header = parseBatchHeader(b.record_jcs)
      covered.push({ header, hash: toHex(batchHash(header)) })
    }
  }
  covered.sort((a, b) => compareBatches(a.header, b.header))
  const batchIndex = covered.findIndex((b) => b.hash === proof.batch_hash)
  if (batchIndex < 0) return proof
  return { ...proof, batch_index: batchIndex, checkpoint_proof: inclusionProof(batchIndex, covered.map((b) => fromHex(b.hash))).map(toHex), checkpoint: cp }
}
