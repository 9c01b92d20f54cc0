import { createHash } from 'node:crypto'
import type { EvidenceReport, Framework } from '../report.js'

/**
 * What a renderer may use beyond the report itself. All optional: every
 * format renders from the report alone, and these only add labels.
 */
export interface RenderContext {
  /** The control catalog the report was made against (`rules/controls/<framework>.yaml`). */
  catalog?: { name: string; version: string }
  /** Rule titles (and versions) by rule id, from the loaded rule packs. */
  rules?: Readonly<Record<string, { title: string; version?: string }>>
  /** Where the report can be fetched (OCSF `finding_info.src_url`). */
  reportUrl?: string
  /** When the PDF goes into an evidence bundle: the manifest's contents_sha256, printed in every page footer. */
  bundle?: { contentsSha256: string }
}

export type ExceptionItem = EvidenceReport['exceptions']['items'][number]

export const FRAMEWORK_LABEL: Record<Framework, string> = { soc2: 'SOC 2', hipaa: 'HIPAA', gdpr: 'GDPR' }

/** The catalogs' own names, used when the caller passes no catalog. */
export const FRAMEWORK_CATALOG_NAME: Record<Framework, string> = {
  soc2: 'SOC 2 Trust Services Criteria',
  hipaa: 'HIPAA Security Rule',
  gdpr: 'GDPR',
}

export function catalogName(report: EvidenceReport, ctx: RenderContext): string {
  return ctx.catalog?.name ?? FRAMEWORK_CATALOG_NAME[report.framework]
}

export function ruleTitle(ctx: RenderContext, ruleId: string): string {
  return ctx.rules?.[ruleId]?.title ?? ruleId
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

/** Epoch milliseconds of an RFC 3339 instant (fractions beyond milliseconds are cut). */
export function epochMs(instant: string): number {
  const ms = Date.parse(instant)
  if (Number.isNaN(ms)) throw new TypeError(`not an RFC 3339 instant: ${instant}`)
  return ms
}

/**
 * Where an exception stands, in the words the exports share (the triage table
 * of notes/evidence-formats.md §1.3): unresolved ones are `open`, `investigating`
 * (acknowledged) or `deviation-requested` (a four-eyes request waits);
 * resolved ones are their disposition.
 */
export type TriageOutcome = 'open' | 'investigating' | 'deviation-requested' | 'true_positive' | 'approved_change' | 'false_positive' | 'risk_accepted'

export function triageOutcome(item: ExceptionItem): TriageOutcome {
  if (item.pending_approval) return 'deviation-requested'
  if (item.state === 'resolved' && item.disposition !== null) return item.disposition
  if (item.state === 'acknowledged') return 'investigating'
  return 'open'
}

/**
 * Whether the control objective counts as met in the machine-readable exports
 * (OSCAL finding target, OCSF compliance status): `operating`, or exceptions
 * noted where every exception was resolved as an approved change or a false
 * positive.
 */
export function objectiveSatisfied(report: EvidenceReport): boolean {
  if (report.status === 'operating') return true
  if (report.status !== 'exceptions_noted') return false
  return report.exceptions.items.every((i) => {
    const o = triageOutcome(i)
    return o === 'approved_change' || o === 'false_positive'
  })
}

/** `2026-10-01T00:00:00Z` → `2026-10-01`; anything else as given. */
export function day(instant: string): string {
  return /^\d{4}-\d{2}-\d{2}T00:00:00(\.0+)?Z$/.test(instant) ? instant.slice(0, 10) : instant
}

export function periodLabel(report: EvidenceReport): string {
  return `${day(report.period.start)} to ${day(report.period.end)} (UTC, end exclusive)`
}

export function controlLabel(report: EvidenceReport): string {
  return `${FRAMEWORK_LABEL[report.framework]} ${report.control.id}`
}

/** An instant for people: `2026-10-07 06:13:08` (UTC, whole seconds); the exports keep full precision. */
export function when(instant: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(instant)
  return m === null ? instant : `${m[1]} ${m[2]}`
}

/**
 * A percentage for people, at most two decimals, rounded down so that
 * coverage with any gap never reads 100%: 99.99999 → `99.99%`.
 */
export function percent(p: number): string {
  // The epsilon keeps binary fractions such as 0.29 * 100 = 28.999… at 0.29.
  return `${Math.floor(p * 100 + 1e-6) / 100}%`
}
