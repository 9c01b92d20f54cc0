import type { ClickHouseClient } from '@clickhouse/client'
import { batchHash, canonicalize, checkCheckpointSignature, checkpointHash, compareBatches, fromHex, merkleRoot, toHex, type BatchHeader, type ChainHead, type Keyring, type SignedCheckpoint } from '@vigil/ledger'
import { toStoreError } from './client.js'
import { listCheckpointRows } from './tables/ledger-checkpoints.js'
import { listBatchHeaders } from './tables/ledger-entries.js'
import { summarizeBatchLeaves, type ChainRange } from './tables/ledger-verify.js'
import { verifyProjections, type ProjectionFailureKind, type ProjectionSummary } from './projection-verify.js'

/** What verification found wrong, each located as precisely as the evidence allows. */
export type LedgerFailureKind =
  | 'checkpoint_missing'
  | 'checkpoint_duplicate'
  | 'checkpoint_malformed'
  | 'checkpoint_hash'
  | 'checkpoint_signature'
  | 'checkpoint_link'
  | 'checkpoint_period'
  | 'checkpoint_coverage'
  | 'checkpoint_head'
  | 'batch_header'
  | 'batch_duplicate'
  | 'batch_link'
  | 'batch_gap'
  | 'leaf_missing'
  | 'leaf_added'
  | 'leaf_modified'
  | 'leaf_moved'
  | 'leaf_duplicate'
  | 'leaf_unsealed'
  | ProjectionFailureKind

export interface LedgerFailure {
  kind: LedgerFailureKind
  stream?: string
  partition?: number
  /** A batch's first_seq, or a record's log position. */
  seq?: number
  idx?: number
  checkpoint?: number
  /** A projection failure: the table and the first key (a transition, attestation, sample, report or access record id). */
  table?: string
  key?: string
  detail: string
}

export interface LedgerReport {
  /** verified: every check passed under a trusted key; tampered: a check failed; unverifiable: nothing failed but something could not be checked. */
  outcome: 'verified' | 'tampered' | 'unverifiable'
  origin: string
  range: { from_checkpoint: number | null; to_checkpoint: number | null }
  checked: { checkpoints: number; batches: number; leaves: number }
  /** The first broken link first: checkpoints, then each chain in order. */
  failures: LedgerFailure[]
  /** Why the outcome is unverifiable (no checkpoint, no trusted key). */
  unverifiable: string[]
  /** Each projection table the api writes, compared with its sealed records (see projection-verify.ts). */
  projections: ProjectionSummary[]
  /** Sealed batches no checkpoint covers yet: exposed until the next checkpoint. */
  uncheckpointed: Array<{ stream: string; partition: number; batches: number; from_seq: number; to_seq: number }>
  /**
   * Stretches longer than a day (the schedule's floor) with no checkpoint: a checkpoint whose
   * period is that long (vigil was down or its job failed), or the time since the latest one.
   */
  periods_without_checkpoint: Array<{ from: string; to: string; hours: number; checkpoint: number | null }>
}

const DAY_MS = 86_400_000
/** A day plus the slack a late cron tick and a slow checkpoint may take. */
const LONGEST_PERIOD_MS = DAY_MS + 3_600_000

export interface VerifyLedgerOptions {
  client: ClickHouseClient
  /** Now, for the time since the latest checkpoint. */
  now?: () => Date
  origin: string
  /** Trusted public keys (keys.json from an anchor or the engagement letter). */
  keyring: Keyring
  /** Checkpoint seqs to verify; absent: from the first, to the latest plus the uncheckpointed tail. */
  fromCheckpoint?: number | undefined
  toCheckpoint?: number | undefined
}

const chainKey = (stream: string, partition: number) => `${stream}\u0000${partition}`

interface Batch {
  header: BatchHeader
  hash: string
}

/**
 * `vigil verify` on the server: recomputes checkpoints (hashes, signatures,
 * links, periods, coverage), batch headers (hashes, chains, contiguity) and
 * every leaf (in SQL), and says where the first broken link is.
 */
export async function verifyLedger(options: VerifyLedgerOptions): Promise<LedgerReport> {
  const { client, origin } = options
  try {
    return await run(options, client, origin)
  } catch (err) {
    throw toStoreError(err, 'verifying the ledger')
  }
}

