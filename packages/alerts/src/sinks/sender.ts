import type { Severity } from '@vigil/core'
import type { AlertingConfig } from '../config.js'
import type { ResolvedSink } from '../load.js'
import type { Notification } from '../notification.js'
import type { HttpSender } from '../http-send.js'
import { classifyPagerDuty, classifySlackApi, classifySlackWebhook, classifyWebhook, type AttemptResult } from '../classify.js'
import { formatPagerDuty, type PagerDutySeverity } from './pagerduty.js'
import { formatSlackBot, formatSlackWebhook, type SlackThread } from './slack.js'
import { formatWebhook, webhookHeaders } from './webhook.js'
import type { FormatContext } from './presentation.js'

export interface SendOutcome extends AttemptResult {
  /** Slack bot mode: where the parent of this group episode now is. */
  thread?: SlackThread
}

export interface SinkSender {
  readonly name: string
  readonly type: 'slack' | 'pagerduty' | 'webhook'
  readonly sendResolved: boolean
  /** One attempt. `thread` is the group episode's Slack parent, if any. */
  send(n: Notification, attemptAtMs: number, thread: SlackThread | undefined): Promise<SendOutcome>
}

/** Binds a resolved sink to its formatter, classifier and the guarded HTTP client. The only place secrets are revealed. */
export function createSinkSender(sink: ResolvedSink, http: HttpSender, config: Pick<AlertingConfig, 'external_url'>): SinkSender {
  const ctx: FormatContext = { externalUrl: config.external_url }
  const c = sink.config
  const allowHttp = { allowHttp: c.allow_http }
  if (c.type === 'slack' && c.mode === 'webhook') {
    return {
      name: c.name, type: 'slack', sendResolved: c.send_resolved ?? false,
      async send(n, at) {
        const body = formatSlackWebhook(n, ctx, { maxFindingsListed: c.max_findings_listed })
        return classifySlackWebhook(await http.post(sink.endpoint.reveal(), body, { 'content-type': 'application/json' }, allowHttp), at)
      },
    }
  }
  if (c.type === 'slack') {
    return {
      name: c.name, type: 'slack', sendResolved: c.send_resolved ?? false,
      async send(n, at, thread) {
        const calls = formatSlackBot(n, ctx, { channel: c.channel as string, maxFindingsListed: c.max_findings_listed, thread })
        let outcome: SendOutcome = { result: 'success', retry: false, sinkBroken: false, detail: 'ok' }
        for (const call of calls) {
          const r = classifySlackApi(await http.post(`${sink.endpoint.reveal()}/${call.method}`, call.body, { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${(sink.credential as { reveal(): string }).reveal()}` }, allowHttp), at)
          if (r.result !== 'success') return r
          outcome = r
          if (call.method === 'chat.postMessage' && thread === undefined && r.channel !== undefined && r.ts !== undefined) outcome = { ...r, thread: { channel: r.channel, ts: r.ts } }
        }
        return outcome
      },
    }
  }
  if (c.type === 'pagerduty') {
    const severityMap = c.severity_map as Record<Severity, PagerDutySeverity>
    return {
      name: c.name, type: 'pagerduty', sendResolved: c.send_resolved ?? true,
      async send(n, at) {
        const body = formatPagerDuty(n, ctx, { routingKey: (sink.credential as { reveal(): string }).reveal(), severityMap })
        return classifyPagerDuty(await http.post(sink.endpoint.reveal(), body, { 'content-type': 'application/json' }, allowHttp), at)
      },
    }
  }
  return {
    name: c.name, type: 'webhook', sendResolved: c.send_resolved ?? true,
    async send(n, at) {
      const body = formatWebhook(n, ctx, { maxBytes: c.max_payload_bytes })
      const headers = webhookHeaders(n, body, { keys: sink.signingKeys ?? [], attemptAtMs: at, extra: c.headers, ...(c.signing.github_compat_header && sink.githubSecret !== undefined ? { githubSecret: sink.githubSecret.reveal() } : {}) })
      return classifyWebhook(await http.post(sink.endpoint.reveal(), body, headers, allowHttp), at)
    },
  }
}
