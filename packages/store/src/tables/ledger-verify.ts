import type { ClickHouseClient } from '@clickhouse/client'
import { LEDGER_ENTRIES_TABLE } from './ledger-entries.js'

/**
 * The RFC 6962 root of the FixedString(32) array \`l0\`, as a stack fold:
 * push each leaf, then merge the top two once per trailing zero bit of its
 * 1-based index (the completed perfect subtrees), and finally fold what is
 * left from the right. A lone last node is thus promoted, never
 * duplicated. Lambdas capture no outer column (ClickHouse would copy it per
 * element). Yields the alias \`root\`.
 */
function merkleRootSql(): string {
  const node = (l: string, r: string) => `SHA256(concat(unhex('01'), ${l}, ${r}))`
  const merge = `arrayFold((s, m) -> arrayPushBack(arrayPopBack(arrayPopBack(s)), ${node('s[-2]', 's[-1]')}), range(bitCount(bitXor(i, i - 1)) - 1), arrayPushBack(acc, x))`
  const stack = `arrayFold((acc, x, i) -> ${merge}, l0, arrayEnumerate(l0), CAST([], 'Array(FixedString(32))')) AS stack`
  const root = `lower(hex(if(length(l0) = 0, SHA256(''), arrayFold((r, y) -> ${node('y', 'r')}, arrayReverse(arrayPopBack(stack)), stack[-1])))) AS root`
  return `${stack},\n  ${root}`
}

/** A chain's range of positions to check: [fromSeq, toSeq]. */
export interface ChainRange {
  stream: string
  partition: number
  fromSeq: number
  toSeq: number
}

/*
 * \`moved\` looks for the row's position as the sealer wrote it: JCS sorts
 * members, so a record sealed at (stream, partition, seq, idx) holds exactly
 * \`"log":{"idx":…,"partition":…,"seq":…,"stream":…}\`. A substring search
 * instead of four JSONExtracts (each a parse of the whole record) took
 * verification of 1M records from 27.8 s to 10.5 s (docs/benchmarks.md). It only
 * locates: the batch root over the ordered leaf hashes catches a reordering
 * whatever the record says. toJSONString escapes '/' (JCS does not), hence
 * the replaceAll.
 */

/** What the store holds for one batch's positions, recomputed from record_jcs in SQL. */
export interface BatchLeafSummary {
  stream: string
  partition: number
  /** The batch (by its header row's columns) the leaves fall in; -1 when they fall in none. */
  batch_first_seq: number
  leaf_count: number
  /** The recomputed root over SHA-256(0x00 ‖ record_jcs) in (seq, idx) order. */
  root: string
  /** Leaves whose stored leaf_hash differs from the recomputed one, and the first such position. */
  stale: number
  first_stale: [number, number] | null
  /** Leaves whose record names another position than the row's, and the first. */
  moved: number
  first_moved: [number, number] | null
  /** Positions held by more than one row. */
  duplicates: number
  first_duplicate: [number, number] | null
  first_position: [number, number]
  last_position: [number, number]
}

function ranges(rs: readonly ChainRange[], params: Record<string, unknown>): string {
  return rs
    .map((r, i) => {
      Object.assign(params, { [`s${i}`]: r.stream, [`p${i}`]: r.partition, [`f${i}`]: r.fromSeq, [`t${i}`]: r.toSeq })
      return `(stream = {s${i}:String} AND partition = {p${i}:UInt32} AND seq BETWEEN {f${i}:UInt64} AND {t${i}:UInt64})`
    })
    .join(' OR ')
}

/**
 * Recomputes every leaf of the given ranges in SQL, groups them into the
 * batches whose header rows cover them (leaves in no batch go to -1), and
 * returns one summary per batch with its recomputed Merkle root. The leaf
 * bytes never leave the engine.
 */
