import type { ClickHouseClient } from '@clickhouse/client'
import type { BatchHeader, ChainHead } from '@vigil/ledger'
import { chDateTime, insertLines } from '../json-rows.js'
import { tsvString } from '../tsv.js'

export const LEDGER_ENTRIES_TABLE = 'ledger_entries_v1'

/** One row of the ledger: a leaf (an evidence record) or a batch header. */
export interface LedgerEntryRow {
  stream: string
  partition: number
  entry: 'leaf' | 'batch'
  /** Leaf: log position; batch: first_seq. */
  seq: number
  /** Leaf: index among its log record's leaves; batch: 0. */
  idx: number
  kind: string
  record_jcs: string
  /** Hex leaf hash (batch: batch_hash). */
  leaf_hash: string
  /** Batch: last_seq; leaf: its seq. */
  last_seq: number
  sealed_at: string
}

const COLUMNS = ['stream', 'partition', 'entry', 'seq', 'idx', 'kind', 'record_jcs', 'leaf_hash', 'last_seq', 'sealed_at'] as const

function line(r: LedgerEntryRow): string {
  return [tsvString(r.stream), String(r.partition), r.entry, String(r.seq), String(r.idx), tsvString(r.kind), tsvString(r.record_jcs), r.leaf_hash, String(r.last_seq), chDateTime(r.sealed_at)].join('\t')
}

/**
 * One INSERT for all the rows: the table has no partition key, so the rows
 * of one call (far below max_insert_block_size) land in one part, which is
 * committed atomically. Leaves and the header that seals them go together.
 */
export async function insertLedgerEntries(client: ClickHouseClient, rows: readonly LedgerEntryRow[]): Promise<void> {
  await insertLines(client, `${LEDGER_ENTRIES_TABLE} (${COLUMNS.join(', ')})`, 'TabSeparated', rows.map(line))
}

export interface StoredBatchHeader {
  stream: string
  partition: number
  /** The seq and last_seq columns, which verification compares with the header itself. */
  seq: number
  last_seq: number
  record_jcs: string
  leaf_hash: string
}

const HEADER_COLUMNS = 'stream, partition, seq, last_seq, record_jcs, leaf_hash'

function toHeader(r: StoredBatchHeader): StoredBatchHeader {
  return { ...r, partition: Number(r.partition), seq: Number(r.seq), last_seq: Number(r.last_seq) }
}

/** Every batch header, in chain order; every row, duplicates included. */
export async function listBatchHeaders(client: ClickHouseClient, chain?: { stream: string; partition: number }): Promise<StoredBatchHeader[]> {
  const where = chain === undefined ? '' : 'AND stream = {stream:String} AND partition = {partition:UInt32}'
  const rs = await client.query({
    query: `SELECT ${HEADER_COLUMNS} FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'batch' ${where} ORDER BY stream, partition, seq, last_seq`,
    query_params: chain ?? {},
    format: 'JSONEachRow',
  })
  return (await rs.json<StoredBatchHeader>()).map(toHeader)
}

/** The latest sealed batch of each chain, as the sealer resumes from it. */
export async function readChainHeads(client: ClickHouseClient): Promise<ChainHead[]> {
  const rs = await client.query({
    // Aliases must not shadow the columns the aggregates read.
    query: `SELECT stream, partition, max(last_seq) AS head_seq, argMax(leaf_hash, last_seq) AS head_hash FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'batch' GROUP BY stream, partition ORDER BY stream, partition`,
    format: 'JSONEachRow',
  })
  return (await rs.json<{ stream: string; partition: number; head_seq: number; head_hash: string }>()).map((h) => ({ stream: h.stream, partition: Number(h.partition), last_seq: Number(h.head_seq), batch_hash: h.head_hash }))
}

export function parseBatchHeader(jcs: string): BatchHeader {
  return JSON.parse(jcs) as BatchHeader
}

/** Batch headers of one chain with first_seq > afterSeq and last_seq <= uptoSeq (what a checkpoint covers). */
export async function listBatchesBetween(client: ClickHouseClient, chain: { stream: string; partition: number }, afterSeq: number | undefined, uptoSeq: number): Promise<StoredBatchHeader[]> {
  const rs = await client.query({
    query: `SELECT ${HEADER_COLUMNS} FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'batch' AND stream = {stream:String} AND partition = {partition:UInt32} AND seq >= {from:UInt64} AND last_seq <= {upto:UInt64} ORDER BY seq`,
    query_params: { ...chain, from: afterSeq === undefined ? 0 : afterSeq + 1, upto: uptoSeq },
    format: 'JSONEachRow',
  })
  return (await rs.json<StoredBatchHeader>()).map(toHeader)
}

/** The `pack_sha256` of the latest sealed rule-pack record of `kind`, by seal time; undefined when none. */
export async function lastSealedRulePack(client: ClickHouseClient, kind: string): Promise<string | undefined> {
  const rs = await client.query({
    query: `SELECT JSONExtractString(record_jcs, 'pack_sha256') AS sha FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'leaf' AND kind = {kind:String} ORDER BY sealed_at DESC, seq DESC LIMIT 1`,
    query_params: { kind },
    format: 'JSONEachRow',
  })
  const [r] = await rs.json<{ sha: string }>()
  return r?.sha
}
