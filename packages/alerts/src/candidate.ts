import { z } from 'zod'
import { Severity, type Finding } from '@vigil/core'

/**
 * What leaves vigil about a finding: a whitelist of its fields. The event
 * bodies, the rendered output and the raw evidence never do; the reason is
 * rebuilt from evidence on identity and object-reference fields only.
 * This is the record on `vigil.alerts.v1` and the only input of every sink.
 */
export const AlertCandidate = z.strictObject({
  finding_id: z.string().min(1),
  rule_id: z.string().min(1),
  rule_version: z.string(),
  severity: Severity,
  title: z.string(),
  cluster: z.string(),
  audit_id: z.string(),
  event_time: z.string(),
  user: z.string(),
  verb: z.string(),
  resource: z.string(),
  namespace: z.string(),
  name: z.string(),
  reason: z.string(),
  tags: z.array(z.string()),
  /** `framework:id`, e.g. `soc2:CC6.1`. */
  controls: z.array(z.string()),
})
export type AlertCandidate = z.infer<typeof AlertCandidate>

/** Evidence paths whose values may leave vigil: who did what to which object, never a body. */
const SAFE_EVIDENCE = /^(verb|stage|user\.(username|groups)|impersonatedUser\.(username|groups)|objectRef\.(resource|subresource|namespace|name|apiGroup|apiVersion)|responseStatus\.code|sourceIPs|userAgent)$/
const MAX_VALUE_CHARS = 200
const MAX_REASON_CHARS = 1000

function shown(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return shown(value.join(','))
  return undefined
}

export function toAlertCandidate(finding: Finding): AlertCandidate {
  const parts: string[] = []
  for (const [path, value] of Object.entries(finding.evidence).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!SAFE_EVIDENCE.test(path)) continue
    const v = shown(value)
    if (v !== undefined) parts.push(`${path}=${v}`)
  }
  const reason = `${finding.title}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`
  return {
    finding_id: finding.finding_id,
    rule_id: finding.rule_id,
    rule_version: finding.rule_version,
    severity: finding.severity,
    title: finding.title,
    cluster: finding.cluster,
    audit_id: finding.audit_id,
    event_time: finding.event_time,
    user: finding.user,
    verb: finding.verb,
    resource: finding.resource,
    namespace: finding.namespace,
    name: finding.name,
    reason: reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason,
    tags: [...finding.tags],
    controls: finding.controls.map((c) => `${c.framework}:${c.id}`),
  }
}
