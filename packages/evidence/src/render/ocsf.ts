import type { Severity } from '@vigil/core'
import type { EvidenceReport } from '../report.js'
import { catalogName, controlLabel, epochMs, objectiveSatisfied, percent, periodLabel, ruleTitle, triageOutcome, type ExceptionItem, type RenderContext, type TriageOutcome } from './common.js'

/**
 * OCSF 1.8.0 findings from an evidence report (notes/evidence-formats.md §2):
 * one Detection Finding (class 2004) per exception and one Compliance Finding
 * (class 2003) for the control. Timestamps are epoch milliseconds. A report
 * exception carries no request details, so Detection Findings have no
 * `evidences`; the control reference goes in `unmapped.compliance` because
 * class 2004 has no `compliance` attribute.
 */

export const OCSF_VERSION = '1.8.0'

type Json = Record<string, unknown>

const SEVERITY: Record<Severity, { id: number; name: string }> = {
  info: { id: 1, name: 'Informational' },
  low: { id: 2, name: 'Low' },
  medium: { id: 3, name: 'Medium' },
  high: { id: 4, name: 'High' },
  critical: { id: 5, name: 'Critical' },
}

const ACTIVITY = { 1: 'Create', 2: 'Update', 3: 'Close' } as const

/** Finding status and activity per triage outcome (the table in §1.3). */
const STATUS: Record<TriageOutcome, { status_id: number; status: string; activity_id: 1 | 2 | 3 }> = {
  open: { status_id: 1, status: 'New', activity_id: 1 },
  investigating: { status_id: 2, status: 'In Progress', activity_id: 2 },
  'deviation-requested': { status_id: 2, status: 'In Progress', activity_id: 2 },
  true_positive: { status_id: 4, status: 'Resolved', activity_id: 3 },
  approved_change: { status_id: 3, status: 'Suppressed', activity_id: 3 },
  false_positive: { status_id: 3, status: 'Suppressed', activity_id: 3 },
  risk_accepted: { status_id: 99, status: 'Risk Accepted', activity_id: 3 },
}

function metadata(report: EvidenceReport, uid: string, eventCode: string, extra: Json = {}): Json {
  return {
    version: OCSF_VERSION,
    product: { name: 'vigil', vendor_name: 'vigil', version: report.generated.generator_version, uid: 'vigil' },
    uid,
    event_code: eventCode,
    ...extra,
  }
}

/** `soc2@2017-points-of-focus-2022`: the framework and its catalog version, as one token. */
export function complianceKey(report: EvidenceReport): string {
  const version = report.generated.catalog_version
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-|-$/g, '')
  return `${report.framework}@${version}`
}

export function ocsfDetectionFinding(report: EvidenceReport, item: ExceptionItem, ctx: RenderContext = {}): Json {
  const st = STATUS[triageOutcome(item)]
  const sev = SEVERITY[item.severity]
  const at = epochMs(item.event_time)
  const title = ruleTitle(ctx, item.rule_id)
  const version = ctx.rules?.[item.rule_id]?.version
  return {
    activity_id: st.activity_id,
    activity_name: ACTIVITY[st.activity_id],
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: 200400 + st.activity_id,
    type_name: `Detection Finding: ${ACTIVITY[st.activity_id]}`,
    time: at,
    severity_id: sev.id,
    severity: sev.name,
    status_id: st.status_id,
    status: st.status,
    status_code: item.disposition ?? item.state,
    status_detail: [
      `state ${item.state}`,
      item.disposition === null ? undefined : `disposition ${item.disposition}`,
      item.pending_approval ? 'awaiting a second approver' : undefined,
      item.over_sla ? 'past its SLA' : undefined,
    ]
      .filter((s) => s !== undefined)
      .join('; '),
    message: `${title} on cluster ${item.cluster} (${controlLabel(report)} exception)`,
    metadata: metadata(report, item.finding_id, item.rule_id, { log_name: 'kubernetes.audit', original_time: item.event_time }),
    finding_info: {
      uid: item.finding_id,
      title,
      analytic: { type_id: 1, type: 'Rule', uid: item.rule_id, name: title, ...(version === undefined ? {} : { version }) },
      first_seen_time: at,
      last_seen_time: at,
      data_sources: ['kubernetes audit log'],
    },
    resources: [{ uid: item.cluster, name: item.cluster, type: 'Kubernetes Cluster', role_id: 4, role: 'Related' }],
    observables: [{ name: 'resources[0].uid', type_id: 10, type: 'Resource UID', value: item.cluster }],
    unmapped: {
      compliance: { [complianceKey(report)]: [report.control.id] },
      vigil: { report_id: report.id, state: item.state, disposition: item.disposition, over_sla: item.over_sla, pending_approval: item.pending_approval },
    },
  }
}

