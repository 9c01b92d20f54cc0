import type { Severity } from '@vigil/core'
import type { AlertCandidate } from '../candidate.js'
import type { Notification } from '../notification.js'

/** Severity presentation: a choice, shared by every sink (notes/alert-routing.md §1.6). */
export const SEVERITY_EMOJI: Record<Severity, string> = { critical: '🔴', high: '🟠', medium: '🟡', low: '🔵', info: '⚪' }
export const RESOLVED_EMOJI = '✅'

export interface FormatContext {
  /** `alerting.external_url`, without a trailing slash. */
  externalUrl: string
}

export function links(n: Notification, ctx: FormatContext): { finding: string; group: string; silence: string } {
  const base = ctx.externalUrl.replace(/\/+$/, '')
  return {
    finding: `${base}/findings/${encodeURIComponent(lead(n).finding_id)}`,
    group: `${base}/alerts/${n.groupId}`,
    silence: `${base}/silences/new?group=${n.groupId}`,
  }
}

/** The finding a message leads with: the newest of the highest severity. */
export function lead(n: Notification): AlertCandidate {
  const pool = n.fresh.length > 0 ? n.fresh : n.findings
  return (pool.find((f) => f.severity === n.severity) ?? pool[0] ?? n.findings[0]) as AlertCandidate
}

export function headline(n: Notification): string {
  const f = lead(n)
  if (n.kind === 'resolve') return `${RESOLVED_EMOJI} RESOLVED · ${f.title}`
  if (n.kind === 'test') return `${SEVERITY_EMOJI.info} TEST · ${f.title}`
  return `${SEVERITY_EMOJI[n.severity]} ${n.severity.toUpperCase()} · ${f.title}`
}

export function action(f: AlertCandidate): string {
  return `${f.verb} ${f.resource}${f.name === '' ? '' : `/${f.name}`}`
}

export function unixSeconds(iso: string): number | undefined {
  const ms = Date.parse(iso)
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000)
}
