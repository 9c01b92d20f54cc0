import type { HttpResponse, TransportFailure } from './http-send.js'
import { parseRetryAfter } from './backoff.js'

/** Attempt results: the bounded label values of `vigil_notification_attempts_total{result}`. */
export type AttemptResultName = 'success' | 'rate_limited' | 'client_error' | 'auth_error' | 'server_error' | 'timeout' | 'network' | 'ssrf_blocked'

export interface AttemptResult {
  result: AttemptResultName
  /** Try again later (5xx, 429, timeouts, network). */
  retry: boolean
  /** The sink's configuration is broken (revoked token, archived channel): mark it unhealthy, raise a meta-alert. */
  sinkBroken: boolean
  status?: number
  retryAfterMs?: number
  /** A short, bounded reason (a vendor error string or a status), never a URL or a body with secrets. */
  detail: string
}

const ok = (status: number): AttemptResult => ({ result: 'success', retry: false, sinkBroken: false, status, detail: 'ok' })
const retry = (result: AttemptResultName, detail: string, status?: number, retryAfterMs?: number): AttemptResult => ({ result, retry: true, sinkBroken: false, ...(status === undefined ? {} : { status }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }), detail })
const permanent = (result: AttemptResultName, status: number, detail: string, sinkBroken = false): AttemptResult => ({ result, retry: false, sinkBroken, status, detail })

function transport(r: TransportFailure): AttemptResult {
  return r.failure === 'ssrf_blocked' ? { result: 'ssrf_blocked', retry: false, sinkBroken: true, detail: r.detail } : retry(r.failure, r.detail)
}

function common(r: HttpResponse, now: number): AttemptResult | undefined {
  if (r.status === 429) return retry('rate_limited', 'rate limited', 429, parseRetryAfter(header(r, 'retry-after'), now))
  if (r.status >= 500 && r.status !== 501) return retry('server_error', `HTTP ${r.status}`, r.status, parseRetryAfter(header(r, 'retry-after'), now))
  if (r.status === 408) return retry('timeout', 'HTTP 408', 408)
  if (r.status >= 300 && r.status < 400) return permanent('client_error', r.status, `HTTP ${r.status}: redirects are not followed; fix the URL`)
  return undefined
}

function header(r: HttpResponse, name: string): string | undefined {
  const v = r.headers[name]
  return Array.isArray(v) ? v[0] : v
}

const word = (s: string) => (/^[a-z_]{1,64}$/.test(s) ? s : 'unexpected body')

const SLACK_BROKEN = new Set(['action_prohibited', 'channel_not_found', 'channel_is_archived', 'is_archived', 'not_in_channel', 'invalid_token', 'invalid_auth', 'account_inactive', 'token_revoked', 'missing_scope', 'no_permission', 'no_service', 'no_service_id', 'no_team', 'team_disabled', 'no_active_hooks', 'posting_to_general_channel_denied', 'ekm_access_denied'])
const SLACK_RETRY = new Set(['rollup_error', 'fatal_error', 'internal_error', 'request_timeout', 'service_unavailable'])

/** Slack incoming webhook: `200 ok`, else a plain-text error word. Classified by body first, status second. */
export function classifySlackWebhook(r: HttpResponse | TransportFailure, now: number): AttemptResult {
  if ('failure' in r) return transport(r)
  const body = r.body.trim()
  if (r.status === 200 && body === 'ok') return ok(200)
  if (SLACK_BROKEN.has(body)) return permanent(r.status === 401 || r.status === 403 ? 'auth_error' : 'client_error', r.status, body, true)
  if (SLACK_RETRY.has(body)) return retry('server_error', body, r.status)
  const c = common(r, now)
  if (c !== undefined) return c
  if (r.status === 403 || r.status === 404 || r.status === 410) return permanent('client_error', r.status, word(body), true)
  return permanent('client_error', r.status, word(body))
}

/** Slack Web API: HTTP 200 with `{ok, error}`; 429 for rate limits. Returns the message's channel and ts on success. */
export function classifySlackApi(r: HttpResponse | TransportFailure, now: number): AttemptResult & { channel?: string; ts?: string } {
  if ('failure' in r) return transport(r)
  const c = common(r, now)
  if (c !== undefined) return c
  let parsed: { ok?: unknown; error?: unknown; channel?: unknown; ts?: unknown }
  try {
    parsed = JSON.parse(r.body) as typeof parsed
  } catch {
    return r.status >= 400 ? permanent('client_error', r.status, `HTTP ${r.status}`) : retry('server_error', 'response is not JSON', r.status)
  }
  if (parsed.ok === true) return { ...ok(r.status), ...(typeof parsed.channel === 'string' ? { channel: parsed.channel } : {}), ...(typeof parsed.ts === 'string' ? { ts: parsed.ts } : {}) }
  const error = typeof parsed.error === 'string' ? word(parsed.error) : 'unknown_error'
  if (error === 'ratelimited' || error === 'rate_limited') return retry('rate_limited', error, r.status, parseRetryAfter(header(r, 'retry-after'), now))
  if (SLACK_RETRY.has(error)) return retry('server_error', error, r.status)
  if (SLACK_BROKEN.has(error)) return permanent(/token|auth|inactive|scope|permission/.test(error) ? 'auth_error' : 'client_error', r.status, error, true)
  return permanent('client_error', r.status, error)
}

/** PagerDuty Events v2: 202 accepted; 400 invalid (never retried); 429 and 5xx retried. */
export function classifyPagerDuty(r: HttpResponse | TransportFailure, now: number): AttemptResult {
  if ('failure' in r) return transport(r)
  if (r.status >= 200 && r.status < 300) return ok(r.status)
  const c = common(r, now)
  if (c !== undefined) return c
  if (r.status === 401 || r.status === 403 || r.status === 404) return permanent('auth_error', r.status, `HTTP ${r.status}`, true)
  // A 400 naming the routing key is the sink's configuration, not this event: mark the sink broken.
  if (r.status === 400 && /routing.?key/i.test(r.body)) return permanent('auth_error', 400, 'HTTP 400: invalid routing key', true)
  return permanent('client_error', r.status, `HTTP ${r.status}`)
}

/** Standard Webhooks: 2xx only; 410 disables the endpoint; 3xx is a failure, not followed. */
export function classifyWebhook(r: HttpResponse | TransportFailure, now: number): AttemptResult {
  if ('failure' in r) return transport(r)
  if (r.status >= 200 && r.status < 300) return ok(r.status)
  const c = common(r, now)
  if (c !== undefined) return c
  if (r.status === 410) return permanent('client_error', 410, 'HTTP 410: the receiver disabled this endpoint', true)
  if (r.status === 401 || r.status === 403) return permanent('auth_error', r.status, `HTTP ${r.status}`, true)
  return permanent('client_error', r.status, `HTTP ${r.status}`)
}
