import { actorLabel } from '@vigil/core'
import { defineRoute, type RouteDeps } from '../../route.js'
import { actorOf } from '../../principals.js'
import { AttestationBody, AttestationOut } from '../../evidence-schemas.js'
import { evidenceScope, periodOf } from '../../evidence-input.js'
import { randomUUID } from 'node:crypto'

export const createAttestation = ({ store, evidence, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/attestations',
    operationId: 'createAttestation',
    summary: 'Sign off a periodic review: "I reviewed the N findings of control X for period P", with a statement. N is counted by vigil at signing time.',
    tags: ['attestations'],
    roles: ['admin', 'analyst'],
    body: AttestationBody,
    response: AttestationOut,
    errors: [400, 404],
    handler: async ({ body, principal }) => {
      const control = evidence.catalog.control(body.framework, body.control)
      const period = periodOf({ evidence }, body.start, body.end)
      const clusters = await evidenceScope(store, principal!, body.clusters)
      const at = now().toISOString()
      const findings = await store.reviews.controlFindings({ rule_ids: control.exception_rules, clusters, start: period.start, end: period.end, as_of: at })
      const row = { attestation_id: `att-${randomUUID()}`, framework: control.framework, control: control.id, period_start: period.start, period_end: period.end, clusters, reviewer: actorLabel(actorOf(principal!)), role: principal!.role, at, finding_count: findings.length, statement: body.statement }
      await store.reviews.attest(row)
      return { id: row.attestation_id, framework: row.framework, control: row.control, period: { start: period.start, end: period.end }, clusters, reviewer: row.reviewer, role: row.role, at, finding_count: row.finding_count, statement: row.statement }
    },
  })
