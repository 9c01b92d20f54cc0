import { AppError } from '@vigil/core'
import { silenceState } from '@vigil/alerts'
import { silenceWithinScope } from '../../alert-scope.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { SilenceOut, SilenceParams, silenceFromRow, silenceOut, silenceRow } from '../../alerting-schemas.js'

export const expireSilence = ({ store, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/silences/:id/expire',
    operationId: 'expireSilence',
    summary: 'Ends a silence now. The silence is kept, with its expiry, as evidence.',
    tags: ['alerts'],
    roles: ['admin', 'analyst'],
    params: SilenceParams,
    response: SilenceOut,
    errors: [400, 404, 409],
    handler: async ({ params, principal }) => {
      const row = await store.alerting.getSilence(params.id)
      const s = row === undefined ? undefined : silenceFromRow(row)
      // A silence that may mute another cluster does not exist for a scoped caller, as in the list.
      if (row === undefined || s === undefined || !silenceWithinScope(principal!, s.matchers)) throw new AppError('not_found', `no silence ${params.id}`)
      const t = now().getTime()
      if (silenceState(s, t) === 'expired') throw new AppError('conflict', `silence ${params.id} has already expired`)
      const expired = { ...s, expiredAt: t }
      await store.alerting.writeSilences([silenceRow(expired, Math.max(row.version + 1, t * 1000))])
      return silenceOut(expired, t)
    },
  })
