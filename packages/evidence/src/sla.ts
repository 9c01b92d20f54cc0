import { z } from 'zod'
import type { Severity } from '@vigil/core'

/**
 * How long a finding may stay unresolved, per severity, in hours; null means
 * no SLA. The clock starts when vigil stored the finding (its detection),
 * not at the event time, so replaying old logs does not make everything late.
 */
export const SlaHours = z.strictObject({
  critical: z.number().positive().nullable().default(24),
  high: z.number().positive().nullable().default(72),
  medium: z.number().positive().nullable().default(168),
  low: z.number().positive().nullable().default(720),
  info: z.number().positive().nullable().default(null),
})
export type SlaHours = z.infer<typeof SlaHours>

/** The instant a finding detected at `detectedAt` falls due; null when its severity has no SLA. */
export function slaDueAt(sla: SlaHours, severity: Severity, detectedAt: string): string | null {
  const hours = sla[severity]
  return hours === null ? null : new Date(Date.parse(detectedAt) + hours * 3_600_000).toISOString()
}

/** Unresolved at `asOf` and past its due time. A resolved finding is never over SLA, however late it was resolved. */
export function isOverSla(sla: SlaHours, f: { severity: Severity; detected_at: string; resolved: boolean }, asOf: string): boolean {
  if (f.resolved) return false
  const due = slaDueAt(sla, f.severity, f.detected_at)
  return due !== null && Date.parse(due) < Date.parse(asOf)
}