async function run(options: VerifyLedgerOptions, client: ClickHouseClient, origin: string): Promise<LedgerReport> {
  const failures: LedgerFailure[] = []
  const unverifiable: string[] = []
  const fail = (f: LedgerFailure) => failures.push(f)

  // ---- checkpoints ------------------------------------------------------------
  const rows = await listCheckpointRows(client, origin)
  const bySeq = new Map<number, SignedCheckpoint[]>()
  for (const r of rows) {
    let cp: SignedCheckpoint
    try {
      cp = JSON.parse(r.signed) as SignedCheckpoint
      if (cp?.body?.type !== 'vigil.ledger.checkpoint' || !Array.isArray(cp.signatures) || !Array.isArray(cp.body.heads)) throw new Error('not a signed checkpoint')
    } catch (err) {
      fail({ kind: 'checkpoint_malformed', checkpoint: r.checkpoint_seq, detail: `the stored checkpoint does not parse: ${(err as Error).message}` })
      continue
    }
    if (cp.body.seq !== r.checkpoint_seq) fail({ kind: 'checkpoint_link', checkpoint: r.checkpoint_seq, detail: `the row at seq ${r.checkpoint_seq} holds checkpoint ${cp.body.seq}` })
    const list = bySeq.get(r.checkpoint_seq) ?? []
    list.push(cp)
    bySeq.set(r.checkpoint_seq, list)
  }
  const maxSeq = Math.max(-1, ...bySeq.keys())
  const from = options.fromCheckpoint ?? 0
  const to = options.toCheckpoint ?? maxSeq
  const verified: SignedCheckpoint[] = []
  let previous: SignedCheckpoint | undefined
  for (let seq = Math.max(0, from - 1); seq <= to; seq++) {
    const list = bySeq.get(seq)
    const inRange = seq >= from
    if (list === undefined) {
      if (inRange) fail({ kind: 'checkpoint_missing', checkpoint: seq, detail: `checkpoint ${seq} is missing (checkpoints run to ${maxSeq})` })
      previous = undefined
      continue
    }
    if (list.length > 1 && new Set(list.map((c) => checkpointHash(c.body))).size > 1) fail({ kind: 'checkpoint_duplicate', checkpoint: seq, detail: `${list.length} different checkpoints are stored at seq ${seq}` })
    const cp = list[0] as SignedCheckpoint
    const hash = checkpointHash(cp.body)
    if (!inRange) {
      previous = cp
      continue
    }
    let ok = true
    if (hash !== cp.checkpoint_hash) {
      ok = false
      fail({ kind: 'checkpoint_hash', checkpoint: seq, detail: `the body hashes to ${hash}, the checkpoint says ${cp.checkpoint_hash}` })
    }
    // Without a trusted key nothing can be said about signatures: that is "could not verify", not tampering.
    const sig = options.keyring.keys.length === 0 ? { ok: true as const } : checkCheckpointSignature(cp, options.keyring)
    if (!sig.ok) {
      ok = false
      fail({ kind: 'checkpoint_signature', checkpoint: seq, detail: sig.reason })
    }
    const expectedPrev = seq === 0 ? null : previous === undefined ? undefined : checkpointHash(previous.body)
    if (expectedPrev !== undefined && cp.body.prev_checkpoint_hash !== expectedPrev) {
      ok = false
      fail({ kind: 'checkpoint_link', checkpoint: seq, detail: `prev_checkpoint_hash is ${cp.body.prev_checkpoint_hash}, checkpoint ${seq - 1} hashes to ${expectedPrev}` })
    }
    if (previous !== undefined && cp.body.period_start !== previous.body.period_end) fail({ kind: 'checkpoint_period', checkpoint: seq, detail: `the period starts at ${cp.body.period_start}, the previous one ended at ${previous.body.period_end}` })
    if (ok) verified.push(cp)
    previous = cp
  }
  if (maxSeq < 0) unverifiable.push('there is no checkpoint yet: nothing is signed')
  if (options.keyring.keys.length === 0) unverifiable.push('no trusted public key was given')

  // ---- batch headers and chains ----------------------------------------------
  const chains = new Map<string, Batch[]>()
  let batchCount = 0
  for (const row of await listBatchHeaders(client)) {
    const where = { stream: row.stream, partition: row.partition, seq: row.seq }
    let header: BatchHeader
    try {
      header = JSON.parse(row.record_jcs) as BatchHeader
    } catch {
      fail({ kind: 'batch_header', ...where, detail: 'the header is not JSON' })
      continue
    }
    const hash = toHex(batchHash(header))
    if (canonicalize(header) !== row.record_jcs) fail({ kind: 'batch_header', ...where, detail: 'the header is not in canonical form' })
    if (header.stream !== row.stream || header.partition !== row.partition || header.first_seq !== row.seq || header.last_seq !== row.last_seq) {
      fail({ kind: 'batch_header', ...where, detail: `the row's position ${row.seq}..${row.last_seq} differs from its header's ${header.first_seq}..${header.last_seq}` })
    }
    if (hash !== row.leaf_hash) fail({ kind: 'batch_header', ...where, detail: `the header hashes to ${hash}, the row says ${row.leaf_hash}` })
    const k = chainKey(header.stream, header.partition)
    const list = chains.get(k) ?? []
    list.push({ header, hash })
    chains.set(k, list)
    batchCount++
  }
  for (const list of chains.values()) {
    list.sort((a, b) => compareBatches(a.header, b.header))
    let prev: Batch | undefined
    for (const b of list) {
      const h = b.header
      const where = { stream: h.stream, partition: h.partition, seq: h.first_seq }
      if (prev !== undefined && prev.header.first_seq === h.first_seq) {
        fail({ kind: 'batch_duplicate', ...where, detail: `two batches start at ${h.first_seq}` })
        continue
      }
      const expected = prev?.hash ?? null
      if (h.prev_batch_hash !== expected) {
        fail({ kind: 'batch_link', ...where, detail: prev === undefined ? `the chain's first stored batch links to ${h.prev_batch_hash}: earlier batches are gone` : `prev_batch_hash is ${h.prev_batch_hash}, the batch before (${prev.header.first_seq}..${prev.header.last_seq}) hashes to ${expected}` })
      }
      if (prev !== undefined && h.first_seq !== prev.header.last_seq + 1) fail({ kind: 'batch_gap', ...where, detail: `positions ${prev.header.last_seq + 1}..${h.first_seq - 1} are in no batch` })
      prev = b
    }
  }

  // ---- what each checkpoint covers -------------------------------------------
  const batchesOf = (stream: string, partition: number) => chains.get(chainKey(stream, partition)) ?? []
  const priorHeads = (cp: SignedCheckpoint) => {
    const prior = bySeq.get(cp.body.seq - 1)?.[0]
    return new Map<string, ChainHead>((prior?.body.heads ?? []).map((h) => [chainKey(h.stream, h.partition), h]))
  }
  for (const cp of verified) {
    const before = priorHeads(cp)
    const covered: Batch[] = []
    for (const head of cp.body.heads) {
      const prior = before.get(chainKey(head.stream, head.partition))
      const list = batchesOf(head.stream, head.partition)
      const headBatch = list.find((b) => b.header.last_seq === head.last_seq)
      if (headBatch === undefined || headBatch.hash !== head.batch_hash) {
        fail({ kind: 'checkpoint_head', checkpoint: cp.body.seq, stream: head.stream, partition: head.partition, seq: head.last_seq, detail: headBatch === undefined ? `the chain's head batch ending at ${head.last_seq} is gone: the chain was truncated or deleted` : `the batch ending at ${head.last_seq} hashes to ${headBatch.hash}, the checkpoint committed to ${head.batch_hash}` })
      }
      covered.push(...list.filter((b) => (prior === undefined || b.header.first_seq > prior.last_seq) && b.header.last_seq <= head.last_seq))
    }
    for (const [k, h] of before) if (!cp.body.heads.some((x) => chainKey(x.stream, x.partition) === k)) fail({ kind: 'checkpoint_head', checkpoint: cp.body.seq, stream: h.stream, partition: h.partition, detail: 'the checkpoint dropped a chain the previous one listed' })
    covered.sort((a, b) => compareBatches(a.header, b.header))
    const root = toHex(merkleRoot(covered.map((b) => fromHex(b.hash))))
    if (covered.length !== cp.body.batch_count || root !== cp.body.batches_root) {
      fail({ kind: 'checkpoint_coverage', checkpoint: cp.body.seq, detail: `the store holds ${covered.length} batches for this checkpoint with root ${root}; it committed to ${cp.body.batch_count} with root ${cp.body.batches_root}` })
    }
  }

  // ---- leaves, recomputed in SQL ---------------------------------------------
  const first = bySeq.get(from - 1)?.[0]
  const last = options.toCheckpoint === undefined ? undefined : bySeq.get(to)?.[0]
  const lowOf = new Map((first?.body.heads ?? []).map((h) => [chainKey(h.stream, h.partition), h.last_seq + 1]))
  const highOf = new Map((last?.body.heads ?? []).map((h) => [chainKey(h.stream, h.partition), h.last_seq]))
  const streams = new Map<string, { stream: string; partition: number }>()
  for (const list of chains.values()) for (const b of list) streams.set(chainKey(b.header.stream, b.header.partition), b.header)
  for (const rs of await leafChains(client)) streams.set(chainKey(rs.stream, rs.partition), rs)
  const ranges: ChainRange[] = [...streams.entries()].map(([k, c]) => ({ stream: c.stream, partition: c.partition, fromSeq: lowOf.get(k) ?? 0, toSeq: highOf.get(k) ?? Number.MAX_SAFE_INTEGER }))
  const summaries = await summarizeBatchLeaves(client, ranges)
  let leafCount = 0
  const seen = new Set<string>()
  for (const s of summaries) {
    leafCount += s.leaf_count
    const at = (p: [number, number] | null) => (p === null ? {} : { seq: p[0], idx: p[1] })
    const where = { stream: s.stream, partition: s.partition }
    if (s.batch_first_seq < 0) {
      fail({ kind: 'leaf_unsealed', ...where, ...at(s.first_position), detail: `${s.leaf_count} record(s) from ${s.first_position.join('/')} to ${s.last_position.join('/')} belong to no sealed batch: inserted, or their batch header was deleted` })
      continue
    }
    seen.add(`${chainKey(s.stream, s.partition)}\u0000${s.batch_first_seq}`)
    const batch = batchesOf(s.stream, s.partition).find((b) => b.header.first_seq === s.batch_first_seq)
    if (batch === undefined) continue
    const h = batch.header
    const loc = `batch ${h.first_seq}..${h.last_seq}`
    let explained = false
    if (s.stale > 0) {
      explained = true
      fail({ kind: 'leaf_modified', ...where, ...at(s.first_stale), detail: `${s.stale} record(s) in ${loc} no longer match their leaf hash, first at ${s.first_stale?.join('/')}` })
    }
    if (s.moved > 0) {
      explained = true
      fail({ kind: 'leaf_moved', ...where, ...at(s.first_moved), detail: `${s.moved} record(s) in ${loc} sit at another position than they were sealed at, first at ${s.first_moved?.join('/')}` })
    }
    if (s.duplicates > 0) {
      explained = true
      fail({ kind: 'leaf_duplicate', ...where, ...at(s.first_duplicate), detail: `${s.duplicates} extra record(s) in ${loc} share a position, first at ${s.first_duplicate?.join('/')}` })
    }
    if (s.leaf_count < h.leaf_count) {
      explained = true
      fail({ kind: 'leaf_missing', ...where, seq: h.first_seq, detail: `${loc} was sealed with ${h.leaf_count} records; ${s.leaf_count} remain` })
    } else if (s.leaf_count > h.leaf_count) {
      explained = true
      fail({ kind: 'leaf_added', ...where, seq: h.first_seq, detail: `${loc} was sealed with ${h.leaf_count} records; the store holds ${s.leaf_count}` })
    }
    if (s.root !== h.merkle_root && !explained) fail({ kind: 'leaf_modified', ...where, seq: h.first_seq, detail: `${loc}: a record was rewritten together with its stored leaf hash (the recomputed root ${s.root} differs from the sealed ${h.merkle_root})` })
  }
  for (const [k, list] of chains) {
    for (const b of list) {
      const h = b.header
      const inRange = h.first_seq >= (lowOf.get(k) ?? 0) && h.last_seq <= (highOf.get(k) ?? Number.MAX_SAFE_INTEGER)
      if (inRange && h.leaf_count > 0 && !seen.has(`${k}\u0000${h.first_seq}`)) fail({ kind: 'leaf_missing', stream: h.stream, partition: h.partition, seq: h.first_seq, detail: `batch ${h.first_seq}..${h.last_seq} was sealed with ${h.leaf_count} records; none remain` })
    }
  }

  // ---- projections: the tables queries read, against the sealed records -----
  const projections = await verifyProjections(client)
  for (const p of projections) {
    const at = (key: string | null) => ({ table: p.table, ...(key === null ? {} : { key }) })
    if (p.missing > 0) fail({ kind: 'projection_missing', ...at(p.first_missing), detail: `${p.missing} ${p.kind} record(s) sealed on the ledger are not in ${p.table}, first ${p.first_missing}: deleted (or the process died between sealing and writing, and the request failed)` })
    if (p.unsealed > 0) fail({ kind: 'projection_unsealed', ...at(p.first_unsealed), detail: `${p.unsealed} row(s) of ${p.table} were never sealed, first ${p.first_unsealed}: inserted (or written while the ledger was off)` })
    if (p.modified > 0) fail({ kind: 'projection_modified', ...at(p.first_modified), detail: `${p.modified} row(s) of ${p.table} differ from their sealed ${p.kind} record, first ${p.first_modified}` })
    if (p.duplicated > 0) fail({ kind: 'projection_duplicate', ...at(p.first_duplicated), detail: `${p.duplicated} key(s) of ${p.table} hold more rows than were sealed, first ${p.first_duplicated}` })
  }

  // ---- the exposed tail --------------------------------------------------------
  const latest = bySeq.get(maxSeq)?.[0]
  const checkpointed = new Map((latest?.body.heads ?? []).map((h) => [chainKey(h.stream, h.partition), h.last_seq]))
  const uncheckpointed: LedgerReport['uncheckpointed'] = []
  for (const [k, list] of chains) {
    const after = list.filter((b) => b.header.first_seq > (checkpointed.get(k) ?? -1))
    const f = after[0]
    const l = after[after.length - 1]
    if (f !== undefined && l !== undefined) uncheckpointed.push({ stream: f.header.stream, partition: f.header.partition, batches: after.length, from_seq: f.header.first_seq, to_seq: l.header.last_seq })
  }

  const periods: LedgerReport['periods_without_checkpoint'] = []
  const hours = (ms: number) => Math.round(ms / 360_000) / 10
  for (const cp of verified) {
    const ms = Date.parse(cp.body.period_end) - Date.parse(cp.body.period_start)
    if (ms > LONGEST_PERIOD_MS) periods.push({ from: cp.body.period_start, to: cp.body.period_end, hours: hours(ms), checkpoint: cp.body.seq })
  }
  if (latest !== undefined && options.toCheckpoint === undefined) {
    const now = (options.now ?? (() => new Date()))()
    const ms = now.getTime() - Date.parse(latest.body.period_end)
    if (ms > LONGEST_PERIOD_MS) periods.push({ from: latest.body.period_end, to: now.toISOString(), hours: hours(ms), checkpoint: null })
  }

  failures.sort((a, b) => rank(a) - rank(b) || (a.checkpoint ?? 0) - (b.checkpoint ?? 0) || (a.stream ?? '').localeCompare(b.stream ?? '') || (a.partition ?? 0) - (b.partition ?? 0) || (a.seq ?? 0) - (b.seq ?? 0) || (a.idx ?? 0) - (b.idx ?? 0))
  return {
    outcome: failures.length > 0 ? 'tampered' : unverifiable.length > 0 ? 'unverifiable' : 'verified',
    origin,
    range: { from_checkpoint: maxSeq < 0 ? null : from, to_checkpoint: maxSeq < 0 ? null : to },
    checked: { checkpoints: verified.length, batches: batchCount, leaves: leafCount },
    failures,
    unverifiable,
    projections,
    uncheckpointed,
    periods_without_checkpoint: periods,
  }
}

const rank = (f: LedgerFailure) => (f.kind.startsWith('checkpoint') ? 0 : f.kind.startsWith('projection') ? 2 : 1)

async function leafChains(client: ClickHouseClient): Promise<Array<{ stream: string; partition: number }>> {
  const rs = await client.query({ query: `SELECT DISTINCT stream, partition FROM ledger_entries_v1 WHERE entry = 'leaf'`, format: 'JSONEachRow' })
  return (await rs.json<{ stream: string; partition: number }>()).map((r) => ({ stream: r.stream, partition: Number(r.partition) }))
}
