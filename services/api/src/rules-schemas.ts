import { z } from 'zod'
import { AppError } from '@vigil/core'
import { RuleView } from '@vigil/rules'
import type { Period } from '@vigil/evidence'
import { clusterList, PeriodQuery } from './evidence-schemas.js'
import { periodOf } from './evidence-input.js'
import type { RouteDeps } from './route.js'
import type { Principal } from './principals.js'

export const RulesQuery = z.strictObject({
  start: PeriodQuery.start.optional(),
  end: PeriodQuery.end.optional(),
  cluster: clusterList,
})

export const RuleIdParams = z.strictObject({ id: z.string().min(1).max(200) })

const Fired = z
  .object({
    period: z.object({ start: z.string(), end: z.string() }).nullable().describe('The period counted, [start, end) on the event time; null: every stored finding'),
    clusters: z.array(z.string()).nullable().describe('The clusters counted; null: every cluster the token may see'),
  })
  .describe('What the fired counts cover')

export const RuleWithCount = RuleView.extend({ fired: z.number().int().nonnegative().describe('Findings of this rule in the period and scope') })

export const RuleList = z.object({ counted: Fired, items: z.array(RuleWithCount) })
export const RuleOne = RuleWithCount.extend({ counted: Fired })

/** The optional period of a rules request: both ends or neither. */
export function rulesPeriod(deps: Pick<RouteDeps, 'evidence'>, start: string | undefined, end: string | undefined): Period | undefined {
  if (start === undefined && end === undefined) return undefined
  if (start === undefined || end === undefined) throw new AppError('invalid_query', 'give both start and end, or neither (every stored finding is counted)')
  return periodOf(deps, start, end)
}

/**
 * The clusters a rules request counts: as asked, or the caller's scope.
 * Asking for a cluster outside the token's scope is refused (403), as the
 * evidence routes do, never silently narrowed.
 */
export function rulesClusters(principal: Principal, requested: readonly string[] | undefined): string[] | undefined {
  if (requested === undefined || requested.length === 0) return principal.clusters === undefined ? undefined : [...principal.clusters].sort()
  const outside = principal.clusters === undefined ? [] : requested.filter((c) => !principal.clusters?.includes(c))
  if (outside.length > 0) throw new AppError('forbidden', `cluster(s) ${outside.join(', ')} are outside this token's scope (${principal.clusters?.join(', ')})`)
  return [...new Set(requested)].sort()
}
