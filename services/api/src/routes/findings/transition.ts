import { actorLabel } from '@vigil/core'
import { deriveTriage, planTransition, type TransitionRecord } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { actorOf } from '../../principals.js'
import { FindingIdParams, TransitionBody, TransitionResult } from '../../evidence-schemas.js'
import { findingInScope, newTransitionId, triageView } from '../../triage-view.js'

export const transitionFinding = ({ store, evidence, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/findings/:id/transitions',
    operationId: 'transitionFinding',
    summary: 'Triage a finding: acknowledge, resolve with a disposition, or reopen. False positives and risk acceptances of high and critical findings wait for a second approver.',
    tags: ['triage'],
    roles: ['admin', 'analyst'],
    params: FindingIdParams,
    body: TransitionBody,
    response: TransitionResult,
    errors: [400, 404, 409],
    handler: async ({ params, body, principal }) => {
      const meta = await findingInScope(store, principal!, params.id)
      const rows = await store.reviews.history(params.id)
      const at = now()
      const row = planTransition({ current: deriveTriage(rows as TransitionRecord[], at.toISOString()), severity: meta.severity, request: body, actor: actorLabel(actorOf(principal!)), role: principal!.role, at: at.toISOString(), finding_id: params.id, seq: rows.length, newId: newTransitionId })
      await store.reviews.record([{ ...row, cluster: meta.cluster }])
      return { transition: row, triage: triageView(evidence.config, meta, [...rows, { ...row, cluster: meta.cluster }], at) }
    },
  })
