import { defaultAsOf } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { PopulationDaily, PopulationDailyQuery } from '../../evidence-schemas.js'
import { evidenceScope, periodOf } from '../../evidence-input.js'

export const getPopulationDaily = ({ store, evidence, now }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/populations/daily',
    operationId: 'getPopulationDaily',
    summary:
      "A control's population counted per UTC day of the event: the same rows as GET /v1/populations for the same period, scope and snapshot (each event once, however many population rules matched it), for charts. Nothing is recorded.",
    tags: ['populations'],
    roles: ['admin', 'analyst', 'auditor'],
    query: PopulationDailyQuery,
    response: PopulationDaily,
    errors: [400, 404],
    handler: async ({ query, principal }) => {
      const control = evidence.catalog.control(query.framework, query.control)
      const period = periodOf({ evidence }, query.start, query.end)
      const clusters = await evidenceScope(store, principal!, query.cluster)
      const asOf = query.as_of === undefined ? defaultAsOf(period, now()) : new Date(query.as_of).toISOString()
      const spec = { rule_ids: control.population_rules, clusters, start: period.start, end: period.end, as_of: asOf }
      const days = await store.populations.daily(spec)
      return {
        framework: control.framework,
        control: control.id,
        rule_ids: [...control.population_rules],
        period: { start: period.start, end: period.end, boundary: '[start,end)' as const, time_field: 'requestReceivedTimestamp' as const, timezone: 'UTC' as const },
        scope: { clusters: [...clusters].sort() },
        snapshot: { as_of: asOf },
        days,
        row_count: days.reduce((n, d) => n + d.count, 0),
      }
    },
  })
