import type { Severity } from '@vigil/core'
import type { Notification } from '../notification.js'
import { pagerDutyDedupKey } from '../notification.js'
import { truncate } from '../text.js'
import { action, lead, links, type FormatContext } from './presentation.js'

export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255, eventBytes: 512_000 } as const

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info'

/**
 * An Events v2 body. `dedup_key` is computed from (route, group, episode), so
 * a follow-up after a restart still reaches the same alert, and a late resolve
 * of episode 1 can never close episode 2. Updates and reminders re-trigger
 * the same key (a log entry on the open alert, no new incident); a test gets
 * its own key and is resolved by nobody.
 */
export function formatPagerDuty(n: Notification, ctx: FormatContext, options: { routingKey: string; severityMap: Record<Severity, PagerDutySeverity> }): string {
  const dedup_key = pagerDutyDedupKey(n.route, n.groupKey, n.episode)
  if (n.kind === 'resolve' || n.kind === 'ack') {
    return JSON.stringify({ routing_key: options.routingKey, event_action: n.kind === 'ack' ? 'acknowledge' : 'resolve', dedup_key })
  }
  const f = lead(n)
  const url = links(n, ctx)
  const summary = truncate(`[${n.severity}] ${f.title}: ${action(f)} by ${f.user} on ${f.cluster}${n.findings.length > 1 ? ` (${n.findings.length} findings)` : ''}`, PAGERDUTY_LIMITS.summary)
  const details = {
    rule_id: f.rule_id,
    rule_version: f.rule_version,
    findings: n.findings.length,
    first_seen: n.findings[0]?.event_time,
    last_seen: n.findings[n.findings.length - 1]?.event_time,
    user: f.user,
    verb: f.verb,
    resource: f.resource,
    namespace: f.namespace,
    name: f.name,
    reason: f.reason,
    controls: f.controls,
    finding_ids: n.findings.slice(0, 50).map((x) => x.finding_id),
    audit_ids: n.findings.slice(0, 50).map((x) => x.audit_id),
    group: n.groupId,
    episode: n.episode,
    route: n.route,
  }
  const event = {
    routing_key: options.routingKey,
    event_action: 'trigger',
    dedup_key,
    client: 'vigil',
    client_url: url.group,
    payload: {
      summary,
      source: truncate(f.cluster, 255),
      severity: options.severityMap[n.severity],
      timestamp: new Date(n.createdAt).toISOString(),
      component: truncate(f.resource, 255),
      group: truncate(`${f.cluster}/${f.namespace === '' ? 'cluster-scoped' : f.namespace}`, 255),
      class: truncate(f.rule_id, 255),
      custom_details: details as Record<string, unknown>,
    },
    links: [{ href: url.finding, text: 'Finding in vigil' }, { href: url.group, text: 'Alert group in vigil' }],
  }
  let body = JSON.stringify(event)
  // The whole event must stay under 512 KB: custom_details go first, as Alertmanager does.
  if (Buffer.byteLength(body) > PAGERDUTY_LIMITS.eventBytes) {
    event.payload.custom_details = { note: 'details too large for PagerDuty; open the alert group in vigil', rule_id: f.rule_id, findings: n.findings.length }
    body = JSON.stringify(event)
  }
  return body
}
