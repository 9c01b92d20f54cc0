import type { ClickHouseClient } from '@clickhouse/client'
import { chDateTime } from '../json-rows.js'
import { fromChTimeMs as fromChTime } from '../page.js'

export const FINDING_TRANSITIONS_TABLE = 'finding_transitions_v1'

/** One immutable triage row (see @vigil/evidence triage.ts for what each kind means). */
export interface TransitionRow {
  transition_id: string
  finding_id: string
  /** Position in the finding's log, from 0. */
  seq: number
  cluster: string
  at: string
  actor: string
  role: string
  kind: 'transition' | 'request' | 'approval' | 'rejection'
  from_state: 'open' | 'acknowledged' | 'resolved'
  to_state: 'open' | 'acknowledged' | 'resolved'
  disposition: 'true_positive' | 'approved_change' | 'false_positive' | 'risk_accepted' | null
  reason: string
  ticket: string | null
  expires_at: string | null
  request_id: string | null
}

interface StoredRow extends Omit<TransitionRow, 'disposition' | 'ticket' | 'request_id'> {
  disposition: string
  ticket: string
  request_id: string
}

const COLUMNS = 'transition_id, finding_id, seq, cluster, at, actor, role, kind, from_state, to_state, disposition, reason, ticket, expires_at, request_id'

export async function insertTransitions(client: ClickHouseClient, rows: readonly TransitionRow[]): Promise<void> {
  if (rows.length === 0) return
  await client.insert({
    table: FINDING_TRANSITIONS_TABLE,
    values: rows.map((r) => ({
      ...r,
      at: chDateTime(r.at),
      disposition: r.disposition ?? '',
      ticket: r.ticket ?? '',
      request_id: r.request_id ?? '',
      expires_at: r.expires_at === null ? null : chDateTime(r.expires_at),
    })),
    format: 'JSONEachRow',
  })
}

function fromStored(r: StoredRow): TransitionRow {
  return {
    ...r,
    seq: Number(r.seq),
    at: fromChTime(r.at),
    disposition: r.disposition === '' ? null : (r.disposition as TransitionRow['disposition']),
    ticket: r.ticket === '' ? null : r.ticket,
    request_id: r.request_id === '' ? null : r.request_id,
    expires_at: r.expires_at === null ? null : fromChTime(r.expires_at),
  }
}

/**
 * The transitions of the given findings, oldest first; with `asOf`, only
 * rows recorded at or before it. `findingsSql` lets a caller pass a
 * subquery (with its params) instead of a list, so a report never ships
 * thousands of ids over the wire.
 */
export async function listTransitions(
  client: ClickHouseClient,
  q: { findingIds: readonly string[] } | { findingsSql: string; params: Record<string, unknown> },
  asOf?: string,
): Promise<TransitionRow[]> {
  const params: Record<string, unknown> = 'findingIds' in q ? { ids: q.findingIds } : { ...q.params }
  const which = 'findingIds' in q ? '{ids:Array(String)}' : `(${q.findingsSql})`
  if (asOf !== undefined) params['tr_as_of'] = chDateTime(asOf)
  const rs = await client.query({
    query: `SELECT ${COLUMNS} FROM ${FINDING_TRANSITIONS_TABLE} WHERE finding_id IN ${which}${asOf === undefined ? '' : " AND at <= {tr_as_of:DateTime64(6, 'UTC')}"} ORDER BY finding_id, seq, at, transition_id`,
    query_params: params,
    format: 'JSONEachRow',
  })
  return (await rs.json<StoredRow>()).map(fromStored)
}
