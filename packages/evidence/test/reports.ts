import { EvidenceReport } from '../src/report.js'
import type { RenderContext } from '../src/render/common.js'

/**
 * Evidence reports for the renderer tests, built by hand so the renderers are
 * tested without the data side: every field filled, every disposition, open
 * and over-SLA items, both sample methods, two sign-offs, and an empty report
 * whose status is insufficient_evidence. Each call returns a fresh object.
 */

const PERIOD = { start: '2026-10-01T00:00:00Z', end: '2027-01-01T00:00:00Z', tz: 'UTC', boundary: '[start,end)' } as const
const H = (c: string): string => c.repeat(64)

type Item = EvidenceReport['exceptions']['items'][number]

function item(n: number, over: Partial<Item>): Item {
  const day = String(1 + (n % 28)).padStart(2, '0')
  const month = ['10', '11', '12'][n % 3]!
  return {
    finding_id: `f-${String(n).padStart(4, '0')}`,
    rule_id: 'k8s.rbac.clusteradmin-grant',
    severity: 'high',
    cluster: n % 2 === 0 ? 'prod-a' : 'prod-b',
    event_time: `2026-${month}-${day}T${String(n % 24).padStart(2, '0')}:13:08.123456Z`,
    state: 'resolved',
    disposition: 'approved_change',
    over_sla: false,
    pending_approval: false,
    ...over,
  }
}

export const FULL_ITEMS: Item[] = [
  item(1, { disposition: 'approved_change' }),
  item(2, { disposition: 'approved_change', rule_id: 'k8s.rbac.role-escalate-verb', severity: 'medium' }),
  item(3, { disposition: 'true_positive', severity: 'critical' }),
  item(4, { disposition: 'false_positive', rule_id: 'k8s.rbac.wildcard-role', severity: 'medium' }),
  item(5, { disposition: 'risk_accepted', rule_id: 'k8s.rbac.wildcard-role', severity: 'low' }),
  item(6, { state: 'open', disposition: null, over_sla: true, severity: 'critical' }),
  item(7, { state: 'acknowledged', disposition: null, rule_id: 'k8s.rbac.role-escalate-verb', severity: 'medium' }),
  item(8, { state: 'acknowledged', disposition: null, pending_approval: true, rule_id: 'k8s.rbac.wildcard-role', over_sla: true }),
  item(9, { state: 'open', disposition: null, rule_id: 'k8s.rbac.role-escalate-verb', severity: 'info' }),
].sort((a, b) => (a.event_time < b.event_time ? -1 : a.event_time > b.event_time ? 1 : 0))

