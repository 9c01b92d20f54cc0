import { z } from 'zod'

function digits(s: string, from: number, n: number): number {
  let v = 0
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return -1
    v = v * 10 + c
  }
  return v
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.fraction]` then `Z` or `±HH:MM`, as `metav1.MicroTime`
 * writes it: 'format' when it is not that shape, 'date' when it names no
 * real instant (Date.parse would roll 02-30 over to 03-02), else undefined.
 * Hand-written: it runs twice per event at ingest.
 */
export function timestampProblem(s: string): 'format' | 'date' | undefined {
  if (s.length < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return 'format'
  const y = digits(s, 0, 4)
  const mo = digits(s, 5, 2)
  const d = digits(s, 8, 2)
  const h = digits(s, 11, 2)
  const mi = digits(s, 14, 2)
  const se = digits(s, 17, 2)
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0) return 'format'
  let i = 19
  if (s.charCodeAt(i) === 46) {
    const start = ++i
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++
    if (i === start || i - start > 9) return 'format'
  }
  const zone = s.slice(i)
  if (zone !== 'Z' && !(zone.length === 6 && (zone[0] === '+' || zone[0] === '-') && digits(zone, 1, 2) >= 0 && zone[3] === ':' && digits(zone, 4, 2) >= 0)) return 'format'
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 60) return 'date'
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return 'date'
  return undefined
}

/** An RFC 3339 timestamp as the apiserver writes it (`metav1.MicroTime`). */
export const Timestamp = z.string().check((ctx) => {
  const problem = timestampProblem(ctx.value)
  if (problem !== undefined) ctx.issues.push({ code: 'custom', message: problem === 'format' ? 'must be an RFC 3339 timestamp' : 'must be a real date', input: ctx.value })
})

export const Stage = z.enum(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'])
export type Stage = z.infer<typeof Stage>

export const UserInfo = z.object({
  username: z.string().max(1024).optional(),
  uid: z.string().optional(),
  groups: z.array(z.string()).optional(),
  extra: z.record(z.string(), z.array(z.string())).optional(),
})
export type UserInfo = z.infer<typeof UserInfo>

export const ObjectReference = z.object({
  resource: z.string().optional(),
  namespace: z.string().optional(),
  name: z.string().optional(),
  uid: z.string().optional(),
  apiGroup: z.string().optional(),
  apiVersion: z.string().optional(),
  resourceVersion: z.string().optional(),
  subresource: z.string().optional(),
})
export type ObjectReference = z.infer<typeof ObjectReference>

export const ResponseStatus = z.object({
  code: z.number().int().optional(),
  status: z.string().optional(),
  reason: z.string().optional(),
  message: z.string().optional(),
})

/**
 * An `audit.k8s.io/v1` Event, checked for the fields the pipeline relies on.
 * `audit.k8s.io/v1beta1` events read the same way: the fields vigil uses did
 * not change between the two versions. Use `checkAuditEvent`, which keeps
 * the input object (and so every unknown field) rather than zod's stripped
 * copy; a plain object schema validates about eight times faster than a
 * loose one.
 */
export const AuditEvent = z.object({
  kind: z.literal('Event').optional(),
  apiVersion: z.string().optional(),
  level: z.enum(['None', 'Metadata', 'Request', 'RequestResponse']).optional(),
  auditID: z.string().min(1).max(256),
  stage: Stage,
  requestURI: z.string().max(65536),
  verb: z.string().min(1).max(128),
  user: UserInfo,
  impersonatedUser: UserInfo.nullish(),
  sourceIPs: z.array(z.string()).optional(),
  userAgent: z.string().optional(),
  objectRef: ObjectReference.optional(),
  responseStatus: ResponseStatus.optional(),
  requestObject: z.unknown().optional(),
  responseObject: z.unknown().optional(),
  requestReceivedTimestamp: Timestamp,
  stageTimestamp: Timestamp,
  annotations: z.record(z.string(), z.string()).optional(),
})
export type AuditEvent = z.infer<typeof AuditEvent>

export type CheckedEvent = { ok: true; event: AuditEvent } | { ok: false; issues: z.core.$ZodIssue[] }

/** Validates a value as an audit event; on success returns the value itself, unknown fields included. */
export function checkAuditEvent(value: unknown): CheckedEvent {
  const result = AuditEvent.safeParse(value)
  return result.success ? { ok: true, event: value as AuditEvent } : { ok: false, issues: result.error.issues }
}

/** Annotation ingest sets on an event to record which paths it redacted. */
export const REDACTED_ANNOTATION = 'vigil.dev/redacted'