/** Compliance status of the control: Pass, Warning (not enough evidence to say) or Fail; 99 Other when not applicable. */
function complianceStatus(report: EvidenceReport): { status_id: number; status: string } {
  if (report.status === 'not_applicable') return { status_id: 99, status: 'Not Applicable' }
  if (report.status === 'insufficient_evidence') return { status_id: 2, status: 'Warning' }
  return objectiveSatisfied(report) ? { status_id: 1, status: 'Pass' } : { status_id: 3, status: 'Fail' }
}

const CONTROL_SEVERITY: Record<EvidenceReport['status'], number> = {
  operating: 1,
  not_applicable: 1,
  exceptions_noted: 3,
  insufficient_evidence: 3,
  not_operating: 4,
}

export function ocsfComplianceFinding(report: EvidenceReport, ctx: RenderContext = {}): Json {
  const ex = report.exceptions
  const sevId = CONTROL_SEVERITY[report.status]
  const sevName = Object.values(SEVERITY).find((s) => s.id === sevId)!.name
  const status = complianceStatus(report)
  const requirement = `${complianceKey(report)}:${report.control.id}`
  const rules = [...new Set(ex.items.map((i) => i.rule_id))].sort()
  const checks = rules.map((rule) => {
    const items = ex.items.filter((i) => i.rule_id === rule)
    const failing = items.some((i) => {
      const o = triageOutcome(i)
      return o !== 'approved_change' && o !== 'false_positive'
    })
    return { uid: rule, name: ruleTitle(ctx, rule), status_id: failing ? 3 : 1, status: failing ? 'Fail' : 'Pass' }
  })
  const detail = `${ex.total} exception(s) in period; ${ex.total - ex.open} resolved, ${ex.open} open, ${ex.over_sla} past SLA; coverage ${percent(report.coverage.pct)}`
  return {
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2003,
    class_name: 'Compliance Finding',
    type_uid: 200301,
    type_name: 'Compliance Finding: Create',
    time: epochMs(report.generated.at),
    start_time: epochMs(report.period.start),
    end_time: epochMs(report.period.end),
    severity_id: sevId,
    severity: sevName,
    status_id: ex.open > 0 ? 2 : 1,
    status: ex.open > 0 ? 'In Progress' : 'New',
    status_code: report.status,
    status_detail: detail,
    message: `${controlLabel(report)} automated assessment for ${periodLabel(report)} on ${report.scope.clusters.join(', ') || 'no cluster'}: ${report.status.replace(/_/g, ' ')}`,
    metadata: metadata(report, report.id, 'evidence-report'),
    finding_info: {
      uid: report.id,
      title: `${controlLabel(report)} — ${periodLabel(report)}`,
      desc: report.disclaimer,
      analytic: { type_id: 1, type: 'Rule', uid: `control:${requirement}`, name: `${report.control.id} evidence report` },
      ...(ctx.reportUrl === undefined ? {} : { src_url: ctx.reportUrl }),
    },
    compliance: {
      standards: [`${catalogName(report, ctx)}, ${report.generated.catalog_version}`],
      control: report.control.id,
      requirements: [requirement],
      status_id: status.status_id,
      status: status.status,
      status_detail: report.status_reasons.join('; ') || report.status,
      desc: report.control.summary,
      ...(checks.length === 0 ? {} : { checks }),
    },
    resources: report.scope.clusters.map((c) => ({ uid: c, name: c, type: 'Kubernetes Cluster', role_id: 1, role: 'Target' })),
    ...(ex.open === 0 ? {} : { remediation: { desc: `Triage the ${ex.open} open exception(s)${ex.over_sla > 0 ? `, ${ex.over_sla} of them past SLA,` : ''} and sign off the period.` } }),
    unmapped: {
      vigil: {
        report_id: report.id,
        assessment_status: report.status,
        coverage_pct: report.coverage.pct,
        gaps: report.coverage.gaps.length,
        populations: report.populations.map((p) => ({ name: p.name, row_count: p.row_count, query_sha256: p.query_sha256 })),
        attestations: report.attestations.length,
      },
    },
  }
}

/** All findings of a report, one JSON object per line: the Compliance Finding first, then one Detection Finding per exception. */
export function renderOcsfNdjson(report: EvidenceReport, ctx: RenderContext = {}): string {
  const lines = [JSON.stringify(ocsfComplianceFinding(report, ctx))]
  for (const item of report.exceptions.items) lines.push(JSON.stringify(ocsfDetectionFinding(report, item, ctx)))
  return `${lines.join('\n')}\n`
}
