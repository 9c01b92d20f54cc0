import { actorLabel } from '@vigil/core'
import { deriveTriage, planDecision, type TransitionRecord } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { actorOf } from '../../principals.js'
import { DecisionBody, FindingIdParams, TransitionResult } from '../../evidence-schemas.js'
import { findingInScope, newTransitionId, triageView } from '../../triage-view.js'

export const decideFinding = ({ store, evidence, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/findings/:id/approvals',
    operationId: 'decideFinding',
    summary: "Four eyes: approve or reject a finding's pending resolution. The approver must be a different person from the requester.",
    tags: ['triage'],
    roles: ['admin', 'analyst'],
    params: FindingIdParams,
    body: DecisionBody,
    response: TransitionResult,
    errors: [400, 404, 409],
    handler: async ({ params, body, principal }) => {
      const meta = await findingInScope(store, principal!, params.id)
      const rows = (await store.reviews.history(params.id)) as TransitionRecord[]
      const at = now()
      const row = planDecision({ rows, current: deriveTriage(rows, at.toISOString()), approve: body.approve, reason: body.reason, actor: actorLabel(actorOf(principal!)), role: principal!.role, at: at.toISOString(), finding_id: params.id, newId: newTransitionId })
      const stored = { ...row, cluster: meta.cluster }
      await store.reviews.record([stored])
      return { transition: row, triage: triageView(evidence.config, meta, [...(rows as typeof stored[]), stored], at) }
    },
  })
