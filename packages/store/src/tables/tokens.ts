import type { ClickHouseClient } from '@clickhouse/client'
import { StoredToken } from '@vigil/core'
import { chDateTime } from '../json-rows.js'
import { fromChTime } from '../page.js'

export const TOKENS_TABLE = 'tokens_v1'
export const TOKEN_LAST_USED_TABLE = 'token_last_used_v1'

/** A stored token with when it was last used (null: never, or not yet recorded). */
export interface TokenRecord extends StoredToken {
  last_used_at: string | null
}

const time = (t: string | null) => (t === null ? null : chDateTime(t))
const fromTime = (t: string | null) => (t === null ? null : fromChTime(t))

/** Inserts token versions; the newest `updated_at` per id wins. */
export async function insertTokens(client: ClickHouseClient, rows: readonly StoredToken[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({
    table: TOKENS_TABLE,
    values: rows.map((r) => ({ ...r, created_at: chDateTime(r.created_at), expires_at: time(r.expires_at), revoked_at: time(r.revoked_at), updated_at: chDateTime(r.updated_at) })),
    format: 'JSONEachRow',
  })
}

/** Every token's newest version, with its last use, oldest first. */
export async function loadTokens(client: ClickHouseClient, q: { id?: string | undefined } = {}): Promise<TokenRecord[]> {
  const rs = await client.query({
    query: `SELECT t.*, u.last_used_at AS last_used_at
      FROM (SELECT * FROM ${TOKENS_TABLE} FINAL ${q.id === undefined ? '' : 'WHERE id = {id:String}'}) AS t
      LEFT JOIN (SELECT id, max(last_used_at) AS last_used_at FROM ${TOKEN_LAST_USED_TABLE} GROUP BY id) AS u ON u.id = t.id
      ORDER BY t.created_at, t.id
      SETTINGS join_use_nulls = 1`,
    query_params: { id: q.id ?? '' },
    format: 'JSONEachRow',
  })
  const rows = await rs.json<Record<string, unknown>>()
  return rows.map((r) => {
    const token = StoredToken.parse({
      id: r['id'],
      name: r['name'],
      role: r['role'],
      cluster: r['cluster'],
      clusters: r['clusters'],
      token_sha256: r['token_sha256'],
      created_by: r['created_by'],
      created_at: fromChTime(r['created_at'] as string),
      expires_at: fromTime(r['expires_at'] as string | null),
      revoked_at: fromTime(r['revoked_at'] as string | null),
      revoked_by: r['revoked_by'],
      rotated_from: r['rotated_from'],
      updated_at: fromChTime(r['updated_at'] as string),
    })
    return { ...token, last_used_at: fromTime((r['last_used_at'] as string | null) ?? null) }
  })
}

export async function insertTokenUses(client: ClickHouseClient, uses: readonly { id: string; last_used_at: string }[]): Promise<void> {
  if (uses.length === 0) return
  await client.insert({ table: TOKEN_LAST_USED_TABLE, values: uses.map((u) => ({ id: u.id, last_used_at: chDateTime(u.last_used_at) })), format: 'JSONEachRow' })
}
