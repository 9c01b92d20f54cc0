import { randomBytes } from 'node:crypto'
import { SilenceInput, type Silence } from '@vigil/alerts'
import { AppError, actorLabel } from '@vigil/core'
import { silenceWithinScope } from '../../alert-scope.js'
import { defineRoute, type RouteDeps } from '../../route.js'
import { actorOf } from '../../principals.js'
import { SilenceOut, silenceOut, silenceRow } from '../../alerting-schemas.js'

export const createSilence = ({ store, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/silences',
    operationId: 'createSilence',
    summary: "Mutes notifications (never findings) matching every matcher between startsAt and endsAt. A comment is required; createdBy is the token. A cluster-scoped token's silence must hold a matcher cluster = one of its clusters.",
    tags: ['alerts'],
    roles: ['admin', 'analyst'],
    body: SilenceInput,
    status: 201,
    response: SilenceOut,
    errors: [400],
    handler: async ({ body, principal }) => {
      if (!silenceWithinScope(principal!, body.matchers)) {
        throw new AppError('forbidden', `this token is scoped to cluster(s) ${principal!.clusters!.join(', ')}: a silence it creates needs a matcher cluster = one of them, so it cannot mute another cluster's alerts`)
      }
      const t = now().getTime()
      const silence: Silence = {
        id: `s_${randomBytes(16).toString('hex')}`, matchers: body.matchers, startsAt: Date.parse(body.startsAt), endsAt: Date.parse(body.endsAt),
        createdBy: actorLabel(actorOf(principal!)), comment: body.comment, createdAt: t,
      }
      await store.alerting.writeSilences([silenceRow(silence, t * 1000)])
      return silenceOut(silence, t)
    },
  })
