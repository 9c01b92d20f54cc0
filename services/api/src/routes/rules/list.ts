import { ACCESS } from '../../access.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { RuleList, RulesQuery, rulesClusters, rulesPeriod } from '../../rules-schemas.js'

export const listRules = ({ store, evidence }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/rules',
    operationId: 'listRules',
    summary: 'Every rule the analyzer loads, enabled or not: pack, severity, controls, match, condition, exceptions and examples, with how often each fired in the period and scope.',
    tags: ['rules'],
    roles: ACCESS.readEvidence,
    query: RulesQuery,
    response: RuleList,
    errors: [400, 403],
    handler: async ({ query, scope, principal }) => {
      const period = rulesPeriod({ evidence }, query.start, query.end)
      const clusters = scope(rulesClusters(principal!, query.cluster))
      const groups = await store.findings.countBy({ clusters, from: period?.start, to: period?.end }, 'rule_id')
      const fired = new Map(groups.map((g) => [g.key, g.count]))
      return {
        counted: { period: period === undefined ? null : { start: period.start, end: period.end }, clusters: clusters ?? null },
        items: evidence.catalog.rules.map((r) => ({ ...r, fired: fired.get(r.id) ?? 0 })),
      }
    },
  })
