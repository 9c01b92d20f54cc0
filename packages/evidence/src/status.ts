import type { AssessmentStatus } from './report.js'

/** What the status rules look at. */
export interface StatusInput {
  population_rules: number
  exception_rules: number
  clusters: number
  coverage: { expected_minutes: number; pct: number }
  min_coverage_pct: number
  exceptions: { open: number; over_sla: number; true_positive: number; risk_accepted: number; pending_approval: number }
}

/**
 * The status rules, applied in this order; the first that matches decides
 * (docs/evidence.md lists them for auditors):
 * 1. not_applicable: no loaded rule evidences the control, or the scope has no cluster;
 * 2. insufficient_evidence: no minute was expected (nothing ever sent), or coverage is below the minimum;
 * 3. not_operating: an exception stayed unresolved past its SLA (the review did not happen in time);
 * 4. exceptions_noted: an exception is unresolved (or awaits a second approver), or was resolved as
 *    true_positive or risk_accepted;
 * 5. operating: none of the above: every exception, if any, was resolved as approved_change or false_positive.
 */
export function assessStatus(i: StatusInput): { status: AssessmentStatus; reasons: string[] } {
  if (i.population_rules + i.exception_rules === 0) return { status: 'not_applicable', reasons: ['no loaded rule maps to this control (no population or exception rules), so the stream cannot evidence it'] }
  if (i.clusters === 0) return { status: 'not_applicable', reasons: ['the scope holds no cluster'] }
  if (i.coverage.expected_minutes === 0) return { status: 'insufficient_evidence', reasons: ['no cluster in scope sent any event by the end of the period, so no minute of it was covered'] }
  if (i.coverage.pct < i.min_coverage_pct) {
    return { status: 'insufficient_evidence', reasons: [`coverage ${i.coverage.pct}% is below the ${i.min_coverage_pct}% minimum: the stream had gaps, so the populations may be incomplete`] }
  }
  const covered = `coverage ${i.coverage.pct}% meets the ${i.min_coverage_pct}% minimum`
  if (i.exceptions.over_sla > 0) return { status: 'not_operating', reasons: [covered, `${i.exceptions.over_sla} exception(s) stayed unresolved past their SLA`] }
  const noted: string[] = []
  if (i.exceptions.open > 0) noted.push(`${i.exceptions.open} exception(s) are not resolved yet${i.exceptions.pending_approval > 0 ? ` (${i.exceptions.pending_approval} await a second approver)` : ''}`)
  if (i.exceptions.true_positive > 0) noted.push(`${i.exceptions.true_positive} exception(s) were confirmed as true positives`)
  if (i.exceptions.risk_accepted > 0) noted.push(`${i.exceptions.risk_accepted} exception(s) were accepted as risks`)
  if (noted.length > 0) return { status: 'exceptions_noted', reasons: [covered, ...noted] }
  return { status: 'operating', reasons: [covered, 'every exception in the period, if any, was resolved as an approved change or a false positive, within its SLA'] }
}
