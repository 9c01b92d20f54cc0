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

/**
 * A parameter that takes one value. Given twice (`?user=a&user=b`) it is a
 * 400 that says so, rather than a type error about arrays.
 */
export const once = <T extends z.ZodType>(inner: T) =>
  z.preprocess((v, ctx) => {
    if (Array.isArray(v)) {
      ctx.addIssue({ code: 'custom', message: `given ${v.length} times; give it once (parameters that take several values take them comma-separated: a,b)`, input: v })
      return z.NEVER
    }
    return v
  }, inner)

const single = once(z.string().min(1).max(512))

export const PageQuery = {
  limit: once(z.coerce.number().int().min(1).max(1000).default(100)).describe('Page size, at most 1000.'),
  cursor: once(z.string().max(1024).optional()).describe('The next_cursor of the previous page.'),
}

const TimeRange = {
  from: once(Timestamp.optional()).describe('Inclusive start, RFC 3339, on the event time.'),
  to: once(Timestamp.optional()).describe('Exclusive end, RFC 3339.'),
}

/** `from` must come before `to`: an empty or inverted window is a mistake, not a question. */
export function orderedRange<T extends { from?: string | undefined; to?: string | undefined }>(q: T, ctx: z.RefinementCtx): void {
  if (q.from !== undefined && q.to !== undefined && Date.parse(q.from) >= Date.parse(q.to)) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: `from (${q.from}) must be before to (${q.to})`, input: q.from })
  }
}

const FindingFilterShape = {
  cluster: csv(single).describe('One or more cluster ids, comma-separated.'),
  rule_id: csv(single).describe('One or more rule ids, comma-separated.'),
  severity: csv(Severity).describe('One or more severities, comma-separated.'),
  namespace: single.optional(),
  user: single.optional(),
  ...TimeRange,
}

export const FindingListQuery = z
  .strictObject({
    ...FindingFilterShape,
    total: once(z.enum(['true', 'false']).optional())
      .transform((v) => v === 'true')
      .describe('true: also return the exact number of findings matching the filter (one more query).'),
    ...PageQuery,
  })
  .superRefine(orderedRange)

export const FindingGroupBy = z.enum(['rule_id', 'severity', 'cluster', 'day'])

export const FindingCountQuery = z
  .strictObject({
    by: once(FindingGroupBy).describe('Group by rule, severity, cluster, or UTC day of the event.'),
    ...FindingFilterShape,
  })
  .superRefine(orderedRange)

export const FindingCounts = z.object({
  by: FindingGroupBy,
  groups: z.array(z.object({ key: z.string(), count: z.number().int() })).describe('Largest first; by day, in date order.'),
  total: z.number().int().describe('Exact number of findings matching the filter.'),
})

export const EventSearchQuery = z
  .strictObject({
    cluster: csv(single),
    namespace: single.optional(),
    user: single.optional(),
    verb: single.optional(),
    resource: single.optional(),
    ...TimeRange,
    ...PageQuery,
  })
  .superRefine(orderedRange)

export const IdParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/, 'a finding id is 32 hex characters') })

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last page.'),
  })

export const FindingPage = pageOf(Finding).extend({ total: z.number().int().optional().describe('With total=true: the exact number matching the filter.') })

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
