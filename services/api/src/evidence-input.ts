import { AppError } from '@vigil/core'
import { parsePeriod, type Period } from '@vigil/evidence'
import type { Store } from '@vigil/store'
import type { Principal } from './principals.js'
import type { RouteDeps } from './route.js'

/**
 * The clusters an evidence request covers. Asking for a cluster outside the
 * token's scope is refused (403), never silently narrowed: an auditor must
 * know the report does not cover what was asked. Without a list, every
 * cluster the caller may see (for an unscoped token, every cluster that ever
 * sent events).
 */
export async function evidenceScope(store: Pick<Store, 'coverage'>, principal: Principal, requested: readonly string[] | undefined): Promise<string[]> {
  if (requested !== undefined && requested.length > 0) {
    if (principal.clusters !== undefined) {
      const outside = requested.filter((c) => !principal.clusters?.includes(c))
      if (outside.length > 0) throw new AppError('forbidden', `cluster(s) ${outside.join(', ')} are outside this token's scope (${principal.clusters.join(', ')})`)
    }
    return [...new Set(requested)].sort()
  }
  return principal.clusters !== undefined ? [...principal.clusters].sort() : store.coverage.clusters()
}

/** Parses a period with the configured maximum span. */
export function periodOf(deps: Pick<RouteDeps, 'evidence'>, start: string, end: string): Period {
  return parsePeriod(start, end, deps.evidence.config.max_period_days)
}

/** Throws forbidden unless the principal may see every cluster of a stored object. */
export function assertInScope(principal: Principal, clusters: readonly string[], what: string): void {
  if (principal.clusters === undefined) return
  const outside = clusters.filter((c) => !principal.clusters?.includes(c))
  if (outside.length > 0) throw new AppError('forbidden', `${what} covers cluster(s) ${outside.join(', ')}, outside this token's scope (${principal.clusters.join(', ')})`)
}
