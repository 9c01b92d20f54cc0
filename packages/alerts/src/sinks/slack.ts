import type { AlertCandidate } from '../candidate.js'
import type { DigestSummary } from '../digest.js'
import type { Notification } from '../notification.js'
import { slackCode, slackText, truncate } from '../text.js'
import { action, headline, lead, links, unixSeconds, type FormatContext } from './presentation.js'

/** Block Kit limits (notes/alert-routing.md §1.2); the property test holds every payload to them. */
export const SLACK_LIMITS = { blocks: 50, header: 150, sectionText: 3000, fields: 10, fieldText: 2000, contextElements: 10, text: 3000 } as const

type TextObject = { type: 'mrkdwn' | 'plain_text'; text: string; emoji?: boolean }
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] }

export interface SlackMessage {
  text: string
  blocks: SlackBlock[]
}

const md = (text: string): TextObject => ({ type: 'mrkdwn', text })
const field = (label: string, value: string): TextObject => md(`*${label}*\n${value}`)

function when(iso: string): string {
  const s = unixSeconds(iso)
  const fallback = slackText(iso, 64)
  return s === undefined ? fallback : `<!date^${s}^{date_short_pretty} {time_secs}|${fallback}>`
}

function findingLine(f: AlertCandidate): string {
  return `• ${SEVERITY_DOT[f.severity]} ${slackCode(f.user, 200)} ${slackCode(action(f), 300)}${f.namespace === '' ? '' : ` in ${slackCode(f.namespace, 100)}`}`
}
const SEVERITY_DOT = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' } as const

/** The lines listing a group's findings, capped, then "…and N more" with the group link. */
function findingList(list: readonly AlertCandidate[], max: number, groupUrl: string): string {
  const shown = list.slice(0, max)
  const lines = shown.map(findingLine)
  const rest = list.length - shown.length
  const more = rest > 0 ? `\n…and ${rest} more: <${groupUrl}|all findings>` : ''
  let body = lines.join('\n')
  // Each line is bounded, but keep the section under its limit whatever the count.
  if (body.length + more.length > SLACK_LIMITS.sectionText) body = truncate(body, SLACK_LIMITS.sectionText - more.length - 1)
  return `${body}${more}`
}

/**
 * The message for a notification: a header, the lead finding's facts, the
 * controls, the other findings (capped), links, and a context footer.
 * Every interpolated string is escaped; user-controlled values sit in code
 * spans so markup in them cannot change the layout.
 */
export function slackMessage(n: Notification, ctx: FormatContext, options: { maxFindingsListed: number; list: 'all' | 'fresh' }): SlackMessage {
  if (n.digest !== undefined) return slackDigest(n, n.digest, ctx)
  const f = lead(n)
  const url = links(n, ctx)
  const title = headline(n)
  const blocks: SlackBlock[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.header), emoji: true } }]
  if (n.kind === 'resolve') {
    blocks.push({ type: 'section', text: md(truncate(`*Resolved:* ${slackText(n.resolvedReason ?? 'closed in triage', 1000)} · ${n.findings.length} finding(s) in episode ${n.episode}`, SLACK_LIMITS.sectionText)) })
  } else {
    blocks.push({
      type: 'section',
      text: md(`*Why:* ${slackCode(f.reason, 2900)}`),
      fields: [
        field('Cluster', slackText(f.cluster, 500)),
        field('Namespace', f.namespace === '' ? '(cluster-scoped)' : slackText(f.namespace, 500)),
        field('User', slackCode(f.user, 500)),
        field('Action', slackCode(action(f), 500)),
        field('Rule', `${slackCode(f.rule_id, 300)} v${slackText(f.rule_version, 50)}`),
        field('When', when(f.event_time)),
      ],
    })
    if (f.controls.length > 0) blocks.push({ type: 'context', elements: [md(truncate(`Controls: ${slackText(f.controls.join(', '), 2900)}`, SLACK_LIMITS.sectionText))] })
  }
  const listed = options.list === 'fresh' ? n.fresh : n.findings
  if (listed.length > 1) blocks.push({ type: 'section', text: md(findingList(listed, options.maxFindingsListed, url.group)) })
  blocks.push({ type: 'section', text: md(`<${url.finding}|Open finding> · <${url.group}|Alert group (${n.findings.length} finding${n.findings.length === 1 ? '' : 's'})> · <${url.silence}|Silence…>`) })
  blocks.push({ type: 'context', elements: [md(`vigil · route ${slackCode(n.route, 100)} · group \`${n.groupId}\` · episode ${n.episode} · ${n.kind}`)] })
  const text = n.kind === 'resolve'
    ? `${title} (${n.findings.length} finding(s))`
    : `${title}: ${f.cluster} by ${f.user} (${f.rule_id})${n.findings.length > 1 ? `, ${n.findings.length} findings` : ''}`
  return { text: slackText(text, SLACK_LIMITS.text), blocks }
}

