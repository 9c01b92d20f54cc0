import { z } from 'zod'
import { defineRoute, type RouteDeps } from '../../route.js'
import { AlertGroupList, alertGroupOut } from '../../alerting-schemas.js'

export const listAlerts = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/alerts',
    operationId: 'listAlerts',
    summary: 'Open alert groups: their route, episode, findings and timers.',
    tags: ['alerts'],
    roles: ['admin', 'analyst', 'auditor'],
    query: z.strictObject({ route: z.string().max(64).optional() }),
    response: AlertGroupList,
    errors: [400],
    handler: async ({ query }) => ({ items: (await store.alerting.loadOpenGroups()).filter((g) => query.route === undefined || g.route === query.route).map(alertGroupOut) }),
  })
