import cron from 'node-cron'
import { z } from 'zod'
import { SEVERITIES } from '@vigil/core'
import { Duration } from './duration.js'
import { SecretRef } from './secret.js'
import { EgressConfig, isCidr } from './ssrf.js'
import { MatchField, When, parseMatcher } from './matchers.js'

const Name = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'must be 1-63 lower-case letters, digits, "-", "_" or "."')

/** Requests per interval; a 429 pauses the whole sink key on top of this. */
export const RateLimit = z.strictObject({
  per_second: z.number().positive().optional(),
  per_minute: z.number().positive().optional(),
  burst: z.number().int().positive().default(1),
}).refine((r) => (r.per_second === undefined) !== (r.per_minute === undefined), { message: 'set exactly one of per_second and per_minute' })
export type RateLimit = z.infer<typeof RateLimit>

const RetryOverride = z.strictObject({
  max_attempts: z.number().int().positive().optional(),
  max_age: Duration.optional(),
})

const SinkCommon = {
  name: Name,
  min_severity: z.enum(SEVERITIES).optional(),
  send_resolved: z.boolean().optional(),
  retry: RetryOverride.optional(),
  /** Permit `http:` for this sink even when `egress.https_only` (local receivers, tests). */
  allow_http: z.boolean().default(false),
}

export const SlackSink = z.strictObject({
  ...SinkCommon,
  type: z.literal('slack'),
  mode: z.enum(['webhook', 'bot']),
  /** Webhook mode: the incoming-webhook URL, a credential. */
  url: SecretRef.optional(),
  /** Bot mode: an `xoxb-` token with `chat:write`. */
  token: SecretRef.optional(),
  /** Bot mode: a channel id. */
  channel: z.string().regex(/^[A-Z0-9]{6,}$/, 'must be a channel ID such as C0123456789').optional(),
  /** Bot mode: the Web API base, overridable for a local test server. */
  api_url: z.string().default('https://slack.com/api'),
  rate_limit: RateLimit.default({ per_second: 1, burst: 3 }),
  max_findings_listed: z.number().int().min(1).max(20).default(10),
})

