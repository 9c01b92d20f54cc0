import type { ClickHouseClient } from '@clickhouse/client'
import { chDateTime } from '../json-rows.js'
import { fromChTimeMs as fromChTime } from '../page.js'

export const ATTESTATIONS_TABLE = 'attestations_v1'

export interface AttestationRow {
  attestation_id: string
  framework: string
  control: string
  period_start: string
  period_end: string
  clusters: string[]
  reviewer: string
  role: string
  at: string
  finding_count: number
  statement: string
}

export async function insertAttestation(client: ClickHouseClient, row: AttestationRow): Promise<void> {
  await client.insert({
    table: ATTESTATIONS_TABLE,
    values: [{ ...row, period_start: chDateTime(row.period_start), period_end: chDateTime(row.period_end), at: chDateTime(row.at) }],
    format: 'JSONEachRow',
  })
}

export interface AttestationQuery {
  framework: string
  control?: string | undefined
  /** Attestations whose period overlaps [from, to). */
  from: string
  to: string
  /** Signed at or before this instant. */
  asOf: string
  /** Only attestations whose clusters all lie within these (a report cites no review of a cluster outside its scope). */
  within?: readonly string[] | undefined
}

export async function listAttestations(client: ClickHouseClient, q: AttestationQuery): Promise<AttestationRow[]> {
  const rs = await client.query({
    query: `SELECT attestation_id, framework, control, period_start, period_end, clusters, reviewer, role, at, finding_count, statement FROM ${ATTESTATIONS_TABLE}
WHERE framework = {framework:String} AND ({control:String} = '' OR control = {control:String})
  AND period_start < {to:DateTime64(6, 'UTC')} AND period_end > {from:DateTime64(6, 'UTC')} AND at <= {as_of:DateTime64(6, 'UTC')}
  AND (NOT {scoped:Bool} OR hasAll({within:Array(String)}, clusters))
ORDER BY at, attestation_id`,
    query_params: { framework: q.framework, control: q.control ?? '', from: chDateTime(q.from), to: chDateTime(q.to), as_of: chDateTime(q.asOf), scoped: q.within !== undefined, within: [...(q.within ?? [])] },
    format: 'JSONEachRow',
  })
  return (await rs.json<AttestationRow>()).map((r) => ({ ...r, finding_count: Number(r.finding_count), period_start: fromChTime(r.period_start), period_end: fromChTime(r.period_end), at: fromChTime(r.at) }))
}
