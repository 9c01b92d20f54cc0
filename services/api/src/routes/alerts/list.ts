import { z } from 'zod'
import { defineRoute, type RouteDeps } from '../../route.js'
import { AlertGroupList, alertGroupOut } from '../../alerting-schemas.js'
import { groupClusters, withinScope } from '../../alert-scope.js'

export const listAlerts = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/alerts',
    operationId: 'listAlerts',
    summary: "Open alert groups: their route, episode, findings and timers. A cluster-scoped caller sees only the groups whose findings all come from its clusters.",
    tags: ['alerts'],
    roles: ['admin', 'analyst', 'auditor'],
    query: z.strictObject({ route: z.string().max(64).optional() }),
    response: AlertGroupList,
    errors: [400],
    handler: async ({ query, principal }) => {
      const groups = (await store.alerting.loadOpenGroups()).filter((g) => query.route === undefined || g.route === query.route)
      if (principal!.clusters === undefined) return { items: groups.map(alertGroupOut) }
      const clusters = groupClusters(await store.alerting.loadOpenGroupMembers())
      return { items: groups.filter((g) => withinScope(principal!, clusters.get(`${g.group_key}\u0000${g.episode}`) ?? [])).map(alertGroupOut) }
    },
  })
