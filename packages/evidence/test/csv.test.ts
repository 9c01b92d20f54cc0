import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { EvidenceReport } from '../src/report.js'
import { CSV_BOM } from '../src/csv.js'
import { csvRecord, renderCsv } from '../src/render/csv.js'
import { renderReport } from '../src/render/index.js'
import { EVIDENCE_FIXTURES } from './fixtures.js'
import { HOSTILE, emptyReport, fullReport, hostileReport } from './reports.js'

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  let quoted = false
  while (i < text.length) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), (i += 2)
      else if (ch === '"') (quoted = false), i++
      else (field += ch), i++
    } else if (ch === '"' && field === '') (quoted = true), i++
    else if (ch === ',') row.push(field), (field = ''), i++
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), (i += 2)
    else if (ch === '\r' || ch === '\n' || ch === '"') throw new Error(`bare ${JSON.stringify(ch)} at ${i}`)
    else (field += ch), i++
  }
  if (field !== '' || row.length > 0) throw new Error('the last record does not end with CRLF')
  return rows
}

const unguard = (v: string): string => (/^'[=+\-@\t\r\0]/.test(v) ? v.slice(1) : v)

/** Rebuilds the report from its CSV: proves the CSV drops nothing. */
function fromCsv(rows: string[][]): EvidenceReport {
  const one = new Map<string, string>()
  const many = new Map<string, Map<string, Record<string, string>>>()
  for (const [section, item, field, raw] of rows.slice(1)) {
    const value = unguard(raw!)
    if (item === '') one.set(`${section}.${field}`, value)
    else {
      const s = many.get(section!) ?? new Map<string, Record<string, string>>()
      many.set(section!, s)
      s.set(item!, { ...(s.get(item!) ?? {}), [field!]: value })
    }
  }
  const get = (k: string): string => {
    if (!one.has(k)) throw new Error(`no row for ${k}`)
    return one.get(k)!
  }
  const list = (section: string): [string, Record<string, string>][] => [...(many.get(section) ?? new Map<string, Record<string, string>>()).entries()]
  const num = Number
  const opt = (v: string | undefined): string | null => (v === '' || v === undefined ? null : v)
  const split = (v: string): string[] => (v === '' ? [] : v.split(';'))
  return {
    schema: get('report.schema') as EvidenceReport['schema'],
    id: get('report.id'),
    framework: get('report.framework') as EvidenceReport['framework'],
    control: { id: get('control.id'), title: get('control.title'), summary: get('control.summary') },
    period: { start: get('period.start'), end: get('period.end'), tz: get('period.tz') as 'UTC', boundary: get('period.boundary') as '[start,end)' },
    scope: { clusters: split(get('scope.clusters')) },
    generated: {
      at: get('generated.at'),
      by: get('generated.by'),
      generator_version: get('generated.generator_version'),
      rule_pack_version: get('generated.rule_pack_version'),
      catalog_version: get('generated.catalog_version'),
    },
    status: get('status.status') as EvidenceReport['status'],
    status_reasons: list('status_reason').map(([, r]) => r['reason']!),
    disclaimer: get('report.disclaimer') as EvidenceReport['disclaimer'],
    coverage: {
      expected_minutes: num(get('coverage.expected_minutes')),
      covered_minutes: num(get('coverage.covered_minutes')),
      pct: num(get('coverage.pct')),
      gap_threshold_minutes: num(get('coverage.gap_threshold_minutes')),
      gaps: list('gap').map(([, g]) => ({ cluster: g['cluster']!, apiserver: opt(g['apiserver']), start: g['start']!, end: g['end']!, minutes: num(g['minutes']) })),
      dead_letters: num(get('coverage.dead_letters')),
      rejected_at_ingest: num(get('coverage.rejected_at_ingest')),
      dedup_drops: num(get('coverage.dedup_drops')),
    },
    populations: list('population').map(([name, p]) => ({
      name,
      source: p['source'] as EvidenceReport['populations'][number]['source'],
      rule_ids: split(p['rule_ids']!),
      query: p['query']!,
      params: JSON.parse(p['params']!) as Record<string, unknown>,
      query_sha256: p['query_sha256']!,
      snapshot: { at: p['snapshot_at']!, boundary: p['snapshot_boundary'] as EvidenceReport['populations'][number]['snapshot']['boundary'] },
      row_count: num(p['row_count']),
      result_sha256: p['result_sha256']!,
    })),
    exceptions: {
      total: num(get('exceptions.total')),
      by_disposition: {
        true_positive: num(get('exceptions.by_disposition.true_positive')),
        approved_change: num(get('exceptions.by_disposition.approved_change')),
        false_positive: num(get('exceptions.by_disposition.false_positive')),
        risk_accepted: num(get('exceptions.by_disposition.risk_accepted')),
      },
      open: num(get('exceptions.open')),
      over_sla: num(get('exceptions.over_sla')),
      items: list('exception').map(([id, x]) => ({
        finding_id: id,
        rule_id: x['rule_id']!,
        severity: x['severity'] as EvidenceReport['exceptions']['items'][number]['severity'],
        cluster: x['cluster']!,
        event_time: x['event_time']!,
        state: x['state'] as EvidenceReport['exceptions']['items'][number]['state'],
        disposition: opt(x['disposition']) as EvidenceReport['exceptions']['items'][number]['disposition'],
        over_sla: x['over_sla'] === 'true',
        pending_approval: x['pending_approval'] === 'true',
      })),
    },
    samples: list('sample').map(([id, s]) => ({
      id,
      population: s['population']!,
      population_sha256: s['population_sha256']!,
      method: s['method'] as 'seeded_random' | 'auditor',
      seed: opt(s['seed']),
      size: num(s['size']),
      drawn_by: s['drawn_by']!,
      drawn_at: s['drawn_at']!,
    })),
    attestations: list('attestation').map(([id, a]) => ({
      id,
      reviewer: a['reviewer']!,
      role: a['role']!,
      at: a['at']!,
      covers: { start: a['covers_start']!, end: a['covers_end']! },
      finding_count: num(a['finding_count']),
      statement: a['statement']!,
    })),
    integrity:
      get('integrity.ledger_root') === ''
        ? null
        : {
            origin: get('integrity.origin'),
            ledger_root: get('integrity.ledger_root'),
            ledger_range: { from: get('integrity.ledger_range_from'), to: get('integrity.ledger_range_to') },
            checkpoints: { from_seq: num(get('integrity.checkpoints_from_seq')), to_seq: num(get('integrity.checkpoints_to_seq')) },
            checkpoint: {
              seq: num(get('integrity.checkpoint_seq')),
              checkpoint_hash: get('integrity.checkpoint_hash'),
              batches_root: get('integrity.checkpoint_batches_root'),
              created_at: get('integrity.checkpoint_created_at'),
              key_ids: split(get('integrity.checkpoint_key_ids')),
            },
            anchors: split(get('integrity.anchors')),
          },
  }
}

describe('CSV export', () => {
  it('writes the population fixture byte for byte with the same conventions (BOM, CRLF)', () => {
    const fixture = readFileSync(`${EVIDENCE_FIXTURES}/population/rbac_changes.csv`, 'utf8')
    const rows = parseCsv(fixture.slice(1))
    expect(CSV_BOM + rows.map((r) => csvRecord(r)).join('')).toBe(fixture)
  })

  for (const [name, make] of [['full', fullReport], ['empty', emptyReport], ['hostile', hostileReport]] as const) {
    it(`holds every value of the ${name} report: it reads back to an equal report`, async () => {
      const report = make()
      const out = await renderReport(report, 'csv')
      expect(out.contentType).toBe('text/csv; charset=utf-8; header=present')
      const body = String(out.body)
      expect(body.startsWith(CSV_BOM)).toBe(true)
      const rows = parseCsv(body.slice(1))
      expect(rows[0]).toEqual(['section', 'item', 'field', 'value'])
      for (const r of rows) expect(r).toHaveLength(4)
      expect(fromCsv(rows)).toEqual(report)
    })
  }

  it('guards text cells a spreadsheet would evaluate, quotes per RFC 4180, and leaves numbers alone', () => {
    const rows = parseCsv(renderCsv(hostileReport()).slice(1))
    const value = (section: string, item: string, field: string): string => rows.find((r) => r[0] === section && r[1] === item && r[2] === field)![3]!
    expect(value('attestation', 'att-0001', 'statement')).toBe(`'=HYPERLINK("http://evil.example","click") ${HOSTILE}`)
    expect(value('sample', 'smp-0001', 'drawn_by')).toBe(`'@SUM(1+1) ${HOSTILE}`)
    expect(value('generated', '', 'by')).toBe(`'-2+3 ${HOSTILE}`)
    expect(renderCsv(hostileReport())).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") `)
    expect(value('coverage', '', 'pct')).toBe('99.93')
    for (const r of rows) expect(r[3]).not.toMatch(/^[=+@\t\r\0]|^-\D/)
  })

  it('renders the same report to the same bytes', () => {
    expect(renderCsv(fullReport())).toBe(renderCsv(fullReport()))
  })
})
