import { defineRoute, type RouteDeps } from '../../route.js'
import { ACCESS } from '../../access.js'
import { EventPage, EventSearchQuery } from '../../schemas.js'

export const searchEvents = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/events',
    operationId: 'searchEvents',
    summary: 'Search stored audit events, newest first.',
    tags: ['events'],
    roles: ACCESS.readEvidence,
    query: EventSearchQuery,
    response: EventPage,
    errors: [400],
    handler: ({ query, scope }) => store.events.search({ ...query, clusters: scope(query.cluster) }),
  })
