import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPairSync } from 'node:crypto'
import { batchHash, canonicalize, keyringEntry, signingKeyFrom, toHex, type BatchHeader } from '@vigil/ledger'
import { createCheckpointer, createClickHouseClient, insertLedgerEntries, migrate, summarizeBatchLeaves, verifyLedger, type ClickHouseClient, type LedgerEntryRow } from '@vigil/store'
import { eventListBody, metadataEvents } from '../events.js'
import { median, perSecond, withBaseline, type Result } from '../stats.js'
import { postAuditBodies, spawnVigil, stopVigil } from '../vigil-process.js'

/** One `vigil start` run fed like ingest-embedded; returns events/s and, for the ledger run, bytes per event on disk. */
async function embeddedRun(ledger: boolean, batches: number, seed: number): Promise<{ rate: number; bytes?: { ledger: number; events: number } }> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-ledger-'))
  try {
    const vigil = await spawnVigil(dir, { VIGIL_LEDGER__ENABLED: String(ledger) })
    let accepted = 0
    let ms = 0
    try {
      const bodies = Array.from({ length: batches }, (_, b) => eventListBody(metadataEvents(400, seed * 100_000 + b + 1, `l${seed}`)))
      const t0 = performance.now()
      accepted = await postAuditBodies(vigil, bodies)
      ms = performance.now() - t0
    } finally {
      await stopVigil(vigil)
    }
    if (accepted !== batches * 400) throw new Error(`accepted ${accepted} of ${batches * 400}`)
    if (!ledger) return { rate: perSecond(accepted, ms) }
    const client = await createClickHouseClient({ type: 'chdb' }, dir)
    try {
      await client.command({ query: 'OPTIMIZE TABLE ledger_entries_v1 FINAL' })
      await client.command({ query: 'OPTIMIZE TABLE audit_events_v1 FINAL' })
      const rs = await client.query({ query: `SELECT table, sum(data_compressed_bytes) AS bytes FROM system.parts WHERE active AND table IN ('ledger_entries_v1', 'audit_events_v1') GROUP BY table`, format: 'JSONEachRow' })
      const by = new Map((await rs.json<{ table: string; bytes: string }>()).map((r) => [r.table, Number(r.bytes)]))
      return { rate: perSecond(accepted, ms), bytes: { ledger: (by.get('ledger_entries_v1') ?? 0) / accepted, events: (by.get('audit_events_v1') ?? 0) / accepted } }
    } finally {
      await client.close()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The embedded pipeline with the ledger off and on, runs interleaved in one
 * process lifetime each (off, on, off, on, …) so both see the same machine;
 * and what the ledger adds on disk per event (compressed, after merges).
 */
export async function benchLedgerEmbedded(options: { batches: number; runs: number }): Promise<Result[]> {
  const off: number[] = []
  const on: number[] = []
  const ledgerBytes: number[] = []
  const eventBytes: number[] = []
  for (let run = 0; run < options.runs; run++) {
    off.push((await embeddedRun(false, options.batches, run * 2 + 1)).rate)
    const r = await embeddedRun(true, options.batches, run * 2 + 2)
    on.push(r.rate)
    ledgerBytes.push(r.bytes?.ledger ?? 0)
    eventBytes.push(r.bytes?.events ?? 0)
  }
  const base = { name: 'embedded_ledger_off', value: median(off), unit: 'events/s' }
  return [
    { ...base, runs: off, notes: `vigil start with ledger.enabled=false, HTTP batches of 400 metadata events, 16 in flight, ${options.batches} batches per run` },
    withBaseline({ name: 'embedded_ledger_on', value: median(on), unit: 'events/s', runs: on, notes: 'the same with the ledger on (every event and finding sealed); bar: ratio >= 0.9' }, base),
    { name: 'ledger_bytes_per_event', value: Math.round(median(ledgerBytes)), unit: 'bytes', runs: ledgerBytes.map(Math.round), notes: 'ledger_entries_v1 compressed bytes on disk per stored event (leaves for events and findings, headers), after OPTIMIZE FINAL' },
    { name: 'audit_events_bytes_per_event', value: Math.round(median(eventBytes)), unit: 'bytes', runs: eventBytes.map(Math.round), notes: 'audit_events_v1 compressed bytes per event in the same run, for scale' },
  ]
}

const STREAM = 'embedded:vigil.audit.v1'
const BATCH = 10_000

/**
 * Fills a chDB ledger with `events` sealed audit records (1000 distinct
 * metadata events, each with its own auditID and position), headers and a
 * signed checkpoint, then times `verifyLedger` over all of it: leaf hashes
 * and batch roots recomputed in SQL, chains and checkpoints in Node.
 */
export async function benchLedgerVerify(options: { events: number; runs: number }): Promise<Result[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-verify-'))
  const client = await createClickHouseClient({ type: 'chdb' }, dir)
  try {
    await migrate(client)
    const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string)
    const fill0 = performance.now()
    await fill(client, options.events)
    const fillSeconds = (performance.now() - fill0) / 1000
    await createCheckpointer({ client, key, origin: 'bench', anchors: [], now: () => new Date() }).checkpoint()
    const runs: number[] = []
    for (let run = 0; run < options.runs; run++) {
      const t0 = performance.now()
      const report = await verifyLedger({ client, origin: 'bench', keyring: { keys: [keyringEntry(key.publicKey, 0)] } })
      runs.push(Number(((performance.now() - t0) / 1000).toFixed(2)))
      if (report.outcome !== 'verified' || report.checked.leaves !== options.events) throw new Error(`verify: ${report.outcome}, ${report.checked.leaves} leaves, ${JSON.stringify(report.failures.slice(0, 3))}`)
    }
    return [
      { name: 'ledger_verify_seconds', value: median(runs), unit: 's', runs, notes: `verifyLedger over ${options.events} sealed audit records in ${options.events / BATCH} batches of ${BATCH}, one checkpoint, chDB; bar < 30 s for 10M (fill took ${fillSeconds.toFixed(0)} s)` },
      { name: 'ledger_verify_records_per_second', value: perSecond(options.events, median(runs) * 1000), unit: 'records/s', notes: 'the same, as a rate' },
    ]
  } finally {
    await client.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Leaves built in SQL from 1000 canonical templates; headers from the roots the store recomputes, chained as the sealer chains them. */
async function fill(client: ClickHouseClient, events: number): Promise<void> {
  const templates = metadataEvents(1000, 7, 'tpl').map((e) => {
    const jcs = canonicalize({ type: 'vigil.audit-record', v: 1, cluster: 'bench', received_at: '2026-11-01T10:00:00.000Z', event: { ...e, auditID: '@ID@' }, log: { stream: STREAM, partition: 0, seq: 0, idx: 0 } })
    return jcs.replace('"seq":0', '"seq":@SEQ@')
  })
  const chunk = 1_000_000
  for (let from = 0; from < events; from += chunk) {
    await client.command({
      query: `INSERT INTO ledger_entries_v1 (stream, partition, entry, seq, idx, kind, record_jcs, leaf_hash, last_seq, sealed_at)
        SELECT '${STREAM}', 0, 'leaf', number, 0, 'vigil.audit-record', j, lower(hex(SHA256(concat(unhex('00'), j)))), number, now64(3)
        FROM (SELECT number, replaceOne(replaceOne(arrayElement({t:Array(String)}, number % 1000 + 1), '@ID@', toString(generateUUIDv4(number))), '@SEQ@', toString(number)) AS j
              FROM numbers({from:UInt64}, {n:UInt64}))`,
      query_params: { t: templates, from, n: Math.min(chunk, events - from) },
    })
  }
  // Provisional headers give the store's own recomputation its batches; the real ones replace them.
  const ranges = Array.from({ length: Math.ceil(events / BATCH) }, (_, b) => ({ first: b * BATCH, last: Math.min(events, (b + 1) * BATCH) - 1 }))
  const provisional = ranges.map((r) => ({ stream: STREAM, partition: 0, entry: 'batch' as const, seq: r.first, idx: 0, kind: 'vigil.ledger.batch', record_jcs: '{}', leaf_hash: '', last_seq: r.last, sealed_at: new Date().toISOString() }))
  await insertLedgerEntries(client, provisional)
  const summaries = await summarizeBatchLeaves(client, [{ stream: STREAM, partition: 0, fromSeq: 0, toSeq: events }])
  await client.command({ query: `ALTER TABLE ledger_entries_v1 DELETE WHERE entry = 'batch'`, clickhouse_settings: { mutations_sync: '2' } })
  let prev: string | null = null
  const headers: LedgerEntryRow[] = []
  for (const [i, r] of ranges.entries()) {
    const s = summaries[i]
    if (s === undefined || s.batch_first_seq !== r.first) throw new Error(`no summary for batch ${r.first}`)
    const header: BatchHeader = { type: 'vigil.ledger.batch', v: 1, stream: STREAM, partition: 0, first_seq: r.first, last_seq: r.last, leaf_count: s.leaf_count, merkle_root: s.root, prev_batch_hash: prev, sealed_at: new Date().toISOString() }
    const hash = toHex(batchHash(header))
    headers.push({ stream: STREAM, partition: 0, entry: 'batch', seq: r.first, idx: 0, kind: header.type, record_jcs: canonicalize(header), leaf_hash: hash, last_seq: r.last, sealed_at: header.sealed_at })
    prev = hash
  }
  await insertLedgerEntries(client, headers)
}
