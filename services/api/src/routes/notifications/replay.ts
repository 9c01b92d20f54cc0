import { AppError } from '@vigil/core'
import { notificationClusters, withinScope } from '../../alert-scope.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { NotificationOut, NotificationParams, notificationOut } from '../../alerting-schemas.js'

export const replayNotification = ({ store, alerts, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/notifications/:id/replay',
    operationId: 'replayNotification',
    summary: 'Queues a dead letter again, with the same notification id (so the same webhook-id and dedup_key).',
    tags: ['alerts'],
    roles: ['admin', 'analyst'],
    params: NotificationParams,
    status: 202,
    response: NotificationOut,
    errors: [400, 404, 409],
    handler: async ({ params, principal }) => {
      const row = await store.alerting.getNotification(params.id)
      // Outside the caller's scope it does not exist, as a finding of another cluster does not.
      if (row === undefined || !withinScope(principal!, notificationClusters(row))) throw new AppError('not_found', `no notification ${params.id}`)
      if (row.state !== 'dead') throw new AppError('conflict', `notification ${params.id} is ${row.state}; only a dead letter can be replayed`)
      const t = now().getTime()
      const next = { ...row, state: 'pending' as const, attempts: 0, next_attempt_at_ms: t, dead_reason: '', updated_at_ms: t, version: Math.max(row.version + 1, t * 1000) }
      await store.alerting.writeNotifications([next])
      alerts?.nudge?.()
      return notificationOut(next)
    },
  })