export const PagerDutySink = z.strictObject({
  ...SinkCommon,
  type: z.literal('pagerduty'),
  routing_key: SecretRef,
  region: z.enum(['us', 'eu']).default('us'),
  /** The Events v2 enqueue URL; set only to reach a local test server. Default follows `region`. */
  url: z.string().optional(),
  severity_map: z.strictObject({
    critical: z.enum(['critical', 'error', 'warning', 'info']).default('critical'),
    high: z.enum(['critical', 'error', 'warning', 'info']).default('error'),
    medium: z.enum(['critical', 'error', 'warning', 'info']).default('warning'),
    low: z.enum(['critical', 'error', 'warning', 'info']).default('info'),
    info: z.enum(['critical', 'error', 'warning', 'info']).default('info'),
  }).default({ critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info' }),
  rate_limit: RateLimit.default({ per_minute: 100, burst: 10 }),
})

const ForbiddenHeaders = /^(host|content-length|content-type|transfer-encoding|connection|webhook-.*|x-hub-signature.*|authorization)$/i

export const WebhookSink = z.strictObject({
  ...SinkCommon,
  type: z.literal('webhook'),
  url: z.union([z.string(), SecretRef]),
  signing: z.strictObject({
    scheme: z.literal('standard-webhooks').default('standard-webhooks'),
    /** `whsec_…` secrets: the current one first; two during a rotation, both signing. */
    secrets: z.array(SecretRef).min(1).max(2),
    github_compat_header: z.boolean().default(false),
  }),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name').refine((h) => !ForbiddenHeaders.test(h), 'may not be overridden'), z.string()).default({}),
  max_payload_bytes: z.number().int().min(1024).default(65_536),
  rate_limit: RateLimit.default({ per_second: 10, burst: 20 }),
})

export const SinkConfig = z.discriminatedUnion('type', [SlackSink, PagerDutySink, WebhookSink])
export type SinkConfig = z.infer<typeof SinkConfig>

const GroupBy = z.union([z.array(MatchField).min(1), z.tuple([z.literal('...')])])

export const RouteConfig = z.strictObject({
  name: Name,
  when: When,
  /** Sinks to notify; `[]` is an explicit drop, counted as suppressed{reason="route_drop"}. */
  sinks: z.array(Name),
  /** Let later routes see the finding too (fan out). */
  continue: z.boolean().default(false),
  group_by: GroupBy.optional(),
  group_wait: Duration.optional(),
  group_interval: Duration.optional(),
  repeat_interval: Duration.optional(),
})
export type RouteConfig = z.infer<typeof RouteConfig>

export const InhibitRule = z.strictObject({
  name: Name,
  source: When,
  target: When,
  equal: z.array(MatchField).min(1),
})
export type InhibitRule = z.infer<typeof InhibitRule>

const Cron = z.string().min(9).describe('a five-field cron expression')

/**
 * The router's node-cron schedules. Each runs in the one router process and
 * stops with it. An absent digest or stream_gap section turns that job off;
 * retention always runs.
 */
export const SchedulesConfig = z.strictObject({
  /** A digest per route: counts by severity, top rules and findings open past their triage SLA. */
  digest: z.strictObject({
    cron: Cron.default('0 8 * * *'),
    timezone: z.string().default('UTC'),
    /** The period each digest covers, ending when it runs. */
    period: Duration.default(86_400_000),
    /** Routes that get one; every route with chat or webhook sinks when absent. PagerDuty sinks never get digests. */
    routes: z.array(Name).optional(),
    top_rules: z.number().int().min(1).max(20).default(5),
  }).optional(),
  /** Stream-silence alerts from the coverage gaps the api's gap check records (coverage_gaps_v1). */
  stream_gap: z.strictObject({
    cron: Cron.default('* * * * *'),
    severity: z.enum(SEVERITIES).default('high'),
    /** How far back recorded gaps are read each run. */
    lookback: Duration.default(86_400_000),
  }).optional(),
  /** How long delivered and dead-lettered outbox rows are kept; pending rows are never removed. */
  retention: z.strictObject({
    cron: Cron.default('17 3 * * *'),
    delivered: Duration.default(30 * 86_400_000),
    dead: Duration.default(90 * 86_400_000),
  }).prefault({}),
})
export type SchedulesConfig = z.infer<typeof SchedulesConfig>

export const AlertingConfig = z.strictObject({
  /** Base of the links in every payload (`<external_url>/findings/<id>`). */
  external_url: z.url({ protocol: /^https?$/ }),
  defaults: z.strictObject({
    group_by: GroupBy.default(['cluster', 'rule_id']),
    group_wait: Duration.default(30_000),
    group_interval: Duration.default(300_000),
    repeat_interval: Duration.default(86_400_000),
  }).default({ group_by: ['cluster', 'rule_id'], group_wait: 30_000, group_interval: 300_000, repeat_interval: 86_400_000 }),
  delivery: z.strictObject({
    request_timeout: Duration.default(15_000),
    retry: z.strictObject({
      base: Duration.default(1000),
      cap: Duration.default(300_000),
      max_attempts: z.number().int().positive().default(12),
      max_age: Duration.default(86_400_000),
      /** The wait after a 429 that carries no Retry-After (PagerDuty sends none). */
      rate_limited_floor: Duration.default(30_000),
    }).default({ base: 1000, cap: 300_000, max_attempts: 12, max_age: 86_400_000, rate_limited_floor: 30_000 }),
    max_response_bytes: z.number().int().positive().default(65_536),
  }).default({
    request_timeout: 15_000,
    retry: { base: 1000, cap: 300_000, max_attempts: 12, max_age: 86_400_000, rate_limited_floor: 30_000 },
    max_response_bytes: 65_536,
  }),
  egress: EgressConfig.default({ https_only: true, allow_hosts: [], allow_cidrs: [], extra_deny_cidrs: [] }),
  sinks: z.array(SinkConfig),
  routes: z.array(RouteConfig).min(1),
  inhibit_rules: z.array(InhibitRule).default([]),
  schedules: SchedulesConfig.prefault({}),
  /** Meta-alerts about vigil's own delivery. */
  meta: z.strictObject({
    /** Where a sink that turned unhealthy (revoked token, archived channel) is reported. Must not be that sink. */
    fallback_sink: Name.optional(),
    /** Pending notifications of one sink beyond which the oldest triggers and updates collapse into one backlog digest. */
    backlog_threshold: z.number().int().min(2).default(50),
  }).prefault({}),
})
export type AlertingConfig = z.infer<typeof AlertingConfig>

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * The checks a schema cannot express, on the raw document so they run even
 * when the structure has mistakes too: every problem is listed at once.
 */
export function crossCheckProblems(doc: unknown): string[] {
  if (!isRecord(doc)) return []
  const problems: string[] = []
  const sinks = Array.isArray(doc['sinks']) ? doc['sinks'] : []
  const sinkNames = new Set<string>()
  sinks.forEach((s, i) => {
    if (!isRecord(s)) return
    const name = s['name']
    if (typeof name === 'string') {
      if (sinkNames.has(name)) problems.push(`sinks.${i}.name: duplicate sink name "${name}"`)
      sinkNames.add(name)
    }
    if (s['type'] === 'slack') {
      if (s['mode'] === 'webhook' && s['url'] === undefined) problems.push(`sinks.${i}.url: a webhook-mode Slack sink needs url`)
      if (s['mode'] === 'bot' && (s['token'] === undefined || s['channel'] === undefined)) problems.push(`sinks.${i}: a bot-mode Slack sink needs token and channel`)
    }
  })
  const routes = Array.isArray(doc['routes']) ? doc['routes'] : []
  const routeNames = new Set<string>()
  routes.forEach((r, i) => {
    if (!isRecord(r)) return
    const name = r['name']
    if (typeof name === 'string') {
      if (routeNames.has(name)) problems.push(`routes.${i}.name: duplicate route name "${name}"`)
      routeNames.add(name)
    }
    if (Array.isArray(r['sinks'])) {
      for (const s of r['sinks']) if (typeof s === 'string' && !sinkNames.has(s)) problems.push(`routes.${i}.sinks: unknown sink "${s}"`)
    }
    const groupBy = r['group_by'] ?? (isRecord(doc['defaults']) ? doc['defaults']['group_by'] : undefined)
    if (Array.isArray(groupBy) && groupBy[0] !== '...' && !groupBy.includes('cluster')) {
      problems.push(`routes.${i}.group_by: must include cluster (candidates are partitioned by cluster, so a group must not span clusters), or be ['...']`)
    }
    const when = r['when']
    if (isRecord(when) && Array.isArray(when['matchers'])) {
      for (const m of when['matchers']) {
        if (typeof m !== 'string') continue
        const parsed = parseMatcher(m)
        if ('problem' in parsed) problems.push(`routes.${i}.when.matchers: ${parsed.problem}`)
      }
    }
  })
  const last = routes[routes.length - 1]
  if (routes.length > 0 && !(isRecord(last) && isRecord(last['when']) && Object.keys(last['when']).length === 0 && last['continue'] !== true)) {
    problems.push(`routes: the last route must be the explicit unmatched lane (when: {}, no continue)`)
  }
  const meta = doc['meta']
  if (isRecord(meta) && typeof meta['fallback_sink'] === 'string' && !sinkNames.has(meta['fallback_sink'])) problems.push(`meta.fallback_sink: unknown sink "${meta['fallback_sink']}"`)
  const schedules = doc['schedules']
  if (isRecord(schedules)) {
    const digest = schedules['digest']
    if (isRecord(digest) && Array.isArray(digest['routes'])) {
      for (const r of digest['routes']) if (typeof r === 'string' && !routeNames.has(r)) problems.push(`schedules.digest.routes: unknown route "${r}"`)
    }
    for (const job of ['digest', 'stream_gap', 'retention']) {
      const j = schedules[job]
      if (isRecord(j) && typeof j['cron'] === 'string' && !cron.validate(j['cron'])) problems.push(`schedules.${job}.cron: "${j['cron']}" is not a cron expression`)
    }
  }
  const egress = doc['egress']
  if (isRecord(egress)) {
    for (const key of ['allow_cidrs', 'extra_deny_cidrs']) {
      const list = egress[key]
      if (Array.isArray(list)) list.forEach((c, i) => typeof c === 'string' && !isCidr(c) && problems.push(`egress.${key}.${i}: "${c}" is not a CIDR`))
    }
  }
  return problems
}
