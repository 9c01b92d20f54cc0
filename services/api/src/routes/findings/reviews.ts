import { defineRoute, type RouteDeps } from '../../route.js'
import { FindingIdParams, TriageView } from '../../evidence-schemas.js'
import { findingInScope, triageView } from '../../triage-view.js'

export const getFindingReviews = ({ store, evidence, now }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/findings/:id/reviews',
    operationId: 'getFindingReviews',
    summary: "A finding's triage: its current state (derived from the immutable transition rows), SLA, pending four-eyes request and every transition.",
    tags: ['triage'],
    roles: ['admin', 'analyst', 'auditor'],
    params: FindingIdParams,
    response: TriageView,
    errors: [400, 404],
    handler: async ({ params, principal }) => {
      const meta = await findingInScope(store, principal!, params.id)
      return triageView(evidence.config, meta, await store.reviews.history(params.id), now())
    },
  })
