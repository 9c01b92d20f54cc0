import { notificationClusters, withinScope } from '../../alert-scope.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { NotificationList, NotificationQuery, notificationOut } from '../../alerting-schemas.js'

/** How many of the newest notifications a scoped caller's list is filtered from. */
const SCOPED_WINDOW = 1000

export const listNotifications = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/notifications',
    operationId: 'listNotifications',
    summary: "Notifications and their delivery state: attempts, last result, dead letters with their reason. A cluster-scoped caller sees only those whose findings all come from its clusters, among the newest 1000.",
    tags: ['alerts'],
    roles: ['admin', 'analyst', 'auditor'],
    query: NotificationQuery,
    response: NotificationList,
    errors: [400],
    handler: async ({ query, principal }) => {
      const q = { state: query.state, sink: query.sink, groupId: query.group_id }
      if (principal!.clusters === undefined) return { items: (await store.alerting.listNotifications({ ...q, limit: query.limit })).map(notificationOut) }
      // Scoped: read the newest SCOPED_WINDOW and keep those about the caller's clusters only.
      const rows = await store.alerting.listNotifications({ ...q, limit: SCOPED_WINDOW })
      return { items: rows.filter((r) => withinScope(principal!, notificationClusters(r))).slice(0, query.limit).map(notificationOut) }
    },
  })