export async function summarizeBatchLeaves(client: ClickHouseClient, chains: readonly ChainRange[]): Promise<BatchLeafSummary[]> {
  if (chains.length === 0) return []
  const params: Record<string, unknown> = {}
  const where = ranges(chains, params)
  const query = `
WITH leaves AS (
  SELECT stream, partition, seq, idx, SHA256(concat(unhex('00'), record_jcs)) AS h, leaf_hash,
         position(record_jcs, concat('"log":{"idx":', toString(idx), ',"partition":', toString(partition), ',"seq":', toString(seq), ',"stream":', replaceAll(toJSONString(stream), '\\\\/', '/'), '}')) = 0 AS moved
  FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'leaf' AND (${where})
),
batches AS (
  SELECT stream, partition, seq AS first_seq, last_seq, 1 AS found FROM ${LEDGER_ENTRIES_TABLE} WHERE entry = 'batch' AND (${where})
),
placed AS (
  SELECT l.stream AS stream, l.partition AS partition, l.seq AS seq, l.idx AS idx, l.h AS h, l.leaf_hash AS leaf_hash, l.moved AS moved,
         if(b.found = 1 AND l.seq <= b.last_seq, toInt64(b.first_seq), toInt64(-1)) AS batch_first_seq
  FROM leaves AS l ASOF LEFT JOIN batches AS b ON l.stream = b.stream AND l.partition = b.partition AND l.seq >= b.first_seq
),
grouped AS (
  SELECT stream, partition, batch_first_seq, count() AS leaf_count,
    arraySort(groupArray((seq, idx, h))) AS sorted,
    arrayMap(t -> t.3, sorted) AS l0,
    countIf(leaf_hash != lower(hex(h))) AS stale,
    minIf((seq, idx), leaf_hash != lower(hex(h))) AS first_stale_t,
    countIf(moved) AS moved_count,
    minIf((seq, idx), moved) AS first_moved_t,
    count() - uniqExact((seq, idx)) AS duplicates,
    arrayFirst((x, y) -> x.1 = y.1 AND x.2 = y.2, arrayPopBack(sorted), arrayPopFront(sorted)) AS dup_t,
    min((seq, idx)) AS first_position, max((seq, idx)) AS last_position
  FROM placed GROUP BY stream, partition, batch_first_seq
)
SELECT stream, partition, batch_first_seq, leaf_count, stale,
  if(stale > 0, [first_stale_t.1, toUInt64(first_stale_t.2)], []) AS first_stale,
  moved_count, if(moved_count > 0, [first_moved_t.1, toUInt64(first_moved_t.2)], []) AS first_moved,
  duplicates, if(duplicates > 0, [dup_t.1, toUInt64(dup_t.2)], []) AS first_duplicate,
  [first_position.1, toUInt64(first_position.2)] AS first_position, [last_position.1, toUInt64(last_position.2)] AS last_position,
  ${merkleRootSql()}
FROM grouped ORDER BY stream, partition, batch_first_seq`
  const rs = await client.query({ query, query_params: params, format: 'JSONEachRow' })
  type Raw = Omit<BatchLeafSummary, 'moved' | 'first_stale' | 'first_moved' | 'first_duplicate' | 'first_position' | 'last_position'> & { moved_count: number } & Record<'first_stale' | 'first_moved' | 'first_duplicate' | 'first_position' | 'last_position', Array<number | string>>
  const pos = (a: Array<number | string>): [number, number] | null => (a.length === 2 ? [Number(a[0]), Number(a[1])] : null)
  return (await rs.json<Raw>()).map((r) => ({
    stream: r.stream,
    partition: Number(r.partition),
    batch_first_seq: Number(r.batch_first_seq),
    leaf_count: Number(r.leaf_count),
    root: r.root,
    stale: Number(r.stale),
    first_stale: pos(r.first_stale),
    moved: Number(r.moved_count),
    first_moved: pos(r.first_moved),
    duplicates: Number(r.duplicates),
    first_duplicate: pos(r.first_duplicate),
    first_position: pos(r.first_position) as [number, number],
    last_position: pos(r.last_position) as [number, number],
  }))
}
