import { AppError } from '@vigil/core'
import { defineRoute, type RouteDeps } from '../../route.js'
import { ACCESS } from '../../access.js'
import { FindingWithEvent, IdParams } from '../../schemas.js'

export const getFinding = ({ store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/findings/:id',
    operationId: 'getFinding',
    summary: 'One finding, with the raw audit event it is about.',
    tags: ['findings'],
    roles: ACCESS.readEvidence,
    params: IdParams,
    response: FindingWithEvent,
    errors: [400, 404],
    // The raw event may carry the request or response body (RequestResponse audit level).
    sensitive: (r) => typeof r.event === 'object' && r.event !== null && ('requestObject' in r.event || 'responseObject' in r.event),
    handler: async ({ params, scope }) => {
      const finding = await store.findings.get(params.id, scope(undefined))
      if (finding === undefined) throw new AppError('not_found', `no finding ${params.id}`)
      const event = await store.events.getRaw({ cluster: finding.cluster, audit_id: finding.audit_id, stage: finding.stage })
      return { finding, event: event ?? null }
    },
  })
