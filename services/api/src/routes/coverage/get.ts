import { coverageOf, defaultAsOf } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { CoverageOut, CoverageQuery } from '../../evidence-schemas.js'
import { evidenceScope, periodOf } from '../../evidence-input.js'

export const getCoverage = ({ store, evidence, now }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/coverage',
    operationId: 'getCoverage',
    summary: 'How complete the stream was in a period: expected and covered minutes, gaps found from the stored arrival minutes, gaps recorded live by the gap check, and dropped events.',
    tags: ['coverage'],
    roles: ['admin', 'analyst', 'auditor'],
    query: CoverageQuery,
    response: CoverageOut,
    errors: [400],
    handler: async ({ query, principal }) => {
      const period = periodOf({ evidence }, query.start, query.end)
      const clusters = await evidenceScope(store, principal!, query.cluster)
      const asOf = defaultAsOf(period, now())
      const [coverage, recorded] = await Promise.all([
        coverageOf({ store, config: evidence.config }, period, clusters, asOf),
        clusters.length === 0 ? Promise.resolve([]) : store.coverage.recordedGaps({ clusters, from: period.start, to: period.end }),
      ])
      return { period: { start: period.start, end: period.end }, scope: { clusters }, coverage, recorded_gaps: recorded.map(({ detected_by: _by, ...g }) => g) }
    },
  })
