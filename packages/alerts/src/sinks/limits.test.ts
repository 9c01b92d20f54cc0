import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { candidate, candidates } from '../../test/fixtures.js'
import type { AlertCandidate } from '../candidate.js'
import { notificationFor, type Notification } from '../notification.js'
import { formatPagerDuty, PAGERDUTY_LIMITS } from './pagerduty.js'
import { formatSlackBot, formatSlackWebhook, SLACK_LIMITS, type SlackMessage } from './slack.js'
import { formatWebhook } from './webhook.js'

const ctx = { externalUrl: 'https://vigil.example.com' }
const severityMap = { critical: 'critical', high: 'error', medium: 'warning', low: 'info', info: 'info' } as const
const note = (findings: AlertCandidate[], kind: Notification['kind'] = 'trigger'): Notification =>
  notificationFor({ kind: kind as 'trigger', groupKey: 'r/g', route: 'r', episode: 1, seq: 1, findings, fresh: findings }, 's', 0)

function splitsSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1)
      if (!(d >= 0xdc00 && d <= 0xdfff)) return true
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) return true
  }
  return false
}

function checkSlack(m: SlackMessage): void {
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
  expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text)
  expect(splitsSurrogate(m.text)).toBe(false)
  for (const b of m.blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header)
    if (b.type === 'section') {
      expect(b.text.text.length).toBeGreaterThanOrEqual(1)
      expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
      expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields)
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText)
    }
    if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements)
    const texts = b.type === 'context' ? b.elements.map((e) => e.text) : [b.text.text, ...(b.type === 'section' ? (b.fields ?? []).map((f) => f.text) : [])]
    for (const t of texts) expect(splitsSurrogate(t), t.slice(0, 80)).toBe(false)
  }
}

const wild = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('<!channel>', '<https://evil.example|x>', '*bold* _it_ ~s~ ```code```', '\u202Eevil', '👩‍👩‍👧‍👦'.repeat(40)),
  fc.integer({ min: 1, max: 100_000 }).map((n) => '😀'.repeat(Math.ceil(n / 2)).slice(0, n)),
)

const arbCandidate = fc.record({ user: wild, name: wild, namespace: wild, reason: wild, title: wild, cluster: wild, rule_id: wild, verb: wild, resource: wild }).map((o) => candidate(o))

describe('payload limits', () => {
  it('holds Slack and PagerDuty payloads to every documented limit for any Unicode input', () => {
    fc.assert(
      fc.property(fc.array(arbCandidate, { minLength: 1, maxLength: 60 }), fc.constantFrom('trigger', 'update', 'resolve'), (findings, kind) => {
        const n = note(findings, kind as Notification['kind'])
        checkSlack(JSON.parse(formatSlackWebhook(n, ctx, { maxFindingsListed: 10 })) as SlackMessage)
        for (const call of formatSlackBot(n, ctx, { channel: 'C0123456789', maxFindingsListed: 10, thread: { channel: 'C0123456789', ts: '1.2' } })) checkSlack(JSON.parse(call.body) as SlackMessage)
        const pd = formatPagerDuty(n, ctx, { routingKey: 'k'.repeat(32), severityMap })
        expect(Buffer.byteLength(pd)).toBeLessThanOrEqual(PAGERDUTY_LIMITS.eventBytes)
        const event = JSON.parse(pd) as { dedup_key: string; payload?: { summary: string } }
        expect(event.dedup_key.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.dedupKey)
        if (event.payload !== undefined) {
          expect(event.payload.summary.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summary)
          expect(splitsSurrogate(event.payload.summary)).toBe(false)
        }
        expect(Buffer.byteLength(formatWebhook(n, ctx, { maxBytes: 65536 }))).toBeLessThanOrEqual(65536)
      }),
      { numRuns: 60 },
    )
  }, 60_000) // a property run, not a timing check: a generous budget on shared, loaded cores

  it('trims PagerDuty custom_details first when an event would pass 512 KB', () => {
    const huge = candidates(3).map((c) => ({ ...c, reason: 'r'.repeat(600_000) }))
    const event = JSON.parse(formatPagerDuty(note(huge), ctx, { routingKey: 'k', severityMap })) as { payload: { custom_details: { note?: string }; summary: string } }
    expect(event.payload.custom_details.note).toMatch(/too large/)
    expect(event.payload.summary).toContain('3 findings')
  })

  it('lists a 51-finding group in few blocks with "…and N more" and the group link', () => {
    const m = JSON.parse(formatSlackWebhook(note(candidates(51)), ctx, { maxFindingsListed: 10 })) as SlackMessage
    checkSlack(m)
    const all = JSON.stringify(m)
    expect(all).toContain('…and 41 more: <https://vigil.example.com/alerts/')
    expect(all).toContain('Alert group (51 findings)')
    expect((all.match(/• /g) ?? []).length).toBe(10)
  })

  it('caps a webhook envelope and says how many findings it left out', () => {
    const body = JSON.parse(formatWebhook(note(candidates(200)), ctx, { maxBytes: 8192 })) as { data: { findings: unknown[]; truncated_findings: number } }
    expect(body.data.findings.length + body.data.truncated_findings).toBe(200)
    expect(body.data.truncated_findings).toBeGreaterThan(0)
  })
})

describe('escaping', () => {
  it('renders mentions and links in user-controlled fields inert', () => {
    const c = candidate({ user: '<!channel>', name: '<https://evil.example|Open finding>', namespace: '<@U123>&co', reason: '*bold*\n> quote `tick` <!here>' })
    const body = formatSlackWebhook(note([c, candidate({ finding_id: 'x2', user: '<!everyone>' })]), ctx, { maxFindingsListed: 10 })
    for (const raw of ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<https://evil.example']) expect(body).not.toContain(raw)
    expect(body).toContain('&lt;!channel&gt;')
    expect(body).toContain('&lt;https://evil.example|Open finding&gt;')
    expect(body).toContain('&lt;@U123&gt;&amp;co')
    // Only vigil's own links remain as Slack links.
    const links = [...body.matchAll(/<(https?:[^|>]+)\|/g)].map((m) => m[1])
    for (const l of links) expect(l).toMatch(/^https:\/\/vigil\.example\.com\//)
  })

  it('keeps markdown in a reason from breaking the layout', () => {
    const m = JSON.parse(formatSlackWebhook(note([candidate({ evidence: { 'objectRef.name': 'a`*b*`\n\n# x' } })]), ctx, { maxFindingsListed: 10 })) as SlackMessage
    const why = m.blocks[1]
    expect(why?.type === 'section' && why.text.text).toMatch(/^\*Why:\* `[^`\n]*`$/)
  })
})
