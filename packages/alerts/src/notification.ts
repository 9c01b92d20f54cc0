import { sha256Hex, stableId, SEVERITIES, type Severity } from '@vigil/core'
import type { AlertCandidate } from './candidate.js'
import type { DigestSummary } from './digest.js'
import type { Flush, NotificationKind } from './grouping.js'

export type DeliveryKind = NotificationKind | 'ack' | 'test' | 'digest'

/** One message for one sink: the unit of the outbox, of retries and of idempotency. */
export interface Notification {
  /** Deterministic: the same flush for the same sink always gets the same id, across redeliveries and replays. */
  id: string
  sink: string
  kind: DeliveryKind
  route: string
  groupKey: string
  groupId: string
  episode: number
  seq: number
  severity: Severity
  findings: AlertCandidate[]
  fresh: AlertCandidate[]
  /** When the router decided to send it (ms); payload timestamps derive from it, never from the attempt. */
  createdAt: number
  resolvedReason?: string
  /** kind `digest`: the counts it reports (it lists no finding). */
  digest?: DigestSummary
}

export function groupIdOf(groupKey: string): string {
  return `g_${stableId('group', groupKey).slice(0, 20)}`
}

export function notificationId(sink: string, groupKey: string, episode: number, kind: DeliveryKind, seq: number): string {
  return `n_${stableId('notification', sink, groupKey, episode, kind, seq)}`
}

/** `vigil:` + SHA-256 of (route, group key, episode): 70 characters, computed, never stored from a response. */
export function pagerDutyDedupKey(route: string, groupKey: string, episode: number): string {
  return `vigil:${sha256Hex(`${route}\u0000${groupKey}\u0000${episode}`)}`
}

export function maxSeverity(findings: readonly AlertCandidate[]): Severity {
  let rank = 0
  for (const f of findings) rank = Math.max(rank, SEVERITIES.indexOf(f.severity))
  return SEVERITIES[rank] as Severity
}

/** Fans a flush out to one sink. */
export function notificationFor(flush: Flush, sink: string, now: number): Notification {
  const n: Notification = {
    id: notificationId(sink, flush.groupKey, flush.episode, flush.kind, flush.seq),
    sink,
    kind: flush.kind,
    route: flush.route,
    groupKey: flush.groupKey,
    groupId: groupIdOf(flush.groupKey),
    episode: flush.episode,
    seq: flush.seq,
    severity: maxSeverity(flush.findings),
    findings: flush.findings,
    fresh: flush.fresh,
    createdAt: now,
  }
  if (flush.resolvedReason !== undefined) n.resolvedReason = flush.resolvedReason
  return n
}

/**
 * Fans a flush out to one sink with a minimum severity (`min_severity`; a
 * route's sinks may differ), keeping only the findings that reach it.
 * Undefined when the sink has nothing to hear: none of the episode's
 * findings reach its minimum, or an update brings it nothing new. A sink's
 * first findings reach it as a trigger even when the group was triggered
 * earlier for another sink, so its resolve follows a trigger it received.
 */
export function notificationForSink(flush: Flush, sink: string, now: number, minSeverity: Severity): Notification | undefined {
  const min = SEVERITIES.indexOf(minSeverity)
  const reaches = (f: AlertCandidate) => SEVERITIES.indexOf(f.severity) >= min
  const findings = flush.findings.filter(reaches)
  if (findings.length === flush.findings.length) return notificationFor(flush, sink, now)
  const fresh = flush.fresh.filter(reaches)
  if (findings.length === 0) return undefined
  if (flush.kind === 'update' && fresh.length === 0) return undefined
  const kind: NotificationKind = flush.kind === 'update' && fresh.length === findings.length ? 'trigger' : flush.kind
  return notificationFor({ ...flush, kind, findings, fresh }, sink, now)
}

/** The synthetic finding `POST /v1/sinks/:name/test` and `vigil alerts test` send through the real path. */
export function testNotification(sink: string, now: number, nonce: string): Notification {
  const finding: AlertCandidate = {
    finding_id: `test-${nonce}`, rule_id: 'vigil.sink.test', rule_version: '1', severity: 'info', title: 'vigil test notification',
    cluster: 'vigil', audit_id: `test-${nonce}`, event_time: new Date(now).toISOString(), user: 'vigil', verb: 'test', resource: 'sinks',
    namespace: '', name: sink, reason: 'A test sent by an operator to check this sink end to end.', tags: [], controls: [],
  }
  const groupKey = `test/${sink}/${nonce}`
  return { id: notificationId(sink, groupKey, 1, 'test', 1), sink, kind: 'test', route: 'test', groupKey, groupId: groupIdOf(groupKey), episode: 1, seq: 1, severity: 'info', findings: [finding], fresh: [finding], createdAt: now }
}
