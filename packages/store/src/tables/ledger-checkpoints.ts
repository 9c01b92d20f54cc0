import type { ClickHouseClient } from '@clickhouse/client'
import type { Keyring, KeyringEntry, SignedCheckpoint } from '@vigil/ledger'
import { chDateTime } from '../json-rows.js'

export const LEDGER_CHECKPOINTS_TABLE = 'ledger_checkpoints_v1'
export const LEDGER_ANCHORS_TABLE = 'ledger_anchors_v1'
export const LEDGER_KEYS_TABLE = 'ledger_keys_v1'

export async function insertCheckpoint(client: ClickHouseClient, cp: SignedCheckpoint): Promise<void> {
  const b = cp.body
  await client.insert({
    table: LEDGER_CHECKPOINTS_TABLE,
    values: [{ origin: b.origin, checkpoint_seq: b.seq, period_start: chDateTime(b.period_start), period_end: chDateTime(b.period_end), checkpoint_hash: cp.checkpoint_hash, signed: JSON.stringify(cp) }],
    format: 'JSONEachRow',
  })
}

/** A stored checkpoint row: the seq column and the signed document, unparsed. */
export interface StoredCheckpoint {
  checkpoint_seq: number
  signed: string
}

/** Checkpoints of one origin in seq order, every stored row (a duplicate or a swap shows). */
export async function listCheckpointRows(client: ClickHouseClient, origin: string, range: { fromSeq?: number; toSeq?: number } = {}): Promise<StoredCheckpoint[]> {
  const rs = await client.query({
    query: `SELECT checkpoint_seq, signed FROM ${LEDGER_CHECKPOINTS_TABLE} WHERE origin = {origin:String} AND checkpoint_seq >= {from:UInt64} AND checkpoint_seq <= {to:UInt64} ORDER BY checkpoint_seq`,
    query_params: { origin, from: range.fromSeq ?? 0, to: range.toSeq ?? Number.MAX_SAFE_INTEGER },
    format: 'JSONEachRow',
  })
  return (await rs.json<StoredCheckpoint>()).map((r) => ({ checkpoint_seq: Number(r.checkpoint_seq), signed: r.signed }))
}

/** Checkpoints of one origin in seq order, parsed (for the API and exports; verification reads the rows). */
export async function listCheckpoints(client: ClickHouseClient, origin: string, range: { fromSeq?: number; toSeq?: number } = {}): Promise<SignedCheckpoint[]> {
  return (await listCheckpointRows(client, origin, range)).map((r) => JSON.parse(r.signed) as SignedCheckpoint)
}

export async function latestCheckpoint(client: ClickHouseClient, origin: string): Promise<SignedCheckpoint | undefined> {
  const rs = await client.query({
    query: `SELECT signed FROM ${LEDGER_CHECKPOINTS_TABLE} WHERE origin = {origin:String} ORDER BY checkpoint_seq DESC LIMIT 1`,
    query_params: { origin },
    format: 'JSONEachRow',
  })
  const [row] = await rs.json<{ signed: string }>()
  return row === undefined ? undefined : (JSON.parse(row.signed) as SignedCheckpoint)
}

export async function insertAnchor(client: ClickHouseClient, a: { origin: string; checkpoint_seq: number; anchor_type: string; anchor_ref: string; receipt: string; anchored_at: string }): Promise<void> {
  await client.insert({ table: LEDGER_ANCHORS_TABLE, values: [{ ...a, anchored_at: chDateTime(a.anchored_at) }], format: 'JSONEachRow' })
}

export async function readKeyring(client: ClickHouseClient): Promise<Keyring> {
  const rs = await client.query({
    query: `SELECT key_id, alg, public_key, valid_from_seq, valid_until_seq FROM ${LEDGER_KEYS_TABLE} FINAL ORDER BY valid_from_seq, key_id`,
    format: 'JSONEachRow',
  })
  const rows = await rs.json<KeyringEntry>()
  return { keys: rows.map((k) => ({ ...k, valid_from_seq: Number(k.valid_from_seq), valid_until_seq: k.valid_until_seq === null ? null : Number(k.valid_until_seq) })) }
}

export async function writeKeyring(client: ClickHouseClient, ring: Keyring, at: string): Promise<void> {
  await client.insert({ table: LEDGER_KEYS_TABLE, values: ring.keys.map((k) => ({ ...k, recorded_at: chDateTime(at) })), format: 'JSONEachRow' })
}
