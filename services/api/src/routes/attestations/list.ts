import { z } from 'zod'
import { defineRoute, type RouteDeps } from '../../route.js'
import { AsOf, AttestationOut, clusterList, PeriodQuery } from '../../evidence-schemas.js'
import { evidenceScope, periodOf } from '../../evidence-input.js'

export const listAttestations = ({ store, evidence, now }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/attestations',
    operationId: 'listAttestations',
    summary: "The sign-offs of a framework (or one control) whose period overlaps [start, end), oldest first. Only attestations whose clusters all lie in the scope asked for (default: every cluster the caller may see) are listed; asking for a cluster outside the token's scope is a 403.",
    tags: ['attestations'],
    roles: ['admin', 'analyst', 'auditor'],
    query: z.strictObject({ framework: z.string().min(1).max(64), control: z.string().min(1).max(64).optional(), ...PeriodQuery, cluster: clusterList, as_of: AsOf }),
    response: z.object({ attestations: z.array(AttestationOut) }),
    errors: [400, 404],
    handler: async ({ query, principal }) => {
      // Unknown framework or control: a 404 with a suggestion.
      const control = query.control === undefined ? undefined : evidence.catalog.control(query.framework, query.control)
      if (control === undefined) evidence.catalog.controls(query.framework)
      const period = periodOf({ evidence }, query.start, query.end)
      const scope = new Set(await evidenceScope(store, principal!, query.cluster))
      const asOf = query.as_of === undefined ? now().toISOString() : new Date(query.as_of).toISOString()
      const rows = await store.reviews.attestations({ framework: control?.framework ?? query.framework, control: control?.id, from: period.start, to: period.end, asOf })
      return {
        attestations: rows
          .filter((r) => r.clusters.every((c) => scope.has(c)))
          .map((r) => ({ id: r.attestation_id, framework: r.framework, control: r.control, period: { start: r.period_start, end: r.period_end }, clusters: r.clusters, reviewer: r.reviewer, role: r.role, at: r.at, finding_count: r.finding_count, statement: r.statement })),
      }
    },
  })
