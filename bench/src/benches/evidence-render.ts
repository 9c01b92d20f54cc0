import { EvidenceReport, renderReport, ExportFormat, type RenderContext } from '@vigil/evidence'
import { median, withBaseline, type Result } from '../stats.js'

const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
const DISPOSITIONS = ['true_positive', 'approved_change', 'false_positive', 'risk_accepted'] as const
const RULES = ['k8s.rbac.clusteradmin-grant', 'k8s.rbac.role-escalate-verb', 'k8s.rbac.wildcard-role', 'k8s.secret.read-by-human', 'k8s.exec.into-pod']

/** A SOC 2 report over a quarter and four clusters with `exceptions` exceptions, a quarter of them still open. */
export function syntheticReport(exceptions: number): EvidenceReport {
  const start = Date.parse('2026-10-01T00:00:00Z')
  const span = Date.parse('2027-01-01T00:00:00Z') - start
  const hex = (c: string): string => c.repeat(64)
  const items = Array.from({ length: exceptions }, (_, n) => {
    const resolved = n % 4 !== 0
    return {
      finding_id: `f-${n.toString(16).padStart(8, '0')}`,
      rule_id: RULES[n % RULES.length]!,
      severity: SEVERITIES[n % SEVERITIES.length]!,
      cluster: `prod-${'abcd'[n % 4]}`,
      event_time: new Date(start + Math.floor((n / exceptions) * span)).toISOString().replace('Z', '123Z'),
      state: resolved ? ('resolved' as const) : n % 8 === 0 ? ('open' as const) : ('acknowledged' as const),
      disposition: resolved ? DISPOSITIONS[n % DISPOSITIONS.length]! : null,
      over_sla: !resolved && n % 3 === 0,
      pending_approval: !resolved && n % 5 === 0,
    }
  })
  const by = { true_positive: 0, approved_change: 0, false_positive: 0, risk_accepted: 0 }
  for (const i of items) if (i.disposition !== null) by[i.disposition]++
  const clusters = ['prod-a', 'prod-b', 'prod-c', 'prod-d']
  return EvidenceReport.parse({
    schema: 'vigil.evidence-report/v1',
    id: 'rpt-bench',
    framework: 'soc2',
    control: { id: 'CC6.3', title: 'Role-based access and least privilege', summary: 'Access is granted, changed and removed by role.' },
    period: { start: '2026-10-01T00:00:00Z', end: '2027-01-01T00:00:00Z', tz: 'UTC', boundary: '[start,end)' },
    scope: { clusters },
    generated: { at: '2027-01-02T09:00:00.000Z', by: 'principal:bench', generator_version: '0.1.0', rule_pack_version: hex('a'), catalog_version: '2017 (points of focus 2022)' },
    status: 'exceptions_noted',
    status_reasons: ['coverage above threshold', `${exceptions} exceptions`],
    disclaimer: 'Automated assessment, not an audit opinion.',
    coverage: {
      expected_minutes: 4 * 132_480,
      covered_minutes: 4 * 132_480 - 240,
      pct: 99.95,
      gap_threshold_minutes: 5,
      gaps: clusters.map((c, i) => ({ cluster: c, apiserver: null, start: `2026-${10 + (i % 3)}-0${i + 1}T02:00:00Z`, end: `2026-${10 + (i % 3)}-0${i + 1}T03:00:00Z`, minutes: 60 })),
      dead_letters: 1,
      rejected_at_ingest: 2,
      dedup_drops: 3,
    },
    populations: [
      {
        name: 'soc2.CC6.3.population',
        rule_ids: ['k8s.rbac.binding-change'],
        query: 'SELECT 1',
        params: { clusters },
        query_sha256: hex('b'),
        snapshot: { at: '2027-01-02T08:59:00Z', boundary: 'received_at <= snapshot.at' },
        row_count: 1_000_000,
        result_sha256: hex('c'),
      },
    ],
    exceptions: { total: exceptions, by_disposition: by, open: items.filter((i) => i.state !== 'resolved').length, over_sla: items.filter((i) => i.over_sla).length, items },
    samples: [
      { id: 'smp-1', population: 'soc2.CC6.3.population', population_sha256: hex('c'), method: 'seeded_random', seed: '6a1f0c3e9b2d4875', size: 60, drawn_by: 'principal:auditor', drawn_at: '2027-01-02T08:00:00Z' },
    ],
    attestations: [
      { id: 'att-1', reviewer: 'principal:owner', role: 'admin', at: '2026-12-31T16:00:00Z', covers: { start: '2026-10-01T00:00:00Z', end: '2027-01-01T00:00:00Z' }, finding_count: exceptions, statement: 'Reviewed.' },
    ],
    integrity: null,
  })
}

/**
 * Rendering one report with 10,000 exceptions in each export format, single
 * core; the baseline is JSON.stringify of the same report (the floor of any
 * serializer).
 */
export async function benchEvidenceRender(opts: { exceptions: number; runs: number }): Promise<Result[]> {
  const report = syntheticReport(opts.exceptions)
  const ctx: RenderContext = { rules: Object.fromEntries(RULES.map((r) => [r, { title: r.replace(/[.-]/g, ' ') }])) }
  const time = async (fn: () => unknown): Promise<{ ms: number[]; bytes: number }> => {
    const ms: number[] = []
    let bytes = 0
    await fn() // warm-up: fonts, JIT
    for (let r = 0; r < opts.runs; r++) {
      const t0 = performance.now()
      const out = (await fn()) as { body?: string | Buffer } | string
      ms.push(performance.now() - t0)
      const body = typeof out === 'string' ? out : out.body
      bytes = typeof body === 'string' ? Buffer.byteLength(body) : (body?.length ?? 0)
    }
    return { ms, bytes }
  }
  const base = await time(() => JSON.stringify(report))
  const baseline = { name: 'JSON.stringify of the report', value: Number(median(base.ms).toFixed(1)), unit: 'ms' }
  const results: Result[] = []
  for (const format of ExportFormat.options) {
    const { ms, bytes } = await time(() => renderReport(report, format, ctx))
    results.push(
      withBaseline(
        {
          name: `evidence-render ${format} (${opts.exceptions.toLocaleString('en-US')} exceptions)`,
          value: Number(median(ms).toFixed(1)),
          unit: 'ms',
          runs: ms.map((m) => Number(m.toFixed(1))),
          notes: `output ${Math.round(bytes / 1024).toLocaleString('en-US')} KiB`,
        },
        baseline,
      ),
    )
  }
  return results
}