export function fullReport(): EvidenceReport {
  const items = FULL_ITEMS.map((i) => ({ ...i }))
  return EvidenceReport.parse({
    schema: 'vigil.evidence-report/v1',
    id: 'rpt-3f2a9c41d7b0e8a5',
    framework: 'soc2',
    control: {
      id: 'CC6.3',
      title: 'Role-based access and least privilege',
      summary: 'Access is granted, changed and removed by role, following least privilege and separation of duties.',
    },
    period: { ...PERIOD },
    scope: { clusters: ['prod-a', 'prod-b'] },
    generated: {
      at: '2027-01-02T09:00:00.000Z',
      by: 'principal:jane.doe',
      generator_version: '0.1.0',
      rule_pack_version: H('a'),
      catalog_version: '2017 (points of focus 2022)',
    },
    status: 'exceptions_noted',
    status_reasons: [
      'coverage 99.93% is at or above the 99% threshold',
      '9 exceptions in the period; 5 resolved, 4 open or acknowledged',
      '2 open exceptions are past their SLA',
    ],
    disclaimer: 'Automated assessment, not an audit opinion.',
    coverage: {
      expected_minutes: 264_960,
      covered_minutes: 264_777,
      pct: 99.93,
      gap_threshold_minutes: 5,
      gaps: [
        { cluster: 'prod-a', apiserver: 'apiserver-1', start: '2026-10-14T02:10:00Z', end: '2026-10-14T03:38:00Z', minutes: 88 },
        { cluster: 'prod-b', apiserver: null, start: '2026-11-30T23:55:00Z', end: '2026-12-01T01:30:00Z', minutes: 95 },
      ],
      dead_letters: 3,
      rejected_at_ingest: 12,
      dedup_drops: 4_810,
    },
    populations: [
      {
        name: 'soc2.CC6.3.population',
        rule_ids: ['k8s.rbac.binding-change', 'k8s.rbac.role-change'],
        query:
          "SELECT cluster, audit_id, stage FROM findings_v1 WHERE rule_id IN {rules:Array(String)} AND event_time >= {start:DateTime64(6)} AND event_time < {end:DateTime64(6)} AND cluster IN {clusters:Array(String)} ORDER BY event_time, audit_id, stage",
        params: { clusters: ['prod-a', 'prod-b'], end: '2027-01-01T00:00:00Z', rules: ['k8s.rbac.binding-change', 'k8s.rbac.role-change'], start: '2026-10-01T00:00:00Z' },
        query_sha256: H('b'),
        snapshot: { at: '2027-01-02T08:59:30.000Z', boundary: 'received_at <= snapshot.at' },
        row_count: 1_832,
        result_sha256: H('c'),
      },
      {
        name: 'soc2.CC6.3.service-accounts',
        rule_ids: ['k8s.sa.token-create'],
        query: 'SELECT cluster, audit_id, stage FROM findings_v1 WHERE rule_id IN {rules:Array(String)} ORDER BY event_time, audit_id, stage',
        params: { rules: ['k8s.sa.token-create'] },
        query_sha256: H('d'),
        snapshot: { at: '2027-01-02T08:59:30.000Z', boundary: 'received_at <= snapshot.at' },
        row_count: 407,
        result_sha256: H('e'),
      },
    ],
    exceptions: {
      total: items.length,
      by_disposition: { true_positive: 1, approved_change: 2, false_positive: 1, risk_accepted: 1 },
      open: 4,
      over_sla: 2,
      items,
    },
    samples: [
      {
        id: 'smp-0001',
        population: 'soc2.CC6.3.population',
        population_sha256: H('c'),
        method: 'seeded_random',
        seed: '6a1f0c3e9b2d4875',
        size: 25,
        drawn_by: 'principal:ann.auditor',
        drawn_at: '2027-01-02T08:40:00Z',
      },
      {
        id: 'smp-0002',
        population: 'soc2.CC6.3.service-accounts',
        population_sha256: H('e'),
        method: 'auditor',
        seed: null,
        size: 3,
        drawn_by: 'principal:ann.auditor',
        drawn_at: '2027-01-02T08:45:00Z',
      },
    ],
    attestations: [
      {
        id: 'att-0001',
        reviewer: 'principal:jane.doe',
        role: 'admin',
        at: '2026-12-31T16:00:00Z',
        covers: { start: '2026-10-01T00:00:00Z', end: '2027-01-01T00:00:00Z' },
        finding_count: 9,
        statement: 'I reviewed the 9 findings of CC6.3 for Q4 2026 and their dispositions.',
      },
      {
        id: 'att-0002',
        reviewer: 'principal:omar.sec',
        role: 'analyst',
        at: '2026-12-31T17:30:00Z',
        covers: { start: '2026-10-01T00:00:00Z', end: '2027-01-01T00:00:00Z' },
        finding_count: 9,
        statement: 'Second review: the approved changes match tickets CHG-1234 and CHG-1301.',
      },
    ],
    integrity: {
      origin: 'vigil.acme.example/prod',
      ledger_root: H('f'),
      ledger_range: { from: '2026-10-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
      checkpoints: { from_seq: 0, to_seq: 2208 },
      checkpoint: { seq: 2208, checkpoint_hash: H('f'), batches_root: H('e'), created_at: '2027-01-01T00:00:02Z', key_ids: ['ed25519:0123456789abcdef'] },
      anchors: ['rfc3161:tsa.acme.example#2027-01-01T00:05:00Z'],
    },
  })
}

/** A report over a period with no audit events at all. */
export function emptyReport(): EvidenceReport {
  return EvidenceReport.parse({
    schema: 'vigil.evidence-report/v1',
    id: 'rpt-0b1c2d3e4f5a6b7c',
    framework: 'hipaa',
    control: { id: '164.312(b)', title: 'Audit controls (R)', summary: 'Activity in systems that hold ePHI is recorded and examined.' },
    period: { ...PERIOD },
    scope: { clusters: ['prod-c'] },
    generated: {
      at: '2027-01-02T09:00:00.000Z',
      by: 'job:quarterly-reports',
      generator_version: '0.1.0',
      rule_pack_version: H('a'),
      catalog_version: '45 CFR 164.308, 164.312, 164.316',
    },
    status: 'insufficient_evidence',
    status_reasons: ['coverage 0% is below the 99% threshold', 'no population rule matched any event'],
    disclaimer: 'Automated assessment, not an audit opinion.',
    coverage: {
      expected_minutes: 132_480,
      covered_minutes: 0,
      pct: 0,
      gap_threshold_minutes: 5,
      gaps: [{ cluster: 'prod-c', apiserver: null, start: '2026-10-01T00:00:00Z', end: '2027-01-01T00:00:00Z', minutes: 132_480 }],
      dead_letters: 0,
      rejected_at_ingest: 0,
      dedup_drops: 0,
    },
    populations: [],
    exceptions: { total: 0, by_disposition: { true_positive: 0, approved_change: 0, false_positive: 0, risk_accepted: 0 }, open: 0, over_sla: 0, items: [] },
    samples: [],
    attestations: [],
    integrity: null,
  })
}

/** A GDPR control nobody in scope touches. */
export function notApplicableReport(): EvidenceReport {
  const r = emptyReport()
  return EvidenceReport.parse({
    ...r,
    id: 'rpt-9a8b7c6d5e4f3a2b',
    framework: 'gdpr',
    control: { id: 'Art.32(1)(b)', title: 'Ongoing confidentiality, integrity and availability', summary: 'Systems that process personal data stay confidential.' },
    status: 'not_applicable',
    status_reasons: ['no cluster in scope is labelled as processing personal data'],
    coverage: { ...r.coverage, covered_minutes: r.coverage.expected_minutes, pct: 100, gaps: [] },
  })
}

/** Strings an attacker controls: a user name, a rule title and a statement. */
export const HOSTILE = '<script>alert("x")</script>&amp;'

export function hostileReport(): EvidenceReport {
  const r = fullReport()
  r.attestations[0]!.reviewer = `principal:${HOSTILE}`
  r.attestations[0]!.statement = `=HYPERLINK("http://evil.example","click") ${HOSTILE}`
  r.samples[0]!.drawn_by = `@SUM(1+1) ${HOSTILE}`
  r.generated.by = `-2+3 ${HOSTILE}`
  r.control.title = `Least privilege ${HOSTILE}`
  return EvidenceReport.parse(r)
}

export const CONTEXT: RenderContext = {
  catalog: { name: 'SOC 2 Trust Services Criteria', version: '2017 (points of focus 2022)' },
  rules: {
    'k8s.rbac.clusteradmin-grant': { title: 'ClusterRoleBinding grants cluster-admin', version: '3' },
    'k8s.rbac.role-escalate-verb': { title: 'Role grants escalate, bind or impersonate' },
    'k8s.rbac.wildcard-role': { title: 'Role with wildcard verbs or resources' },
  },
  reportUrl: 'https://vigil.acme.example/api/v1/evidence/reports/rpt-3f2a9c41d7b0e8a5',
}

export const HOSTILE_CONTEXT: RenderContext = {
  ...CONTEXT,
  rules: { ...CONTEXT.rules, 'k8s.rbac.clusteradmin-grant': { title: `Grants cluster-admin ${HOSTILE}` } },
}
