import { canonicalize } from '@vigil/ledger'
import type { EvidenceReport } from '../report.js'
import { CSV_BOM, csvField } from '../csv.js'

/**
 * The report as one RFC 4180 table an auditor can filter in a spreadsheet:
 * every value of the native report, one per record, with the columns
 * `section,item,field,value`. `item` names the entry of a list (a gap's
 * number, a population's name, an exception's finding id, …) and is empty for
 * single values. Conventions are those of the population exports
 * (notes/evidence-formats.md §4.4): UTF-8 with a BOM, CRLF, quotes only where
 * needed, `;` between the values of a list, empty for null, and a leading `'`
 * on any text cell a spreadsheet would evaluate as a formula.
 */

export const CSV_COLUMNS = ['section', 'item', 'field', 'value'] as const

type Cell = string | number | boolean | null

/**
 * One cell, by the population exports' rules (`../csv.ts`): text is guarded
 * against formulas and quoted where RFC 4180 requires; numbers and booleans
 * are written as they are.
 */
export function csvCell(value: Cell): string {
  if (value === null) return ''
  return typeof value === 'string' ? csvField(value, 'string') : csvField(String(value), 'integer')
}

export function csvRecord(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

export function renderCsv(report: EvidenceReport): string {
  const out: string[] = [CSV_BOM, csvRecord(CSV_COLUMNS)]
  const row = (section: string, item: string, field: string, value: Cell): void => {
    out.push(csvRecord([section, item, field, value]))
  }
  const join = (values: readonly string[]): string => values.join(';')

  row('report', '', 'schema', report.schema)
  row('report', '', 'id', report.id)
  row('report', '', 'framework', report.framework)
  row('report', '', 'disclaimer', report.disclaimer)
  row('control', '', 'id', report.control.id)
  row('control', '', 'title', report.control.title)
  row('control', '', 'summary', report.control.summary)
  row('period', '', 'start', report.period.start)
  row('period', '', 'end', report.period.end)
  row('period', '', 'tz', report.period.tz)
  row('period', '', 'boundary', report.period.boundary)
  row('scope', '', 'clusters', join(report.scope.clusters))
  const g = report.generated
  row('generated', '', 'at', g.at)
  row('generated', '', 'by', g.by)
  row('generated', '', 'generator_version', g.generator_version)
  row('generated', '', 'rule_pack_version', g.rule_pack_version)
  row('generated', '', 'catalog_version', g.catalog_version)
  row('status', '', 'status', report.status)
  report.status_reasons.forEach((r, i) => row('status_reason', String(i + 1), 'reason', r))

  const c = report.coverage
  row('coverage', '', 'expected_minutes', c.expected_minutes)
  row('coverage', '', 'covered_minutes', c.covered_minutes)
  row('coverage', '', 'pct', c.pct)
  row('coverage', '', 'gap_threshold_minutes', c.gap_threshold_minutes)
  row('coverage', '', 'gap_count', c.gaps.length)
  row('coverage', '', 'dead_letters', c.dead_letters)
  row('coverage', '', 'rejected_at_ingest', c.rejected_at_ingest)
  row('coverage', '', 'dedup_drops', c.dedup_drops)
  c.gaps.forEach((gap, i) => {
    const item = String(i + 1)
    row('gap', item, 'cluster', gap.cluster)
    row('gap', item, 'apiserver', gap.apiserver)
    row('gap', item, 'start', gap.start)
    row('gap', item, 'end', gap.end)
    row('gap', item, 'minutes', gap.minutes)
  })

  for (const p of report.populations) {
    row('population', p.name, 'rule_ids', join(p.rule_ids))
    row('population', p.name, 'query', p.query)
    row('population', p.name, 'params', canonicalize(p.params))
    row('population', p.name, 'query_sha256', p.query_sha256)
    row('population', p.name, 'snapshot_at', p.snapshot.at)
    row('population', p.name, 'snapshot_boundary', p.snapshot.boundary)
    row('population', p.name, 'row_count', p.row_count)
    row('population', p.name, 'result_sha256', p.result_sha256)
    row('population', p.name, 'source', p.source)
  }

  const e = report.exceptions
  row('exceptions', '', 'total', e.total)
  for (const d of ['true_positive', 'approved_change', 'false_positive', 'risk_accepted'] as const) row('exceptions', '', `by_disposition.${d}`, e.by_disposition[d])
  row('exceptions', '', 'open', e.open)
  row('exceptions', '', 'over_sla', e.over_sla)
  for (const i of e.items) {
    row('exception', i.finding_id, 'rule_id', i.rule_id)
    row('exception', i.finding_id, 'severity', i.severity)
    row('exception', i.finding_id, 'cluster', i.cluster)
    row('exception', i.finding_id, 'event_time', i.event_time)
    row('exception', i.finding_id, 'state', i.state)
    row('exception', i.finding_id, 'disposition', i.disposition)
    row('exception', i.finding_id, 'over_sla', i.over_sla)
    row('exception', i.finding_id, 'pending_approval', i.pending_approval)
  }

  for (const s of report.samples) {
    row('sample', s.id, 'population', s.population)
    row('sample', s.id, 'population_sha256', s.population_sha256)
    row('sample', s.id, 'method', s.method)
    row('sample', s.id, 'seed', s.seed)
    row('sample', s.id, 'size', s.size)
    row('sample', s.id, 'drawn_by', s.drawn_by)
    row('sample', s.id, 'drawn_at', s.drawn_at)
  }

  for (const a of report.attestations) {
    row('attestation', a.id, 'reviewer', a.reviewer)
    row('attestation', a.id, 'role', a.role)
    row('attestation', a.id, 'at', a.at)
    row('attestation', a.id, 'covers_start', a.covers.start)
    row('attestation', a.id, 'covers_end', a.covers.end)
    row('attestation', a.id, 'finding_count', a.finding_count)
    row('attestation', a.id, 'statement', a.statement)
  }

  const integrity = report.integrity
  row('integrity', '', 'ledger_root', integrity?.ledger_root ?? null)
  row('integrity', '', 'ledger_range_from', integrity?.ledger_range.from ?? null)
  row('integrity', '', 'ledger_range_to', integrity?.ledger_range.to ?? null)
  row('integrity', '', 'anchors', integrity === null ? null : join(integrity.anchors))
  row('integrity', '', 'origin', integrity?.origin ?? null)
  row('integrity', '', 'checkpoint_seq', integrity?.checkpoint.seq ?? null)
  row('integrity', '', 'checkpoint_hash', integrity?.checkpoint.checkpoint_hash ?? null)
  row('integrity', '', 'checkpoint_batches_root', integrity?.checkpoint.batches_root ?? null)
  row('integrity', '', 'checkpoint_created_at', integrity?.checkpoint.created_at ?? null)
  row('integrity', '', 'checkpoint_key_ids', integrity === null ? null : join(integrity.checkpoint.key_ids))
  row('integrity', '', 'checkpoints_from_seq', integrity?.checkpoints.from_seq ?? null)
  row('integrity', '', 'checkpoints_to_seq', integrity?.checkpoints.to_seq ?? null)
  return out.join('')
}
