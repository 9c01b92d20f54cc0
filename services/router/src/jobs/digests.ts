import { isOverSla, type SlaHours } from '@vigil/evidence'
import { digestNotification, summarize, type Notification, type SchedulesConfig } from '@vigil/alerts'
import type { Severity } from '@vigil/core'
import type { AlertingStore, ReviewStore } from '@vigil/store'
import { resolvedFindings } from './triage-sync.js'

const MAX_ROWS = 200_000

/**
 * One digest per route and sink (PagerDuty sinks excluded: a digest is not an
 * incident). Counts and top rules cover the period; "open past SLA" looks at
 * the findings routed within the longest SLA before the run and folds their
 * triage rows with the evidence package's deriveTriage and isOverSla, the same
 * functions the evidence reports use.
 */
export async function buildDigests(deps: {
  store: Pick<AlertingStore, 'routedFindings'>
  triage: Pick<ReviewStore, 'histories'> | undefined
  sla: SlaHours
  config: NonNullable<SchedulesConfig['digest']>
  routes: readonly { name: string; sinks: readonly string[] }[]
  sinkType: (sink: string) => string | undefined
  now: number
}): Promise<Notification[]> {
  const { config, now } = deps
  const from = now - config.period
  const hours = Object.values(deps.sla).filter((h): h is number => h !== null)
  const lookbackFrom = Math.min(from, now - Math.max(0, ...hours) * 3_600_000)
  const rows = await deps.store.routedFindings({ from: lookbackFrom, to: now, limit: MAX_ROWS })
  const partial = rows.length >= MAX_ROWS
  const asOf = new Date(now).toISOString()
  const ids = [...new Set(rows.map((r) => r.finding_id))]
  const resolved = deps.triage === undefined ? new Set<string>() : await resolvedFindings(deps.triage, ids, asOf)
  const wanted = config.routes === undefined ? undefined : new Set(config.routes)
  const out: Notification[] = []
  for (const route of deps.routes) {
    if (wanted !== undefined && !wanted.has(route.name)) continue
    const sinks = route.sinks.filter((s) => deps.sinkType(s) !== undefined && deps.sinkType(s) !== 'pagerduty')
    if (sinks.length === 0) continue
    const mine = rows.filter((r) => r.route === route.name)
    const inPeriod = mine.filter((r) => r.added_at_ms >= from)
    const overSla = mine.filter((r) => isOverSla(deps.sla, { severity: r.severity as Severity, detected_at: new Date(r.added_at_ms).toISOString(), resolved: resolved.has(r.finding_id) }, asOf)).length
    const summary = { ...summarize(inPeriod, config.top_rules), from, to: now, openOverSla: overSla, partial }
    for (const sink of sinks) out.push(digestNotification(sink, route.name, summary, now))
  }
  return out
}
