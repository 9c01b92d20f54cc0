import { z } from 'zod'
import { Matcher, groupIdOf, maskUrl, silenceState, type GroupState, type ResolvedSink, type Silence } from '@vigil/alerts'
import { Severity } from '@vigil/core'
import type { AlertGroupRow, AlertNotificationRow, SilenceRow, SinkHealthRow } from '@vigil/store'

const iso = (ms: number | undefined | null) => (ms === undefined || ms === null ? null : new Date(ms).toISOString())

export const AlertGroup = z.object({
  group_id: z.string(),
  group_key: z.string(),
  route: z.string(),
  episode: z.number().int(),
  severity: Severity,
  findings: z.number().int().describe('Findings in the current episode.'),
  finding_ids: z.array(z.string()).describe('The first 50.'),
  triggered: z.boolean().describe('A first notification went out in this episode.'),
  first_at: z.string(),
  last_notified_at: z.string().nullable(),
  next_flush_at: z.string().nullable(),
})
export const AlertGroupList = z.object({ items: z.array(AlertGroup) })

/** The router's stored group: its timers and a summary of its findings. */
type StoredGroup = Omit<GroupState, 'findings'> & { summary: { findings: number; severity: z.infer<typeof Severity>; finding_ids: string[] } }

export function alertGroupOut(row: AlertGroupRow): z.infer<typeof AlertGroup> {
  const g = JSON.parse(row.state) as StoredGroup
  return {
    group_id: groupIdOf(row.group_key), group_key: row.group_key, route: row.route, episode: row.episode, severity: g.summary.severity, findings: g.summary.findings,
    finding_ids: g.summary.finding_ids, triggered: g.triggered, first_at: iso(g.firstAt) as string, last_notified_at: iso(g.lastNotifiedAt), next_flush_at: iso(g.nextFlushAt),
  }
}

export const NotificationState = z.enum(['pending', 'delivered', 'dead', 'collapsed'])

export const NotificationOut = z.object({
  notification_id: z.string().describe('Deterministic; the webhook-id and Idempotency-Key of every attempt.'),
  sink: z.string(),
  kind: z.string(),
  route: z.string(),
  group_id: z.string(),
  episode: z.number().int(),
  severity: z.string(),
  state: NotificationState,
  attempts: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_result: z.string().nullable().describe('success, rate_limited, client_error, auth_error, server_error, timeout, network or ssrf_blocked.'),
  last_status: z.number().int().nullable(),
  last_detail: z.string().nullable(),
  dead_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
})
export const NotificationList = z.object({ items: z.array(NotificationOut) })

export function notificationOut(r: AlertNotificationRow): z.infer<typeof NotificationOut> {
  return {
    notification_id: r.notification_id, sink: r.sink, kind: r.kind, route: r.route, group_id: r.group_id, episode: r.episode, severity: r.severity, state: r.state, attempts: r.attempts,
    next_attempt_at: r.state === 'pending' ? iso(r.next_attempt_at_ms) : null, last_result: r.last_result || null, last_status: r.last_status || null, last_detail: r.last_detail || null,
    dead_reason: r.dead_reason || null, created_at: iso(r.created_at_ms) as string, updated_at: iso(r.updated_at_ms) as string,
  }
}

export const NotificationQuery = z.strictObject({
  state: NotificationState.optional(),
  sink: z.string().max(64).optional(),
  group_id: z.string().regex(/^g_[0-9a-f]{20}$/).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
})

export const NotificationParams = z.strictObject({ id: z.string().regex(/^n_[0-9a-f]{32}$/, 'a notification id is n_ and 32 hex characters') })

export const SilenceOut = z.object({
  id: z.string(),
  matchers: z.array(Matcher),
  startsAt: z.string(),
  endsAt: z.string(),
  createdBy: z.string().describe('Taken from the token that created it.'),
  comment: z.string(),
  createdAt: z.string(),
  expiredAt: z.string().nullable(),
  replaces: z.string().nullable(),
  state: z.enum(['pending', 'active', 'expired']),
})
export const SilenceList = z.object({ items: z.array(SilenceOut) })

export function silenceFromRow(r: SilenceRow): Silence {
  const s: Silence = { id: r.id, matchers: JSON.parse(r.matchers) as Silence['matchers'], startsAt: r.starts_at_ms, endsAt: r.ends_at_ms, createdBy: r.created_by, comment: r.comment, createdAt: r.created_at_ms }
  if (r.expired_at_ms !== null) s.expiredAt = r.expired_at_ms
  if (r.replaces !== '') s.replaces = r.replaces
  return s
}

export function silenceRow(s: Silence, version: number): SilenceRow {
  return { id: s.id, matchers: JSON.stringify(s.matchers), starts_at_ms: s.startsAt, ends_at_ms: s.endsAt, created_by: s.createdBy, comment: s.comment, created_at_ms: s.createdAt, expired_at_ms: s.expiredAt ?? null, replaces: s.replaces ?? '', version }
}

export function silenceOut(s: Silence, now: number): z.infer<typeof SilenceOut> {
  return { id: s.id, matchers: s.matchers, startsAt: iso(s.startsAt) as string, endsAt: iso(s.endsAt) as string, createdBy: s.createdBy, comment: s.comment, createdAt: iso(s.createdAt) as string, expiredAt: iso(s.expiredAt), replaces: s.replaces ?? null, state: silenceState(s, now) }
}

export const SilenceParams = z.strictObject({ id: z.string().regex(/^s_[0-9a-f]{32}$/, 'a silence id is s_ and 32 hex characters') })

export const SinkOut = z.object({
  name: z.string(),
  type: z.enum(['slack', 'pagerduty', 'webhook']),
  mode: z.string().nullable().describe('Slack: webhook or bot.'),
  endpoint: z.string().describe('Scheme and host only: the rest of a sink URL is a credential.'),
  min_severity: Severity,
  send_resolved: z.boolean(),
  signing_secrets: z.number().int().describe('Standard Webhooks secrets in use (2 during a rotation).'),
  healthy: z.boolean().describe('False after a permanent configuration error (revoked token, archived channel, invalid routing key) until a delivery succeeds again.'),
  unhealthy_since: z.string().nullable().describe('When the sink turned unhealthy; null while healthy.'),
  health_detail: z.string().nullable().describe("The vendor's bounded reason (e.g. invalid_auth, channel_not_found, HTTP 400); never a URL or a secret."),
})
export const SinkList = z.object({ items: z.array(SinkOut) })
export const SinkParams = z.strictObject({ name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/) })

export function sinkOut(s: ResolvedSink, minSeverity: z.infer<typeof Severity>, health: SinkHealthRow | undefined): z.infer<typeof SinkOut> {
  const c = s.config
  const healthy = health?.healthy ?? true
  return {
    healthy, unhealthy_since: healthy ? null : new Date((health as SinkHealthRow).since_ms).toISOString(), health_detail: healthy ? null : (health as SinkHealthRow).detail,
    name: c.name, type: c.type, mode: c.type === 'slack' ? c.mode : null, endpoint: maskUrl(s.endpoint.reveal()), min_severity: minSeverity,
    send_resolved: c.send_resolved ?? (c.type !== 'slack'), signing_secrets: c.type === 'webhook' ? c.signing.secrets.length : 0,
  }
}
