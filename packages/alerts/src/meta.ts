import { stableId } from '@vigil/core'
import type { AlertCandidate } from './candidate.js'
import { groupIdOf, notificationId, type Notification } from './notification.js'

export const SINK_UNHEALTHY_RULE = 'vigil.sink.unhealthy'

/**
 * The meta-alert for a sink that answered "your configuration is broken"
 * (revoked token, archived channel, invalid routing key), sent to the
 * fallback sink: a trigger when it breaks, a resolve when it works again.
 * Each break is an episode of group `meta/sink=<name>`, so PagerDuty gets a
 * fresh dedup_key per break and the resolve closes the right incident.
 * `detail` is the classifier's bounded reason, never a URL or a secret.
 */
export function sinkHealthNotification(input: { fallback: string; sink: string; breaks: number; kind: 'trigger' | 'resolve'; detail: string; since: number; now: number }): Notification {
  const groupKey = `meta/sink=${input.sink}`
  const finding: AlertCandidate = {
    finding_id: `meta_${stableId(SINK_UNHEALTHY_RULE, input.sink, input.breaks).slice(0, 32)}`, rule_id: SINK_UNHEALTHY_RULE, rule_version: '1', severity: 'high',
    title: `Sink ${input.sink} is failing: ${input.detail}`, cluster: 'vigil', audit_id: '', event_time: new Date(input.since).toISOString(), user: 'vigil', verb: 'deliver', resource: 'sinks',
    namespace: '', name: input.sink, reason: `Sink ${input.sink} refused a delivery permanently (${input.detail}): its token, channel or routing key needs fixing. Its notifications are dead letters until then; replay them after the fix.`,
    tags: ['meta'], controls: [],
  }
  const seq = input.kind === 'trigger' ? 1 : 2
  const n: Notification = {
    id: notificationId(input.fallback, groupKey, input.breaks, input.kind, seq), sink: input.fallback, kind: input.kind, route: 'meta', groupKey, groupId: groupIdOf(groupKey),
    episode: input.breaks, seq, severity: 'high', findings: [finding], fresh: input.kind === 'trigger' ? [finding] : [], createdAt: input.now,
  }
  if (input.kind === 'resolve') n.resolvedReason = `sink ${input.sink} delivered again`
  return n
}
