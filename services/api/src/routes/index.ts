import type { RouteDeps, RouteSpec } from '../route.js'
import { listAlerts } from './alerts/list.js'
import { listNotifications } from './notifications/list.js'
import { replayNotification } from './notifications/replay.js'
import { createSilence } from './silences/create.js'
import { expireSilence } from './silences/expire.js'
import { listSilences } from './silences/list.js'
import { listSinks } from './sinks/list.js'
import { testSink } from './sinks/test.js'
import { listDeadLetters } from './dead-letters/list.js'
import { searchEvents } from './events/search.js'
import { getFinding } from './findings/get.js'
import { listFindings } from './findings/list.js'

/** Every documented route, for the app and the OpenAPI document alike. One file per verb. */
export function apiRoutes(deps: RouteDeps): RouteSpec[] {
  return [
    listFindings(deps), getFinding(deps), searchEvents(deps), listDeadLetters(deps),
    listAlerts(deps), listNotifications(deps), replayNotification(deps), listSilences(deps), createSilence(deps), expireSilence(deps), listSinks(deps), testSink(deps),
  ] as RouteSpec[]
}
