import { minSeverityOf } from '@vigil/alerts'
import { defineRoute, type RouteDeps } from '../../route.js'
import { SinkList, sinkOut } from '../../alerting-schemas.js'

export const listSinks = ({ alerts, store }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/sinks',
    operationId: 'listSinks',
    summary: 'The configured sinks, with every secret masked (a sink URL shows its scheme and host only).',
    tags: ['alerts'],
    roles: ['admin', 'analyst', 'auditor'],
    response: SinkList,
    errors: [],
    handler: async () => {
      // Health is what the router last recorded, whichever process runs it.
      const health = new Map((await store.alerting.loadSinkHealth()).map((h) => [h.sink, h]))
      return { items: [...(alerts?.alerting.sinks.values() ?? [])].map((s) => sinkOut(s, minSeverityOf(s.config), health.get(s.config.name))) }
    },
  })
