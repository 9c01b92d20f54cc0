import { AppError } from '@vigil/core'
import type { Store } from '@vigil/store'
import { defineRoute } from '../route.js'
import { scopeClusters } from '../principals.js'
import { FindingListQuery, FindingPage, FindingWithEvent, IdParams } from '../schemas.js'

export function findingRoutes(store: Store) {
  return [
    defineRoute({
      method: 'GET',
      url: '/v1/findings',
      operationId: 'listFindings',
      summary: 'List findings, newest first, filtered by cluster, rule, severity, namespace, user and time.',
      tags: ['findings'],
      roles: ['admin', 'analyst', 'auditor'],
      query: FindingListQuery,
      response: FindingPage,
      errors: [400],
      handler: ({ query, principal }) => store.listFindings({ ...query, clusters: scopeClusters(principal!, query.cluster) }),
    }),
    defineRoute({
      method: 'GET',
      url: '/v1/findings/:id',
      operationId: 'getFinding',
      summary: 'One finding, with the raw audit event it is about.',
      tags: ['findings'],
      roles: ['admin', 'analyst', 'auditor'],
      params: IdParams,
      response: FindingWithEvent,
      errors: [400, 404],
      handler: async ({ params, principal }) => {
        const finding = await store.getFinding(params.id, scopeClusters(principal!, undefined))
        if (finding === undefined) throw new AppError('not_found', `no finding ${params.id}`)
        const event = await store.getRawEvent({ cluster: finding.cluster, audit_id: finding.audit_id, stage: finding.stage })
        return { finding, event: event ?? null }
      },
    }),
  ]
}
