import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { candidate } from '../../test/fixtures.js'
import type { Flush } from '../grouping.js'
import { backlogDigest, digestNotification, summarize } from '../digest.js'
import { notificationFor, type Notification } from '../notification.js'
import { standardWebhooksKey } from '../signing.js'
import { formatPagerDuty } from './pagerduty.js'
import { formatSlackBot, formatSlackWebhook } from './slack.js'
import { formatWebhook, webhookHeaders } from './webhook.js'

// Byte-exact payloads. VIGIL_UPDATE_GOLDEN=1 rewrites them; a diff in review is the point.
const UPDATE = process.env['VIGIL_UPDATE_GOLDEN'] === '1'
function golden(name: string, content: string): void {
  const path = new URL(`./golden/${name}`, import.meta.url)
  if (UPDATE || !existsSync(path)) writeFileSync(path, content)
  expect(content).toBe(readFileSync(path, 'utf8'))
}
// The exact bytes on the wire, one line, plus a newline for the file.
const pretty = (body: string) => `${body}\n`

const ctx = { externalUrl: 'https://vigil.example.com' }
const AT = Date.parse('2026-11-27T14:30:05Z')
const a = candidate()
const b = candidate({ finding_id: 'f0000000000000000000000000000002', audit_id: 'a2', user: 'system:serviceaccount:ci:deployer', name: 'ci-admin-2', event_time: '2026-11-27T14:31:00Z' })
const route = 'page-critical'
const groupKey = 'page-critical/cluster="prod-eu-1",rule_id="rbac.cluster_admin_binding"'
const flush = (kind: Flush['kind'], seq: number, findings = [a], fresh = findings, extra: Partial<Flush> = {}): Flush => ({ kind, groupKey, route, episode: 1, seq, findings, fresh, ...extra })
const n = (sink: string, f: Flush): Notification => notificationFor(f, sink, AT)

const trigger = flush('trigger', 1)
const update = flush('update', 2, [a, b], [b])
const repeat = flush('repeat', 3, [a, b], [])
const resolve = flush('resolve', 4, [a, b], [], { resolvedReason: 'resolved in triage by bob@example.com' })

describe('golden payloads', () => {
  it('Slack incoming webhook: trigger, update and resolve', () => {
    golden('slack-webhook-trigger.json', pretty(formatSlackWebhook(n('slack', trigger), ctx, { maxFindingsListed: 10 })))
    golden('slack-webhook-update.json', pretty(formatSlackWebhook(n('slack', update), ctx, { maxFindingsListed: 10 })))
    golden('slack-webhook-resolve.json', pretty(formatSlackWebhook(n('slack', resolve), ctx, { maxFindingsListed: 10 })))
  })

  it('Slack bot: parent, thread reply with chat.update, broadcast reminder, resolve', () => {
    const thread = { channel: 'C0123456789', ts: '1795789805.000100' }
    const calls = (f: Flush) => formatSlackBot(n('slack-bot', f), ctx, { channel: 'C0123456789', maxFindingsListed: 10, thread: f.kind === 'trigger' ? undefined : thread })
    const show = (f: Flush) => calls(f).map((c) => `${c.method} ${c.body}\n`).join('')
    expect(calls(trigger).map((c) => c.method)).toEqual(['chat.postMessage'])
    expect(calls(update).map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update'])
    expect(JSON.parse(calls(repeat)[0]!.body)).toMatchObject({ thread_ts: thread.ts, reply_broadcast: true })
    golden('slack-bot-trigger.json', show(trigger))
    golden('slack-bot-update.json', show(update))
    golden('slack-bot-repeat.json', show(repeat))
    golden('slack-bot-resolve.json', show(resolve))
  })

  it('PagerDuty Events v2: trigger, acknowledge, resolve on one dedup_key', () => {
    const options = { routingKey: 'R0UT1NGKEY32CHARSxxxxxxxxxxxxxxx', severityMap: { critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info' } as const }
    const t = formatPagerDuty(n('pd', trigger), ctx, options)
    const update2 = formatPagerDuty(n('pd', update), ctx, options)
    const ackN = { ...n('pd', flush('trigger', 2)), kind: 'ack' as const }
    const r = formatPagerDuty(n('pd', resolve), ctx, options)
    golden('pagerduty-trigger.json', pretty(t))
    golden('pagerduty-acknowledge.json', pretty(formatPagerDuty(ackN, ctx, options)))
    golden('pagerduty-resolve.json', pretty(r))
    const keys = [t, update2, r, formatPagerDuty(ackN, ctx, options)].map((x) => (JSON.parse(x) as { dedup_key: string }).dedup_key)
    expect(new Set(keys).size).toBe(1)
    expect(keys[0]).toMatch(/^vigil:[0-9a-f]{64}$/)
  })

  it('Standard Webhooks envelope with its headers', () => {
    const key = standardWebhooksKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')!
    const note = n('soar', update)
    const body = formatWebhook(note, ctx, { maxBytes: 65536 })
    golden('webhook-updated.body.json', `${body}\n`)
    golden('webhook-updated.headers.json', `${JSON.stringify(webhookHeaders(note, body, { keys: [key], attemptAtMs: AT + 2500, extra: { 'X-Team': 'secops' }, githubSecret: 'gh-secret' }), null, 2)}\n`)
  })

  it('a route digest, for Slack and for a webhook: counts and rule ids only', () => {
    const counts = summarize([
      { rule_id: 'rbac.cluster_admin_binding', severity: 'critical' }, { rule_id: 'rbac.cluster_admin_binding', severity: 'critical' },
      { rule_id: 'secrets.read_by_human', severity: 'high' }, { rule_id: 'exec.into_pod', severity: 'medium' }, { rule_id: 'exec.into_pod', severity: 'medium' },
    ], 2)
    expect(counts.topRules).toEqual([{ rule_id: 'exec.into_pod', count: 2 }, { rule_id: 'rbac.cluster_admin_binding', count: 2 }])
    const d = digestNotification('slack', route, { ...counts, from: AT - 86_400_000, to: AT, openOverSla: 3, partial: false }, AT)
    expect(d.severity).toBe('critical')
    expect(digestNotification('slack', route, { ...counts, from: AT - 86_400_000, to: AT, openOverSla: 3, partial: false }, AT + 5).id).toBe(d.id)
    golden('slack-webhook-digest.json', pretty(formatSlackWebhook(d, ctx, { maxFindingsListed: 10 })))
    golden('webhook-digest.body.json', pretty(formatWebhook({ ...d, sink: 'soar' }, ctx, { maxBytes: 65536 })))
    expect(formatSlackBot(d, ctx, { channel: 'C0123456789', maxFindingsListed: 10, thread: undefined }).map((c) => c.method)).toEqual(['chat.postMessage'])
  })

  it('a backlog digest replacing held-back notifications', () => {
    const replaced = [n('slack', trigger), n('slack', update), n('slack', flush('trigger', 1, [b], [b], { groupKey: 'other' }))]
    const d = backlogDigest('slack', replaced, 5, AT + 60_000)
    expect(d.digest).toMatchObject({ collapsed: 3, total: 3, openOverSla: null })
    golden('slack-webhook-backlog.json', pretty(formatSlackWebhook(d, ctx, { maxFindingsListed: 10 })))
  })
})
