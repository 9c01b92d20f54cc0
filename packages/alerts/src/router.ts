import type { Severity } from '@vigil/core'
import type { AlertCandidate } from './candidate.js'
import type { AlertingConfig, RouteConfig, SinkConfig } from './config.js'
import { compileWhen, severityRank, type CompiledWhen, type MatchField } from './matchers.js'

export interface CompiledRoute {
  readonly name: string
  readonly when: CompiledWhen
  readonly sinks: readonly string[]
  readonly continue: boolean
  /** `undefined` means `['...']`: every finding is its own group. */
  readonly groupBy: readonly MatchField[] | undefined
  readonly groupWaitMs: number
  readonly groupIntervalMs: number
  readonly repeatIntervalMs: number
}

/** Where one candidate goes, and why: the input of grouping and of `--explain`. */
export interface RouteDecision {
  /** Routes that matched, in order, with the sinks that take this severity. */
  readonly matches: { route: CompiledRoute; sinks: string[]; belowMinSeverity: string[] }[]
  /** A matched route had `sinks: []`: an explicit, counted drop. */
  readonly dropped: boolean
  /** Every route tried, in order, with each condition's outcome. */
  readonly trace: { route: string; matched: boolean; conditions: { condition: string; held: boolean }[] }[]
}

/** The floor a sink applies when its config names none: PagerDuty pages for high and above only. */
export function minSeverityOf(sink: SinkConfig): Severity {
  return sink.min_severity ?? (sink.type === 'pagerduty' ? 'high' : 'info')
}

export function compileRoutes(config: Pick<AlertingConfig, 'routes' | 'defaults'>): CompiledRoute[] {
  return config.routes.map((r: RouteConfig) => {
    const groupBy = r.group_by ?? config.defaults.group_by
    const groupIntervalMs = r.group_interval ?? config.defaults.group_interval
    const repeat = r.repeat_interval ?? config.defaults.repeat_interval
    return {
      name: r.name,
      when: compileWhen(r.when),
      sinks: r.sinks,
      continue: r.continue,
      groupBy: groupBy[0] === '...' ? undefined : (groupBy as MatchField[]),
      groupWaitMs: r.group_wait ?? config.defaults.group_wait,
      groupIntervalMs,
      // As Alertmanager: the repeat interval is rounded up to a multiple of the group interval.
      repeatIntervalMs: Math.ceil(repeat / groupIntervalMs) * groupIntervalMs,
    }
  })
}

/**
 * Ordered routes, first match wins; a matching route with `continue: true`
 * lets later routes match too. The config guarantees the last route is the
 * catch-all, so every candidate matches at least one route.
 */
export function routeCandidate(routes: readonly CompiledRoute[], sinks: ReadonlyMap<string, SinkConfig>, c: AlertCandidate): RouteDecision {
  const matches: RouteDecision['matches'] = []
  const trace: RouteDecision['trace'] = []
  let dropped = false
  for (const route of routes) {
    const conditions = route.when.explain(c)
    const matched = conditions.every((k) => k.held)
    trace.push({ route: route.name, matched, conditions })
    if (!matched) continue
    if (route.sinks.length === 0) dropped = true
    const taking: string[] = []
    const below: string[] = []
    for (const name of route.sinks) {
      const sink = sinks.get(name)
      if (sink === undefined) continue
      ;(severityRank(c.severity) >= severityRank(minSeverityOf(sink)) ? taking : below).push(name)
    }
    matches.push({ route, sinks: taking, belowMinSeverity: below })
    if (!route.continue) break
  }
  return { matches, dropped, trace }
}

/** The group key of a candidate on a route: the route name and the `group_by` values, or the finding id for `['...']`. */
export function groupKeyOf(route: CompiledRoute, c: AlertCandidate): string {
  if (route.groupBy === undefined) return `${route.name}/finding_id=${c.finding_id}`
  return `${route.name}/${route.groupBy.map((f) => `${f}=${JSON.stringify(c[f])}`).join(',')}`
}
