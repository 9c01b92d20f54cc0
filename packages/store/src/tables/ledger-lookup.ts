import type { ClickHouseClient } from '@clickhouse/client'
import { LEDGER_ANCHORS_TABLE } from './ledger-checkpoints.js'
import { LEDGER_ENTRIES_TABLE } from './ledger-entries.js'
import { fromChTimeMs } from '../page.js'

/** Where a checkpoint was exported outside the store, as ledger_anchors_v1 records it. */
export interface AnchorRow {
  checkpoint_seq: number
  anchor_type: string
  anchor_ref: string
  receipt: string
  anchored_at: string
}

/** The anchors of checkpoints from..to of one origin, in (seq, type) order. */
export async function listAnchors(client: ClickHouseClient, origin: string, range: { fromSeq: number; toSeq: number }): Promise<AnchorRow[]> {
  const rs = await client.query({
    query: `SELECT checkpoint_seq, anchor_type, anchor_ref, receipt, anchored_at FROM ${LEDGER_ANCHORS_TABLE}
WHERE origin = {origin:String} AND checkpoint_seq BETWEEN {from:UInt64} AND {to:UInt64}
ORDER BY checkpoint_seq, anchor_type, anchor_ref, anchored_at`,
    query_params: { origin, from: range.fromSeq, to: range.toSeq },
    format: 'JSONEachRow',
  })
  return (await rs.json<AnchorRow>()).map((r) => ({ ...r, checkpoint_seq: Number(r.checkpoint_seq), anchored_at: fromChTimeMs(r.anchored_at) }))
}

/** An audit event's identity: what a population row key (cluster/audit_id/stage) names. */
export interface AuditEventKey {
  cluster: string
  audit_id: string
  stage: string
}

/** A sealed record's ledger position. */
export interface LedgerPosition {
  stream: string
  partition: number
  seq: number
  idx: number
}

/**
 * The ledger positions of stored audit events, found by the identity inside
 * their sealed envelope (vigil.audit-record: cluster, event.auditID,
 * event.stage). An event sealed twice (a redelivery past a lost head) keeps
 * its first position. The events table does not carry positions, so this
 * scans the audit-record leaves once for the whole list: meant for samples
 * (tens of items), not for populations.
 */
export async function locateAuditRecords(client: ClickHouseClient, keys: readonly AuditEventKey[]): Promise<Map<string, LedgerPosition>> {
  const out = new Map<string, LedgerPosition>()
  if (keys.length === 0) return out
  const rs = await client.query({
    query: `SELECT cluster, audit_id, stage, argMin(tuple(stream, partition, seq, idx), tuple(seq, idx)) AS at
FROM (
  SELECT stream, partition, seq, idx,
    JSONExtractString(record_jcs, 'cluster') AS cluster,
    JSONExtractString(record_jcs, 'event', 'auditID') AS audit_id,
    JSONExtractString(record_jcs, 'event', 'stage') AS stage
  FROM ${LEDGER_ENTRIES_TABLE}
  WHERE entry = 'leaf' AND kind = 'vigil.audit-record'
)
WHERE concat(cluster, '/', audit_id, '/', stage) IN {keys:Array(String)}
GROUP BY cluster, audit_id, stage`,
    query_params: { keys: keys.map(auditEventKey) },
    format: 'JSONEachRow',
  })
  for (const r of await rs.json<{ cluster: string; audit_id: string; stage: string; at: [string, number, number | string, number] }>()) {
    out.set(auditEventKey(r), { stream: r.at[0], partition: Number(r.at[1]), seq: Number(r.at[2]), idx: Number(r.at[3]) })
  }
  return out
}

/** The population row key of an event: `cluster/audit_id/stage`. */
export function auditEventKey(k: AuditEventKey): string {
  return `${k.cluster}/${k.audit_id}/${k.stage}`
}
