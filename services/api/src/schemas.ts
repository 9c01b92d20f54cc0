import { z } from 'zod'
import { Finding, Severity, Timestamp } from '@vigil/core'
import { Role } from './config.js'

/** `a,b` or repeated `?x=a&x=b` → ['a','b']. */
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => {
    if (v === undefined) return undefined
    const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter((s) => s.length > 0)
    return parts
  }, z.array(item).max(100).optional())

const single = z.string().min(1).max(512)

export const PageQuery = {
  limit: z.coerce.number().int().min(1).max(1000).default(100).describe('Page size, at most 1000.'),
  cursor: z.string().max(1024).optional().describe('The next_cursor of the previous page.'),
}

const TimeRange = {
  from: Timestamp.optional().describe('Inclusive start, RFC 3339, on the event time.'),
  to: Timestamp.optional().describe('Exclusive end, RFC 3339.'),
}

export const FindingListQuery = z.strictObject({
  cluster: csv(single).describe('One or more cluster ids.'),
  rule_id: single.optional(),
  severity: csv(Severity).describe('One or more severities.'),
  namespace: single.optional(),
  user: single.optional(),
  ...TimeRange,
  ...PageQuery,
})

export const EventSearchQuery = z.strictObject({
  cluster: csv(single),
  namespace: single.optional(),
  user: single.optional(),
  verb: single.optional(),
  resource: single.optional(),
  ...TimeRange,
  ...PageQuery,
})

export const IdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/, 'a finding id is 32 hex characters') })

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page.'),
  })

export const FindingPage = pageOf(Finding)

export const FindingWithEvent = z.object({
  finding: Finding,
  event: z.unknown().describe('The raw (redacted) audit event the finding is about; null if retention removed it.'),
})

export const EventSummary = z.object({
  cluster: z.string(),
  audit_id: z.string(),
  stage: z.string(),
  level: z.string(),
  verb: z.string(),
  user: z.string(),
  resource: z.string(),
  subresource: z.string(),
  namespace: z.string(),
  name: z.string(),
  request_uri: z.string(),
  response_code: z.number().int(),
  decision: z.string(),
  request_received_at: z.string(),
  received_at: z.string(),
})
export const EventPage = pageOf(EventSummary)

export const DeadLetterList = z.object({
  items: z.array(z.object({ id: z.string(), cluster: z.string(), received_at: z.string(), reason: z.string(), detail: z.string(), raw: z.string() })),
})

export const ErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) })

export const WhoAmI = z.object({
  name: z.string().describe('The name the token was configured with.'),
  role: Role,
  clusters: z.array(z.string()).nullable().describe('The clusters this token may see; null means every cluster.'),
})
