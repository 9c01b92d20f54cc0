import { defineRoute, type RouteDeps } from '../../route.js'
import { NotificationList, NotificationQuery, notificationOut } from '../../alerting-schemas.js'

export const listNotifications = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/notifications',
    operationId: 'listNotifications',
    summary: 'Notifications and their delivery state: attempts, last result, dead letters with their reason.',
    tags: ['alerts'],
    roles: ['admin', 'analyst', 'auditor'],
    query: NotificationQuery,
    response: NotificationList,
    errors: [400],
    handler: async ({ query }) => ({ items: (await store.alerting.listNotifications({ state: query.state, sink: query.sink, groupId: query.group_id, limit: query.limit })).map(notificationOut) }),
  })
