import { stableId, type Severity } from '@vigil/core'
import type { AlertCandidate } from '@vigil/alerts'
import type { GapRow } from '@vigil/store'

export const STREAM_GAP_RULE = 'vigil.coverage.stream_gap'

export const gapFindingId = (g: Pick<GapRow, 'cluster' | 'apiserver' | 'start'>) => `gap_${stableId(STREAM_GAP_RULE, g.cluster, g.apiserver, g.start).slice(0, 32)}`

/**
 * Turns the gaps the api's gap check recorded (coverage_gaps_v1, the same
 * detection evidence reports use) into alert candidates: an open gap is a
 * finding of rule `vigil.coverage.stream_gap`, routed like any other; a gap
 * that closed (the source sends again) resolves it. The id derives from the
 * gap's source and start, so every run yields the same candidate.
 */
export function gapCandidates(rows: readonly GapRow[], severity: Severity): { open: AlertCandidate[]; closed: Set<string> } {
  const open: AlertCandidate[] = []
  const closed = new Set<string>()
  for (const g of rows) {
    const id = gapFindingId(g)
    if (!g.open) {
      closed.add(id)
      continue
    }
    open.push({
      finding_id: id, rule_id: STREAM_GAP_RULE, rule_version: '1', severity, title: `Cluster ${g.cluster} stopped sending audit events`,
      cluster: g.cluster, audit_id: id, event_time: g.start, user: 'vigil', verb: 'silent', resource: 'audit-stream', namespace: '', name: g.apiserver,
      reason: `No audit event from apiserver ${g.apiserver} of cluster ${g.cluster} since ${g.start} (recorded by ${g.detected_by} at ${g.detected_at}).`,
      tags: ['coverage'], controls: [],
    })
  }
  return { open, closed }
}
