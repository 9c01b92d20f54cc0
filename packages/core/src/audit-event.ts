import { z } from 'zod'

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/

/** Whether the date and time fields name a real instant (Date.parse rolls 02-30 over to 03-02). */
function realDate(s: string): boolean {
  const y = Number(s.slice(0, 4))
  const m = Number(s.slice(5, 7))
  const d = Number(s.slice(8, 10))
  const h = Number(s.slice(11, 13))
  const min = Number(s.slice(14, 16))
  const sec = Number(s.slice(17, 19))
  if (m < 1 || m > 12 || d < 1 || h > 23 || min > 59 || sec > 60) return false
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d && !Number.isNaN(Date.parse(s))
}

/** An RFC 3339 timestamp as the apiserver writes it (`metav1.MicroTime`). */
export const Timestamp = z.string().regex(RFC3339, 'must be an RFC 3339 timestamp').refine(realDate, 'must be a real date')

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