/** A route's digest: counts by severity, the top rules, what is open past its SLA. Every value is a number or a rule id in a code span. */
function slackDigest(n: Notification, d: DigestSummary, ctx: FormatContext): SlackMessage {
  const base = ctx.externalUrl.replace(/\/+$/, '')
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
  const title = d.collapsed === undefined ? `📋 Digest · route ${n.route}` : `📋 Backlog · ${d.collapsed} notifications held back by the rate limit`
  const counts = [...SEVERITY_ORDER].map((s) => `${SEVERITY_DOT[s]} ${s} *${d.bySeverity[s]}*`).join(' · ')
  const rules = d.topRules.length === 0 ? '_none_' : d.topRules.map((r) => `• ${slackCode(r.rule_id, 200)} ${r.count}`).join('\n')
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, SLACK_LIMITS.header), emoji: true } },
    { type: 'section', text: md(truncate(`*${d.total} finding(s)* from ${day(d.from)} to ${day(d.to)} UTC${d.partial ? ' (at least; the read was capped)' : ''}\n${counts}`, SLACK_LIMITS.sectionText)) },
    { type: 'section', text: md(truncate(`*Top rules*\n${rules}`, SLACK_LIMITS.sectionText)) },
    d.openOverSla === null
      ? { type: 'section', text: md(`<${base}/alerts|Open alert groups> · the next notifications resume one by one`) }
      : { type: 'section', text: md(`*Open past their triage SLA:* ${d.openOverSla} · <${base}/findings?state=open|Open findings>`) },
    { type: 'context', elements: [md(d.collapsed === undefined ? `vigil · route ${slackCode(n.route, 100)} · digest` : `vigil · backlog digest`)] },
  ]
  return { text: slackText(`${title}: ${d.total} finding(s)${d.openOverSla === null ? '' : `, ${d.openOverSla} open past SLA`}`, SLACK_LIMITS.text), blocks }
}
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const

/** Incoming-webhook body. A webhook cannot thread or edit, so every notification is a full message. */
export function formatSlackWebhook(n: Notification, ctx: FormatContext, options: { maxFindingsListed: number }): string {
  return JSON.stringify(slackMessage(n, ctx, { maxFindingsListed: options.maxFindingsListed, list: 'all' }))
}

/** Where the parent message of a group's episode is, once posted. Stored durably with the group. */
export interface SlackThread {
  channel: string
  ts: string
}

export interface SlackApiCall {
  method: 'chat.postMessage' | 'chat.update'
  body: string
}

/**
 * Bot-token calls for a notification. One parent per group episode, edited in
 * place; new findings and reminders go in its thread:
 * - trigger (or no parent known): post the parent;
 * - update: a thread reply listing the new findings, then chat.update of the parent;
 * - repeat: a thread reply also shown in the channel;
 * - resolve: chat.update of the parent, then a thread reply.
 */
export function formatSlackBot(n: Notification, ctx: FormatContext, options: { channel: string; maxFindingsListed: number; thread: SlackThread | undefined }): SlackApiCall[] {
  const parent = slackMessage(n, ctx, { maxFindingsListed: options.maxFindingsListed, list: 'all' })
  const t = options.thread
  if (t === undefined || n.kind === 'trigger' || n.kind === 'test' || n.kind === 'digest') return [{ method: 'chat.postMessage', body: JSON.stringify({ channel: options.channel, ...parent }) }]
  const update: SlackApiCall = { method: 'chat.update', body: JSON.stringify({ channel: t.channel, ts: t.ts, ...parent }) }
  const reply = (broadcast: boolean): SlackApiCall => {
    const m = slackMessage(n, ctx, { maxFindingsListed: options.maxFindingsListed, list: 'fresh' })
    return { method: 'chat.postMessage', body: JSON.stringify({ channel: t.channel, thread_ts: t.ts, ...(broadcast ? { reply_broadcast: true } : {}), ...m }) }
  }
  if (n.kind === 'update') return [reply(false), update]
  if (n.kind === 'repeat') return [reply(true)]
  return [update, reply(false)]
}
