import type { AlertCandidate } from '../candidate.js'
import type { Notification } from '../notification.js'
import { standardWebhooksSignature, githubSignature } from '../signing.js'
import { links, type FormatContext } from './presentation.js'

export const WEBHOOK_ENVELOPE_VERSION = 1

const TYPES = { trigger: 'vigil.alert.triggered', update: 'vigil.alert.updated', repeat: 'vigil.alert.repeated', resolve: 'vigil.alert.resolved', ack: 'vigil.alert.acknowledged', test: 'vigil.sink.test', digest: 'vigil.digest' } as const

function findingOut(f: AlertCandidate) {
  return { finding_id: f.finding_id, audit_id: f.audit_id, rule_id: f.rule_id, rule_version: f.rule_version, severity: f.severity, cluster: f.cluster, user: f.user, verb: f.verb, resource: f.resource, namespace: f.namespace, name: f.name, event_time: f.event_time, reason: f.reason, controls: f.controls, tags: f.tags }
}

/**
 * The versioned JSON envelope `{type, timestamp, version, data}`. Findings are
 * dropped from the end until the body fits `maxBytes`; `truncated_findings`
 * says how many.
 */
export function formatWebhook(n: Notification, ctx: FormatContext, options: { maxBytes: number }): string {
  if (n.digest !== undefined) {
    const d = n.digest
    return JSON.stringify({
      type: TYPES.digest,
      version: WEBHOOK_ENVELOPE_VERSION,
      timestamp: new Date(n.createdAt).toISOString(),
      data: {
        notification_id: n.id, route: n.route, from: new Date(d.from).toISOString(), to: new Date(d.to).toISOString(), total: d.total,
        by_severity: d.bySeverity, top_rules: d.topRules, open_over_sla: d.openOverSla, partial: d.partial, ...(d.collapsed === undefined ? {} : { collapsed_notifications: d.collapsed }),
      },
    })
  }
  const url = links(n, ctx)
  const all = n.findings.map(findingOut)
  const build = (count: number) =>
    JSON.stringify({
      type: TYPES[n.kind],
      version: WEBHOOK_ENVELOPE_VERSION,
      timestamp: new Date(n.createdAt).toISOString(),
      data: {
        notification_id: n.id,
        group_id: n.groupId,
        group_key: n.groupKey,
        episode: n.episode,
        seq: n.seq,
        route: n.route,
        severity: n.severity,
        ...(n.resolvedReason === undefined ? {} : { resolved_reason: n.resolvedReason }),
        findings: all.slice(0, count),
        new_finding_ids: n.fresh.map((f) => f.finding_id),
        truncated_findings: all.length - count,
        links: { group: url.group, finding: url.finding },
      },
    })
  let lo = 0
  let hi = all.length
  if (Buffer.byteLength(build(hi)) <= options.maxBytes) return build(hi)
  // The largest prefix that fits.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (Buffer.byteLength(build(mid)) <= options.maxBytes) lo = mid
    else hi = mid - 1
  }
  return build(lo)
}

/**
 * Headers of one attempt. `webhook-id` is the notification id: the same on
 * every retry and replay, so receivers deduplicate on it; the timestamp is the
 * attempt's and changes.
 */
export function webhookHeaders(n: Notification, body: string, options: { keys: readonly Buffer[]; attemptAtMs: number; githubSecret?: string; extra: Record<string, string> }): Record<string, string> {
  const ts = Math.floor(options.attemptAtMs / 1000)
  const headers: Record<string, string> = {
    ...options.extra,
    'content-type': 'application/json',
    'webhook-id': n.id,
    'webhook-timestamp': String(ts),
    'webhook-signature': standardWebhooksSignature(options.keys, n.id, ts, body),
    'idempotency-key': n.id,
  }
  if (options.githubSecret !== undefined) headers['x-hub-signature-256'] = githubSignature(options.githubSecret, body)
  return headers
}
