import type { ClickHouseClient } from '@clickhouse/client'
import { chDateTime } from '../json-rows.js'
import { fromChTime } from '../page.js'

export const SESSIONS_TABLE = 'sessions_v1'

/** One version of a person's sign-in session. The session id itself is never stored. */
export interface SessionRow {
  /** SHA-256 (hex) of the session id the browser holds in its cookie. */
  id_sha256: string
  principal: string
  role: string
  /** false: every cluster (clusters is then empty); true: only `clusters`. */
  scoped: boolean
  clusters: string[]
  /** The groups claim at sign-in, for the record. */
  groups: string[]
  created_at: string
  expires_at: string
  revoked_at: string | null
  updated_at: string
}

/** Inserts session versions; the newest `updated_at` per id wins. */
export async function insertSessions(client: ClickHouseClient, rows: readonly SessionRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({
    table: SESSIONS_TABLE,
    values: rows.map((r) => ({ ...r, created_at: chDateTime(r.created_at), expires_at: chDateTime(r.expires_at), revoked_at: r.revoked_at === null ? null : chDateTime(r.revoked_at), updated_at: chDateTime(r.updated_at) })),
    format: 'JSONEachRow',
  })
}

/** The sessions live at an instant: newest version not revoked and not expired. */
export async function loadLiveSessions(client: ClickHouseClient, at: string): Promise<SessionRow[]> {
  const rs = await client.query({
    query: `SELECT * FROM ${SESSIONS_TABLE} FINAL WHERE revoked_at IS NULL AND expires_at > {at:DateTime64(3, 'UTC')} ORDER BY created_at, id_sha256`,
    query_params: { at: chDateTime(at) },
    format: 'JSONEachRow',
  })
  return (await rs.json<SessionRow>()).map((r) => ({ ...r, scoped: Boolean(r.scoped), created_at: fromChTime(r.created_at), expires_at: fromChTime(r.expires_at), revoked_at: r.revoked_at === null ? null : fromChTime(r.revoked_at), updated_at: fromChTime(r.updated_at) }))
}
