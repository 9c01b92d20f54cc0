import { AppError } from '@vigil/core'
import { ACCESS } from '../../access.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { RuleIdParams, RuleOne, RulesQuery, rulesClusters, rulesPeriod } from '../../rules-schemas.js'

export const getRule = ({ store, evidence }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/rules/:id',
    operationId: 'getRule',
    summary: 'One rule as loaded, with how often it fired in the period and scope.',
    tags: ['rules'],
    roles: ACCESS.readEvidence,
    params: RuleIdParams,
    query: RulesQuery,
    response: RuleOne,
    errors: [400, 403, 404],
    handler: async ({ params, query, scope, principal }) => {
      const rule = evidence.catalog.rules.find((r) => r.id === params.id)
      if (rule === undefined) throw new AppError('not_found', `no rule "${params.id}" is loaded; GET /v1/rules lists them`)
      const period = rulesPeriod({ evidence }, query.start, query.end)
      const clusters = scope(rulesClusters(principal!, query.cluster))
      const fired = await store.findings.count({ clusters, rule_id: [rule.id], from: period?.start, to: period?.end })
      return { ...rule, fired, counted: { period: period === undefined ? null : { start: period.start, end: period.end }, clusters: clusters ?? null } }
    },
  })
