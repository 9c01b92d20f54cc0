import { stableId, type Finding, type StampedEvent, type ThresholdStateRow } from '@vigil/core'
import type { EventEvaluation, RequestOnce, RuleHit, ThresholdCrossing, ThresholdTracker } from '@vigil/rules'

/**
 * A finding's id: stable across redelivery, new when the rule's version
 * changes, and the same whichever stage of the request the rule was judged
 * at, so one request gives one finding per rule (ADR 0012).
 */
export function findingId(ruleId: string, ruleVersion: number, s: Pick<StampedEvent, 'cluster'> & { event: { auditID: string } }): string {
  return stableId(ruleId, ruleVersion, s.cluster, s.event.auditID)
}

export function toFinding(hit: RuleHit, s: StampedEvent): Finding {
  const e = s.event
  const ref = e.objectRef
  return {
    finding_id: findingId(hit.rule.id, hit.rule.version, s),
    rule_id: hit.rule.id,
    rule_version: String(hit.rule.version),
    severity: hit.rule.severity,
    title: hit.rule.title,
    cluster: s.cluster,
    audit_id: e.auditID,
    stage: e.stage,
    event_time: e.requestReceivedTimestamp,
    user: e.user.username ?? '',
    verb: e.verb,
    resource: ref?.resource === undefined ? '' : `${ref.resource}${ref.subresource === undefined || ref.subresource === '' ? '' : `/${ref.subresource}`}`,
    namespace: ref?.namespace ?? '',
    name: ref?.name ?? '',
    reason: hit.reason,
    output: hit.output,
    evidence: hit.evidence,
    tags: hit.rule.tags,
    controls: hit.rule.controls,
  }
}

/**
 * The finding for a threshold window that reached its count. Its id is the
 * window's, so later events in the same window and redeliveries replace it.
 */
export function toThresholdFinding(c: ThresholdCrossing, hit: RuleHit, s: StampedEvent): Finding {
  const t = c.rule.threshold
  const base = toFinding(hit, s)
  const start = new Date(c.windowStart).toISOString()
  const what = t?.distinct === undefined ? 'matching events' : `distinct ${t.distinct} values`
  return {
    ...base,
    finding_id: stableId(c.rule.id, c.rule.version, s.cluster, 'window', c.stateKey, c.windowStart),
    reason: `${c.count} ${what} for ${t?.by.join(', ')} = ${c.stateKey.split('\u001f').join(', ')} within the ${t?.window} window from ${start}`,
    evidence: { ...base.evidence, threshold_count: c.count, threshold_window: t?.window, window_start: start, state_key: c.stateKey, members: c.members.slice(0, 50) },
  }
}

/** What the analyzer remembers between events: threshold windows, and which requests each rule already reported. */
export interface RuleMemory {
  thresholds: ThresholdTracker
  once: RequestOnce
}

/**
 * What one evaluated event yields: a finding per plain hit (unless an earlier
 * stage of the same request already gave it), and for threshold rules the
 * window member to store plus a finding when the window fills.
 * Shared by the analyzer and `vigil analyze`; returns how many findings it added.
 */
export function collectFindings(result: EventEvaluation, s: StampedEvent, memory: RuleMemory, findings: Finding[], state?: ThresholdStateRow[]): number {
  const { thresholds, once } = memory
  const before = findings.length
  for (const hit of result.hits) {
    if (hit.rule.threshold === undefined) {
      if (once.first(hit.rule.id, s.cluster, s.event.auditID)) findings.push(toFinding(hit, s))
      continue
    }
    const observed = thresholds.observe(hit.rule, result.activation!, s.cluster)
    if (observed.row !== undefined) state?.push(observed.row)
    if (observed.crossing !== undefined) findings.push(toThresholdFinding(observed.crossing, hit, s))
  }
  return findings.length - before
}
