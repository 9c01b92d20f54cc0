import { defineRoute, type RouteDeps } from '../../route.js'
import { scopeClusters } from '../../principals.js'
import { EventPage, EventSearchQuery } from '../../schemas.js'

export const searchEvents = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/events',
    operationId: 'searchEvents',
    summary: 'Search stored audit events, newest first.',
    tags: ['events'],
    roles: ['admin', 'analyst', 'auditor'],
    query: EventSearchQuery,
    response: EventPage,
    errors: [400],
    handler: ({ query, principal }) => store.events.search({ ...query, clusters: scopeClusters(principal!, query.cluster) }),
  })
