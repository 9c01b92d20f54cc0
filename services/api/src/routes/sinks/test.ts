import { randomUUID } from 'node:crypto'
import { AppError } from '@vigil/core'
import { newOutboxEntry, testNotification } from '@vigil/alerts'
import { defineRoute, type RouteDeps } from '../../route.js'
import { NotificationOut, SinkParams, notificationOut } from '../../alerting-schemas.js'

export const testSink = ({ store, alerts, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/sinks/:name/test',
    operationId: 'testSink',
    summary: 'Queues a vigil.sink.test notification in the outbox; the router sends it through the real path (signed, SSRF-guarded, rate-limited), bypassing only min_severity. Follow it with GET /v1/notifications.',
    tags: ['alerts'],
    roles: ['admin', 'analyst'],
    params: SinkParams,
    status: 202,
    response: NotificationOut,
    errors: [400, 404],
    handler: async ({ params }) => {
      if (alerts?.alerting.sinks.get(params.name) === undefined) throw new AppError('not_found', `no sink ${params.name}`)
      const t = now().getTime()
      const e = newOutboxEntry(testNotification(params.name, t, randomUUID()))
      const row = {
        notification_id: e.notification.id, sink: params.name, kind: 'test', route: 'test', group_key: e.notification.groupKey, group_id: e.notification.groupId, episode: 1, severity: 'info',
        state: 'pending' as const, attempts: 0, next_attempt_at_ms: t, last_result: '', last_status: 0, last_detail: '', dead_reason: '', notification: JSON.stringify(e.notification),
        created_at_ms: t, updated_at_ms: t, version: t * 1000,
      }
      await store.alerting.writeNotifications([row])
      alerts.nudge?.()
      return notificationOut(row)
    },
  })
